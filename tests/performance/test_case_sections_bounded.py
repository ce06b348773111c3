"""The case page shows the latest visits, advice and messages of a long case, each with a link to all
of them; the same queries whether a section is shown in part or in full (issue 13)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casework import selectors
from casework.models import CaseMessage
from observations.models import Advice, Visit
from tests.casework.conftest import cw, media_in_tmp  # noqa: F401 - the casework world, staffed
from tests.observations.factories import advised_case, hold_follow_up
from tests.performance.counting import assert_flat, queries_of

pytestmark = pytest.mark.django_db

MORE = selectors.SECTION_LIMIT + 4


@pytest.fixture
def busy_case(cw):  # noqa: F811 - the fixture imported above
    case = advised_case(cw)
    for _ in range(MORE):
        hold_follow_up(cw, case)
    first = Advice.objects.filter(case=case).first()
    Advice.objects.bulk_create(
        Advice(case=case, visit=first.visit, target=first.target, category=first.category, text=f"Advies {i}",
               given_by=cw.fixed_specialist, given_at=timezone.now() + timedelta(minutes=i)) for i in range(MORE))
    CaseMessage.objects.bulk_create(
        CaseMessage(case=case, author=cw.pmer_a, body=f"Bericht nummer {i}", at=timezone.now() + timedelta(minutes=i))
        for i in range(MORE))
    return cw, case


def _url(case):
    return reverse("casework:detail", args=[case.pk])


@pytest.mark.parametrize("who", ["fixed_specialist", "pmer_a"])
def test_the_latest_messages_show_with_a_link_to_all_of_them(busy_case, client_for, who):
    w, case = busy_case
    client = client_for(getattr(w, who))
    html = client.get(_url(case)).content.decode()
    limit = selectors.SECTION_LIMIT
    # The newest message shows, the oldest not, and the page says how many there are.
    assert f"Bericht nummer {MORE - 1}<" in html and "Bericht nummer 0<" not in html
    total = CaseMessage.objects.filter(case=case).count()
    assert f"De laatste {limit} van {total}" in html
    assert "?show=messages#messages-heading" in html
    html = client.get(_url(case), {"show": "messages"}).content.decode()
    assert "Bericht nummer 0<" in html and f"Bericht nummer {MORE - 1}<" in html


def test_the_latest_visits_and_advice_show_with_a_link_to_all_of_them(busy_case, client_for):
    w, case = busy_case
    client = client_for(w.fixed_specialist)
    response = client.get(_url(case))
    html = response.content.decode()
    visits, advice = Visit.objects.filter(case=case).count(), Advice.objects.filter(case=case).count()
    assert visits > selectors.SECTION_LIMIT and advice > selectors.SECTION_LIMIT
    assert f"De laatste {selectors.SECTION_LIMIT} van {visits}" in html
    assert f"De laatste {selectors.SECTION_LIMIT} van {advice}" in html
    assert f"Advies {MORE - 1}<" in html and "Advies 0<" not in html
    assert len(response.context["visits"]) == selectors.SECTION_LIMIT
    full = client.get(_url(case), {"show": ["visits", "advice"]})
    assert "Advies 0<" in full.content.decode()
    assert len(full.context["visits"]) == visits and len(full.context["advice"]) == advice


@pytest.mark.parametrize("value", ["everything", "", "²", "x" * 3000, "visits\x00"])
def test_an_address_that_cannot_be_read_shows_the_latest_of_each(busy_case, client_for, value):
    w, case = busy_case
    response = client_for(w.fixed_specialist).get(_url(case), {"show": value})
    assert response.status_code == 200
    assert f"Advies {MORE - 1}<" in response.content.decode()
    assert "Advies 0<" not in response.content.decode()


@pytest.mark.parametrize("who", ["fixed_specialist", "pmer_a"])
def test_showing_a_section_in_full_runs_the_same_queries(busy_case, client_for, who):
    w, case = busy_case
    client = client_for(getattr(w, who))
    latest = queries_of(client, _url(case))
    full = queries_of(client, _url(case) + "?show=visits&show=advice&show=messages")
    assert_flat(latest, full)
