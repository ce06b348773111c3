"""A primary-school teacher asks for an observation (issue 17 item 5), in Chromium, every value typed.

Juf of De Regenboog (Hoogeveen, whose schools take part) logs in on a tablet (name, password and the
code from her authenticator app, typed), opens her home page and asks about a pupil of her class by
typing her question; the first try without a question is refused in Dutch with what she chose kept;
after sending, back and "send" again makes no second request. She sends the guardian the link; the
parent opens it from the e-mail on her phone, reads that the school asks and that the specialist comes
to the school and talks with the teacher, and consents. The specialist plans the observation (2999
typed by mistake is refused in Dutch, nothing planned; then the real date, typed), records it and gives
advice; the teacher sees the advice on her case and says how it worked. Screenshots:
/work/notes/shots/school-*.png (SCHOOL_SHOTS) and test-artifacts/screenshots/."""

import datetime
import os
import re
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone

from casework.models import Case, CaseState
from observations.models import Advice, Visit
from tests.accounts.factories import PASSWORD
from tests.browser.conftest import (
    assert_accessible,
    check_dutch_page,
    check_every_mail_link,
    horizontal_overflow,
    is_dutch,
    links_in_mail,
    log_in_typed,
    seed_consent_texts,
    type_date,
    type_into,
    type_time,
)
from tests.casework.conftest import cw, media_in_tmp  # noqa: F401 - fixtures shared with the casework tests
from tests.school.conftest import sw  # noqa: F401 - the world with Hoogeveen's school

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("SCHOOL_SHOTS", "/work/notes/shots"))


@pytest.fixture(autouse=True)
def _consent_texts(transactional_db):
    """The consent texts the migrations wrote, the school's included (a transactional test empties them)."""
    seed_consent_texts()


@pytest.fixture
def shot(screenshot):
    def take(page, name):
        screenshot(page, f"school-{name}")
        if SHOTS.parent.exists():
            SHOTS.mkdir(exist_ok=True)
            page.screenshot(path=str(SHOTS / f"school-{name}.png"), full_page=True)

    return take


def _save(page):
    page.locator("main form[method=post] button[type=submit]").first.click()
    page.wait_for_load_state()


def _field_message(page, field):
    return page.locator(f"#error_1_id_{field}, #id_{field} ~ .invalid-feedback, #id_{field}-errors")


def test_a_teacher_asks_and_sees_the_advice(sw, browser_for, shot, findings, live_server):  # noqa: F811
    pupil = sw.pupil
    name = f"{pupil.first_name} {pupil.last_name}"
    guardian = pupil.guardians.get()
    today = timezone.localdate()

    # The teacher on her tablet: home page, then "Hulp vragen".
    teacher = browser_for()
    log_in_typed(teacher, sw.teacher, PASSWORD)
    findings.check(teacher.get_by_text("Kinderen van mijn school").count() > 0,
                   "the teacher's home page has no link to the children of her school", teacher, "school-home")
    shot(teacher, "teacher-home")
    assert_accessible(teacher)
    teacher.get_by_role("link", name="Hulp vragen").first.click()
    form_url = teacher.url

    def choose():
        teacher.get_by_label("Eén kind").check()
        teacher.locator("#id_child").select_option(str(pupil.pk))
        teacher.get_by_label("Een zorg over de ontwikkeling").check()

    choose()
    _save(teacher)
    shot(teacher, "teacher-request-refused")
    message = _field_message(teacher, "question")
    findings.check(message.count() and is_dutch(message.first.inner_text()),
                   "no Dutch message next to the empty question", teacher, "school-request-refused")
    findings.check(teacher.locator("#id_child").input_value() == str(pupil.pk), "the chosen pupil was lost")
    findings.check(not Case.objects.exists(), "a request without a question was saved")
    # She starts again from a fresh form (back to a refused form is Chromium's "confirm resubmission").
    teacher.goto(form_url)
    choose()
    type_into(teacher.locator("#id_question"), "Hij loopt in de kring steeds weg bij de instructie.")
    type_into(teacher.locator("#id_already_tried"), "Een vaste plek vooraan.")
    _save(teacher)
    teacher.wait_for_url("**/requests/*/")
    case = Case.objects.get()
    case_url = f"/requests/{case.pk}/"
    shot(teacher, "teacher-case-awaiting-consent")
    check_dutch_page(findings, teacher, "school-teacher-case")
    assert_accessible(teacher)

    # Back, and "send" once more: still one request.
    teacher.go_back()
    teacher.wait_for_load_state()
    resent = teacher.locator("#id_question").count() > 0
    if resent:
        findings.check(teacher.locator("#id_question").input_value().startswith("Hij loopt"),
                       "Chromium did not restore the question", teacher, "school-teacher-back")
        _save(teacher)
        shot(teacher, "teacher-sent-twice")
    findings.check(resent and Case.objects.count() == 1, f"back and send again (resent={resent}) made "
                   f"{Case.objects.count()} requests",
                   teacher, "school-teacher-twice")
    teacher.goto(case_url)

    # The link to the guardian.
    section = teacher.locator("section[aria-labelledby=consent-heading]")
    section.locator("#id_guardian").select_option(str(guardian.pk))
    section.get_by_role("button", name="Link versturen").click()
    teacher.wait_for_url(f"**{case_url}")

    # The parent, from her mail, on her phone: the school asks.
    [message] = [m for m in mail.outbox if guardian.email in m.to]
    findings.check("De school vraagt" in message.body, f"the mail does not say the school asks: {message.body!r}")
    [link] = [u for u in links_in_mail(message) if "/consent/g/" in u]
    phone = browser_for(phone=True)
    phone.goto(link)
    type_date(phone.get_by_label("Geboortedatum van je kind"), pupil.date_of_birth)
    phone.get_by_role("button", name="Doorgaan").click()
    phone.wait_for_load_state()
    page_text = phone.locator("main").inner_text()
    findings.check("op school kijken" in page_text and "leerkracht" in page_text,
                   "the parent's page does not say the specialist comes to the school and talks with the teacher",
                   phone, "school-parent-page")
    findings.check("kinderopvang" not in page_text.lower(), "the parent's page of a pupil speaks of the childcare",
                   phone, "school-parent-page-childcare")
    shot(phone, "parent-phone")
    phone.get_by_label("Ja, ik geef toestemming").first.check()
    type_into(phone.get_by_label("Je volledige naam"), guardian.name)
    phone.get_by_label("Wie ben je van het kind?").select_option(label="Moeder")
    agrees = phone.get_by_label("Ik verklaar dat de andere ouder met gezag het hiermee eens is")
    if agrees.count():
        agrees.check()
    nurse_choice = phone.get_by_label(re.compile("jeugdverpleegkundige mag", re.I))
    if nurse_choice.count():
        nurse_choice.check()
    phone.get_by_role("button", name="Mijn beslissing versturen").click()
    phone.wait_for_load_state()
    shot(phone, "parent-given-phone")
    findings.check(horizontal_overflow(phone) <= 0, "the parent's page scrolls sideways on her phone")

    teacher.goto(case_url)
    state = teacher.get_by_test_id("case-state").inner_text()
    findings.check(state == "Klaar om te plannen", f"after the parent's consent the teacher's case says {state!r}",
                   teacher, "school-teacher-after-consent")

    # The specialist: plan (2999 first), record, advise.
    specialist = browser_for()
    log_in_typed(specialist, sw.fixed_specialist, PASSWORD)
    specialist.goto(case_url)
    specialist.locator(f"a[href^='/visits/{case.pk}/plan/']").first.click()
    type_date(specialist.locator("#id_date"), datetime.date(2999, 6, 1))
    type_time(specialist.locator("#id_time"), datetime.time(9, 30))
    type_into(specialist.locator("#id_place"), "Groep 4")
    _save(specialist)
    shot(specialist, "specialist-plan-2999")
    message = _field_message(specialist, "date")
    findings.check(not Visit.objects.filter(case=case).exists(), "a visit in 2999 was planned", specialist,
                   "school-plan-2999-saved")
    findings.check(message.count() and is_dutch(message.first.inner_text()), "no Dutch message for a visit in 2999",
                   specialist, "school-plan-2999")
    specialist.goto(f"/visits/{case.pk}/plan/")
    type_date(specialist.locator("#id_date"), today + datetime.timedelta(days=2))
    type_time(specialist.locator("#id_time"), datetime.time(9, 30))
    type_into(specialist.locator("#id_place"), "Groep 4")
    _save(specialist)
    specialist.wait_for_url(f"**{case_url}")
    assert specialist.get_by_test_id("case-state").inner_text() == "Gepland"

    specialist.locator(f"a[href='/visits/{case.pk}/record/?kind=observation']").first.click()
    held_at = max(timezone.localtime() - datetime.timedelta(hours=1), timezone.localtime().replace(hour=0, minute=0))
    type_time(specialist.locator("#id_time"), held_at)
    type_into(specialist.locator("#id_notes"), "Loopt weg bij de instructie; blijft bij een taakje.")
    type_into(specialist.locator("#id_hours"), "1,5")
    _save(specialist)
    specialist.wait_for_url(f"**{case_url}")
    assert specialist.get_by_test_id("case-state").inner_text() == "Geobserveerd"

    specialist.locator(f"a[href='/visits/{case.pk}/advice/']").first.click()
    specialist.locator("#id_advice-0-target").select_option("childcare_worker")
    specialist.locator("#id_advice-0-category").select_option("child_approach")
    type_into(specialist.locator("#id_advice-0-text"), "Geef hem bij de instructie een klein taakje.")
    _save(specialist)
    specialist.wait_for_url(f"**{case_url}")
    assert specialist.get_by_test_id("case-state").inner_text() == "Advies gegeven"
    shot(specialist, "specialist-advised")

    # The teacher sees the advice and says how it worked.
    advice = Advice.objects.get(case=case)
    teacher.goto(case_url)
    findings.check(teacher.get_by_text("Geef hem bij de instructie een klein taakje.").count() > 0,
                   "the teacher does not see the advice", teacher, "school-teacher-advice")
    shot(teacher, "teacher-advice")
    assert_accessible(teacher)
    teacher.locator(f"a[href='/visits/{case.pk}/advice/{advice.pk}/evaluate/']").click()
    teacher.locator("input[name=tried][value=tried]").check()
    teacher.locator("#id_worked").select_option("worked")
    type_into(teacher.locator("#id_remark"), "Hij blijft nu bij de kring.")
    _save(teacher)
    teacher.wait_for_url(f"**{case_url}")
    advice.refresh_from_db()
    findings.check((advice.tried, advice.worked) == ("tried", "worked"), "the teacher's evaluation was not saved")
    teacher.goto("/")
    findings.check(teacher.get_by_test_id("my-requests").get_by_text(name).count() > 0,
                   "the teacher's home page does not list her request", teacher, "school-teacher-home-after")
    shot(teacher, "teacher-home-after")
    case.refresh_from_db()
    assert case.state in (CaseState.ADVISED, CaseState.FOLLOW_UP)
    check_every_mail_link(findings)
    findings.assert_none()


def test_the_warm_handover_reaches_the_teacher(sw, browser_for, shot, findings, live_server):  # noqa: F811
    """The specialist picks the participating school in the handover form; the teacher finds it on her home
    page and downloads it; the case itself stays closed to her."""
    from casework.models import Handover
    from casework.records import approach_plan_create
    from tests.casework.factories import fake_request
    from tests.casework.record_helpers import consented_case

    case = consented_case(sw)
    approach_plan_create(request=fake_request(sw.fixed_specialist), case=case, by=sw.fixed_specialist,
                         goals_group="Zegt wat ze wil met woorden", agreements_group="Twee keuzes geven",
                         goals_home="Samen lezen", agreements_home="Elke avond tien minuten")
    specialist = browser_for()
    log_in_typed(specialist, sw.fixed_specialist, PASSWORD)
    specialist.goto(f"/requests/{case.pk}/handover/new/")
    specialist.locator("#id_school_location").select_option(label="De Regenboog")
    shot(specialist, "specialist-handover-form")
    assert_accessible(specialist)
    check_dutch_page(findings, specialist, "school-handover-form")
    _save(specialist)
    specialist.wait_for_url(f"**/requests/{case.pk}/**")
    handover = Handover.objects.get()
    findings.check(handover.school_location_id == sw.school.pk, "the handover did not go to the school picked")

    teacher = browser_for()
    log_in_typed(teacher, sw.teacher, PASSWORD)
    received = teacher.get_by_test_id("handovers-received")
    name = f"{case.child.first_name} {case.child.last_name}"
    findings.check(received.get_by_text(name).count() > 0, "the teacher's home page does not list the handover",
                   teacher, "school-teacher-home-handover")
    shot(teacher, "teacher-home-handover")
    assert_accessible(teacher)
    with teacher.expect_download() as download:
        received.get_by_role("link", name="Download de overdracht (pdf)").click()
    findings.check(Path(download.value.path()).read_bytes().startswith(b"%PDF"), "the download is not the PDF")
    response = teacher.goto(f"/requests/{case.pk}/")
    findings.check(response.status == 404, f"the teacher opened the case page ({response.status})")
    findings.assert_none()
