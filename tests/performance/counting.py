"""Counting the SQL queries a page runs, for the constant-query tests (issue 13 item 4).

A key page must run the same number of queries whatever the size of the data around it, and at
most `MAX_QUERIES`. Use it as:

    from tests.performance.counting import MAX_QUERIES, queries_of

    small = queries_of(client, url)           # (count, response)
    add_more_of_other_children(...)
    large = queries_of(client, url)
    assert_flat(small, large)

`queries_of` fetches the page once untimed first (so caches, sessions and lazy translations are
warm), then counts a second fetch; the response of the counted fetch comes back so a test can
also assert what the user sees (status, text).
"""

from dataclasses import dataclass

from django.db import connection
from django.test.utils import CaptureQueriesContext

MAX_QUERIES = 20


@dataclass
class Counted:
    count: int
    sql: list[str]
    response: object

    def __str__(self):
        return f"{self.count} queries:\n" + "\n".join(f"  {i + 1}. {q[:300]}" for i, q in enumerate(self.sql))


def queries_of(client, url, *, method="get", data=None, warm=True, expect_status=200) -> Counted:
    """Counts the queries of one request; the page is fetched once before, uncounted, when `warm`."""
    send = getattr(client, method)
    if warm:
        send(url, data) if data is not None else send(url)
    with CaptureQueriesContext(connection) as captured:
        response = send(url, data) if data is not None else send(url)
    if expect_status is not None:
        assert response.status_code == expect_status, (url, response.status_code)
    return Counted(len(captured.captured_queries), [q["sql"] for q in captured.captured_queries], response)


def queries_in(func, *args, **kwargs) -> Counted:
    """Counts the queries of a call (a selector, a task), for what is not a page."""
    with CaptureQueriesContext(connection) as captured:
        result = func(*args, **kwargs)
    return Counted(len(captured.captured_queries), [q["sql"] for q in captured.captured_queries], result)


def assert_flat(small: Counted, large: Counted, *, limit: int = MAX_QUERIES):
    """The same number of queries at both sizes, and at most `limit`; on failure the SQL of both."""
    assert large.count == small.count, f"grew with the data:\nSMALL {small}\nLARGE {large}"
    assert large.count <= limit, f"more than {limit}:\n{large}"
