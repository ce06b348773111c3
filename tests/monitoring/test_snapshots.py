"""The dashboard's figures are kept per view for a few minutes (monitoring/snapshots.py): the page
built from a snapshot shows exactly what the live computation shows, for every scope and filter,
and a change in the data reaches the page after the refresh the page promises."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from monitoring import dashboard as board
from monitoring import snapshots
from monitoring.forms import DashboardFilterForm
from monitoring.models import FigureSnapshot
from monitoring.permissions import municipality_ids_for
from monitoring.tasks import refresh_figures
from tests.accounts.factories import member

from .builders import (
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


@pytest.fixture
def varied(world):
    known = Known(world)
    add_hours_and_walk_ins(known)
    add_consents(known, [(["asked", "given"], 1)] * 6 + [(["asked", "refused"], 1)] * 2 + [(["asked"], 2)] * 3)
    add_advice(known, [("group", "room", "tried", "worked", 6), ("child", "play", "", "", 3)])
    add_referrals(known, [("speech_therapy", 6), ("audiology", 2)])
    # Other periods and the other half year, both municipalities.
    for i in range(9):
        request_with_case(location=known.location_d, group=known.group_d, by=known.pmer_d, kind="behaviour",
                          created=at(8 + i % 4, 3), provider=known.p2, wait_days=4 + i,
                          outcome="resolved" if i % 2 else "referred", closed=at(12, 1), follow_ups=i % 3)
        request_with_case(location=world.location_c, group=world.group_c, by=world.pmer_a, kind="development",
                          created=at(3 + i % 3, 5, year=YEAR - 1), provider=known.p1, wait_days=20 + i,
                          outcome="resolved", closed=at(9, 1, year=YEAR - 1))
    known.amersfoort_coordinator = member(Role.COORDINATOR, municipality=world.other_municipality)
    return known


def views(known):
    w = known.w
    for period in (str(YEAR), f"{YEAR}-1", f"{YEAR}-2", str(YEAR - 1)):
        yield {"period": period}
        yield {"period": period, "threshold": "5"}
    yield {"period": str(YEAR), "district": known.district1.pk}
    yield {"period": str(YEAR), "district": known.district2.pk, "kind": "development"}
    yield {"period": f"{YEAR}-2", "location": known.location_d.pk}
    yield {"period": str(YEAR), "location": w.location_a.pk}
    yield {"period": str(YEAR), "care_provider": known.p1.pk}
    yield {"period": f"{YEAR}-1", "care_provider": known.p2.pk, "kind": "behaviour", "threshold": "3"}
    yield {"period": str(YEAR), "kind": "group_processes"}


def shown(tables):
    return [(t.key, t.title, t.columns, t.rows, t.note, t.chart, t.headline) for t in tables]


def filters_for(user, params):
    form = DashboardFilterForm(params, municipality_ids=municipality_ids_for(user))
    form.is_valid()  # another municipality's district is left out, as on the page
    return form.filters()


def test_the_kept_figures_are_the_live_figures_for_every_scope_and_filter(world, varied, settings):
    users = [world.programme_coordinator, world.coordinator, varied.amersfoort_coordinator]
    compared, seen = 0, set()
    for user in users:
        for params in views(varied):
            filters = filters_for(user, params)
            key = snapshots.view_key(municipality_ids_for(user), filters)
            if key in seen:  # a filter of another municipality, left out: a view already compared
                continue
            seen.add(key)
            settings.MONITORING_FIGURES_MAX_AGE = 0
            live = board.build(user, filters)
            assert live.live
            settings.MONITORING_FIGURES_MAX_AGE = 600
            first = board.build(user, filters)  # computed and kept
            with CaptureQueriesContext(connection) as queries:
                kept = board.build(user, filters)  # from the snapshot
            assert first.live and not kept.live, params
            assert len(queries) <= 4, [q["sql"] for q in queries]  # the snapshot, its touch, names
            assert shown(kept) == shown(live), (user, params)
            assert shown(first) == shown(live), (user, params)
            compared += 1
    assert compared >= 35
    # Different views are different snapshots (a filter never reads another filter's figures).
    assert FigureSnapshot.objects.count() == compared


def page(client, **params):
    response = client.get(reverse("monitoring:dashboard"), {"period": str(YEAR), **params}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response


def referrals_total(response):
    table = next(t for t in response.context["tables"] if t.key == "referrals")
    return table.rows[-1][1]


def test_a_change_reaches_the_page_after_the_refresh_it_promises(world, varied, client_for, settings):
    settings.MONITORING_FIGURES_MAX_AGE = 600
    client = client_for(world.coordinator)
    before = page(client)
    assert referrals_total(before) == 10  # 8 referrals
    text = before.content.decode()
    assert "they are computed again at most every 10 minutes" in text
    assert timezone.localtime(before.context["computed_at"]).strftime("%H:%M") in text

    add_referrals(varied, [("diagnostics", 12)])  # 20 referrals now
    # Within the promised 10 minutes the page may still show the kept figures, and says of when.
    assert referrals_total(page(client)) == 10

    # The beat task computes the view again once it is half its age...
    FigureSnapshot.objects.update(computed_at=timezone.now() - datetime.timedelta(minutes=6))
    assert refresh_figures() >= 1
    after = page(client)
    assert referrals_total(after) == 20
    assert not after.context["tables"].live  # the task did the work, not the page

    # ...and without the task, a page older than 10 minutes is computed for the request itself.
    add_referrals(varied, [("audiology", 5)])
    FigureSnapshot.objects.update(computed_at=timezone.now() - datetime.timedelta(minutes=11))
    late = page(client)
    assert late.context["tables"].live and referrals_total(late) == 25


def test_the_task_keeps_the_programme_view_ready_and_forgets_views_nobody_looks_at(world, varied, settings):
    settings.MONITORING_FIGURES_MAX_AGE = 600
    assert refresh_figures() == 1  # the programme coordinator's first view
    default = DashboardFilterForm(None, municipality_ids=None).filters()
    assert not board.build(world.programme_coordinator, default).live
    FigureSnapshot.objects.update(served_at=timezone.now() - datetime.timedelta(days=2),
                                  computed_at=timezone.now() - datetime.timedelta(days=2))
    refresh_figures()
    assert FigureSnapshot.objects.count() == 1  # only the programme's default view, fresh again


def test_disclosure_control_applies_to_kept_figures(world, varied, client_for, settings):
    settings.MONITORING_FIGURES_MAX_AGE = 600
    client = client_for(world.programme_coordinator)
    for _ in range(2):  # computed, then kept
        side = {row[0]: row[1:] for row in next(t for t in page(client).context["tables"]
                                                 if t.key == "municipalities").rows}
        assert side["Amersfoort"][:2] == ["<5", "<5"]
