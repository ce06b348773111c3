"""The whole case journey in Chromium (issue 5, done when): a childcare worker asks for an
observation and records the guardians' signed paper form; the specialist plans and records the
observation (a future date and impossible hours refused first) and gives advice; the worker says
how the advice worked; the specialist holds two follow-up talks and closes the case.

The first steps are the request journey's own (tests/browser/test_request_journey.py). Buttons
and fields of the visit pages are found by address and id, not by their text, so the test does
not depend on the translations the lead adds later."""

import datetime

import pytest
from django.utils import timezone

from casework.models import CaseState
from observations.models import Advice, Visit, VisitHours, VisitStatus
from tests.browser.conftest import assert_accessible
from tests.browser.test_request_journey import ask_for_help_and_record_paper_consent, sign_in
from tests.casework.conftest import cw, media_in_tmp  # noqa: F401 - fixtures shared with the casework tests

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTES = "Zoekt weinig contact, wijst naar wat ze wil; reageert goed op benoemen."


def _fill_held_visit(page, *, notes, hours, when=None):
    when = when or (timezone.localtime() - datetime.timedelta(hours=1))
    page.locator("#id_date").fill(when.date().isoformat())
    page.locator("#id_time").fill(when.strftime("%H:%M"))
    page.locator("#id_notes").fill(notes)
    page.locator("#id_hours").fill(hours)


def _save(page):
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()


def test_whole_case_journey(cw, page, screenshot, tmp_path, live_server):  # noqa: F811
    child = cw.children_a[0]
    case = ask_for_help_and_record_paper_consent(cw, page, screenshot, tmp_path, live_server, child)
    case_url = f"/requests/{case.pk}/"

    # The specialist plans the observation from the case page.
    sign_in(page, cw.fixed_specialist, live_server.url)
    page.goto(case_url)
    page.locator(f"a[href='/visits/{case.pk}/plan/']").click()
    page.locator("#id_date").fill((timezone.localdate() + datetime.timedelta(days=2)).isoformat())
    page.locator("#id_time").fill("09:30")
    page.locator("#id_place").fill("Groepsruimte Dreumesen")
    screenshot(page, "observations-plan-form")
    assert_accessible(page)
    _save(page)
    page.wait_for_url(f"**{case_url}")
    assert page.get_by_test_id("case-state").inner_text() == "Gepland"
    assert page.get_by_test_id("visits").get_by_text("Groepsruimte Dreumesen").is_visible()
    screenshot(page, "observations-case-planned-specialist")
    assert_accessible(page)

    # She records the held observation: a future date and 25 hours are refused, the notes kept.
    page.locator(f"a[href='/visits/{case.pk}/record/?kind=observation']").click()
    _fill_held_visit(page, notes=NOTES, hours="25",
                     when=timezone.localtime() + datetime.timedelta(days=1))
    page.locator("#id_video_used").check()
    page.locator("#id_nurse_hours").fill("1")
    _save(page)
    assert page.locator("#error_1_id_date").is_visible() and page.locator("#error_1_id_hours").is_visible()
    assert page.locator("#id_notes").input_value() == NOTES
    assert page.locator("#id_video_used").is_checked()
    screenshot(page, "observations-record-errors")
    assert_accessible(page)
    _fill_held_visit(page, notes=NOTES, hours="2.5")
    screenshot(page, "observations-record-form")
    _save(page)
    page.wait_for_url(f"**{case_url}")
    assert page.get_by_test_id("case-state").inner_text() == "Geobserveerd"

    # Advice, two items.
    page.locator(f"a[href='/visits/{case.pk}/advice/']").first.click()
    page.locator("#id_advice-0-target").select_option("childcare_worker")
    page.locator("#id_advice-0-category").select_option("child_approach")
    page.locator("#id_advice-0-text").fill("Benoem wat ze aanwijst en wacht even op haar antwoord.")
    page.locator("#id_advice-1-target").select_option("group")
    page.locator("#id_advice-1-category").select_option("day_programme")
    page.locator("#id_advice-1-text").fill("Vaste liedjes bij de overgangen in de ochtend.")
    screenshot(page, "observations-advice-form")
    assert_accessible(page)
    _save(page)
    page.wait_for_url(f"**{case_url}")
    assert page.get_by_test_id("case-state").inner_text() == "Advies gegeven"
    assert page.get_by_test_id("advice").locator("li").count() == 2
    screenshot(page, "observations-case-advised-specialist")
    assert_accessible(page)

    # The childcare worker says how the advice worked, from the case page.
    sign_in(page, cw.pmer_a, live_server.url)
    page.goto(case_url)
    assert page.get_by_test_id("visits").get_by_text(NOTES).is_visible()
    first = Advice.objects.order_by("pk").first()
    page.locator(f"a[href='/visits/{case.pk}/advice/{first.pk}/evaluate/']").click()
    page.locator("input[name=tried][value=tried]").check()
    page.locator("#id_remark").fill("Ze wijst nu minder en zegt vaker een woord.")
    _save(page)  # how it worked is missing
    assert page.locator("#error_1_id_worked").is_visible()
    assert page.locator("#id_remark").input_value() == "Ze wijst nu minder en zegt vaker een woord."
    screenshot(page, "observations-evaluate-errors")
    assert_accessible(page)
    page.locator("#id_worked").select_option("worked")
    _save(page)
    page.wait_for_url(f"**{case_url}")
    assert page.get_by_test_id("advice-evaluation").first.is_visible()
    screenshot(page, "observations-case-evaluated-pmer")
    assert_accessible(page)

    # Two follow-up talks by the specialist, the first with a remark on the advice.
    sign_in(page, cw.fixed_specialist, live_server.url)
    for number in (1, 2):
        page.goto(case_url)
        page.locator(f"a[href='/visits/{case.pk}/record/?kind=follow_up']").click()
        _fill_held_visit(page, notes=f"Vervolggesprek {number}: het gaat beter.", hours="1")
        if number == 1:
            page.locator(f"#id_remark_{first.pk}").fill("Werkt ook bij het eten.")
            screenshot(page, "observations-follow-up-form")
            assert_accessible(page)
        _save(page)
        page.wait_for_url(f"**{case_url}")
    assert page.get_by_test_id("case-state").inner_text() == "Vervolg"
    screenshot(page, "observations-case-follow-up-specialist")
    assert_accessible(page)

    # She closes the case.
    page.get_by_role("button", name="Afsluiten: opgelost binnen de kinderopvang").click()
    page.wait_for_load_state()
    assert "Afgesloten" in page.get_by_test_id("case-state").inner_text()
    screenshot(page, "observations-case-closed")
    assert_accessible(page)

    case.refresh_from_db()
    assert case.state == CaseState.CLOSED and case.follow_ups == 2
    assert list(Visit.objects.filter(case=case).values_list("kind", "status")) == [
        ("observation", VisitStatus.HELD), ("follow_up", VisitStatus.HELD), ("follow_up", VisitStatus.HELD)]
    observation = Visit.objects.get(kind="observation")
    assert observation.video_used and observation.notes == NOTES
    assert {(r.professional_id, str(r.hours)) for r in VisitHours.objects.filter(visit=observation)} == {
        (cw.fixed_specialist.pk, "2.50"), (cw.fixed_nurse.pk, "1.00")}
    first.refresh_from_db()
    # The specialist's note from the follow-up talk sits next to the worker's own remark, not over it.
    assert (first.tried, first.worked, first.remark, first.follow_up_remark) == (
        "tried", "worked", "Ze wijst nu minder en zegt vaker een woord.", "Werkt ook bij het eten.")
