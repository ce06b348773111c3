"""The monitoring dashboard computes its figures in the database: its number of queries is the
same with 25 cases as with five times as many (and more advice, consents, referrals, hours)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.monitoring.builders import (
    YEAR,
    Known,
    add_advice,
    add_consents,
    add_hours_and_walk_ins,
    add_referrals,
    at,
    request_with_case,
)

pytestmark = pytest.mark.django_db


def count(client, params):
    url = reverse("monitoring:dashboard")
    assert client.get(url, params).status_code == 200  # warm: sessions, translations
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


def grow(known, times):
    w = known.w
    for i in range(times):
        for kind, location, group, by in (("behaviour", w.location_a, w.group_a, w.pmer_a),
                                          ("development", known.location_d, known.group_d, known.pmer_d)):
            request_with_case(location=location, group=group, by=by, kind=kind, created=at(1 + i % 11, 3),
                              provider=known.p1, wait_days=3 + i % 20, outcome="resolved" if i % 3 else "referred",
                              closed=at(12, 1), follow_ups=i % 4)
    add_consents(known, [(["asked", "given"], 1)] * times)
    add_advice(known, [("group", "room", "tried", "worked", times)])
    add_referrals(known, [("diagnostics", 20)])


@pytest.mark.parametrize("who", ["coordinator", "programme_coordinator"])
@pytest.mark.parametrize("params", [{"period": str(YEAR)}, {"period": f"{YEAR}-1", "kind": "behaviour",
                                                           "threshold": "3"}])
def test_dashboard_queries_do_not_grow_with_the_cases(world, client_for, who, params):
    known = Known(world)
    add_hours_and_walk_ins(known)
    client = client_for(getattr(world, who))
    small = count(client, params)
    grow(known, 60)
    large = count(client, params)
    assert large == small, (small, large)
