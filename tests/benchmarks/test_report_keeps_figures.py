"""A page that fails in the bench's in-process step, or a locust run that fails, is reported beside the
page figures instead of losing them (the JSON and table are written either way)."""

from benchmarks.report import explains, table


def test_a_page_that_failed_in_process_is_named_with_its_error_and_the_rest_still_shows():
    result = {"rows": [{"page": "floor", "role": "pmer", "scale": 0.1, "queries": 5, "p50_ms": 1, "p95_ms": 2,
                        "floor_p95_ms": 2, "ratio_p95": 1.0}],
              "extra": {"pages_sql": [
                  {"page": "guardian consent", "role": "guardian", "queries": None, "sql_ms": 0, "top": [],
                   "error": "ProgrammingError('column consent_consenttext.setting does not exist')"},
                  {"page": "home", "role": "pmer", "queries": 8, "sql_ms": 3.0,
                   "top": [{"ms": 2.0, "sql": "SELECT 1"}]}],
                  "locust_error": "TimeoutExpired('locust')"}}
    text = explains([result])
    assert "**guardian consent** as guardian: failed in-process" in text and "setting does not exist" in text
    assert "**home** as pmer: 8 queries" in text
    assert "locust error at 0.1" in text
    assert "| floor | pmer | 0.1 | 5 |" in table([result])


def test_the_queries_of_a_page_are_what_most_rounds_ran_not_the_occasional_session_write():
    from collections import Counter

    from benchmarks.driver import usual_queries

    assert usual_queries(Counter({20: 28, 21: 2}), [20, 21]) == 20
    assert usual_queries(Counter({13: 30}), [13, 36]) == 13  # computed once in warm-up, kept after
    assert usual_queries(Counter({18: 15, 19: 15}), [18, 19]) == 19  # a tie counts the larger
    assert usual_queries(Counter(), [7]) == 7
