"""Real use, the whole chain in one go: every hand-over between the people happens in the browser.

The pm'er asks about a child and sends the guardian her link; the parent opens it from the e-mail on
her phone and consents; the pm'er sees the consent on the case; the specialist finds the case on
her caseload, plans the observation (date typed dd-mm-jjjj), records it (the server's date sent as
it is, "1,5" hours) and gives advice; the pm'er says how the advice worked; the coordinator sees
the case in her overview without the child's name. Each role's own journey, with its refusals and
resubmissions, is in test_real_use_<role>.py; this one checks that what one person does reaches
the next."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from casework.models import Case
from observations.models import Advice
from tests.accounts.factories import PASSWORD
from tests.browser.conftest import (
    check_dutch_page,
    check_every_mail_link,
    horizontal_overflow,
    links_in_mail,
    log_in_typed,
    seed_consent_texts,
    type_date,
    type_into,
    type_time,
)
from tests.casework.conftest import cw, media_in_tmp  # noqa: F401 - fixtures shared with the casework tests

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _consent_texts(transactional_db):
    """The consent texts the migrations wrote (a transactional test before this one emptied them)."""
    seed_consent_texts()


def _save(page):
    page.locator("main form[method=post] button[type=submit]").first.click()
    page.wait_for_load_state()


def test_from_the_question_to_the_evaluation_through_every_role(cw, browser_for, screenshot, findings,  # noqa: F811
                                                                   live_server):
    child = cw.children_a[0]
    name = f"{child.first_name} {child.last_name}"
    guardian = child.guardians.get()
    today = timezone.localdate()

    # The pm'er asks, and sends the link.
    pmer = browser_for()
    log_in_typed(pmer, cw.pmer_a, PASSWORD)
    pmer.get_by_role("link", name="Hulp vragen").first.click()
    pmer.get_by_label("Eén kind").check()
    pmer.locator("#id_child").select_option(str(child.pk))
    pmer.get_by_label("Een zorg over de ontwikkeling").check()
    type_into(pmer.locator("#id_question"), "Ze praat nog weinig en wijst vooral.")
    pmer.get_by_role("button", name="Mijn vraag versturen").click()
    pmer.wait_for_url("**/requests/*/")
    case = Case.objects.get()
    case_url = f"/requests/{case.pk}/"
    section = pmer.locator("section[aria-labelledby=consent-heading]")
    section.locator("#id_guardian").select_option(str(guardian.pk))
    section.get_by_role("button", name="Link versturen").click()
    pmer.wait_for_url(f"**{case_url}")

    # The parent, from her mail, on her phone.
    [message] = [m for m in mail.outbox if guardian.email in m.to]
    [link] = [u for u in links_in_mail(message) if "/consent/g/" in u]
    phone = browser_for(phone=True)
    phone.goto(link)
    type_date(phone.get_by_label("Geboortedatum van je kind"), child.date_of_birth)
    phone.get_by_role("button", name="Doorgaan").click()
    phone.wait_for_load_state()
    phone.get_by_label("Ja, ik geef toestemming").first.check()
    type_into(phone.get_by_label("Je volledige naam"), guardian.name)
    phone.get_by_label("Wie ben je van het kind?").select_option(label="Moeder")
    agrees = phone.get_by_label("Ik verklaar dat de andere ouder met gezag het hiermee eens is")
    if agrees.count():
        agrees.check()
    nurse_choice = phone.get_by_label(re.compile("jeugdverpleegkundige mag", re.I))
    if nurse_choice.count():
        nurse_choice.check()  # this parent lets the youth nurse see the name too
    phone.get_by_role("button", name="Mijn beslissing versturen").click()
    phone.wait_for_load_state()
    screenshot(phone, "real-use-chain-parent-given-phone")
    findings.check(horizontal_overflow(phone) <= 0, "the parent's page scrolls sideways on her phone")

    # The pm'er sees the consent on her case.
    pmer.goto(case_url)
    state = pmer.get_by_test_id("case-state").inner_text()
    findings.check(state == "Klaar om te plannen", f"after the parent's consent the pm'er's case says {state!r}",
                   pmer, "real-use-chain-pmer-after-consent")
    consent_rows = pmer.locator("section[aria-labelledby=consent-heading] tbody").inner_text()
    findings.check("Gegeven" in consent_rows, f"the pm'er's case does not show the consent as given: {consent_rows!r}")
    screenshot(pmer, "real-use-chain-pmer-after-consent")

    # The specialist: caseload, plan, record, advise.
    specialist = browser_for()
    log_in_typed(specialist, cw.fixed_specialist, PASSWORD)
    caseload = specialist.get_by_test_id("caseload")
    findings.check(caseload.get_by_text(name).count() > 0, "the specialist's caseload does not name the child",
                   specialist, "real-use-chain-specialist-home")
    specialist.locator(f"[data-testid=caseload] a[href='{case_url}']").first.click()
    specialist.wait_for_url(f"**{case_url}")
    specialist.locator(f"a[href^='/visits/{case.pk}/plan/']").first.click()
    planned_on = today + datetime.timedelta(days=2)
    type_date(specialist.locator("#id_date"), planned_on)
    type_time(specialist.locator("#id_time"), datetime.time(9, 30))
    type_into(specialist.locator("#id_place"), "Groepsruimte Dreumesen")
    _save(specialist)
    specialist.wait_for_url(f"**{case_url}")
    assert specialist.get_by_test_id("case-state").inner_text() == "Gepland"

    specialist.locator(f"a[href='/visits/{case.pk}/record/?kind=observation']").first.click()
    held_at = max(timezone.localtime() - datetime.timedelta(hours=1), timezone.localtime().replace(hour=0, minute=0))
    findings.check(specialist.locator("#id_date").input_value() == today.isoformat(),
                   "the record form's date came empty", specialist, "real-use-chain-record-date")
    type_time(specialist.locator("#id_time"), held_at)
    type_into(specialist.locator("#id_notes"), "Zoekt weinig contact; reageert goed op benoemen.")
    type_into(specialist.locator("#id_hours"), "1,5")
    _save(specialist)
    specialist.wait_for_url(f"**{case_url}")
    assert specialist.get_by_test_id("case-state").inner_text() == "Geobserveerd"
    findings.check("1,5" in specialist.get_by_test_id("visits").inner_text(), "the hours do not show as 1,5")

    specialist.locator(f"a[href='/visits/{case.pk}/advice/']").first.click()
    specialist.locator("#id_advice-0-target").select_option("childcare_worker")
    specialist.locator("#id_advice-0-category").select_option("child_approach")
    type_into(specialist.locator("#id_advice-0-text"), "Benoem wat ze aanwijst en wacht op haar antwoord.")
    _save(specialist)
    specialist.wait_for_url(f"**{case_url}")
    assert specialist.get_by_test_id("case-state").inner_text() == "Advies gegeven"
    screenshot(specialist, "real-use-chain-specialist-advised")
    check_dutch_page(findings, specialist, "real-use-chain-specialist-advised")

    # The pm'er says how the advice worked.
    advice = Advice.objects.get(case=case)
    pmer.goto(case_url)
    findings.check(pmer.get_by_text("Benoem wat ze aanwijst").count() > 0, "the pm'er does not see the advice")
    pmer.locator(f"a[href='/visits/{case.pk}/advice/{advice.pk}/evaluate/']").click()
    pmer.locator("input[name=tried][value=tried]").check()
    pmer.locator("#id_worked").select_option("worked")
    type_into(pmer.locator("#id_remark"), "Ze zegt vaker een woord.")
    _save(pmer)
    pmer.wait_for_url(f"**{case_url}")
    advice.refresh_from_db()
    assert (advice.tried, advice.worked, advice.remark) == ("tried", "worked", "Ze zegt vaker een woord.")
    screenshot(pmer, "real-use-chain-pmer-evaluated")

    # The coordinator's overview: the case, not the child.
    coordinator = browser_for()
    log_in_typed(coordinator, cw.coordinator, PASSWORD)
    coordinator.goto("/requests/overview/")
    overview = coordinator.get_by_test_id("overview")
    assert overview.is_visible()
    screenshot(coordinator, "real-use-chain-coordinator-overview")
    check_dutch_page(findings, coordinator, "real-use-chain-coordinator-overview")
    findings.check(child.last_name not in coordinator.content(), "the coordinator's overview names the child")
    check_every_mail_link(findings)
    findings.assert_none()
