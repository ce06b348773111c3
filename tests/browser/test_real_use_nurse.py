"""Real use, the youth nurse on her tablet, in Dutch, typing every value.

She took part in the specialist's observation: she adds her own hours to it, typed "0,75" (shown
as 0,75 afterwards; back and save again adds nothing). She plans a walk-in hour at her location:
2999 typed by mistake is refused in Dutch and plans nothing; the real date typed dd-mm-jjjj plans
it, once even when sent again. Before the hour has begun no question can be recorded for it. The
notice for parents gives a link that a parent opens on her phone without an account, and that
fits the phone. Her days away: 2999 refused in Dutch, a real period typed, changed and removed."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from observations.models import Visit, VisitHours, VisitStatus
from scheduling.models import BlockedPeriod, ScheduledVisit
from tests.accounts.factories import PASSWORD
from tests.browser.conftest import (
    assert_accessible,
    assert_dutch_date_fields,
    check_dutch_page,
    check_every_mail_link,
    horizontal_overflow,
    is_dutch,
    log_in_typed,
    type_date,
    type_into,
    type_time,
)
from tests.browser.test_real_use_pmer import go_back_and_send_again
from tests.casework.conftest import cw, media_in_tmp  # noqa: F401 - fixtures shared with the casework tests

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _observed_case_with_the_nurse(w):
    from casework.models import CaseState
    from casework.services import case_advance
    from observations.services import visit_plan, visit_record_held
    from tests.casework.factories import ask, fake_request
    from tests.consent.factories import consent_for

    case = ask(w, question="Ze praat nog weinig en wijst vooral.")
    consent_for(case.child)
    case.refresh_from_db()
    if case.state == CaseState.AWAITING_CONSENT:  # before casework follows the consent by itself
        case = case_advance(case=case, to=CaseState.READY_TO_PLAN, by=w.pmer_a)
    specialist = w.fixed_specialist
    visit_plan(request=fake_request(specialist), case=case, kind="observation",
               starts_at=timezone.now() + datetime.timedelta(days=2), place="Groepsruimte", by=specialist)
    case.refresh_from_db()
    visit = visit_record_held(request=fake_request(specialist), case=case, kind="observation",
                              held_at=timezone.now() - datetime.timedelta(hours=1), hours=[(specialist, 2)],
                              participants=["specialist", "childcare_worker", "youth_nurse"],
                              notes="Samen met de jeugdverpleegkundige gekeken.", by=specialist)
    case.refresh_from_db()
    return case, visit


def _message(page, field_id):
    under = page.locator(f"#error_1_id_{field_id}, #id_{field_id} ~ .invalid-feedback")
    if under.count():
        return under.first.inner_text()
    alert = page.locator(".alert-danger")
    return alert.first.inner_text() if alert.count() else None


def _save(page):
    page.locator("main form[method=post] button[type=submit]").first.click()
    page.wait_for_load_state()


def test_nurse_adds_her_hours_plans_a_walk_in_hour_and_her_days_away(cw, browser_for, screenshot, findings,  # noqa: F811
                                                                      live_server):
    nurse = cw.fixed_nurse
    case, visit = _observed_case_with_the_nurse(cw)
    case_url = f"/requests/{case.pk}/"
    today = timezone.localdate()
    page = browser_for()
    assert_dutch_date_fields(page)
    log_in_typed(page, nurse, PASSWORD)

    # Her own hours on the observation she took part in.
    page.goto(case_url)
    hours_url = f"/visits/{case.pk}/visit/{visit.pk}/hours/"
    link = page.locator(f"a[href='{hours_url}']")
    findings.check(link.count() == 1, "the case page offers the nurse no way to add her hours to the observation",
                   page, "real-use-nurse-no-hours-link")
    page.goto(hours_url)
    type_into(page.locator("#id_hours"), "0,75")
    screenshot(page, "real-use-nurse-hours-typed")
    check_dutch_page(findings, page, "real-use-nurse-hours-typed")
    _save(page)
    page.wait_for_url(f"**{case_url}")
    screenshot(page, "real-use-nurse-hours-saved")
    mine = VisitHours.objects.filter(visit=visit, professional=nurse)
    findings.check([row.hours for row in mine] == [Decimal("0.75")],
                   f"'0,75' was stored as {[row.hours for row in mine]}")
    findings.check("0,75" in page.get_by_test_id("visits").inner_text(), "the case does not show her hours as 0,75")
    resent = go_back_and_send_again(page, page.locator("main form[method=post] button[type=submit]"),
                                    screenshot, "real-use-nurse-hours-sent-again",
                                    retype=[(page.locator("#id_hours"), "0,75")])
    findings.check(VisitHours.objects.filter(visit=visit, professional=nurse).count() == 1,
                   f"back + save again (resent={resent}) booked her hours twice")

    # A walk-in hour at her location: 2999 first.
    page.goto("/")
    page.locator("a[href='/schedule/walk-in/new/']").first.click()
    page.locator("#id_location").select_option(str(cw.location_a.pk))
    type_date(page.locator("#id_date"), datetime.date(2999, 3, 14))
    type_time(page.locator("#id_time"), datetime.time(14, 0))
    _save(page)
    screenshot(page, "real-use-nurse-walk-in-2999")
    check_dutch_page(findings, page, "real-use-nurse-walk-in-2999")
    message = _message(page, "date")
    findings.check(not ScheduledVisit.objects.filter(kind="walk_in_hour").exists(),
                   "a walk-in hour in 2999 was planned")
    findings.check(message is not None and is_dutch(message), f"no Dutch message for a walk-in in 2999: {message!r}")

    page.goto("/schedule/walk-in/new/")
    day = today + datetime.timedelta(days=10)
    page.locator("#id_location").select_option(str(cw.location_a.pk))
    type_date(page.locator("#id_date"), day)
    type_time(page.locator("#id_time"), datetime.time(14, 0))
    type_into(page.locator("#id_hours"), "1,5")
    screenshot(page, "real-use-nurse-walk-in-typed")
    assert_accessible(page)
    _save(page)
    page.wait_for_url("**/schedule/walk-in/*/")
    walk_in = ScheduledVisit.objects.get(kind="walk_in_hour")
    assert timezone.localtime(walk_in.starts_at).replace(tzinfo=None) == datetime.datetime.combine(
        day, datetime.time(14, 0))
    findings.check(walk_in.expected_hours == Decimal("1.5"), f"'1,5' hours became {walk_in.expected_hours}")
    detail_url = page.url

    # Back, and "Plannen" again, as she sees the form: Chromium restores what she typed, except a field
    # marked autocomplete=off, which shows the server's initial value again.
    page.go_back()
    page.wait_for_load_state()
    assert page.locator("#id_date").input_value() == day.isoformat(), "Chromium did not restore the form"
    hours_back = page.locator("#id_hours").input_value()
    screenshot(page, "real-use-nurse-walk-in-sent-again-back")
    findings.check(hours_back == "1,5",
                   f"after going back the hours read {hours_back!r} instead of the '1,5' she typed (the browser does "
                   "not restore a field with autocomplete=off), so sending again is not the same form")
    if not hours_back:
        type_into(page.locator("#id_hours"), "1,5")
    page.locator("main form[method=post] button[type=submit]").first.click()
    page.wait_for_load_state()
    screenshot(page, "real-use-nurse-walk-in-sent-again")
    findings.check(ScheduledVisit.objects.filter(kind="walk_in_hour").count() == 1,
                   "back + 'Plannen' again planned a second walk-in hour at the same place and time "
                   f"({ScheduledVisit.objects.filter(kind='walk_in_hour').count()} now)")

    # Ten days ahead: no question can be recorded yet.
    page.goto(detail_url)
    screenshot(page, "real-use-nurse-walk-in-detail")
    check_dutch_page(findings, page, "real-use-nurse-walk-in-detail")
    from scheduling.models import WalkInQuestion

    if page.locator("#id_topic").count():
        page.locator("#id_topic").select_option(index=1)
        for name in ("asked_by", "follow_up"):
            page.locator(f"input[name={name}]").first.check()
        _save(page)
    findings.check(not WalkInQuestion.objects.exists(), "a question was recorded for a walk-in hour 10 days ahead",
                   page, "real-use-nurse-walk-in-question-future")

    # The notice for parents: a link a parent opens on her phone, without an account.
    page.locator(f"a[href='/schedule/walk-in/{walk_in.pk}/notice/']").click()
    screenshot(page, "real-use-nurse-walk-in-notice")
    check_dutch_page(findings, page, "real-use-nurse-walk-in-notice")
    public = page.get_by_test_id("public-notice-link")
    assert public.count(), "the notice gives no link for parents"
    url = public.input_value()
    findings.check(bool(re.match(r"^https?://", url)), f"the link for parents {url!r} is not absolute")
    phone = browser_for(phone=True)
    phone.goto(url)
    screenshot(phone, "real-use-nurse-walk-in-public-phone")
    assert "/login/" not in phone.url, "the parents' link asks for a login"
    assert phone.get_by_text(cw.location_a.name).first.is_visible()
    overflow = horizontal_overflow(phone)
    findings.check(overflow <= 0, f"the parents' notice scrolls sideways on a phone by {overflow}px")
    check_dutch_page(findings, phone, "real-use-nurse-walk-in-public-phone")

    # Days away: 2999 refused; a real period typed, changed, removed.
    page.goto("/schedule/availability/")
    type_date(page.locator("#id_blocked-starts_on"), datetime.date(2999, 6, 1))
    type_date(page.locator("#id_blocked-ends_on"), datetime.date(2999, 6, 5))
    page.locator("form:has(input[name=form][value=blocked]) button[type=submit]").click()
    page.wait_for_load_state()
    screenshot(page, "real-use-nurse-away-2999")
    check_dutch_page(findings, page, "real-use-nurse-away-2999")
    message = _message(page, "blocked-starts_on") or _message(page, "blocked-ends_on")
    findings.check(not BlockedPeriod.objects.exists(), "days away in 2999 were saved")
    findings.check(message is not None and is_dutch(message), f"no Dutch message for days away in 2999: {message!r}")

    page.goto("/schedule/availability/")
    first, last = today + datetime.timedelta(days=20), today + datetime.timedelta(days=24)
    type_date(page.locator("#id_blocked-starts_on"), first)
    type_date(page.locator("#id_blocked-ends_on"), last)
    type_into(page.locator("#id_blocked-reason"), "Vakantie")
    page.locator("form:has(input[name=form][value=blocked]) button[type=submit]").click()
    page.wait_for_url("**/schedule/availability/")
    period = BlockedPeriod.objects.get(professional=nurse)
    assert (period.starts_on, period.ends_on, period.reason) == (first, last, "Vakantie")
    resent = go_back_and_send_again(page, page.locator("form:has(input[name=form][value=blocked]) button[type=submit]"),
                                    screenshot, "real-use-nurse-away-sent-again",
                                    typed=(page.locator("#id_blocked-reason"), "Vakantie"))
    findings.check(BlockedPeriod.objects.filter(professional=nurse).count() == 1,
                   f"back + send again (resent={resent}) blocked the days twice")
    page.goto("/schedule/availability/")
    screenshot(page, "real-use-nurse-away-listed")
    page.locator(f"a[href='/schedule/availability/away/{period.pk}/']").click()
    later = today + datetime.timedelta(days=26)
    ends_on = page.locator("input[name$=ends_on]")
    type_date(ends_on, later)
    page.locator("main form[method=post]:not([action]) button[type=submit]").first.click()
    page.wait_for_url("**/schedule/availability/")
    period.refresh_from_db()
    assert period.ends_on == later
    page.locator(f"form[action='/schedule/availability/away/{period.pk}/remove/'] button").click()
    page.wait_for_url("**/schedule/availability/")
    screenshot(page, "real-use-nurse-away-removed")
    assert not BlockedPeriod.objects.filter(professional=nurse).exists()

    assert Visit.objects.filter(case=case, status=VisitStatus.HELD).count() == 1
    check_every_mail_link(findings)
    findings.assert_none()
