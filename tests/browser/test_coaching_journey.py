"""Real use of coaching on the job (issue 17): the specialist records coaching on her tablet, the
pm'er opens "Mijn groei" on her phone and rates herself. Dutch Chromium, every value typed."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from coaching.models import CoachingMoment, SelfAssessment
from tests.accounts.factories import PASSWORD
from tests.browser.conftest import (
    assert_accessible,
    assert_dutch_date_fields,
    horizontal_overflow,
    log_in_typed,
    type_date,
    type_into,
)
from tests.browser.test_real_use_pmer import go_back_and_send_again
from tests.casework.conftest import cw  # noqa: F401 - the staffed Hoogeveen world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _save(page):
    page.locator("main form[method=post] button[type=submit]").first.click()
    page.wait_for_load_state()


def _fill(page, pmer, *, held_on):
    type_date(page.locator("#id_held_on"), held_on)
    page.get_by_label("Op afroep").check()
    page.get_by_label(pmer.get_full_name()).check()
    page.get_by_label("Omgaan met opvallend gedrag").check()
    page.get_by_label("Samen video bekeken").check()
    type_into(page.locator("#id_discussed"), "Bijten in de kring; samen de video van de ochtend bekeken.")
    type_into(page.locator("#id_will_try"), "De kring korter maken en benoemen wat goed gaat.")
    type_into(page.locator("#id_hours"), "1,5")


def test_specialist_records_coaching_and_the_pmer_sees_her_growth(cw, browser_for, screenshot):  # noqa: F811
    specialist, pmer = cw.fixed_specialist, cw.pmer_a
    today = timezone.localdate()

    page = browser_for()
    assert_dutch_date_fields(page)
    log_in_typed(page, specialist, PASSWORD)
    page.get_by_role("link", name="Coaching op de werkvloer").click()
    page.get_by_role("link", name="Coachmoment vastleggen").click()
    page.get_by_label("Locatie").select_option(label=str(cw.location_a))
    page.get_by_role("button", name="Volgende").click()
    page.wait_for_load_state()
    assert "slaat geen video op" in page.content()

    # A slip of the keyboard first: 2999.
    _fill(page, pmer, held_on=datetime.date(2999, 3, 14))
    _save(page)
    screenshot(page, "coaching-specialist-2999")
    assert "Deze datum ligt in de toekomst." in page.content()
    assert CoachingMoment.objects.count() == 0
    assert page.locator("#id_discussed").input_value().startswith("Bijten in de kring")

    # She opens the form afresh (so that going back later returns to a clean form) and types it right.
    page.goto(page.url)
    _fill(page, pmer, held_on=today)
    type_date(page.locator("#id_look_back_on"), today + datetime.timedelta(days=21))
    assert_accessible(page)
    _save(page)
    page.wait_for_url("**/coaching/")
    screenshot(page, "coaching-specialist-saved")
    moment = CoachingMoment.objects.get()
    assert (moment.held_on, moment.hours) == (today, Decimal("1.5"))
    assert moment.look_back_on == today + datetime.timedelta(days=21)
    assert "Omgaan met opvallend gedrag" in page.locator("main").inner_text()
    assert_accessible(page)

    go_back_and_send_again(page, page.locator("main form[method=post] button[type=submit]"),
                           retype=[(page.locator("#id_hours"), "1,5")])
    assert CoachingMoment.objects.count() == 1, "back and save again recorded the coaching twice"

    phone = browser_for(phone=True)
    log_in_typed(phone, pmer, PASSWORD)
    phone.get_by_role("link", name="Mijn groei").click()
    phone.wait_for_load_state()
    assert "Bijten in de kring" in phone.content()
    assert "De kring korter maken" in phone.content()
    phone.get_by_role("link", name="Beoordeel jezelf nu").click()
    type_date(phone.locator("#id_assessed_on"), today)
    for field, score in (("child_development", 3), ("striking_behaviour", 2), ("asking_for_help", 4),
                         ("parents", 3)):
        phone.locator(f"input[name={field}][value='{score}']").check()
    type_into(phone.locator("#id_note"), "Ik durf meer te vragen.")
    screenshot(phone, "coaching-pmer-self-assessment")
    assert_accessible(phone)
    _save(phone)
    phone.wait_for_url("**/coaching/my-growth/")
    screenshot(phone, "coaching-pmer-growth")
    assert SelfAssessment.objects.filter(author=pmer, striking_behaviour=2).count() == 1
    assert phone.locator("svg polyline").count() == 4
    assert horizontal_overflow(phone) == 0
    assert_accessible(phone)
