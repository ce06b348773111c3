import io

import pytest
from django.core.management import call_command

from casework.models import Case, CaseKind, CaseState
from demo.casework_demo import GROUP_QUESTION, INDIVIDUAL_QUESTION, PLANNED_QUESTION
from observations.models import Advice, Visit, VisitHours, VisitStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(monkeypatch):
    monkeypatch.delenv("PORT", raising=False)
    call_command("load_demo_data", stdout=io.StringIO())


def test_demo_cases_show_visits_hours_and_advice_in_hoogeveen_and_amsterdam(demo):
    followed_up = Case.objects.get(request__question=INDIVIDUAL_QUESTION)
    assert followed_up.state == CaseState.FOLLOW_UP and followed_up.follow_ups == 1
    assert [(v.kind, v.status) for v in Visit.objects.filter(case=followed_up)] == [
        ("observation", VisitStatus.HELD), ("review_talk", VisitStatus.HELD), ("follow_up", VisitStatus.HELD)]
    # Hoogeveen holds the review talk with guardians, pm'er, youth nurse and specialist.
    review = Visit.objects.get(case=followed_up, kind="review_talk")
    assert set(review.participants) == set(followed_up.request.location.district.municipality.configuration
                                          .review_talk_participants)
    assert VisitHours.objects.filter(visit__case=followed_up).count() >= 2
    assert Advice.objects.filter(case=followed_up, tried="tried").exists()

    planned = Case.objects.get(request__question=PLANNED_QUESTION)
    assert planned.state == CaseState.PLANNED
    assert Visit.objects.get(case=planned).status == VisitStatus.PLANNED

    group = Case.objects.get(request__question=GROUP_QUESTION)
    assert group.kind == CaseKind.GROUP and group.child_id is None and group.state == CaseState.VISITED
    assert Advice.objects.filter(case=group).exists()


def test_a_second_run_adds_no_cases_visits_or_advice(demo):
    before = (Case.objects.count(), Visit.objects.count(), Advice.objects.count(), VisitHours.objects.count())
    call_command("load_demo_data", stdout=io.StringIO())
    assert (Case.objects.count(), Visit.objects.count(), Advice.objects.count(), VisitHours.objects.count()) == before
