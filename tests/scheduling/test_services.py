import datetime
from decimal import Decimal

import icalendar
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from accounts.models import Membership, Role
from notifications.models import Outbox
from observations.models import Visit, VisitKind, VisitStatus
from scheduling.models import BudgetAlert, BudgetTransfer, HalfYearPlan, HourBudget, PlanStatus, ScheduledVisit
from scheduling.rules import hours_text
from scheduling.selectors import budget_figure_of
from scheduling.services import (
    blocked_period_add,
    budget_check_thresholds,
    budget_transfer,
    feed_renew,
    plan_item_change,
    plan_publish,
    scheduled_record_held,
)
from scheduling.tasks import plan_propose_task
from tests.accounts.factories import member
from tests.organisations.factories import DistrictFactory, GroupFactory, LocationFactory

from .conftest import NEXT_YEAR

pytestmark = pytest.mark.django_db


def new_plan(w, half=1):
    return HalfYearPlan.objects.create(municipality=w.municipality, year=NEXT_YEAR, half=half,
                                       requested_by=w.coordinator)


def proposed(w, half=1):
    plan = new_plan(w, half)
    plan_propose_task(plan.pk)  # the Celery task's body, run here
    plan.refresh_from_db()
    return plan


def test_every_counting_group_gets_its_visits_on_working_days_within_budget(sw):
    plan = proposed(sw)
    assert plan.status == PlanStatus.PROPOSED
    assert plan.unplaced == []
    items = list(plan.items.all())
    # Hoogeveen: two a year per toddler group, so one in each half year, for A's two groups and B's one.
    assert sorted(i.group_id for i in items) == sorted([sw.group_a.pk, sw.group_a2.pk, sw.group_b.pk])
    for item in items:
        local = timezone.localtime(item.starts_at)
        assert local.weekday() in (0, 1, 2)
        assert datetime.date(NEXT_YEAR, 1, 1) <= local.date() <= datetime.date(NEXT_YEAR, 6, 30)
        assert item.professional == sw.fixed_specialist
    assert sum(i.expected_hours for i in items) <= sw.budget.hours
    # spread over the half year, not all in the first week
    dates = sorted(timezone.localtime(i.starts_at).date() for i in items)
    assert (dates[-1] - dates[0]).days > 60
    # never twice at once
    assert len({i.starts_at for i in items}) == len(items)


def test_the_task_running_twice_makes_the_plan_once(sw):
    plan = proposed(sw)
    plan_propose_task(plan.pk)
    assert plan.items.count() == 3


def test_groups_outside_the_configured_age_range_or_location_kind_do_not_count(sw):
    GroupFactory(location=sw.location_a, name="Baby's", min_age_months=0, max_age_months=12)
    bso = LocationFactory(district=sw.district, kind="out_of_school_care")
    GroupFactory(location=bso, name="BSO", min_age_months=48, max_age_months=144)
    plan = proposed(sw)
    assert {i.group.name for i in plan.items.all()} == {"Dreumesen", "Peuters", "Kikkers"}


def test_blocked_period_is_respected(sw):
    blocked_period_add(professional=sw.fixed_specialist, starts_on=datetime.date(NEXT_YEAR, 1, 1),
                       ends_on=datetime.date(NEXT_YEAR, 5, 31), reason="Verlof", by=sw.fixed_specialist)
    plan = proposed(sw)
    assert plan.unplaced == []
    for item in plan.items.all():
        assert timezone.localtime(item.starts_at).month == 6


def test_a_group_that_does_not_fit_the_budget_is_named_with_the_reason(sw):
    HourBudget.objects.filter(pk=sw.budget.pk).update(hours=Decimal(4))
    plan = proposed(sw)
    assert plan.items.count() == 2
    assert len(plan.unplaced) == 1
    # Hours as a Dutch reader reads them (issue 12): "0,00 uur", never "0.00 uren".
    assert hours_text(0) in plan.unplaced[0]["reason"] and "0.00" not in plan.unplaced[0]["reason"]
    assert plan.unplaced[0]["district"] == sw.district.name


def test_a_location_without_fixed_specialist_or_budget_or_working_days_is_named(sw):
    other = LocationFactory(district=DistrictFactory(municipality=sw.municipality), name="Zonder")
    GroupFactory(location=other, name="Uilen")
    nobudget = LocationFactory(district=DistrictFactory(municipality=sw.municipality), name="Geen budget")
    GroupFactory(location=nobudget, name="Egels")
    Membership.objects.get(user=sw.fixed_specialist).fixed_contact_for.add(nobudget)
    lazy = member(Role.SPECIALIST, care_provider=sw.care_provider)
    nodays = LocationFactory(district=sw.district, name="Geen dagen")
    GroupFactory(location=nodays, name="Mollen")
    Membership.objects.get(user=lazy).fixed_contact_for.add(nodays)
    plan = proposed(sw)
    reasons = {u["group"]: u["reason"] for u in plan.unplaced}
    with translation.override("nl"):  # the reasons are written in the UI's language, Dutch
        assert reasons["Uilen"] == translation.gettext("Location %(location)s has no fixed specialist.") % {
            "location": "Zonder"}
        assert reasons["Egels"] == translation.gettext(
            "District %(district)s has no hour budget for %(year)s for the specialist's care provider.") % {
            "district": nobudget.district.name, "year": plan.year}
        assert reasons["Mollen"] == translation.gettext("The fixed specialist has not entered her working days.")
    assert plan.items.count() == 3


def test_publish_makes_planned_visits_without_case_and_planned_hours_count(sw):
    plan = proposed(sw)
    plan_publish(plan=plan, by=sw.coordinator)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PUBLISHED
    visits = Visit.objects.filter(kind=VisitKind.PREVENTIVE_VISIT)
    assert visits.count() == 3 and all(v.case_id is None and v.status == VisitStatus.PLANNED for v in visits)
    figure = budget_figure_of(sw.budget)
    assert figure["planned"] == 6 and figure["used"] == 0 and figure["remaining"] == 14
    with pytest.raises(ValidationError):
        plan_publish(plan=plan, by=sw.coordinator)
    told = set(Outbox.objects.filter(kind="visit_published").values_list("recipient_id", flat=True))
    assert told == {sw.fixed_specialist.pk, sw.pmer_a.pk, sw.pmer_b.pk}


def test_a_coordinator_of_another_municipality_cannot_publish(sw):
    plan = proposed(sw)
    with pytest.raises(ValidationError):
        plan_publish(plan=plan, by=sw.coordinator_c)


def test_moving_a_visit_to_a_day_she_does_not_work_is_refused(sw):
    plan = proposed(sw)
    item = plan.items.first()
    thursday = timezone.make_aware(datetime.datetime.combine(datetime.date(NEXT_YEAR, 3, 4), datetime.time(10)))
    while thursday.weekday() != 3:
        thursday += datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        plan_item_change(item=item, starts_at=thursday, professional=sw.fixed_specialist, by=sw.coordinator)
    with translation.override("nl"):
        expected = translation.gettext("%(name)s does not work for the programme on that day.") % {
            "name": sw.fixed_specialist}
    assert error.value.message_dict["starts_at"] == [expected]
    monday = thursday - datetime.timedelta(days=3)
    plan_item_change(item=item, starts_at=monday, professional=sw.fixed_specialist, by=sw.coordinator)
    item.refresh_from_db()
    assert item.starts_at == monday


def _published_item(w):
    plan = proposed(w)
    plan_publish(plan=plan, by=w.coordinator)
    item = plan.items.select_related("visit", "location").first()
    # The visit was due earlier this year: put it in the past so that it can be recorded as held.
    return item


def test_recording_the_visit_books_hours_and_fires_each_threshold_once(sw):
    item = _published_item(sw)
    # A budget for this year, and the visit held yesterday
    this_year = HourBudget.objects.create(district=sw.district, care_provider=sw.care_provider,
                                          year=timezone.localdate().year, hours=5)
    held_at = timezone.now() - datetime.timedelta(days=1)
    if held_at.year != this_year.year:  # just after New Year
        held_at = timezone.now() - datetime.timedelta(minutes=5)
    scheduled_record_held(item=item, held_at=held_at, hours=Decimal(4), notes="Rustige groep", by=sw.fixed_specialist)
    assert budget_figure_of(this_year)["used"] == 4
    assert list(BudgetAlert.objects.filter(budget=this_year).values_list("threshold", flat=True)) == [80]
    assert budget_check_thresholds(budget=this_year) == []  # not again
    HourBudget.objects.filter(pk=this_year.pk).update(hours=4)
    this_year.refresh_from_db()
    assert budget_check_thresholds(budget=this_year) == [100]
    assert budget_check_thresholds(budget=this_year) == []
    assert BudgetAlert.objects.filter(budget=this_year).count() == 2
    # each threshold told the coordinator once
    assert Outbox.objects.filter(kind="budget_threshold", recipient=sw.coordinator).count() == 2


def test_only_her_own_visit_can_be_recorded(sw):
    item = _published_item(sw)
    with pytest.raises(ValidationError):
        scheduled_record_held(item=item, held_at=timezone.now(), hours=1, by=sw.other_specialist)


def test_hours_move_with_a_reason_that_is_kept(sw):
    other = HourBudget.objects.create(district=DistrictFactory(municipality=sw.municipality),
                                      care_provider=sw.care_provider, year=NEXT_YEAR, hours=10)
    with pytest.raises(ValidationError) as error:
        budget_transfer(from_budget=sw.budget, to_budget=other, hours=5, reason=" ", by=sw.coordinator)
    assert "reason" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        budget_transfer(from_budget=sw.budget, to_budget=other, hours=50, reason="Wachtlijst", by=sw.coordinator)
    assert "hours" in error.value.message_dict
    with pytest.raises(ValidationError):
        budget_transfer(from_budget=sw.budget, to_budget=other, hours=5, reason="x", by=sw.coordinator_c)
    transfer = budget_transfer(from_budget=sw.budget, to_budget=other, hours=5, reason="Wachtlijst in wijk 2",
                               by=sw.coordinator)
    assert budget_figure_of(sw.budget)["total"] == 15 and budget_figure_of(other)["total"] == 15
    assert BudgetTransfer.objects.get().reason == "Wachtlijst in wijk 2"
    with pytest.raises(PermissionError):
        transfer.save()
    with pytest.raises(PermissionError):
        transfer.delete()


def test_the_calendar_feed_parses_holds_her_visits_and_no_child_names(sw, client):
    _published_item(sw)
    feed = feed_renew(professional=sw.fixed_specialist, by=sw.fixed_specialist)
    response = client.get(f"/schedule/feed/{feed.token}.ics")
    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == ScheduledVisit.objects.filter(professional=sw.fixed_specialist).count() == 3
    assert all(sw.location_a.name in str(e["summary"]) or sw.location_b.name in str(e["summary"]) for e in events)
    text = response.content.decode()
    for child in [*sw.children_a, sw.child_b]:
        assert child.first_name not in text and child.last_name not in text
    old_token = feed.token
    feed_renew(professional=sw.fixed_specialist, by=sw.fixed_specialist)
    assert client.get(f"/schedule/feed/{old_token}.ics").status_code == 404
    assert client.get("/schedule/feed/guess.ics").status_code == 404
