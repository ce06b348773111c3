"""Real use, the specialist on her tablet, in Dutch, typing every value.

The guardians consented (consent service), so the case is ready to plan. She plans the
observation: a date in 2999 typed by mistake is refused in Dutch and nothing is planned; the real
date is typed digit by digit (dd-mm-jjjj) into the browser's date field; back and "Plannen" again
plans nothing twice. She records the held observation: the date the server fills in (today) is
sent as it is, without retyping; her hours typed the Dutch way, "1,5", show as 1,5 when the form
comes back with a remark, are kept as one and a half hours, show as 1,5 on the case and count 1,5
in the district's budget on the coordinator's page. Back and "Opslaan" again records nothing
twice. Her advice is typed in; back and save again gives no second copy."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from django.utils.text import slugify

from casework.models import CaseState
from observations.models import Advice, Visit, VisitHours, VisitStatus
from scheduling.models import HourBudget
from tests.accounts.factories import PASSWORD
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
from tests.casework.conftest import cw, media_in_tmp  # noqa: F401 - fixtures shared with the casework tests

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTES = "Zoekt weinig contact, wijst naar wat ze wil; reageert goed op benoemen."
ADVICE = "Benoem wat ze aanwijst en wacht even op haar antwoord."


def _ready_case(w):
    from casework.services import case_advance
    from tests.casework.factories import ask
    from tests.consent.factories import consent_for

    case = ask(w, question="Ze praat nog weinig en wijst vooral.")
    consent_for(case.child)
    case.refresh_from_db()
    if case.state == CaseState.AWAITING_CONSENT:  # before casework follows the consent by itself
        case = case_advance(case=case, to=CaseState.READY_TO_PLAN, by=w.pmer_a)
    return case


def _save(page):
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()


def _field_message(page, field_id):
    """The message under a field (crispy's), or the page's alert when there is none."""
    under = page.locator(f"#error_1_id_{field_id}, #id_{field_id} ~ .invalid-feedback")
    return under.first if under.count() else page.locator(".alert-danger").first


def test_specialist_plans_records_with_dutch_hours_and_gives_advice(cw, browser_for, screenshot, findings,  # noqa: F811
                                                                     live_server):
    case = _ready_case(cw)
    case_url = f"/requests/{case.pk}/"
    today = timezone.localdate()
    budget = HourBudget.objects.create(district=cw.location_a.district, care_provider=cw.care_provider,
                                       year=today.year, hours=10)
    page = browser_for()
    assert_dutch_date_fields(page)

    log_in_typed(page, cw.fixed_specialist, PASSWORD)
    page.goto(case_url)
    page.locator(f"a[href^='/visits/{case.pk}/plan/']").first.click()

    # 2999: refused in Dutch, nothing planned.
    type_date(page.locator("#id_date"), datetime.date(2999, 6, 1))
    type_time(page.locator("#id_time"), datetime.time(9, 30))
    type_into(page.locator("#id_place"), "Groepsruimte Dreumesen")
    _save(page)
    screenshot(page, "real-use-specialist-plan-2999")
    check_dutch_page(findings, page, "real-use-specialist-plan-2999")
    message = _field_message(page, "date")
    findings.check(Visit.objects.filter(case=case).count() == 0,
                   "a visit in 2999 was planned", page, "real-use-specialist-plan-2999-saved")
    findings.check(message.count() and message.is_visible() and is_dutch(message.inner_text()),
                   f"no Dutch message for a visit in 2999: {message.inner_text() if message.count() else None!r}")

    # The real date, typed digit by digit.
    page.goto(f"/visits/{case.pk}/plan/")
    planned_on = today + datetime.timedelta(days=3)
    type_date(page.locator("#id_date"), planned_on)
    assert page.locator("#id_date").input_value() == planned_on.isoformat()
    type_time(page.locator("#id_time"), datetime.time(9, 30))
    type_into(page.locator("#id_place"), "Groepsruimte Dreumesen")
    screenshot(page, "real-use-specialist-plan-typed")
    check_dutch_page(findings, page, "real-use-specialist-plan-typed")
    assert_accessible(page)
    _save(page)
    page.wait_for_url(f"**{case_url}")
    assert page.get_by_test_id("case-state").inner_text() == "Gepland"
    visit = Visit.objects.get(case=case)
    findings.check("09:30" in page.get_by_test_id("visits").inner_text(),
                   "the planned visit typed at 09:30 (Amsterdam) does not show as 09:30 on the case")
    assert timezone.localtime(visit.starts_at).replace(tzinfo=None) == datetime.datetime.combine(
        planned_on, datetime.time(9, 30))
    resent = go_back_and_send_again(page, page.locator("main form button[type=submit]"),
                                    screenshot, "real-use-specialist-plan-sent-again",
                                    typed=(page.locator("#id_date"), planned_on.isoformat()))
    findings.check(Visit.objects.filter(case=case).count() == 1,
                   f"back + 'Plannen' again (resent={resent}) planned the visit twice", page,
                   "real-use-specialist-plan-sent-again-failed")

    # The held observation. Sent first without notes: the form comes back with her hours as she typed them.
    page.goto(case_url)
    record_link = page.locator(f"a[href='/visits/{case.pk}/record/?kind=observation']").first
    record_link.click()
    held_at = max(timezone.localtime() - datetime.timedelta(hours=1),
                  timezone.localtime().replace(hour=0, minute=0))
    type_time(page.locator("#id_time"), held_at)
    type_into(page.locator("#id_hours"), "1,5")
    _save(page)
    screenshot(page, "real-use-specialist-record-without-notes")
    check_dutch_page(findings, page, "real-use-specialist-record-without-notes")
    hours_back = page.locator("#id_hours").input_value()
    findings.check(hours_back == "1,5", f"after a refused form the hours read {hours_back!r}, not '1,5'",
                   page, "real-use-specialist-record-hours-back")
    assert Visit.objects.filter(case=case, status=VisitStatus.HELD).count() == 0

    # She opens the form again from the case: today's date as the server fills it in is sent as it is.
    page.goto(case_url)
    record_link.click()
    prefilled = page.locator("#id_date").input_value()
    findings.check(prefilled == today.isoformat(),
                   f"the record form's date field shows {prefilled!r} instead of today: the server's value "
                   "did not reach the browser's date field", page, "real-use-specialist-record-date-empty")
    if not prefilled:  # as she would, when the date field came empty
        type_date(page.locator("#id_date"), today)
    type_time(page.locator("#id_time"), held_at)
    type_into(page.locator("#id_hours"), "1,5")
    type_into(page.locator("#id_notes"), NOTES)
    screenshot(page, "real-use-specialist-record-typed")
    assert_accessible(page)
    _save(page)
    screenshot(page, "real-use-specialist-recorded")
    check_dutch_page(findings, page, "real-use-specialist-recorded")
    page.wait_for_url(f"**{case_url}")
    assert page.get_by_test_id("case-state").inner_text() == "Geobserveerd"
    held = Visit.objects.get(case=case, status=VisitStatus.HELD)
    stored = VisitHours.objects.get(visit=held, professional=cw.fixed_specialist).hours
    findings.check(stored == Decimal("1.5"), f"'1,5' hours were stored as {stored}")
    visits_text = page.get_by_test_id("visits").inner_text()
    findings.check("1,5" in visits_text, f"the case does not show the hours as 1,5: {visits_text!r}")

    resent = go_back_and_send_again(page, page.locator("main form button[type=submit]"),
                                    screenshot, "real-use-specialist-record-sent-again",
                                    typed=(page.locator("#id_notes"), NOTES),
                                    retype=[(page.locator("#id_hours"), "1,5")])
    findings.check(Visit.objects.filter(case=case, status=VisitStatus.HELD).count() == 1
                   and VisitHours.objects.filter(visit__case=case).count() == 1,
                   f"back + 'Opslaan' again (resent={resent}) recorded the visit twice", page,
                   "real-use-specialist-record-sent-again-failed")

    # Her advice, typed.
    page.goto(case_url)
    page.locator(f"a[href='/visits/{case.pk}/advice/']").first.click()
    page.locator("#id_advice-0-target").select_option("childcare_worker")
    page.locator("#id_advice-0-category").select_option("child_approach")
    type_into(page.locator("#id_advice-0-text"), ADVICE)
    screenshot(page, "real-use-specialist-advice-typed")
    check_dutch_page(findings, page, "real-use-specialist-advice-typed")
    _save(page)
    page.wait_for_url(f"**{case_url}")
    assert page.get_by_test_id("case-state").inner_text() == "Advies gegeven"
    assert list(Advice.objects.filter(case=case).values_list("text", flat=True)) == [ADVICE]
    resent = go_back_and_send_again(page, page.locator("main form button[type=submit]"),
                                    screenshot, "real-use-specialist-advice-sent-again",
                                    typed=(page.locator("#id_advice-0-text"), ADVICE))
    findings.check(Advice.objects.filter(case=case).count() == 1,
                   f"back + save again (resent={resent}) gave the advice twice", page,
                   "real-use-specialist-advice-sent-again-failed")

    # The coordinator's budget page counts her one and a half hours.
    coordinator = browser_for()
    log_in_typed(coordinator, cw.coordinator, PASSWORD)
    coordinator.goto(f"/schedule/budgets/?year={today.year}")
    row = coordinator.get_by_test_id(f"budget-{slugify(budget.district.name)}")
    screenshot(coordinator, "real-use-specialist-budget-coordinator")
    check_dutch_page(findings, coordinator, "real-use-specialist-budget-coordinator")
    used = row.get_by_test_id("used").inner_text().strip()
    remaining = row.get_by_test_id("remaining").inner_text().strip()
    findings.check(used.startswith("1,5"), f"the budget counts {used!r} used, not 1,5")
    findings.check(remaining.startswith("8,5"), f"the budget shows {remaining!r} remaining, not 8,5")
    check_every_mail_link(findings)
    findings.assert_none()


def test_specialist_records_yesterdays_planned_visit_without_retyping_its_date(cw, browser_for, screenshot,  # noqa: F811
                                                                               findings, live_server):
    """Asked three days ago, the observation planned for yesterday 09:30: today she records it as held
    from its "Als gehouden vastleggen" button. The date and time the server fills in (the planned
    moment) are sent as they are; she types only her notes and "2" hours."""
    from casework.models import Case, ObservationRequest
    from observations.services import visit_plan
    from tests.casework.factories import fake_request

    case = _ready_case(cw)
    three_days_ago = timezone.now() - datetime.timedelta(days=3)
    ObservationRequest.objects.filter(pk=case.request_id).update(created_at=three_days_ago)
    Case.objects.filter(pk=case.pk).update(opened_at=three_days_ago)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    planned_at = timezone.make_aware(datetime.datetime.combine(yesterday, datetime.time(9, 30)))
    visit = visit_plan(request=fake_request(cw.fixed_specialist), case=case, kind="observation",
                       starts_at=timezone.now() + datetime.timedelta(days=1), place="Groepsruimte",
                       by=cw.fixed_specialist)
    Visit.objects.filter(pk=visit.pk).update(starts_at=planned_at)  # planned back then for yesterday
    case_url = f"/requests/{case.pk}/"

    page = browser_for()
    log_in_typed(page, cw.fixed_specialist, PASSWORD)
    page.goto(case_url)
    page.locator(f"a[href='/visits/{case.pk}/record/?visit={visit.pk}']").click()
    screenshot(page, "real-use-specialist-record-planned")
    check_dutch_page(findings, page, "real-use-specialist-record-planned")
    date_shown, time_shown = page.locator("#id_date").input_value(), page.locator("#id_time").input_value()
    findings.check((date_shown, time_shown) == (yesterday.isoformat(), "09:30"),
                   f"the form proposes {date_shown!r} {time_shown!r}, not the planned {yesterday} 09:30")
    type_into(page.locator("#id_notes"), NOTES)
    type_into(page.locator("#id_hours"), "2")
    _save(page)
    screenshot(page, "real-use-specialist-record-planned-saved")
    page.wait_for_url(f"**{case_url}")
    visit.refresh_from_db()
    assert visit.status == VisitStatus.HELD
    findings.check(visit.starts_at == planned_at,
                   f"held at {timezone.localtime(visit.starts_at):%Y-%m-%d %H:%M}, not at the planned moment")
    assert Visit.objects.filter(case=case).count() == 1
    findings.assert_none()
