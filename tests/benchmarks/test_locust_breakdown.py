"""The bench says which page a locust mix spent its time on (issue 13: "if the mix is dominated by one
slow page, say which")."""

from benchmarks.driver import time_shares


def _row(name, count, mean, p95):
    return {"Name": name, "Request Count": str(count), "Average Response Time": str(mean), "95%": str(p95)}


def test_the_page_that_took_most_of_the_time_comes_first_with_its_share():
    rows = [_row("home · pmer", 50, 100, 150), _row("calendar month · coordinator", 10, 1500, 2000),
            _row("notifications · specialist", 40, 50, 60)]
    shares = time_shares(rows)
    assert [r["page"] for r in shares] == ["calendar month · coordinator", "home · pmer",
                                           "notifications · specialist"]
    # 15,000 of 22,000 ms of response time.
    assert shares[0]["share"] == round(15000 / 22000, 3)
    assert abs(sum(r["share"] for r in shares) - 1) < 0.01


def test_an_empty_run_has_no_shares():
    assert time_shares([]) == []


def test_the_report_shows_the_breakdown_of_the_mix():
    from benchmarks.report import table

    result = {"rows": [{"page": "floor", "role": "pmer", "scale": 0.01, "queries": 6, "p50_ms": 1, "p95_ms": 2,
                        "floor_p95_ms": 2, "ratio_p95": 1.0}],
              "extra": {"locust_mix": {"requests": 60, "failures": 0, "rps": 3.0, "p50_ms": 90, "p95_ms": 1800,
                                       "by_page": time_shares([_row("calendar month · coordinator", 10, 1500, 2000),
                                                               _row("home · pmer", 50, 100, 150)])}}}
    text = table([result])
    assert "| calendar month · coordinator | 10 | 1500.0 | 2000.0 | 75% |" in text
