"""The case page shows the timeline a page at a time, the newest first, with links to older events
down to the very first one; a page address edited by hand gets the newest page and a message, never
a 500. The page runs the same queries on any page of a long timeline (issue 13)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from casework import selectors
from casework.models import CaseEvent
from tests.casework.conftest import cw, media_in_tmp  # noqa: F401 - the casework world, staffed
from tests.observations.factories import advised_case
from tests.performance.counting import assert_flat, queries_of

pytestmark = pytest.mark.django_db

EXTRA = 60


@pytest.fixture
def long_case(cw):  # noqa: F811 - the fixture imported above
    """An advised case with 60 more events, a day apart, after what it already had."""
    case = advised_case(cw)
    start = timezone.now() + timedelta(days=1)
    CaseEvent.objects.bulk_create(
        CaseEvent(case=case, kind="assigned", by=cw.fixed_specialist, at=start + timedelta(days=i))
        for i in range(EXTRA))
    newest_first = list(CaseEvent.objects.filter(case=case).order_by("-at", "-pk"))
    return cw, case, newest_first


def _url(case, **params):
    return reverse("casework:detail", args=[case.pk]), params


def _shown(response):
    return [item["event"].pk for item in response.context["timeline"].items]


def _when(event):
    # As the timeline line starts: the moment, then who.
    return '">' + date_format(timezone.localtime(event.at), "j F Y H:i") + " ·"


@pytest.mark.parametrize("who", ["fixed_specialist", "pmer_a"])
def test_the_newest_events_come_first_and_older_pages_reach_the_first_event(long_case, client_for, who):
    w, case, newest_first = long_case
    client = client_for(getattr(w, who))
    url, _ = _url(case)
    response = client.get(url)
    html = response.content.decode()
    size = selectors.TIMELINE_PAGE_SIZE
    assert _shown(response) == [e.pk for e in newest_first[:size]]
    assert _when(newest_first[0]) in html and _when(newest_first[size]) not in html
    assert "?timeline=2#timeline" in html  # "Older events"
    pages = -(-len(newest_first) // size)
    seen = []
    for number in range(1, pages + 1):
        response = client.get(url, {"timeline": number})
        assert response.status_code == 200
        seen += _shown(response)
    # Every event once, in order; the last page ends with the request itself and offers nothing older.
    assert seen == [e.pk for e in newest_first]
    html = response.content.decode()
    assert _when(newest_first[-1]) in html
    assert f"?timeline={pages + 1}" not in html
    assert "?timeline=1#timeline" in html  # back to the newest


@pytest.mark.parametrize("value", ["abc", "0", "-1", "99999999999999999999", "2.5", "", "²", "x" * 2000, "999"])
def test_a_timeline_page_that_does_not_exist_shows_the_newest_with_a_message(long_case, client_for, value):
    w, case, newest_first = long_case
    url, _ = _url(case)
    response = client_for(w.fixed_specialist).get(url, {"timeline": value}, HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 200
    assert _shown(response) == [e.pk for e in newest_first[:selectors.TIMELINE_PAGE_SIZE]]
    if value:
        assert "Die pagina van de tijdlijn bestaat niet" in response.content.decode()


@pytest.mark.parametrize("who", ["fixed_specialist", "pmer_a"])
def test_an_older_page_runs_the_same_queries_as_the_newest_and_a_longer_timeline_adds_none(long_case, client_for, who):
    w, case, _ = long_case
    client = client_for(getattr(w, who))
    url = reverse("casework:detail", args=[case.pk])
    newest = queries_of(client, url)
    older = queries_of(client, url + "?timeline=3")
    CaseEvent.objects.bulk_create(CaseEvent(case=case, kind="assigned", by=w.fixed_specialist) for _ in range(200))
    longer = queries_of(client, url + "?timeline=3")
    assert_flat(newest, older)
    assert_flat(newest, longer)
