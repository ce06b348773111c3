"""Real use of coaching planned together (issue 17 item 4): the pedagogical coach proposes a coaching
moment on her tablet, the location's specialist finds it in her notifications and accepts, both see it
in their agenda, and after it took place the coach records the coaching moment from it, prefilled.
Dutch Chromium, every value typed; a slip to 2999 first; back and send again."""

import datetime
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from coaching.models import AppointmentStatus, CoachingAppointment, CoachingMoment
from notifications.services import outbox_sweep
from tests.accounts.factories import PASSWORD
from tests.browser.conftest import (
    assert_accessible,
    assert_dutch_date_fields,
    horizontal_overflow,
    log_in_typed,
    type_date,
    type_into,
    type_time,
)
from tests.browser.test_real_use_pmer import go_back_and_send_again
from tests.casework.conftest import cw  # noqa: F401 - the staffed Hoogeveen world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NOTES_SHOTS = Path("/work/notes/shots")


@pytest.fixture
def shot(screenshot):
    """The suite's screenshot, and a copy for the session's notes when that folder exists."""

    def take(page, name):
        path = screenshot(page, name)
        if NOTES_SHOTS.is_dir():
            shutil.copy(path, NOTES_SHOTS / f"schedule-{name}.png")
        return path

    return take


def _send(page):
    page.locator("main form[method=post] button[type=submit]").first.click()
    page.wait_for_load_state()


def _propose(page, pmer, day):
    type_date(page.locator("#id_date"), day)
    type_time(page.locator("#id_time"), datetime.time(10, 0))
    type_into(page.locator("#id_hours"), "1,5")
    page.get_by_label(pmer.get_full_name()).check()
    page.get_by_label("Omgang met ouders").check()
    type_into(page.locator("#id_note"), "Het oudergesprek over wennen voorbereiden.")


def test_coach_proposes_specialist_accepts_both_see_it_and_it_is_recorded(cw, browser_for, shot):  # noqa: F811
    coach, specialist, pmer = cw.pedagogical_coach, cw.fixed_specialist, cw.pmer_a
    day = timezone.localdate() + datetime.timedelta(days=2)

    tablet = browser_for()
    assert_dutch_date_fields(tablet)
    log_in_typed(tablet, coach, PASSWORD)
    tablet.get_by_role("link", name="Coaching op de werkvloer").first.click()
    tablet.get_by_test_id("appointments-link").click()
    tablet.get_by_test_id("plan").click()
    tablet.get_by_label("Locatie").select_option(label=str(cw.location_a))
    tablet.get_by_role("button", name="Volgende").click()
    tablet.wait_for_load_state()

    # A slip of the keyboard first: 2999.
    _propose(tablet, pmer, datetime.date(2999, day.month, day.day))
    _send(tablet)
    shot(tablet, "coach-proposal-2999")
    assert "Kies een moment binnen een jaar vanaf nu." in tablet.content()
    assert CoachingAppointment.objects.count() == 0
    assert tablet.locator("#id_note").input_value().startswith("Het oudergesprek")

    tablet.goto(tablet.url)
    _propose(tablet, pmer, day)
    assert_accessible(tablet)
    _send(tablet)
    tablet.wait_for_url("**/coaching/appointments/*/")
    shot(tablet, "coach-proposal-sent")
    appointment = CoachingAppointment.objects.get()
    assert appointment.specialist == specialist and appointment.hours == Decimal("1.5")
    assert timezone.localtime(appointment.starts_at).date() == day
    assert "Wacht op antwoord" in tablet.locator("main").inner_text()
    go_back_and_send_again(tablet, tablet.locator("main form[method=post] button[type=submit]"),
                           retype=[(tablet.locator("#id_hours"), "1,5")])
    assert CoachingAppointment.objects.count() == 1, "back and send again proposed the coaching twice"

    # The specialist is told, opens the proposal from her notifications and accepts it.
    outbox_sweep()
    other = browser_for()
    log_in_typed(other, specialist, PASSWORD)
    other.get_by_test_id("notifications-link").click()
    other.wait_for_url("**/notifications/")
    shot(other, "specialist-notifications")
    other.get_by_role("button", name=re.compile("Je krijgt een voorstel voor een coachingsmoment")).first.click()
    other.wait_for_url(f"**/coaching/appointments/{appointment.pk}/")
    assert pmer.get_full_name() in other.locator("main").inner_text()
    other.get_by_label("Accepteren").check()
    shot(other, "specialist-answers")
    assert_accessible(other)
    _send(other)
    other.wait_for_url(f"**/coaching/appointments/{appointment.pk}/")
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.ACCEPTED
    assert "staat in jullie beide agenda's" in other.content()

    # Both find it in their agenda.
    for page, name in ((other, "specialist-agenda"), (tablet, "coach-agenda")):
        page.goto("/schedule/agenda/")
        coaching = page.get_by_test_id("agenda-coaching")
        assert cw.location_a.name in coaching.inner_text()
        shot(page, name)
        assert horizontal_overflow(page) == 0

    # It took place (the clock moves on): the coach records the coaching moment from it, prefilled.
    CoachingAppointment.objects.filter(pk=appointment.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=2))
    outbox_sweep()
    tablet.goto(f"/coaching/appointments/{appointment.pk}/")
    tablet.get_by_test_id("record").click()
    tablet.wait_for_url("**/record/")
    assert tablet.get_by_label(pmer.get_full_name()).is_checked()
    assert tablet.get_by_label("Omgang met ouders").is_checked()
    assert tablet.locator("#id_hours").input_value() == "1,5"
    type_into(tablet.locator("#id_discussed"), "Samen het oudergesprek voorbereid; rollenspel gedaan.")
    shot(tablet, "coach-records-moment")
    assert_accessible(tablet)
    _send(tablet)
    tablet.wait_for_url(f"**/coaching/appointments/{appointment.pk}/")
    shot(tablet, "coach-recorded")
    moment = CoachingMoment.objects.get()
    assert moment.coach == specialist and moment.hours == Decimal("1.5")
    assert list(moment.participants.all()) == [pmer]
    assert tablet.get_by_test_id("recorded").is_visible()


def test_the_pmer_is_told_and_sees_it_then_the_specialist_cancels_with_a_reason(cw, browser_for, shot):  # noqa: F811
    """The pm'er named on accepted coaching finds it from her notification in her agenda (on her phone);
    the specialist cancels it, first without a reason (a Dutch message), then with one; the coach reads
    why, and it is gone from the pm'er's agenda."""
    from coaching.services import appointment_accept, appointment_propose
    from notifications.models import Outbox

    coach, specialist, pmer = cw.pedagogical_coach, cw.fixed_specialist, cw.pmer_a
    appointment = appointment_propose(
        by=coach, location=cw.location_a, group=None, participants=[pmer], competences=["parents"],
        starts_at=timezone.now() + datetime.timedelta(days=3), hours=Decimal("1.5"))
    appointment_accept(appointment=appointment, by=specialist)
    outbox_sweep()

    phone = browser_for(phone=True)
    log_in_typed(phone, pmer, PASSWORD)
    phone.goto("/notifications/")  # behind the menu button on a phone
    phone.get_by_role("button", name=re.compile("Er is coaching met jou gepland")).first.click()
    phone.wait_for_url("**/schedule/agenda/")
    coaching = phone.get_by_test_id("agenda-coaching")
    assert cw.location_a.name in coaching.inner_text()
    assert coaching.get_by_role("link").count() == 0  # place and time, not the planners' page
    shot(phone, "pmer-agenda-coaching")
    assert horizontal_overflow(phone) == 0

    tablet = browser_for()
    log_in_typed(tablet, specialist, PASSWORD)
    tablet.goto(f"/coaching/appointments/{appointment.pk}/")
    tablet.get_by_test_id("cancel").click()
    tablet.wait_for_url("**/cancel/")
    tablet.get_by_test_id("confirm-cancel").click()
    tablet.wait_for_load_state()
    assert "Geef kort de reden" in tablet.content()
    shot(tablet, "specialist-cancel-no-reason")
    type_into(tablet.locator("#id_reason"), "Ik ben die dag op cursus.")
    assert_accessible(tablet)
    tablet.get_by_test_id("confirm-cancel").click()
    tablet.wait_for_url(f"**/coaching/appointments/{appointment.pk}/")
    shot(tablet, "specialist-cancelled")
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.CANCELLED
    # Opened again (an old tab): it says it is done, and nobody is told twice.
    tablet.goto(f"/coaching/appointments/{appointment.pk}/cancel/")
    tablet.wait_for_url(f"**/coaching/appointments/{appointment.pk}/")
    assert "kun je niet (meer) intrekken of afzeggen" in tablet.content()
    assert tablet.get_by_test_id("cancel").count() == 0
    assert Outbox.objects.filter(recipient=coach, kind="coaching_cancelled").count() == 1

    other = browser_for()
    log_in_typed(other, coach, PASSWORD)
    other.goto(f"/coaching/appointments/{appointment.pk}/")
    main = other.locator("main").inner_text()
    assert "Afgezegd" in main and "Ik ben die dag op cursus." in main
    shot(other, "coach-sees-cancelled")

    phone.goto("/schedule/agenda/")
    assert phone.get_by_test_id("agenda-coaching").count() == 0
    assert Outbox.objects.filter(recipient=pmer, kind="coaching_cancelled").count() == 1
