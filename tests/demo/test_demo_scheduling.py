"""The demo's coordinator can make her first half-year plan at once (issue 12, finding 11):
working days for every specialist and youth nurse, hour budgets per district for this year and
the next; Amersfoort, which has no preventive visits, is told so instead of getting an empty plan."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Membership, Role, User
from organisations.models import District, Municipality
from scheduling.models import Availability, HalfYearPlan, HourBudget, PlanStatus
from scheduling.services import plan_propose, plan_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(monkeypatch):
    monkeypatch.delenv("PORT", raising=False)
    call_command("load_demo_data", stdout=io.StringIO())


def _next_half():
    today = timezone.localdate()
    return (today.year, 2) if today.month <= 6 else (today.year + 1, 1)


def test_every_specialist_and_youth_nurse_has_working_days(demo):
    professionals = User.objects.filter(memberships__role__in=[Role.SPECIALIST, Role.YOUTH_NURSE]).distinct()
    assert professionals.count() >= 6
    for user in professionals:
        assert Availability.objects.get(professional=user).weekdays, user.username


def test_every_district_has_budgets_for_this_year_and_next(demo):
    year = timezone.localdate().year
    for district in District.objects.select_related("municipality"):
        municipality = district.municipality
        for budget_year in (year, year + 1):
            assert HourBudget.objects.filter(district=district, year=budget_year,
                                             care_provider__municipalities=municipality, hours__gt=0).exists()
            assert HourBudget.objects.filter(district=district, year=budget_year,
                                             youth_health_service__municipalities=municipality,
                                             hours__gt=0).exists()


def test_hoogeveens_first_plan_places_every_group(demo, django_capture_on_commit_callbacks):
    coordinator = User.objects.get(username="coordinator.hoogeveen")
    year, half = _next_half()
    with django_capture_on_commit_callbacks(execute=False):
        plan = plan_request(municipality=Municipality.objects.get(name="Hoogeveen"), year=year, half=half,
                            by=coordinator)
    plan = plan_propose(plan=plan)
    assert plan.status == PlanStatus.PROPOSED
    assert plan.items.exists() and plan.unplaced == []


def test_amersfoort_is_told_it_has_no_preventive_visits(demo):
    coordinator = User.objects.get(username="coordinator.amersfoort")
    year, half = _next_half()
    with pytest.raises(ValidationError):
        plan_request(municipality=Municipality.objects.get(name="Amersfoort"), year=year, half=half, by=coordinator)
    assert not HalfYearPlan.objects.exists()


def test_loading_again_adds_no_budget_or_working_days(demo):
    before = (HourBudget.objects.count(), Availability.objects.count())
    out = io.StringIO()
    call_command("load_demo_data", stdout=out)
    assert (HourBudget.objects.count(), Availability.objects.count()) == before
    assert Membership.objects.filter(role=Role.SPECIALIST).exists()
