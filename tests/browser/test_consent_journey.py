"""The consent journey in Chromium: a pm'er asks for an observation and sends the guardian her
link; the guardian opens it from her mail on a phone, confirms the date of birth, gives consent
in English and gets the PDF receipt; the specialist can now plan the observation; the guardian
withdraws and the specialist no longer sees the child."""

import re

import pytest
from django.core import mail

from casework.models import Case, CaseState
from tests.browser.conftest import assert_accessible
from tests.browser.test_request_journey import sign_in
from tests.casework.conftest import cw, media_in_tmp  # noqa: F401 - fixtures shared with the casework tests
from tests.children.factories import GuardianFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
LINK = re.compile(r"/consent/g/[^/\s]+/")


def seed_consent_texts():
    """Transactional tests empty every table after themselves, the migration's texts too."""
    import importlib

    from consent.models import ConsentText

    texts = importlib.import_module("consent.migrations.0003_paper_consent_onto_log").TEXTS
    for purpose, languages in texts.items():
        for language, (title, body) in languages.items():
            ConsentText.objects.get_or_create(purpose=purpose, version=1, language=language,
                                              defaults={"title": title, "body": body})


def test_consent_journey_online(cw, page, chromium, screenshot, live_server):  # noqa: F811
    seed_consent_texts()
    child = cw.children_a[0]
    guardian = child.guardians.get()
    # The father has parental authority too: her consent for the observation counts for both
    # parents only with her declaration that he agrees.
    GuardianFactory(child=child, name="Bert de Vries", relation="father", has_parental_authority=True)

    # The pm'er asks for help about the child; the case waits for consent.
    sign_in(page, cw.pmer_a, live_server.url)
    page.get_by_role("link", name="Hulp vragen").first.click()
    page.get_by_label("Eén kind").check()
    page.locator("#id_group").select_option(str(cw.group_a.pk))
    page.locator("#id_child").select_option(str(child.pk))
    page.get_by_label("Een zorg over de ontwikkeling").check()
    page.locator("#id_question").fill("Ze praat nog weinig en wijst vooral.")
    page.locator("#id_already_tried").fill("Veel benoemen en voorlezen.")
    page.get_by_role("button", name="Mijn vraag versturen").click()
    page.wait_for_url("**/requests/*/")
    case = Case.objects.get()
    assert case.state == CaseState.AWAITING_CONSENT

    # She sends the guardian the link from the case page's consent section.
    section = page.locator("section[aria-labelledby=consent-heading]")
    section.locator("#id_guardian").select_option(str(guardian.pk))
    screenshot(page, "consent-case-send-link")
    assert_accessible(page)
    section.get_by_role("button", name=re.compile("^(Link versturen|Send the link)$")).click()
    page.wait_for_url(f"**/requests/{case.pk}/")
    message = mail.outbox[-1]
    assert message.to == [guardian.email]
    assert child.first_name not in message.body and child.last_name not in message.body
    link = LINK.search(message.body).group(0)

    # The guardian opens the link on her phone: nothing about the child before the date of birth.
    phone_context = chromium.new_context(viewport=PHONE, locale="en-GB", base_url=live_server.url,
                                         is_mobile=True, has_touch=True)
    phone_context.add_init_script(path=str(__import__("tests.browser.conftest", fromlist=["AXE"]).AXE))
    phone = phone_context.new_page()
    phone.set_default_timeout(10_000)
    phone.goto(link)
    assert child.first_name not in phone.content()
    screenshot(phone, "consent-guardian-birth-date-phone")
    assert_accessible(phone)
    phone.locator("#id_date_of_birth").fill(child.date_of_birth.isoformat())
    phone.get_by_role("button", name=re.compile("^(Doorgaan|Continue)$")).click()
    phone.wait_for_url(f"**{link}")

    # In English, she gives consent for the observation.
    phone.get_by_role("link", name="English").click()
    assert phone.get_by_role("heading", name="Observation of your child and advice").is_visible()
    phone.get_by_label("Yes, I give consent").check()
    phone.locator("#id_signer_name").fill("Anouk de Vries")
    phone.locator("#id_relation").select_option("mother")
    # Hoogeveen works with youth nurses: she chooses to share with the nurse too.
    phone.get_by_label("The youth nurse may see my child's name and details too").check()
    phone.locator("#id_other_guardian_agrees").check()
    screenshot(phone, "consent-guardian-decide-phone")
    assert_accessible(phone)
    phone.get_by_role("button", name="Send my decision").click()
    phone.wait_for_url(f"**{link}")
    assert phone.get_by_role("link", name="Download your receipt (PDF)").is_visible()
    screenshot(phone, "consent-guardian-given-phone")
    assert_accessible(phone)
    receipt = mail.outbox[-1]
    assert receipt.to == [guardian.email]
    [(_name, content, mimetype)] = receipt.attachments
    assert mimetype == "application/pdf" and content.startswith(b"%PDF")
    with phone.expect_download() as download:
        phone.get_by_role("link", name="Download your receipt (PDF)").click()
    assert download.value.suggested_filename.endswith(".pdf")

    # The specialist can now plan the observation, and sees the child.
    sign_in(page, cw.fixed_specialist, live_server.url)
    page.goto(f"/requests/{case.pk}/")
    assert child.last_name in page.content()
    page.get_by_role("link", name="Observatie plannen").click()
    import datetime

    page.locator("#id_date").fill((datetime.date.today() + datetime.timedelta(days=3)).isoformat())  # noqa: DTZ011
    page.get_by_role("button", name="Plannen").click()
    page.wait_for_url(f"**/requests/{case.pk}/")
    case.refresh_from_db()
    assert case.state == CaseState.PLANNED

    # The guardian withdraws from the same link; the specialist is refused on her next request.
    phone.goto(link)
    phone.get_by_role("button", name=re.compile("Withdraw: Observation.*specialist", re.I)).click()
    phone.wait_for_url(f"**{link}")
    screenshot(phone, "consent-guardian-withdrawn-phone")
    assert_accessible(phone)
    page.goto(f"/requests/{case.pk}/")
    assert child.last_name not in page.content() and child.first_name not in page.content()
    assert page.get_by_role("link", name="Observatie plannen").count() == 0
    screenshot(page, "consent-specialist-after-withdrawal")
    case.refresh_from_db()
    assert case.state == CaseState.AWAITING_CONSENT
    phone_context.close()
