"""Real use, the parent on her phone (390 x 844, touch, Dutch, Amsterdam time).

The pm'er asked for help about her child and sent her the link (casework and consent services, as
the pm'er's own journey does in the browser). She takes the link from the e-mail in the mailbox (a
mail client can only open an absolute one), types a date of birth in 2999 by mistake (a Dutch
message, nothing opened), then her child's date of birth digit by digit into the phone's date
field, gives consent (name typed, "the other parent agrees" ticked), goes back and sends her
decision again (nothing recorded twice, one receipt). Her pages never scroll sideways and speak
to her as "je". The case is ready to plan; a question the pm'er asks afterwards about the same
child follows the consent that is there."""

import datetime
import re

import pytest
from django.core import mail

from casework.models import Case, CaseState
from consent.models import ConsentEvent, ConsentReceipt, ConsentRequest
from consent.services import consent_request_create
from tests.accounts.factories import PASSWORD
from tests.browser.conftest import (
    FORMAL_YOU,
    assert_accessible,
    assert_dutch_date_fields,
    check_dutch_page,
    check_every_mail_link,
    horizontal_overflow,
    is_dutch,
    links_in_mail,
    log_in_typed,
    seed_consent_texts,
    type_date,
    type_into,
)
from tests.casework.conftest import cw, media_in_tmp  # noqa: F401 - fixtures shared with the casework tests
from tests.casework.factories import ask

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _consent_texts(transactional_db):
    """The consent texts the migrations wrote (a transactional test before this one emptied them)."""
    seed_consent_texts()


def _main_text(page):
    return page.locator("main").inner_text() if page.locator("main").count() else page.inner_text("body")


def _check_phone_page(findings, page, name):
    check_dutch_page(findings, page, name)
    overflow = horizontal_overflow(page)
    findings.check(overflow <= 0, f"{name}: the page scrolls sideways on the phone by {overflow}px", page,
                   f"{name}-overflow")
    formal = sorted(set(FORMAL_YOU.findall(_main_text(page))))
    findings.check(not formal, f"{name}: the page says {formal} to the parent (formal 'u') next to 'je'",
                   page, f"{name}-formal")


def test_parent_consents_from_the_link_in_her_mail_on_her_phone(cw, browser_for, screenshot, findings,  # noqa: F811
                                                                  live_server):
    child = cw.children_a[0]
    guardian = child.guardians.get()
    case = ask(cw, child=child, question="Ze praat nog weinig en wijst vooral.")
    assert case.state == CaseState.AWAITING_CONSENT
    consent_request_create(child=child, guardian=guardian, purposes=["observation"], by=cw.pmer_a)

    # The link, as her mail client shows it.
    [message] = [m for m in mail.outbox if guardian.email in m.to]
    [link] = [link for link in links_in_mail(message) if "/consent/g/" in link]
    findings.check(link.startswith(("http://", "https://")),
                   f"the link in the e-mail is {link!r}: a mail client cannot open a link without scheme and host")

    phone = browser_for(phone=True)
    assert_dutch_date_fields(phone)
    response = phone.goto(link)  # an absolute link as it is; a bare path only resolves because the test knows the host
    cache = response.headers.get("cache-control", "")
    findings.check("no-store" in cache or "private" in cache,
                   f"the parent's page is sent with Cache-Control {cache!r}: a shared phone or proxy may keep it")
    assert child.first_name not in phone.content()
    screenshot(phone, "real-use-parent-birth-date-phone")
    assert_accessible(phone)
    _check_phone_page(findings, phone, "real-use-parent-birth-date-phone")

    # A slip of the thumb: a year 2999. A Dutch message, and nothing about her child opens.
    birth_date = phone.get_by_label("Geboortedatum van je kind")
    type_date(birth_date, datetime.date(2999, child.date_of_birth.month, child.date_of_birth.day))
    phone.get_by_role("button", name="Doorgaan").click()
    phone.wait_for_load_state()
    screenshot(phone, "real-use-parent-birth-date-2999-phone")
    message_2999 = phone.locator(".invalid-feedback, .alert-danger").first
    assert message_2999.is_visible()
    findings.check(is_dutch(message_2999.inner_text()),
                   f"the message for a birth date in 2999 is not Dutch: {message_2999.inner_text()!r}")
    assert child.first_name not in phone.content()

    # Her child's date of birth, typed digit by digit into the phone's date field.
    type_date(phone.get_by_label("Geboortedatum van je kind"), child.date_of_birth)
    assert phone.get_by_label("Geboortedatum van je kind").input_value() == child.date_of_birth.isoformat()
    phone.get_by_role("button", name="Doorgaan").click()
    phone.wait_for_load_state()
    assert phone.get_by_role("button", name="Mijn beslissing versturen").is_visible()
    screenshot(phone, "real-use-parent-decide-phone")
    assert_accessible(phone)
    _check_phone_page(findings, phone, "real-use-parent-decide-phone")

    phone.get_by_label("Ja, ik geef toestemming").first.check()
    type_into(phone.get_by_label("Je volledige naam"), guardian.name)
    phone.get_by_label("Wie ben je van het kind?").select_option(label="Moeder")
    agrees = phone.get_by_label("Ik verklaar dat de andere ouder met gezag het hiermee eens is")
    if agrees.count():  # asked only where her signature stands for both parents
        agrees.check()
    # The text promises the youth nurse sees the name only if she chooses so: the form must offer that
    # choice, and leaving it empty must keep the nurse out.
    nurse_choice = phone.get_by_label(re.compile("jeugdverpleegkundige mag", re.I))
    promises_choice = bool(re.search(r"als (je|u) dat (ook )?kiest", _main_text(phone)))
    findings.check(nurse_choice.count() or not promises_choice,
                   "the text says the youth nurse sees the name only if she chooses so, but the form offers no choice",
                   phone, "real-use-parent-no-nurse-choice")
    screenshot(phone, "real-use-parent-decide-filled-phone")
    phone.get_by_role("button", name="Mijn beslissing versturen").click()
    phone.wait_for_load_state()
    screenshot(phone, "real-use-parent-given-phone")
    assert phone.get_by_role("link", name=re.compile("bewijs", re.I)).first.is_visible()  # her receipt
    _check_phone_page(findings, phone, "real-use-parent-given-phone")
    given = ConsentEvent.objects.filter(consent__child=child, kind="given").count()
    assert ConsentEvent.objects.filter(consent__child=child, kind="given", consent__party="specialist").exists()
    if nurse_choice.count():
        findings.check(not ConsentEvent.objects.filter(consent__child=child, kind="given",
                                                       consent__party="youth_nurse").exists(),
                       "she left the youth nurse's box empty, yet consent was recorded for the youth nurse")
    receipts = ConsentReceipt.objects.count()
    mails = len(mail.outbox)

    # Back, and "Mijn beslissing versturen" again: nothing twice.
    phone.go_back()
    phone.wait_for_load_state()
    send = phone.get_by_role("button", name="Mijn beslissing versturen")
    resent = send.count() > 0 and send.is_visible()
    if resent:
        send.click()
        phone.wait_for_load_state()
    screenshot(phone, "real-use-parent-sent-again-phone")
    findings.check(ConsentEvent.objects.filter(consent__child=child, kind="given").count() == given,
                   f"back + send again (resent={resent}) recorded the consent twice")
    findings.check(ConsentReceipt.objects.count() == receipts and len(mail.outbox) == mails,
                   f"back + send again (resent={resent}) made a second receipt or e-mail")
    findings.check(ConsentRequest.objects.count() == 1, "a second consent request appeared")

    # The case follows the consent: ready to plan, on the pm'er's tablet too.
    case.refresh_from_db()
    findings.check(case.state == CaseState.READY_TO_PLAN,
                   f"after the parent's consent the case is {case.get_state_display()!r}, not ready to plan")
    later = ask(cw, child=child, question="Ze slaapt slecht op de groep.", kind="behaviour")
    tablet = browser_for()
    log_in_typed(tablet, cw.pmer_a, PASSWORD)
    tablet.goto(f"/requests/{later.pk}/")
    state = tablet.get_by_test_id("case-state").inner_text()
    findings.check(state == "Klaar om te plannen",
                   f"a question asked after the parent consented shows {state!r}, though her consent is valid",
                   tablet, "real-use-parent-later-case-pmer")
    assert Case.objects.filter(child=child).count() == 2

    # "Who looked at your child's file" counts the pm'er's page views, not the rows each view logs.
    def times_looked():
        phone.reload()
        row = phone.locator("section[aria-labelledby=log-heading] tbody tr").filter(
            has_text=cw.pmer_a.get_full_name())
        return int(row.locator("td").last.inner_text()) if row.count() else 0

    before = times_looked()
    for _view in range(3):
        tablet.goto(f"/requests/{case.pk}/")
        tablet.get_by_test_id("case-state").wait_for()
    after = times_looked()
    screenshot(phone, "real-use-parent-who-looked-phone")
    findings.check(after - before == 3,
                   f"after the pm'er opened the case 3 times, her count on the parent's page went {before} -> {after}",
                   phone, "real-use-parent-who-looked-count")
    check_every_mail_link(findings)
    findings.assert_none()


def test_parent_without_email_types_the_code_from_her_letter_on_her_phone(cw, browser_for, screenshot,  # noqa: F811
                                                                          findings, live_server):
    """No e-mail address: the pm'er prints the letter; the parent goes to the address on it and types
    its short code on her phone, in small letters, as printed in two groups."""
    child = cw.children_a[1]
    guardian = child.guardians.get()
    type(guardian).objects.filter(pk=guardian.pk).update(email="")
    case = ask(cw, child=child, question="Hij speelt vooral alleen.")

    pmer = browser_for()
    log_in_typed(pmer, cw.pmer_a, PASSWORD)
    pmer.goto(f"/requests/{case.pk}/")
    section = pmer.locator("section[aria-labelledby=consent-heading]")
    section.locator("#id_guardian").select_option(str(guardian.pk))
    section.get_by_role("button", name="Link versturen").click()
    pmer.wait_for_url(f"**/requests/{case.pk}/")
    screenshot(pmer, "real-use-parent-letter-pmer")
    check_dutch_page(findings, pmer, "real-use-parent-letter-pmer")
    with pmer.expect_download() as download:
        pmer.get_by_role("link", name=re.compile("Brief met QR-code", re.I)).first.click()
    letter = download.value.path().read_bytes()
    assert letter.startswith(b"%PDF")
    # The code printed on her letter (the PDF's text is in an embedded font, so the test reads the code
    # the letter was made from): two groups of five, typed in small letters as people do on a phone.
    code = ConsentRequest.objects.get(child=child).short_code
    printed = " ".join(code[i:i + 5] for i in range(0, len(code), 5))

    phone = browser_for(phone=True)
    phone.goto("/consent/code/")
    screenshot(phone, "real-use-parent-code-phone")
    _check_phone_page(findings, phone, "real-use-parent-code-phone")
    type_into(phone.locator("#id_code"), printed.lower())
    phone.get_by_role("button", name="Doorgaan").click()
    phone.wait_for_load_state()
    type_date(phone.get_by_label("Geboortedatum van je kind"), child.date_of_birth)
    phone.get_by_role("button", name="Doorgaan").click()
    phone.wait_for_load_state()
    screenshot(phone, "real-use-parent-code-decide-phone")
    _check_phone_page(findings, phone, "real-use-parent-code-decide-phone")
    phone.get_by_label("Ja, ik geef toestemming").first.check()
    type_into(phone.get_by_label("Je volledige naam"), guardian.name)
    phone.get_by_label("Wie ben je van het kind?").select_option(label="Vader")
    agrees = phone.get_by_label("Ik verklaar dat de andere ouder met gezag het hiermee eens is")
    if agrees.count():
        agrees.check()
    phone.get_by_role("button", name="Mijn beslissing versturen").click()
    phone.wait_for_load_state()
    screenshot(phone, "real-use-parent-code-given-phone")
    assert ConsentEvent.objects.filter(consent__child=child, kind="given", consent__party="specialist").exists()
    case.refresh_from_db()
    findings.check(case.state == CaseState.READY_TO_PLAN,
                   f"after her consent from the letter the case is {case.get_state_display()!r}")
    findings.assert_none()
