import datetime

import pytest
from django.utils import timezone, translation
from django.utils.html import escape

from scheduling.models import BudgetTransfer, HalfYearPlan, HourBudget, PlanStatus, ScheduledVisit
from scheduling.selectors import budget_figure_of
from scheduling.services import plan_propose, plan_publish
from tests.organisations.factories import DistrictFactory

from .conftest import NEXT_YEAR

pytestmark = pytest.mark.django_db


def shown(text):
    """The message as the (Dutch) page shows it: translated where the catalog has it already."""
    with translation.override("nl"):
        return translation.gettext(text)


def proposed_plan(w):
    plan = HalfYearPlan.objects.create(municipality=w.municipality, year=NEXT_YEAR, half=1,
                                       requested_by=w.coordinator)
    return plan_propose(plan=plan)


def test_anonymous_is_sent_to_login(sw, client):
    for url in ["/schedule/budgets/", "/schedule/plans/", "/schedule/agenda/", "/schedule/availability/"]:
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


# Every page of the app but the token-guarded feed, with who it is for; ids need not exist, as the
# role check comes before the lookup.
PAGES = [
    ("/schedule/budgets/", "coordinator"), ("/schedule/budgets/set/", "coordinator"),
    ("/schedule/budgets/transfer/", "coordinator"), ("/schedule/plans/", "coordinator"),
    ("/schedule/plans/1/", "coordinator"), ("/schedule/plans/1/visits/1/", "coordinator"),
    ("/schedule/plans/1/publish/", "coordinator"), ("/schedule/plans/1/again/", "coordinator"),
    ("/schedule/evaluation/", "coordinator"), ("/schedule/availability/away/1/", "professional"),
    ("/schedule/availability/away/1/remove/", "professional"),
    ("/schedule/calendar/", "coordinator"), ("/schedule/agenda/", "professional"),
    ("/schedule/agenda/1/record/", "professional"), ("/schedule/availability/", "professional"),
    ("/schedule/feed/renew/", "professional"), ("/schedule/walk-in/new/", "nurse"),
    ("/schedule/walk-in/1/", "nurse"), ("/schedule/walk-in/1/notice/", "notice"),
]
# A role each page is not for.
OUTSIDER = {"coordinator": "pmer_a", "professional": "coordinator", "nurse": "fixed_specialist",
            "notice": "fixed_specialist"}


@pytest.mark.parametrize("url, audience", PAGES)
def test_every_page_sends_anonymous_visitors_to_login_and_refuses_other_roles(sw, client, client_for, url,
                                                                               audience):
    response = client.get(url)
    assert response.status_code == 302 and "/login/" in response["Location"]
    outsider = client_for(getattr(sw, OUTSIDER[audience]))
    assert outsider.get(url).status_code == 403
    assert outsider.post(url, {}).status_code == 403


def test_other_roles_are_refused(sw, client_for):
    assert client_for(sw.pmer_a).get("/schedule/budgets/").status_code == 403
    assert client_for(sw.fixed_specialist).get("/schedule/plans/").status_code == 403
    assert client_for(sw.coordinator).get("/schedule/agenda/").status_code == 403


def test_a_coordinator_of_another_municipality_sees_neither_plan_nor_budget(sw, client_for):
    plan = proposed_plan(sw)
    client = client_for(sw.coordinator_c)
    assert client.get(f"/schedule/plans/{plan.pk}/").status_code == 404
    assert client.post(f"/schedule/plans/{plan.pk}/publish/").status_code == 404
    item = plan.items.first()
    assert client.get(f"/schedule/plans/{plan.pk}/visits/{item.pk}/").status_code == 404
    page = client.get(f"/schedule/budgets/?year={NEXT_YEAR}")
    assert sw.district.name not in page.content.decode()


def test_budget_page_shows_used_planned_remaining_and_a_chart(sw, client_for):
    plan_publish(plan=proposed_plan(sw), by=sw.coordinator)
    page = client_for(sw.coordinator).get(f"/schedule/budgets/?year={NEXT_YEAR}")
    html = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in html and sw.district.name in html
    # Hours in Dutch (issue 12): "6,00 uur", never "6.00".
    assert 'data-testid="planned">6,00 uur<' in html and 'data-testid="remaining">14,00 uur<' in html


def test_a_transfer_without_reason_is_refused_next_to_the_field_and_the_hours_kept(sw, client_for):
    other = HourBudget.objects.create(district=DistrictFactory(municipality=sw.municipality),
                                      care_provider=sw.care_provider, year=NEXT_YEAR, hours=3)
    client = client_for(sw.coordinator)
    response = client.post("/schedule/budgets/transfer/", {"transfer-from_budget": sw.budget.pk,
                                                           "transfer-to_budget": other.pk, "transfer-hours": "4",
                                                           "transfer-reason": ""})
    html = response.content.decode()
    assert response.status_code == 400
    assert shown("Say why the hours move: the reason is kept.") in html and 'value="4"' in html
    assert not BudgetTransfer.objects.exists()
    response = client.post("/schedule/budgets/transfer/", {"transfer-from_budget": sw.budget.pk,
                                                           "transfer-to_budget": other.pk, "transfer-hours": "4",
                                                           "transfer-reason": "Wachtlijst"})
    assert response.status_code == 302
    assert budget_figure_of(other)["total"] == 7


def test_setting_a_budget_with_negative_hours_is_refused(sw, client_for):
    response = client_for(sw.coordinator).post("/schedule/budgets/set/", {
        "budget-district": sw.district.pk, "budget-organisation": f"cp:{sw.care_provider.pk}",
        "budget-year": NEXT_YEAR, "budget-hours": "-3"})
    assert response.status_code == 400
    assert shown("Enter the hours: zero or more.") in response.content.decode()
    assert HourBudget.objects.get(pk=sw.budget.pk).hours == 20


def test_coordinator_asks_for_a_plan_reviews_and_publishes(sw, client_for, django_capture_on_commit_callbacks):
    client = client_for(sw.coordinator)
    response = client.post("/schedule/plans/", {"year": "1999", "half": "1"})
    assert response.status_code == 400 and 'value="1999"' in response.content.decode()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post("/schedule/plans/", {"year": NEXT_YEAR, "half": "1"})
    assert response.status_code == 302 and len(callbacks) == 1  # the Celery task, after the commit
    plan = HalfYearPlan.objects.get()
    plan_propose(plan=plan)
    page = client.get(f"/schedule/plans/{plan.pk}/").content.decode()
    assert "Dreumesen" in page and "Kikkers" in page
    assert client.post(f"/schedule/plans/{plan.pk}/publish/").status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PUBLISHED


def test_moving_a_visit_to_a_day_off_keeps_what_was_typed(sw, client_for):
    plan = proposed_plan(sw)
    item = plan.items.first()
    day = datetime.date(NEXT_YEAR, 3, 5)
    while day.weekday() != 3:
        day += datetime.timedelta(days=1)
    response = client_for(sw.coordinator).post(f"/schedule/plans/{plan.pk}/visits/{item.pk}/", {
        "date": day.isoformat(), "time": "10:15", "professional": sw.fixed_specialist.pk})
    html = response.content.decode()
    refusal = shown("%(name)s does not work for the programme on that day.") % {"name": sw.fixed_specialist}
    assert response.status_code == 400 and escape(refusal) in html
    assert day.isoformat() in html and "10:15" in html


def test_specialist_records_her_visit_and_only_hers(sw, client_for):
    plan_publish(plan=proposed_plan(sw), by=sw.coordinator)
    item = sw.fixed_specialist.scheduled_visits.first()
    assert client_for(sw.other_specialist).get(f"/schedule/agenda/{item.pk}/record/").status_code == 404
    client = client_for(sw.fixed_specialist)
    assert item.location.name in client.get("/schedule/agenda/").content.decode()
    today = timezone.localdate().isoformat()
    response = client.post(f"/schedule/agenda/{item.pk}/record/", {"date": today, "time": "00:00", "hours": "30",
                                                                    "notes": "Rustig"})
    assert response.status_code == 400
    assert shown("Enter the hours spent: more than 0 and at most 24.") in response.content.decode()
    assert "Rustig" in response.content.decode()
    response = client.post(f"/schedule/agenda/{item.pk}/record/", {"date": today, "time": "00:00", "hours": "1.5",
                                                                    "notes": "Rustig"})
    assert response.status_code == 302, response.content.decode()[-3000:]
    item.visit.refresh_from_db()
    assert item.visit.status == "held" and item.visit.total_hours == 1.5


def test_availability_needs_a_working_day_and_an_ordered_period(sw, client_for):
    client = client_for(sw.fixed_specialist)
    response = client.post("/schedule/availability/", {"form": "days"})
    assert response.status_code == 400
    assert shown("Choose at least one working day.") in response.content.decode()
    response = client.post("/schedule/availability/", {"form": "blocked", "blocked-starts_on": "2030-05-10",
                                                       "blocked-ends_on": "2030-05-01", "blocked-reason": "Verlof"})
    html = response.content.decode()
    assert response.status_code == 400
    assert shown("The last day cannot be before the first day.") in html and "Verlof" in html
    assert client.post("/schedule/availability/", {"form": "days", "days-weekdays": ["3", "4"]}).status_code == 302
    sw.fixed_specialist.availability.refresh_from_db()
    assert sw.fixed_specialist.availability.weekdays == [3, 4]


def test_home_pages_link_to_the_schedule(sw, client_for):
    plan_publish(plan=proposed_plan(sw), by=sw.coordinator)
    assert "/schedule/plans/" in client_for(sw.coordinator).get("/").content.decode()
    home = client_for(sw.fixed_specialist).get("/").content.decode()
    assert "/schedule/agenda/" in home and sw.location_a.name in home


def test_the_municipal_schedule_flags_conflicts_and_filters(sw, client_for):
    plan = proposed_plan(sw)
    plan_publish(plan=plan, by=sw.coordinator)
    first, second, third = plan.items.order_by("starts_at")
    # Put the second on top of the first, and the third on a Thursday, a day she does not work.
    ScheduledVisit.objects.filter(pk=second.pk).update(starts_at=first.starts_at + datetime.timedelta(hours=1))
    thursday = timezone.localtime(first.starts_at)
    while thursday.weekday() != 3:
        thursday += datetime.timedelta(days=1)
    ScheduledVisit.objects.filter(pk=third.pk).update(starts_at=thursday)
    month = timezone.localtime(first.starts_at).strftime("%Y-%m")
    client = client_for(sw.coordinator)
    html = client.get(f"/schedule/calendar/?month={month}").content.decode()
    assert html.count('data-testid="schedule-item"') == 3
    conflicts = html.count('data-testid="conflict"')
    assert conflicts == 3
    assert escape(shown("Same professional twice at once")) in html
    assert escape(shown("Outside her working days")) in html
    filtered = client.get(f"/schedule/calendar/?month={month}&location={sw.location_b.pk}").content.decode()
    assert filtered.count('data-testid="schedule-item"') == sum(
        1 for item in (first, second, third) if item.location_id == sw.location_b.pk) == 1
    assert client_for(sw.coordinator_c).get(f"/schedule/calendar/?month={month}").content.decode().count(
        'data-testid="schedule-item"') == 0
    assert client_for(sw.fixed_specialist).get("/schedule/calendar/").status_code == 403
