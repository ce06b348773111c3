"""Scheduling as people use it (issue 12): the browser's own date fields, hours typed the Dutch
way, dates that cannot be true, query strings from a mangled link, back and submit again, and
the walk-in notice a parent opens without an account."""

import datetime
import re
import zlib
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import formats, timezone, translation
from django.utils.html import escape

from idempotency.models import FormSubmission
from observations.models import Visit
from scheduling.forms import WalkInForm
from scheduling.models import (
    BlockedPeriod,
    BudgetTransfer,
    CalendarFeed,
    HalfYearPlan,
    HourBudget,
    PlanStatus,
    ScheduledVisit,
    WalkInQuestion,
)
from scheduling.services import plan_propose, plan_publish, walk_in_hour_create
from tests.organisations.factories import DistrictFactory

from .conftest import NEXT_YEAR
from .forms_in_html import forms_in, submitted
from .test_views import proposed_plan, shown

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _inflated(pdf: bytes) -> bytes:
    """The PDF with its compressed streams inflated, so that the text can be read from it."""
    def inflate(match):
        try:
            return b"stream\n" + zlib.decompress(match.group(1)) + b"\nendstream"
        except zlib.error:
            return match.group(0)

    return re.sub(rb"stream\r?\n(.*?)\r?\nendstream", inflate, pdf, flags=re.S)


def _post_form(html):
    """The page's own form (not the log-out button or the language switch): the one with most fields."""
    return max((form for form in forms_in(html) if form["method"] == "post"), key=lambda form: len(form["fields"]))


def _day_in_half(weekday, year=NEXT_YEAR, month=3):
    day = datetime.date(year, month, 2)
    while day.weekday() != weekday:
        day += datetime.timedelta(days=1)
    return day


def _at(day, hour=14, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _walk_in(w, day=None, hour=14):
    return walk_in_hour_create(location=w.location_a, starts_at=_at(day or TODAY + datetime.timedelta(days=1), hour),
                               hours=1, by=w.fixed_nurse)


def _started_walk_in(w):
    """A walk-in hour that began an hour ago (created for tomorrow, then moved, as time passes)."""
    item = _walk_in(w, hour=16)
    start = timezone.now() - datetime.timedelta(hours=1)
    ScheduledVisit.objects.filter(pk=item.pk).update(starts_at=start)
    Visit.objects.filter(pk=item.visit_id).update(starts_at=start)
    item.refresh_from_db()
    return item


# --- 3. the browser's date fields get a date they can read -----------------------------------

def test_moving_a_plan_visit_shows_its_date_and_the_page_saves_as_it_is(sw, client_for):
    plan = proposed_plan(sw)
    item = plan.items.order_by("starts_at").first()
    url = f"/schedule/plans/{plan.pk}/visits/{item.pk}/"
    client = client_for(sw.coordinator)
    html = client.get(url).content.decode()
    local = timezone.localtime(item.starts_at)
    assert f'value="{local.date().isoformat()}"' in html and f'value="{local:%H:%M}"' in html
    response = client.post(url, submitted(_post_form(html)))
    assert response.status_code == 302, response.content.decode()[-2000:]
    item.refresh_from_db()
    assert timezone.localtime(item.starts_at) == local


def test_recording_a_visit_shows_the_date_and_hours_and_the_page_saves_as_it_is(sw, client_for):
    plan_publish(plan=proposed_plan(sw), by=sw.coordinator)
    item = sw.fixed_specialist.scheduled_visits.order_by("starts_at").first()
    client = client_for(sw.fixed_specialist)
    url = f"/schedule/agenda/{item.pk}/record/"
    html = client.get(url).content.decode()
    assert f'value="{TODAY.isoformat()}"' in html
    assert 'name="hours"' in html and 'value="2"' in html
    response = client.post(url, submitted(_post_form(html)))
    assert response.status_code == 302, response.content.decode()[-2000:]
    item.visit.refresh_from_db()
    assert item.visit.status == "held" and item.visit.total_hours == 2


def test_the_walk_in_form_renders_its_date_the_way_the_date_field_reads_it(sw):
    day = TODAY + datetime.timedelta(days=7)
    html = str(WalkInForm(initial={"date": day, "time": datetime.time(14, 0)}, locations=sw.location_a.__class__
                          .objects.filter(pk=sw.location_a.pk)))
    assert f'value="{day.isoformat()}"' in html and 'type="date"' in html and 'value="14:00"' in html


def test_the_evaluation_page_suggests_a_period_and_makes_the_pdf_as_it_is(sw, client_for):
    client = client_for(sw.coordinator)
    html = client.get("/schedule/evaluation/").content.decode()
    form = next(f for f in forms_in(html) if f["method"] == "get" and any(n == "first" for n, _ in f["fields"]))
    data = submitted(form)
    assert data["first"][0] and data["last"] == [TODAY.isoformat()]
    response = client.get("/schedule/evaluation/", data)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


# --- 4. hours typed and shown the Dutch way --------------------------------------------------

def test_a_budget_typed_as_1_000_is_a_thousand_hours_and_is_shown_in_dutch(sw, client_for):
    client = client_for(sw.coordinator)
    response = client.post("/schedule/budgets/set/", {
        "budget-district": sw.district.pk, "budget-organisation": f"cp:{sw.care_provider.pk}",
        "budget-year": NEXT_YEAR, "budget-hours": "1.000"})
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert HourBudget.objects.get(pk=sw.budget.pk).hours == 1000
    client.post("/schedule/budgets/set/", {
        "budget-district": sw.district.pk, "budget-organisation": f"cp:{sw.care_provider.pk}",
        "budget-year": NEXT_YEAR, "budget-hours": "387,5"})
    assert HourBudget.objects.get(pk=sw.budget.pk).hours == Decimal("387.5")
    html = client.get(f"/schedule/budgets/?year={NEXT_YEAR}").content.decode()
    assert "387,50 uur" in html and "387.5" not in html


def test_hours_moved_between_districts_typed_with_a_comma(sw, client_for):
    other = HourBudget.objects.create(district=DistrictFactory(municipality=sw.municipality),
                                      care_provider=sw.care_provider, year=NEXT_YEAR, hours=3)
    response = client_for(sw.coordinator).post("/schedule/budgets/transfer/", {
        "transfer-from_budget": sw.budget.pk, "transfer-to_budget": other.pk, "transfer-hours": "2,5",
        "transfer-reason": "Wachtlijst"})
    assert response.status_code == 302
    assert BudgetTransfer.objects.get().hours == Decimal("2.5")
    html = client_for(sw.coordinator).get(f"/schedule/budgets/?year={NEXT_YEAR}").content.decode()
    assert "2,50 uur" in html


def test_a_held_visit_of_1_5_hours_typed_with_a_comma_counts_one_and_a_half(sw, client_for):
    plan_publish(plan=proposed_plan(sw), by=sw.coordinator)
    item = sw.fixed_specialist.scheduled_visits.first()
    response = client_for(sw.fixed_specialist).post(f"/schedule/agenda/{item.pk}/record/", {
        "date": TODAY.isoformat(), "time": "00:00", "hours": "1,5", "notes": ""})
    assert response.status_code == 302, response.content.decode()[-2000:]
    item.visit.refresh_from_db()
    assert item.visit.total_hours == Decimal("1.5")


def test_a_walk_in_hour_of_1_5_hours_typed_with_a_comma(sw, client_for):
    response = client_for(sw.fixed_nurse).post("/schedule/walk-in/new/", {
        "location": sw.location_a.pk, "date": (TODAY + datetime.timedelta(days=7)).isoformat(), "time": "14:00",
        "hours": "1,5"})
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert ScheduledVisit.objects.get(kind="walk_in_hour").expected_hours == Decimal("1.5")


def test_a_plan_refusal_for_budget_says_the_hours_in_dutch(sw, client_for):
    HourBudget.objects.filter(pk=sw.budget.pk).update(hours=5)
    plan = proposed_plan(sw)
    html = client_for(sw.coordinator).get(f"/schedule/plans/{plan.pk}/").content.decode()
    assert "1,00 uur" in html and "2,00 uur" in html
    assert "1.00" not in html and " uren over" not in html


def test_the_calendar_and_the_evaluation_pdf_say_hours_in_dutch(sw, client_for):
    from tests.casework.record_helpers import pdf_text

    plan = proposed_plan(sw)
    plan_publish(plan=plan, by=sw.coordinator)
    item = plan.items.order_by("starts_at").first()
    month = timezone.localtime(item.starts_at).strftime("%Y-%m")
    client = client_for(sw.coordinator)
    assert "2,00 uur" in client.get(f"/schedule/calendar/?month={month}").content.decode()
    held = plan.items.order_by("starts_at").first()
    from scheduling.services import scheduled_record_held

    scheduled_record_held(item=held, held_at=timezone.now() - datetime.timedelta(hours=1), hours=Decimal("1.5"),
                          by=sw.fixed_specialist)
    response = client.get("/schedule/evaluation/", {"first": (TODAY - datetime.timedelta(days=7)).isoformat(),
                                                     "last": TODAY.isoformat()})
    text = pdf_text(_inflated(response.content))
    assert "1,50 uur" in text and "1.50" not in text


# --- 6. a walk-in question only once the hour has begun --------------------------------------

def test_a_question_cannot_be_recorded_for_a_walk_in_hour_still_to_come(sw, client_for):
    item = _walk_in(sw)
    client = client_for(sw.fixed_nurse)
    response = client.post(f"/schedule/walk-in/{item.pk}/", {"asked_by": "guardian", "topic": "sleep_food",
                                                              "follow_up": "tip", "note": "Slaapritme"})
    html = response.content.decode()
    assert response.status_code == 400
    assert escape(shown("Questions are recorded from the start of the walk-in hour.")) in html
    assert "Slaapritme" in html and not WalkInQuestion.objects.exists()
    started = _started_walk_in(sw)
    response = client.post(f"/schedule/walk-in/{started.pk}/", {"asked_by": "guardian", "topic": "sleep_food",
                                                                 "follow_up": "tip", "note": "Slaapritme"})
    assert response.status_code == 302 and WalkInQuestion.objects.count() == 1


# --- 7. dates the domain allows ---------------------------------------------------------------

@pytest.mark.parametrize("day, time", [("2999-03-03", "14:00"), ("9999-12-31", "23:59"),
                                       (f"{TODAY.year + 2}-01-05", "10:00")])
def test_a_walk_in_hour_is_planned_this_year_or_next(sw, client_for, day, time):
    response = client_for(sw.fixed_nurse).post("/schedule/walk-in/new/", {"location": sw.location_a.pk,
                                                                          "date": day, "time": time, "hours": "1"})
    html = response.content.decode()
    assert response.status_code == 400
    assert escape(shown("Plan a walk-in hour in this year or the next.")) in html and day in html
    assert not ScheduledVisit.objects.exists()


def test_a_visit_recorded_as_held_long_ago_is_refused(sw, client_for):
    plan_publish(plan=proposed_plan(sw), by=sw.coordinator)
    item = sw.fixed_specialist.scheduled_visits.first()
    response = client_for(sw.fixed_specialist).post(f"/schedule/agenda/{item.pk}/record/", {
        "date": "1900-01-01", "time": "10:00", "hours": "2", "notes": ""})
    assert response.status_code == 400
    assert escape(shown("Enter a date in this year or last year.")) in response.content.decode()
    item.visit.refresh_from_db()
    assert item.visit.status == "planned"


@pytest.mark.parametrize("move_to", [
    _day_in_half(0, month=7), _day_in_half(0, year=2999), _day_in_half(0, year=NEXT_YEAR - 1, month=12)])
def test_a_plan_visit_cannot_move_outside_its_half_year(sw, client_for, move_to):
    plan = proposed_plan(sw)
    item = plan.items.order_by("starts_at").first()
    before = item.starts_at
    response = client_for(sw.coordinator).post(f"/schedule/plans/{plan.pk}/visits/{item.pk}/", {
        "date": move_to.isoformat(), "time": "10:00", "professional": sw.fixed_specialist.pk})
    html = response.content.decode()
    assert response.status_code == 400
    with translation.override("nl"):
        bounds = {"first": formats.date_format(datetime.date(NEXT_YEAR, 1, 1), "j F Y"),
                  "last": formats.date_format(datetime.date(NEXT_YEAR, 6, 30), "j F Y")}
    assert escape(shown("Choose a day in the plan's half year: %(first)s to %(last)s.") % bounds) in html
    item.refresh_from_db()
    assert item.starts_at == before


@pytest.mark.parametrize("first, last, message", [
    ("1900-01-01", "2999-12-31", "Days away are at most a year at a time."),
    ("2999-01-01", "2999-01-05", "Enter days away in this year or the next."),
    ("1900-01-01", "1900-01-05", "Enter days away from a month ago onwards."),
    (f"{NEXT_YEAR}-01-01", f"{NEXT_YEAR + 1}-06-01", "Days away are at most a year at a time."),
])
def test_days_away_are_bounded(sw, client_for, first, last, message):
    response = client_for(sw.fixed_specialist).post("/schedule/availability/", {
        "form": "blocked", "blocked-starts_on": first, "blocked-ends_on": last, "blocked-reason": "Verlof"})
    html = response.content.decode()
    assert response.status_code == 400 and escape(shown(message)) in html and "Verlof" in html
    assert not BlockedPeriod.objects.exists()


def test_days_away_can_be_changed_and_removed_by_her_alone(sw, client_for, client):
    # A period saved before the bounds existed: it blocked every plan and could not be undone.
    period = BlockedPeriod.objects.create(professional=sw.fixed_specialist, starts_on=datetime.date(1900, 1, 1),
                                          ends_on=datetime.date(2999, 12, 31), reason="Typfout")
    edit, remove = f"/schedule/availability/away/{period.pk}/", f"/schedule/availability/away/{period.pk}/remove/"
    assert client.get(edit).status_code == 302 and "/login/" in client.get(edit)["Location"]
    assert client.post(remove).status_code == 302 and BlockedPeriod.objects.filter(pk=period.pk).exists()
    assert client_for(sw.other_specialist).get(edit).status_code == 404
    assert client_for(sw.other_specialist).post(edit, {"starts_on": "2027-01-01"}).status_code == 404
    assert client_for(sw.other_specialist).post(remove).status_code == 404
    assert client_for(sw.coordinator).post(remove).status_code == 403
    assert BlockedPeriod.objects.filter(pk=period.pk).exists()

    owner = client_for(sw.fixed_specialist)
    page = owner.get("/schedule/availability/").content.decode()
    assert edit in page and remove in page
    html = owner.get(edit).content.decode()
    assert 'value="1900-01-01"' in html and "Typfout" in html
    response = owner.post(edit, {"starts_on": "1900-01-01", "ends_on": "2999-12-31", "reason": "Typfout"})
    assert response.status_code == 400
    first = TODAY + datetime.timedelta(days=10)
    response = owner.post(edit, {"starts_on": first.isoformat(), "ends_on": (first + datetime.timedelta(days=4))
                                 .isoformat(), "reason": "Vakantie"})
    assert response.status_code == 302
    period.refresh_from_db()
    assert (period.starts_on, period.reason) == (first, "Vakantie")
    assert owner.post(remove).status_code == 302
    assert not BlockedPeriod.objects.filter(pk=period.pk).exists()


def test_a_removed_period_lets_the_plan_place_her_visits_again(sw):
    period = BlockedPeriod.objects.create(professional=sw.fixed_specialist, starts_on=datetime.date(1900, 1, 1),
                                          ends_on=datetime.date(2999, 12, 31))
    assert not proposed_plan(sw).items.exists()
    HalfYearPlan.objects.all().delete()
    period.delete()
    assert proposed_plan(sw).items.exists()


def test_one_plan_per_municipality_and_half_year_asking_again_works_it_out_again(
        sw, client_for, django_capture_on_commit_callbacks):
    client = client_for(sw.coordinator)
    HourBudget.objects.filter(pk=sw.budget.pk).update(hours=4)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert client.post("/schedule/plans/", {"year": NEXT_YEAR, "half": "1"}).status_code == 302
    assert len(callbacks) == 1  # the Celery task that works the plan out
    plan = plan_propose(plan=HalfYearPlan.objects.get())
    assert plan.items.count() == 2 and len(plan.unplaced) == 1
    # Back and submit again makes no second plan.
    response = client.post("/schedule/plans/", {"year": NEXT_YEAR, "half": "1"})
    assert response.status_code == 302 and response["Location"] == f"/schedule/plans/{plan.pk}/"
    assert HalfYearPlan.objects.count() == 1
    # She raises the budget for the group that could not be placed, and asks again: the same plan.
    HourBudget.objects.filter(pk=sw.budget.pk).update(hours=20)
    assert f"/schedule/plans/{plan.pk}/again/" in client.get(f"/schedule/plans/{plan.pk}/").content.decode()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(f"/schedule/plans/{plan.pk}/again/")
    assert response.status_code == 302 and response["Location"] == f"/schedule/plans/{plan.pk}/"
    assert len(callbacks) == 1 and HalfYearPlan.objects.get().status == PlanStatus.REQUESTED
    plan = plan_propose(plan=plan)
    assert HalfYearPlan.objects.count() == 1 and plan.items.count() == 3 and plan.unplaced == []
    plan_publish(plan=plan, by=sw.coordinator)
    FormSubmission.objects.all().delete()  # a day later: no longer the same submission sent twice
    response = client.post("/schedule/plans/", {"year": NEXT_YEAR, "half": "1"})
    assert response.status_code == 400
    assert escape(shown("The plan for this half year is published already, so it is not made again.")) \
        in response.content.decode()
    assert HalfYearPlan.objects.count() == 1
    assert client.post(f"/schedule/plans/{plan.pk}/again/").status_code == 302
    assert HalfYearPlan.objects.get().status == PlanStatus.PUBLISHED


def test_working_a_plan_out_again_is_for_her_municipality_and_role_only(sw, client_for, client):
    plan = proposed_plan(sw)
    url = f"/schedule/plans/{plan.pk}/again/"
    assert client.post(url).status_code == 302 and "/login/" in client.post(url)["Location"]
    assert client_for(sw.fixed_specialist).post(url).status_code == 403
    assert client_for(sw.coordinator_c).post(url).status_code == 404
    assert client_for(sw.coordinator).get(url).status_code == 405
    assert HalfYearPlan.objects.get().status == PlanStatus.PROPOSED


def test_the_database_keeps_one_plan_per_half_year(sw):
    HalfYearPlan.objects.create(municipality=sw.municipality, year=NEXT_YEAR, half=1, requested_by=sw.coordinator)
    with pytest.raises(IntegrityError), transaction.atomic():
        HalfYearPlan.objects.create(municipality=sw.municipality, year=NEXT_YEAR, half=1,
                                    requested_by=sw.coordinator)


@pytest.mark.parametrize("url, data", [
    ("/schedule/plans/", {"year": "2100", "half": "1"}),
    ("/schedule/budgets/set/", {"budget-year": "2100", "budget-hours": "10"}),
])
def test_years_far_away_are_refused(sw, client_for, url, data):
    if "budget-year" in data:
        data = {**data, "budget-district": sw.district.pk, "budget-organisation": f"cp:{sw.care_provider.pk}"}
    response = client_for(sw.coordinator).post(url, data)
    assert response.status_code == 400 and 'value="2100"' in response.content.decode()
    assert not HalfYearPlan.objects.exists() and not HourBudget.objects.filter(year=2100).exists()


# --- 10. query strings never give a server error ----------------------------------------------

BAD_QUERIES = [
    ("/schedule/calendar/", "month=9999-12", "This month cannot be shown; here is the current month."),
    ("/schedule/calendar/", "month=1-1", "This month cannot be shown; here is the current month."),
    ("/schedule/calendar/", "month=0-13", "This month cannot be shown; here is the current month."),
    ("/schedule/calendar/", "month=²⁰²⁶-1", "This month cannot be shown; here is the current month."),
    ("/schedule/calendar/", "district=²", "This filter cannot be used; showing everything."),
    ("/schedule/calendar/", "district=99999999999999999999", "This filter cannot be used; showing everything."),
    ("/schedule/calendar/", "location=-1", "This filter cannot be used; showing everything."),
    ("/schedule/calendar/", "provider=99999999999999999999", "This filter cannot be used; showing everything."),
    ("/schedule/calendar/", "professional=²", "This filter cannot be used; showing everything."),
    ("/schedule/budgets/", "year=²", "This year cannot be shown; here is the current year."),
    ("/schedule/budgets/", "year=99999999999999999999", "This year cannot be shown; here is the current year."),
    ("/schedule/budgets/", "year=0", "This year cannot be shown; here is the current year."),
    ("/schedule/evaluation/", "first=9999-12-31&last=9999-12-31", "Enter a date from 2000 up to today."),
    ("/schedule/evaluation/", "first=0001-01-01&last=0001-01-02", "Enter a date from 2000 up to today."),
]


@pytest.mark.parametrize("url, query, message", BAD_QUERIES)
def test_a_bad_query_string_gets_the_page_with_a_message(sw, client_for, url, query, message):
    response = client_for(sw.coordinator).get(f"{url}?{query}")
    assert response.status_code == 400
    assert escape(shown(message)) in response.content.decode()


ODD_VALUES = ["²", "٣", "-1", "0", "9" * 25, "1e5", " 1", "1.0", "%", "2026-13", "2026-02-30", "9999-12-31",
              "0000-00-00", "2026-1-1", "१२", "<script>", ""]
ODD_PARAMETERS = [("/schedule/calendar/", name) for name in ("month", "district", "location", "provider",
                                                             "professional")] + [
    ("/schedule/budgets/", "year"), ("/schedule/evaluation/", "first"), ("/schedule/evaluation/", "last")]


@pytest.mark.parametrize("url, name", ODD_PARAMETERS)
def test_no_odd_query_value_gives_a_server_error(sw, client_for, url, name):
    client = client_for(sw.coordinator)
    for value in ODD_VALUES:
        response = client.get(url, {name: value})
        assert response.status_code in (200, 400), (name, value, response.status_code)
        if response.status_code == 400:
            assert 'class="alert alert-danger"' in response.content.decode() or "invalid-feedback" in \
                response.content.decode(), (name, value)


def test_the_calendar_with_a_bad_filter_shows_the_whole_current_month(sw, client_for):
    plan_publish(plan=proposed_plan(sw), by=sw.coordinator)
    item = ScheduledVisit.objects.order_by("starts_at").first()
    month = timezone.localtime(item.starts_at).strftime("%Y-%m")
    html = client_for(sw.coordinator).get(f"/schedule/calendar/?month={month}&district=²").content.decode()
    assert item.location.name in html and 'data-testid="schedule-item"' in html


def test_a_walk_in_hour_at_the_end_of_time_does_not_break_the_calendar_feed(sw, client):
    item = _walk_in(sw)
    end = _at(datetime.date(9999, 12, 31), 23, 59)
    ScheduledVisit.objects.filter(pk=item.pk).update(starts_at=end, expected_hours=2)
    Visit.objects.filter(pk=item.visit_id).update(starts_at=end)
    feed = CalendarFeed.objects.create(professional=sw.fixed_nurse)
    response = client.get(f"/schedule/feed/{feed.token}.ics")
    assert response.status_code == 200 and b"BEGIN:VCALENDAR" in response.content


# --- 8. back and submit again creates nothing twice -------------------------------------------

def test_submitting_a_walk_in_hour_twice_plans_it_once(sw, client_for):
    client = client_for(sw.fixed_nurse)
    data = {"location": sw.location_a.pk, "date": (TODAY + datetime.timedelta(days=7)).isoformat(),
            "time": "14:00", "hours": "1"}
    first, again = client.post("/schedule/walk-in/new/", data), client.post("/schedule/walk-in/new/", data)
    assert first.status_code == again.status_code == 302 and first["Location"] == again["Location"]
    assert ScheduledVisit.objects.count() == 1


def test_submitting_a_question_days_away_a_transfer_or_a_plan_twice_saves_once(sw, client_for):
    item = _started_walk_in(sw)
    nurse = client_for(sw.fixed_nurse)
    question = {"asked_by": "guardian", "topic": "sleep_food", "follow_up": "tip", "note": ""}
    for _ in range(2):
        assert nurse.post(f"/schedule/walk-in/{item.pk}/", question).status_code == 302
    assert WalkInQuestion.objects.count() == 1
    specialist = client_for(sw.fixed_specialist)
    away = {"form": "blocked", "blocked-starts_on": (TODAY + datetime.timedelta(days=3)).isoformat(),
            "blocked-ends_on": (TODAY + datetime.timedelta(days=5)).isoformat(), "blocked-reason": ""}
    for _ in range(2):
        assert specialist.post("/schedule/availability/", away).status_code == 302
    assert BlockedPeriod.objects.count() == 1
    coordinator = client_for(sw.coordinator)
    other = HourBudget.objects.create(district=DistrictFactory(municipality=sw.municipality),
                                      care_provider=sw.care_provider, year=NEXT_YEAR, hours=3)
    transfer = {"transfer-from_budget": sw.budget.pk, "transfer-to_budget": other.pk, "transfer-hours": "2",
                "transfer-reason": "Wachtlijst"}
    for _ in range(2):
        assert coordinator.post("/schedule/budgets/transfer/", transfer).status_code == 302
    assert BudgetTransfer.objects.count() == 1


def test_every_view_that_creates_is_guarded():
    from scheduling import views

    for view in (views.walk_in_create_view, views.walk_in_detail_view, views.availability_view,
                 views.budget_set_view, views.budget_transfer_view, views.plan_list, views.plan_publish_view,
                 views.record_held_view):
        assert getattr(view, "once_per_submission", False), view.__name__


# --- 11. the notice for parents opens without a login -----------------------------------------

def test_the_notice_for_parents_opens_without_a_login_and_names_no_child(sw, client_for, client):
    item = _walk_in(sw)
    html = client_for(sw.pmer_a).get(f"/schedule/walk-in/{item.pk}/notice/").content.decode()
    link = re.search(r'data-testid="public-notice-link"[^>]*value="([^"]+)"', html)
    assert link, "the notice offers a link for parents"
    url = link.group(1)
    assert url.startswith("http")
    path = url.split("://", 1)[1].split("/", 1)[1]
    client.logout()
    response = client.get(f"/{path}")
    public = response.content.decode()
    assert response.status_code == 200
    assert sw.location_a.name in public and timezone.localtime(item.starts_at).strftime("%H:%M") in public
    for child in sw.children_a:
        assert child.first_name not in public and child.last_name not in public
    assert "csrfmiddlewaretoken" not in public
    # A changed link opens nothing.
    assert client.get(f"/{path[:-3]}x{path[-2:]}").status_code == 404


# --- 14. no token in a GET address, a private feed, a conflict mark that explains itself -------

def test_the_evaluation_form_puts_no_csrf_token_in_the_address(sw, client_for):
    html = client_for(sw.coordinator).get("/schedule/evaluation/").content.decode()
    form = next(f for f in forms_in(html) if f["method"] == "get" and any(n == "first" for n, _ in f["fields"]))
    assert "csrfmiddlewaretoken" not in submitted(form)


def test_the_calendar_feed_is_kept_by_no_cache(sw, client):
    feed = CalendarFeed.objects.create(professional=sw.fixed_specialist)
    response = client.get(f"/schedule/feed/{feed.token}.ics")
    cache_control = response["Cache-Control"]
    assert "no-store" in cache_control and "private" in cache_control


def test_a_conflict_in_the_month_grid_says_what_it_is(sw, client_for):
    plan = proposed_plan(sw)
    plan_publish(plan=plan, by=sw.coordinator)
    first, second = plan.items.order_by("starts_at")[:2]
    ScheduledVisit.objects.filter(pk=second.pk).update(starts_at=first.starts_at + datetime.timedelta(hours=1))
    month = timezone.localtime(first.starts_at).strftime("%Y-%m")
    html = client_for(sw.coordinator).get(f"/schedule/calendar/?month={month}").content.decode()
    grid = html[html.index("schedule-month"):html.index("</table>")]
    label = escape(shown("double booked"))
    assert re.search(rf'<span[^>]*title="[^"]+"[^>]*>[^<]*{re.escape(label)}', grid), grid[:3000]


def test_amersfoort_is_told_why_its_plan_has_no_visits(sw, client_for):
    coordinator = sw.coordinator_c
    assert sw.other_municipality.configuration.preventive_visits_per_year == 0
    client = client_for(coordinator)
    page = client.get("/schedule/plans/").content.decode()
    message = escape(shown("Your way of working has no preventive visits, so there is nothing to plan. Walk-in "
                           "hours are planned by the youth nurses."))
    assert message in page
    assert 'name="year"' not in page  # no form that can only be refused
    response = client.post("/schedule/plans/", {"year": NEXT_YEAR, "half": "1"})
    assert response.status_code == 400 and message in response.content.decode()
    assert not HalfYearPlan.objects.exists()
    # An older plan without visits says why as well.
    plan = HalfYearPlan.objects.create(municipality=sw.other_municipality, year=NEXT_YEAR, half=1,
                                       requested_by=coordinator)
    plan_propose(plan=plan)
    assert message in client.get(f"/schedule/plans/{plan.pk}/").content.decode()


# --- advice on a preventive group visit (finding 12, asked by visits) --------------------------

def test_after_recording_a_preventive_visit_she_writes_its_advice_and_finds_it_in_her_agenda(sw, client_for):
    from django.urls import reverse

    plan_publish(plan=proposed_plan(sw), by=sw.coordinator)
    item = sw.fixed_specialist.scheduled_visits.order_by("starts_at").first()
    client = client_for(sw.fixed_specialist)
    response = client.post(f"/schedule/agenda/{item.pk}/record/", {"date": TODAY.isoformat(), "time": "00:00",
                                                                    "hours": "2", "notes": ""})
    assert response.status_code == 302
    assert response["Location"] == reverse("observations:group_visit_advice", args=[item.visit_id])
    agenda = client.get("/schedule/agenda/").content.decode()
    assert reverse("observations:group_visit", args=[item.visit_id]) in agenda


def test_the_evaluation_counts_advice_given_on_a_preventive_group_visit(sw):
    from observations.services import group_visit_advice_give
    from scheduling.evaluation import evaluation_figures
    from scheduling.services import scheduled_record_held

    plan_publish(plan=proposed_plan(sw), by=sw.coordinator)
    item = sw.fixed_specialist.scheduled_visits.order_by("starts_at").first()
    scheduled_record_held(item=item, held_at=timezone.now() - datetime.timedelta(hours=1), hours=2,
                          by=sw.fixed_specialist)
    group_visit_advice_give(visit=item.visit, items=[{"target": "childcare_worker", "category": "day_programme",
                                                      "text": "Vaste momenten voor rust."}], by=sw.fixed_specialist)
    figures = evaluation_figures(municipality=sw.municipality, first=TODAY - datetime.timedelta(days=7), last=TODAY)
    assert figures["advice"]["given"] == 1


def test_the_plan_form_offers_the_half_year_she_most_likely_plans(sw, client_for):
    """Late in a half year (May, June, November, December) the next one; otherwise the current one."""
    half = 1 if TODAY.month <= 6 else 2
    year = TODAY.year
    if TODAY.month in (5, 6, 11, 12):
        year, half = (year, 2) if half == 1 else (year + 1, 1)
    form = next(f for f in forms_in(client_for(sw.coordinator).get("/schedule/plans/").content.decode())
                if any(name == "half" for name, _ in f["fields"]))
    assert submitted(form)["year"] == [str(year)] and submitted(form)["half"] == [str(half)]


def test_the_parents_page_of_a_walk_in_hour_at_the_end_of_time_opens(sw, client):
    from scheduling.permissions import walk_in_public_token

    item = _walk_in(sw)
    ScheduledVisit.objects.filter(pk=item.pk).update(starts_at=_at(datetime.date(9999, 12, 31), 23, 59),
                                                     expected_hours=2)
    response = client.get(f"/schedule/walk-in/for-parents/{walk_in_public_token(item)}/")
    assert response.status_code == 200 and sw.location_a.name in response.content.decode()


def test_a_second_walk_in_hour_at_the_same_place_and_time_is_refused(sw, client_for):
    """Back after a browser forgot a field, the form differs and the resubmission guard cannot tell:
    the domain refuses the double anyway."""
    client = client_for(sw.fixed_nurse)
    day = (TODAY + datetime.timedelta(days=7)).isoformat()
    data = {"location": sw.location_a.pk, "date": day, "time": "14:00", "hours": "1,5"}
    assert client.post("/schedule/walk-in/new/", data).status_code == 302
    response = client.post("/schedule/walk-in/new/", {**data, "hours": "1"})
    assert response.status_code == 400
    assert escape(shown("There is a walk-in hour at this location at that time already.")) in \
        response.content.decode()
    assert ScheduledVisit.objects.count() == 1
