"""Real use, the coordinator of a municipality as the demo has it, in Dutch, typing every value.

The demo data (load_demo_data: Hoogeveen, Amersfoort, Amsterdam with their staff, working days
and hour budgets) is loaded as `scripts/demo` loads it. Hoogeveen's coordinator logs in (name,
password and the code from the demo's authenticator key, typed), asks for the half-year plan of
preventive visits: a year 2999 typed by mistake is refused in Dutch and makes no plan; the next
half-year, typed, is worked out (the Celery task's body, run here as the worker would) into
visits, without a first failure for want of working days or budgets. Back and "Plan maken" again
makes no second plan for the same half-year. Moving a visit to 2999 is refused in Dutch and the
visit stays where it was. She publishes the plan; the budget page writes hours the Dutch way.
The specialist of a planned visit makes her calendar address in her agenda; the address is
fetched as an agenda program does and parsed as iCalendar: her published visits are in it, at
their times, with no child named."""

import datetime
import io
import urllib.request
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from scheduling.models import HalfYearPlan, PlanStatus, ScheduledVisit
from scheduling.tasks import plan_propose_task
from tests.browser.conftest import (
    assert_accessible,
    assert_dutch_date_fields,
    check_dutch_page,
    check_every_mail_link,
    is_dutch,
    log_in_typed,
    type_date,
    type_into,
    type_time,
)
from tests.browser.test_real_use_pmer import go_back_and_send_again

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ENGLISH_DECIMAL = r"\b\d+\.\d{2}\b"


def _next_half_year(today):
    return (today.year, 2) if today.month <= 6 else (today.year + 1, 1)


def _error_text(page, field_id):
    under = page.locator(f"#error_1_id_{field_id}, #id_{field_id} ~ .invalid-feedback")
    if under.count():
        return under.first.inner_text()
    alert = page.locator(".alert-danger")
    return alert.first.inner_text() if alert.count() else None


def test_coordinator_publishes_the_half_year_plan_and_the_specialist_subscribes(browser_for, screenshot, findings,
                                                                                live_server):
    import re

    from demo.management.commands.load_demo_data import DEMO_PASSWORD

    call_command("load_demo_data", stdout=io.StringIO())
    coordinator = User.objects.get(username="coordinator.hoogeveen")
    today = timezone.localdate()
    year, half = _next_half_year(today)

    page = browser_for()
    assert_dutch_date_fields(page)
    log_in_typed(page, coordinator, DEMO_PASSWORD)
    page.goto("/schedule/plans/")

    # 2999: refused in Dutch, no plan.
    type_into(page.locator("#id_year"), "2999")
    page.locator("#id_half").select_option(str(half))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    screenshot(page, "real-use-coordinator-plan-2999")
    check_dutch_page(findings, page, "real-use-coordinator-plan-2999")
    message = _error_text(page, "year")
    findings.check(HalfYearPlan.objects.count() == 0, "a plan for 2999 was made")
    findings.check(message is not None and is_dutch(message), f"no Dutch message for a plan in 2999: {message!r}")

    # The next half-year, typed.
    page.goto("/schedule/plans/")
    type_into(page.locator("#id_year"), str(year))
    page.locator("#id_half").select_option(str(half))
    screenshot(page, "real-use-coordinator-plan-typed")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/schedule/plans/*/")
    plan = HalfYearPlan.objects.get(year=year, half=half)
    resent = go_back_and_send_again(page, page.locator("main form button[type=submit]"),
                                    screenshot, "real-use-coordinator-plan-sent-again",
                                    typed=(page.locator("#id_year"), str(year)))
    findings.check(HalfYearPlan.objects.filter(year=year, half=half).count() == 1,
                   f"back + 'Plan maken' again (resent={resent}) made a second plan for {year}/{half}", page,
                   "real-use-coordinator-plan-sent-again-failed")

    plan_propose_task(plan.pk)  # the Celery task's body, as the worker runs it
    page.goto(f"/schedule/plans/{plan.pk}/")
    screenshot(page, "real-use-coordinator-plan-proposed")
    check_dutch_page(findings, page, "real-use-coordinator-plan-proposed")
    assert_accessible(page)
    plan.refresh_from_db()
    items = list(plan.items.order_by("starts_at"))
    assert items, ("the demo municipality's first plan has no visits: "
                   f"{page.locator('main').inner_text()[:600]!r}")
    unplaced = page.get_by_test_id("unplaced")
    findings.check(not unplaced.count(), "groups could not be placed in the demo's first plan: "
                   f"{unplaced.inner_text() if unplaced.count() else ''!r}")

    # Moving a visit to 2999: refused in Dutch, the visit stays.
    first = items[0]
    page.locator(f"a[href='/schedule/plans/{plan.pk}/visits/{first.pk}/']").click()
    type_date(page.locator("#id_date"), datetime.date(2999, 3, 2))
    type_time(page.locator("#id_time"), datetime.time(10, 0))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    screenshot(page, "real-use-coordinator-move-2999")
    check_dutch_page(findings, page, "real-use-coordinator-move-2999")
    message = _error_text(page, "date")
    first_before = first.starts_at
    first.refresh_from_db()
    findings.check(first.starts_at == first_before, f"the visit was moved to {first.starts_at}", page,
                   "real-use-coordinator-moved-2999")
    findings.check(message is not None and is_dutch(message), f"no Dutch message for a move to 2999: {message!r}")

    # Moving a visit by its time only: the date the server filled in goes back unchanged.
    page.goto(f"/schedule/plans/{plan.pk}/visits/{first.pk}/")
    local = timezone.localtime(first.starts_at)
    findings.check(page.locator("#id_date").input_value() == local.date().isoformat(),
                   f"the move form's date field shows {page.locator('#id_date').input_value()!r}, "
                   f"not the visit's {local.date().isoformat()}", page, "real-use-coordinator-move-date-empty")
    new_time = datetime.time(11, 0) if local.time() != datetime.time(11, 0) else datetime.time(13, 0)
    type_time(page.locator("#id_time"), new_time)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(f"**/schedule/plans/{plan.pk}/")
    first.refresh_from_db()
    moved = timezone.localtime(first.starts_at)
    findings.check((moved.date(), moved.time()) == (local.date(), new_time),
                   f"moved by its time only, the visit is now at {moved:%Y-%m-%d %H:%M}, not "
                   f"{local.date()} {new_time:%H:%M}")

    # She publishes.
    page.goto(f"/schedule/plans/{plan.pk}/")
    page.locator("main form[action$='/publish/'] button").click()
    page.wait_for_url(f"**/schedule/plans/{plan.pk}/")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PUBLISHED
    screenshot(page, "real-use-coordinator-plan-published")
    check_dutch_page(findings, page, "real-use-coordinator-plan-published")

    # The municipal calendar of the month of the first visit: seven columns of one width.
    page.goto(f"/schedule/calendar/?month={timezone.localtime(first.starts_at):%Y-%m}")
    screenshot(page, "real-use-coordinator-calendar")
    check_dutch_page(findings, page, "real-use-coordinator-calendar")
    assert page.locator("table.schedule-month").get_by_text(first.location.name).first.is_visible()
    widths = page.locator("table.schedule-month thead th").evaluate_all(
        "cells => cells.map(c => c.getBoundingClientRect().width)")
    findings.check(len(widths) == 7 and max(widths) <= 1.25 * min(widths),
                   f"the calendar's day columns differ in width: {[round(w) for w in widths]} px")

    page.goto(f"/schedule/budgets/?year={year}")
    screenshot(page, "real-use-coordinator-budgets")
    check_dutch_page(findings, page, "real-use-coordinator-budgets")
    budget_text = page.locator("main").inner_text()
    findings.check("uur" in budget_text and not re.search(ENGLISH_DECIMAL, budget_text),
                   "the budget page writes hours the English way (387.00) or without 'uur': "
                   f"{re.findall(ENGLISH_DECIMAL, budget_text)[:5]}")

    # A budget typed the Dutch way: 387,5 hours is three hundred and eighty-seven and a half.
    district, provider = first.location.district, first.care_provider
    budget_form = page.locator("form[action='/schedule/budgets/set/']")
    budget_form.locator("#id_budget-district").select_option(str(district.pk))
    budget_form.locator("#id_budget-organisation").select_option(f"cp:{provider.pk}")
    type_into(budget_form.locator("#id_budget-year"), str(year))
    type_into(budget_form.locator("#id_budget-hours"), "387,5")
    budget_form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    from scheduling.models import HourBudget

    stored = HourBudget.objects.get(district=district, care_provider=provider, year=year).hours
    findings.check(stored == Decimal("387.5"), f"'387,5' hours were stored as {stored}")
    page.goto(f"/schedule/budgets/?year={year}")
    screenshot(page, "real-use-coordinator-budget-set")
    findings.check("387,50 uur" in page.locator("main").inner_text(),
                   "the budget page does not show the 387,5 hours as '387,50 uur'")

    # The evaluation PDF for the last month, dates typed: the address carries no CSRF token.
    page.goto("/schedule/evaluation/")
    type_date(page.locator("#id_first"), today - datetime.timedelta(days=30))
    type_date(page.locator("#id_last"), today)
    with page.expect_download() as download:
        page.locator("main form button[type=submit]").first.click()
    findings.check("csrfmiddlewaretoken" not in download.value.url,
                   f"the evaluation's address carries the CSRF token: {download.value.url}")
    findings.check(download.value.suggested_filename.endswith(".pdf"), "the evaluation is not a PDF")

    # The specialist of the first visit subscribes to her agenda.
    specialist = first.professional
    mine = list(ScheduledVisit.objects.filter(plan=plan, professional=specialist).order_by("starts_at"))
    agenda = browser_for()
    log_in_typed(agenda, specialist, DEMO_PASSWORD)
    agenda.goto("/schedule/agenda/")
    agenda.locator("form[action='/schedule/feed/renew/'] button").click()
    agenda.wait_for_url("**/schedule/agenda/")
    screenshot(agenda, "real-use-coordinator-specialist-agenda")
    check_dutch_page(findings, agenda, "real-use-coordinator-specialist-agenda")
    url = agenda.get_by_test_id("feed-url").input_value()
    assert re.match(r"^https?://[^/]+/schedule/feed/[^/]+\.ics$", url), f"the calendar address {url!r} is not absolute"

    # Fetched as an agenda program does: no session, no cookies, just the address.
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - the live server's own address
        assert response.status == 200, response.status
        headers = {k.lower(): v for k, v in response.headers.items()}
        body = response.read()
    findings.check(headers.get("content-type", "").startswith("text/calendar"),
                   f"the feed is sent as {headers.get('content-type')!r}")
    findings.check("cache-control" in headers, "the calendar feed is sent without Cache-Control")
    from icalendar import Calendar

    calendar = Calendar.from_ical(body)
    events = list(calendar.walk("VEVENT"))
    starts = {e.decoded("DTSTART") for e in events}
    missing = [v for v in mine if v.starts_at not in starts]
    findings.check(not missing, f"{len(missing)} of her {len(mine)} published visits are not in her feed: "
                   f"{[timezone.localtime(v.starts_at).isoformat() for v in missing[:3]]}")
    from children.models import Child

    text = body.decode()
    named = [f"{first} {last}" for first, last in Child.objects.values_list("first_name", "last_name")
             if f"{first} {last}" in text]
    findings.check(not named, f"the calendar feed names children: {named[:3]}")
    check_every_mail_link(findings)
    findings.assert_none()


def test_amersfoort_coordinator_learns_why_there_is_no_plan(browser_for, screenshot, findings, live_server):
    """Amersfoort's way of working has no preventive visits: its coordinator is told so in words, instead
    of a plan that says "no visits" without a reason."""
    from demo.management.commands.load_demo_data import DEMO_PASSWORD

    call_command("load_demo_data", stdout=io.StringIO())
    coordinator = User.objects.get(username="coordinator.amersfoort")
    year, half = _next_half_year(timezone.localdate())
    page = browser_for()
    log_in_typed(page, coordinator, DEMO_PASSWORD)
    page.goto("/schedule/plans/")
    screenshot(page, "real-use-amersfoort-plans")
    check_dutch_page(findings, page, "real-use-amersfoort-plans")
    reason = page.get_by_test_id("nothing-to-plan")
    if reason.count():
        findings.check(is_dutch(reason.inner_text()), f"the reason is not Dutch: {reason.inner_text()!r}")
        findings.check(not page.locator("#id_year").count(), "a plan form is offered next to 'nothing to plan'")
    else:  # a plan can be asked: it must have visits, or say why not
        type_into(page.locator("#id_year"), str(year))
        page.locator("#id_half").select_option(str(half))
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_url("**/schedule/plans/*/")
        plan = HalfYearPlan.objects.get(municipality__name="Amersfoort")
        plan_propose_task(plan.pk)
        page.reload()
        screenshot(page, "real-use-amersfoort-plan")
        if not plan.items.exists():
            text = page.get_by_test_id("no-visits").inner_text() if page.get_by_test_id("no-visits").count() else ""
            unplaced = page.get_by_test_id("unplaced").count()
            findings.check(unplaced or len(text.split()) > 6,
                           f"Amersfoort's plan has no visits and says no more than {text!r}")
    findings.assert_none()
