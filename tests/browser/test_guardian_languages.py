"""Issue 16, real use: a parent in each of her six languages, on her phone (375 x 812, touch).

The pm'er sends the link in the parent's language. She takes it from the e-mail in the mailbox (subject and
text in her language), opens it, types a wrong date of birth (the message in her language), then the right one
digit by digit, says yes by keyboard, sends her decision and downloads her receipt PDF. On every page: the page
is in her language (lang, and right to left for Arabic with Bootstrap's RTL stylesheet), axe-core finds no
serious or critical violation, nothing scrolls sideways at 360 or 390 px, and in Arabic and Ukrainian no Latin
word shows that is not a name or a brand. The Arabic and Ukrainian runs leave screenshots of every step in
test-artifacts/screenshots/guardian-<lang>-*.png."""

import re

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext

from audit.models import AuditEvent
from consent.models import ConsentEvent, ConsentReceipt
from consent.services import consent_request_create
from tests.browser.conftest import horizontal_overflow, links_in_mail, seed_consent_texts, type_date, type_into
from tests.casework.conftest import cw, media_in_tmp  # noqa: F401 - fixtures shared with the casework tests
from tests.casework.factories import ask

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = ["nl", "en", "ar", "tr", "pl", "uk"]
SCREENSHOT_LANGUAGES = {"ar", "uk"}
PHONE = {"width": 375, "height": 812}
NARROW = (360, 390)
# Words that are the same in every language: the product, the file formats, the youth health service.
BRANDS = {"alert4you", "pdf", "json", "ggd", "moc", "okido", "sha256"}
LATIN_WORD = re.compile(r"[A-Za-zÀ-ÿ]{3,}")


@pytest.fixture(autouse=True)
def _consent_texts(transactional_db):
    from django.apps import apps

    from consent import texts

    seed_consent_texts()
    texts.forwards(apps, None)  # the six languages, as consent's data migration ships them


def _t(language, message):
    with translation.override(language):
        return gettext(message)


def _axe_serious(page):
    """axe-core's serious and critical WCAG 2.1 A/AA violations on the page as it is now."""
    return page.evaluate(
        "async () => (await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})).violations"
        ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
        ".map(v => `${v.id} (${v.impact}): ${v.help} (${v.nodes.map(n => n.target.join(' ')).join(', ')})`)")


def _latin_words(page, allowed):
    """Latin words in the page's main content that are not names or brands: in Arabic or Ukrainian, those are
    words left in English or Dutch. The language menu names each language in its own script, so it is left out."""
    text = page.evaluate("""() => {
        const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
        const parts = [];
        while (walker.nextNode()) {
            const node = walker.currentNode;
            if (!node.parentElement.closest('.guardian-languages, [lang="nl"], [lang="en"]')) parts.push(node.data);
        }
        return parts.join(' '); }""")
    return sorted({w for w in LATIN_WORD.findall(text) if w.lower() not in allowed})


def _check_page(page, language, step, allowed, problems, screenshot):
    name = f"guardian-{language}-{step}"
    if language in SCREENSHOT_LANGUAGES:
        screenshot(page, name)
    html_lang = page.evaluate("() => [document.documentElement.lang, document.documentElement.dir]")
    expected_dir = "rtl" if language == "ar" else "ltr"
    if html_lang != [language, expected_dir]:
        problems.append(f"{name}: <html lang/dir> is {html_lang}, expected {[language, expected_dir]}")
    serious = _axe_serious(page)
    if serious:
        problems.append(f"{name}: axe-core: " + "; ".join(serious))
    for width in NARROW:
        page.set_viewport_size({"width": width, "height": PHONE["height"]})
        overflow = horizontal_overflow(page)
        if overflow > 0:
            problems.append(f"{name}: scrolls sideways by {overflow}px at {width}px wide")
    page.set_viewport_size(PHONE)
    if language in ("ar", "uk"):
        latin = _latin_words(page, allowed)
        if latin:
            problems.append(f"{name}: Latin words on the {language} page: {latin[:12]}")
    if language == "ar":
        sheets = page.evaluate("() => [...document.styleSheets].map(s => s.href || '')")
        if not any(sheet.endswith("bootstrap.rtl.min.css") for sheet in sheets):
            problems.append(f"{name}: Bootstrap's RTL stylesheet is not loaded: {sheets}")


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_parent_decides_in_her_language_on_her_phone(language, cw, browser_for, screenshot,  # noqa: F811
                                                        live_server):
    child = cw.children_a[0]
    guardian = child.guardians.get()
    ask(cw, child=child, question="Ze praat nog weinig.")
    # The pm'er sends the link in the language the parent asked for (kept on her from now on).
    consent_request_create(child=child, guardian=guardian, purposes=["observation"], by=cw.pmer_a, language=language)
    allowed = BRANDS | {w.lower() for w in LATIN_WORD.findall(f"{child.first_name} {child.last_name} {guardian.name}")}
    problems = []

    [message] = [m for m in mail.outbox if guardian.email in m.to]
    assert message.subject == _t(language, "Alert4you: your decision is asked")
    expected_hello = _t(language, "Hello,\n\nThe childcare asks for your decision about help for your child.\n\n"
                        "Open your personal link. First you type your child's date of birth. Then you decide: "
                        "%(url)s\n\nThe link works for %(days)s days. After that you can always ask for a new link."
                        "\n\nYou may say yes or no. You can change your mind later.").split("\n")[0]
    assert message.body.startswith(expected_hello)
    if language != "en":
        assert "The childcare asks" not in message.body
    [link] = [link for link in links_in_mail(message) if "/consent/g/" in link]

    phone = browser_for(phone=True)
    phone.set_viewport_size(PHONE)
    phone.goto(link)
    birth_date = phone.get_by_label(_t(language, "Your child's date of birth"))
    assert birth_date.is_visible()
    assert child.first_name not in phone.content()
    _check_page(phone, language, "1-birth-date", allowed, problems, screenshot)

    # A wrong date first: the message is in her language, next to the field.
    wrong = child.date_of_birth.replace(day=1 if child.date_of_birth.day != 1 else 2)
    type_date(birth_date, wrong)
    phone.get_by_role("button", name=_t(language, "Continue")).click()
    phone.wait_for_load_state()
    error = _t(language, "That is not the date of birth we know. Check it and try again.")
    phone.get_by_text(error).wait_for()
    _check_page(phone, language, "2-wrong-date", allowed, problems, screenshot)

    type_date(phone.get_by_label(_t(language, "Your child's date of birth")), child.date_of_birth)
    phone.get_by_role("button", name=_t(language, "Continue")).click()
    phone.wait_for_load_state()
    send = phone.get_by_role("button", name=_t(language, "Send my decision"))
    assert send.is_visible()
    for row in AuditEvent.objects.filter(child_id=child.pk).values("actor_name", "organisation"):
        allowed |= {w.lower() for w in LATIN_WORD.findall(f"{row['actor_name']} {row['organisation']}")}
    _check_page(phone, language, "3-decide", allowed, problems, screenshot)

    # By keyboard: the radio with Space, her name typed, the relation chosen, the form sent with Enter.
    yes = phone.get_by_label(_t(language, "Yes, I give consent")).first
    yes.focus()
    phone.keyboard.press("Space")
    assert yes.is_checked()
    type_into(phone.get_by_label(_t(language, "Your full name")), guardian.name)
    with translation.override(language):
        from children.models import Guardian

        mother = str(Guardian.Relation.MOTHER.label)
    phone.get_by_label(_t(language, "Your relation to the child")).select_option(label=mother)
    agrees = phone.get_by_label(_t(language, "I declare that the other parent with authority agrees"))
    if agrees.count():
        agrees.check()
    send.focus()
    with phone.expect_navigation():
        phone.keyboard.press("Enter")
    done = _t(language, "Thank you. Your decision is saved. You can download the receipt below.")
    phone.get_by_text(done).wait_for()
    assert ConsentEvent.objects.filter(consent__child=child, kind="given", consent__party="specialist").exists()
    # The who-looked table names the professionals who opened the file: their names are data, not words.
    for row in AuditEvent.objects.filter(child_id=child.pk).values("actor_name", "organisation"):
        allowed |= {w.lower() for w in LATIN_WORD.findall(f"{row['actor_name']} {row['organisation']}")}
    _check_page(phone, language, "4-decided", allowed, problems, screenshot)

    with phone.expect_download() as download:
        phone.get_by_role("link", name=_t(language, "Download your receipt (PDF)")).click()
    pdf = download.value.path().read_bytes()
    assert pdf.startswith(b"%PDF") and pdf == bytes(ConsentReceipt.objects.get().pdf)
    if language == "ar":
        assert b"NotoSansArabic" in pdf

    # The receipt mail, in her language too.
    receipt_mail = mail.outbox[-1]
    assert receipt_mail.subject == _t(language, "Alert4you: your decision, as a receipt")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", ["ar", "uk"])
def test_the_letter_code_and_link_trouble_pages_in_her_language(language, cw, browser_for, screenshot,  # noqa: F811
                                                                 settings, live_server):
    """The pages around the link: the code page from the letter (and its error), an expired link, a broken
    link. Same checks as the journey: her language, axe-core, no sideways scrolling, no stray Latin words."""
    child = cw.children_a[1]
    guardian = child.guardians.get()
    type(guardian).objects.filter(pk=guardian.pk).update(email="")
    ask(cw, child=child, question="Hij speelt vooral alleen.")
    consent_request = consent_request_create(child=child, guardian=guardian, purposes=["observation"], by=cw.pmer_a,
                                             language=language)
    allowed = set(BRANDS)
    problems = []
    phone = browser_for(phone=True)
    phone.set_viewport_size(PHONE)
    phone.goto(f"/consent/code/?lang={language}")
    _check_page(phone, language, "5-code", allowed, problems, screenshot)
    code = phone.get_by_label(_t(language, "The short code from your letter"))
    type_into(code, "ABCDE 23456")
    with phone.expect_navigation():
        phone.get_by_role("button", name=_t(language, "Continue")).click()
    phone.get_by_text(_t(language, "We do not know that code. Check it against your letter.")).wait_for()
    _check_page(phone, language, "6-code-unknown", allowed, problems, screenshot)
    # Her real code, in small letters as typed on a phone, leads to her link and the date-of-birth step.
    type_into(phone.get_by_label(_t(language, "The short code from your letter")), consent_request.short_code.lower())
    with phone.expect_navigation():
        phone.get_by_role("button", name=_t(language, "Continue")).click()
    phone.get_by_label(_t(language, "Your child's date of birth")).wait_for()
    link = phone.url.split("?")[0]

    settings.CONSENT_LINK_DAYS = -1
    phone.goto(link)
    phone.get_by_role("button", name=_t(language, "Send me a new link")).wait_for()
    _check_page(phone, language, "7-link-expired", allowed, problems, screenshot)
    phone.goto(link[:-6] + "XXXXX/")
    phone.get_by_role("heading", name=_t(language, "This link does not work")).wait_for()
    _check_page(phone, language, "8-link-broken", allowed, problems, screenshot)
    assert not problems, "\n".join(problems)
