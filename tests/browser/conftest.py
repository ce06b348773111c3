"""Headless Chromium from Debian, driven by Playwright; no browser is ever downloaded."""

import os
import re
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", REPO / "test-artifacts" / "screenshots"))
# A tablet on the group, in landscape.
TABLET = {"width": 1024, "height": 768}
# A parent's phone (an iPhone 12-15 sized viewport).
PHONE = {"width": 390, "height": 844}
LOCALE = "nl-NL"
TIMEZONE = "Europe/Amsterdam"
# Chromium on Linux takes the language of its own date, time and number fields from the process's
# environment, not from the page's or the context's locale: without this (and the Dutch locale
# files from Debian's chromium-l10n) a date field reads mm/dd/yyyy and "01122026" becomes 12 January.
CHROMIUM_ENV = {"LANGUAGE": "nl_NL:nl", "LANG": "nl_NL.UTF-8"}


@pytest.fixture(scope="session")
def chromium():
    if not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: scripts/test installs Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            env={**os.environ, **CHROMIUM_ENV},
            args=["--no-sandbox", "--lang=nl-NL", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield browser
        browser.close()


AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture
def page(chromium, live_server):
    context = chromium.new_context(viewport=TABLET, locale=LOCALE, timezone_id=TIMEZONE, base_url=live_server.url)
    # axe-core (vendored, MPL-2.0) is injected through the DevTools protocol, so the app's CSP stays as it is.
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def screenshot():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name):
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def log_in(page, user, password):
    """Password, then the code from her authenticator app (set up for her when she has none)."""
    from tests.accounts.factories import totp_code, totp_device_for

    device = totp_device_for(user)
    log_in_with_password(page, user, password)
    page.wait_for_url("**/login/verify/**")
    page.get_by_label("Code").fill(totp_code(device))
    page.get_by_role("button", name="Doorgaan").click()
    page.wait_for_url("**/")


def log_in_with_password(page, user, password):
    page.goto("/login/")
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()


def assert_accessible(page):
    """No WCAG 2.1 A/AA violations that axe-core can detect on the page as it is now."""
    violations = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations"
        ".map(v => `${v.id}: ${v.help} (${v.nodes.map(n => n.target.join(' ')).join(', ')})`)",
        WCAG_21_AA,
    )
    assert violations == [], "\n".join(violations)


# --- Real use (tests/browser/test_real_use_*.py): every value typed as a person types it -------

@pytest.fixture
def browser_for(chromium, live_server, settings):
    """A browser of her own for each person in a journey (her own cookies, her own device): a tablet
    for the professionals, a phone for a parent. Dutch, in Amsterdam's time zone. The app is reached
    at the live server's address, so that is its SITE_URL (the host every e-mail's links are on)."""
    settings.SITE_URL = settings.NOTIFICATIONS_SITE_URL = live_server.url
    contexts = []

    def open_(*, phone=False):
        context = chromium.new_context(
            viewport=PHONE if phone else TABLET, locale=LOCALE, timezone_id=TIMEZONE, base_url=live_server.url,
            is_mobile=phone, has_touch=phone)
        context.add_init_script(path=str(AXE))
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield open_
    for context in contexts:
        context.close()


def type_into(locator, text):
    """Click into the field, empty it as a person does (select all, delete) and type key by key."""
    locator.click()
    locator.press("Control+A")
    locator.press("Delete")
    locator.press_sequentially(text)


def type_date(locator, day):
    """Type a date into the browser's own date field as a Dutch person does: dd-mm-jjjj, digits in
    order (Chromium in Dutch moves on to the next part by itself)."""
    locator.focus()
    locator.press_sequentially(f"{day:%d%m%Y}")


def type_time(locator, moment):
    locator.focus()
    locator.press_sequentially(f"{moment:%H%M}")


def assert_dutch_date_fields(page):
    """The browser's date field reads day, month, year: typed digits land where a Dutch person expects."""
    page.set_content("<input type=date id=probe>")
    page.locator("#probe").press_sequentially("01122026")
    value = page.locator("#probe").input_value()
    assert value == "2026-12-01", (
        f"Chromium's date field is not Dutch ('01122026' gave {value!r}): install Debian's chromium-l10n "
        "and launch Chromium with LANGUAGE=nl (tests/browser/conftest.py CHROMIUM_ENV)")


def log_in_typed(page, user, password):
    """Log in the way she does: user name, password and the code from her authenticator app typed."""
    from tests.accounts.factories import totp_code, totp_device_for

    device = totp_device_for(user)
    page.goto("/login/")
    type_into(page.get_by_label("Gebruikersnaam"), user.username)
    type_into(page.get_by_label("Wachtwoord"), password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/login/verify/**")
    type_into(page.get_by_label("Code"), totp_code(device))
    page.get_by_role("button", name="Doorgaan").click()
    page.wait_for_url("**/")


def horizontal_overflow(page) -> int:
    """How many pixels the page is wider than the screen (0: no sideways scrolling)."""
    return page.evaluate(
        "() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - document.documentElement.clientWidth")


URL_IN_TEXT = re.compile(r"""(?:https?://|/)[^\s<>"')]+""")


def links_in_mail(message) -> list[str]:
    """Every link a mail client shows in the message: from its text and from any HTML part."""
    texts = [message.body]
    texts += [content for content, mimetype in getattr(message, "alternatives", []) if mimetype == "text/html"]
    found = []
    for text in texts:
        for match in URL_IN_TEXT.findall(text):
            url = match.rstrip(".,;:")
            if url not in found and (url.startswith("http") or url.count("/") > 1):
                found.append(url)
    return found


class Findings:
    """What went wrong along a journey, kept so that the journey goes on to its end and reports
    every broken step at once; `assert_none()` at the end fails the test with all of them."""

    def __init__(self, take_screenshot):
        self.failures = []
        self._screenshot = take_screenshot

    def check(self, condition, message, page=None, name=None):
        if not condition:
            shot = ""
            if page is not None and name:
                shot = f" (screenshot {self._screenshot(page, name).name})"
            self.failures.append(f"{message}{shot}")
        return bool(condition)

    def assert_none(self):
        assert not self.failures, "\n".join(["broken steps in this journey:", *self.failures])


@pytest.fixture
def findings(screenshot):
    return Findings(screenshot)


DUTCH_WORDS = {"de", "het", "een", "niet", "je", "kan", "kun", "moet", "datum", "vul", "kies", "geldige", "jaar",
               "bezoek", "tussen", "voor", "na", "ligt", "mag", "dit", "deze", "geen", "of", "uiterlijk", "vóór"}
ENGLISH_WORDS = {"the", "must", "cannot", "enter", "please", "valid", "field", "required", "should", "before",
                 "after", "between", "year", "date"}


def is_dutch(text: str) -> bool:
    """Written in Dutch: Dutch words in it, none of the English ones a form message would use."""
    words = set(re.findall(r"[a-zà-ÿ]+", text.lower()))
    return bool(words & DUTCH_WORDS) and not (words & ENGLISH_WORDS)


FORMAL_YOU = re.compile(r"\b(u|uw|U|Uw)\b")

# Words that are never Dutch: a line with two of them on a Dutch page is English left untranslated.
ENGLISH_ONLY = {"the", "and", "you", "your", "for", "example", "after", "before", "with", "please", "enter",
                "choose", "this", "that", "these", "again", "from", "added", "she", "are", "which", "when",
                "would", "should", "must", "cannot", "only", "any", "each", "every", "been", "have", "has",
                "into", "there", "their", "will", "was", "were", "out", "not", "yet", "here", "what", "who"}


def english_lines(page) -> list[str]:
    """Lines of the page's main content (labels, help, messages, buttons) that are in English."""
    text = page.locator("main").inner_text() if page.locator("main").count() else page.inner_text("body")
    lines = []
    for line in text.splitlines():
        words = set(re.findall(r"[a-z]+", line.lower()))
        if len(words & ENGLISH_ONLY) >= 2:
            lines.append(line.strip())
    return lines


def check_dutch_page(findings, page, name):
    """The page speaks Dutch: no English line among its labels, help texts, messages and buttons."""
    english = english_lines(page)
    return findings.check(not english, f"{name}: English on the Dutch page: {english[:4]}", page, f"{name}-english")


def check_every_mail_link(findings):
    """Every link in every e-mail the journey made the app send can be opened from a mail client:
    absolute, on the address the app is reached at (SITE_URL)."""
    from django.conf import settings
    from django.core import mail

    for message in mail.outbox:
        for link in links_in_mail(message):
            findings.check(link.startswith(f"{settings.SITE_URL}/"),
                           f"e-mail {message.subject!r} to {message.to} carries the link {link!r}, "
                           f"not an absolute one on {settings.SITE_URL}")


def seed_consent_texts():
    """The consent texts as the migrations leave them, newest version included. Transactional tests
    empty every table after themselves (the migrations' rows too), and serialized_rollback breaks
    when a transactional test without it ran before (its flush recreates the content types). Version
    1 comes from 0003; every later consent migration that ships texts (a module-level TEXTS and a
    `forwards`) is applied the way `migrate` applied it."""
    import importlib
    import pkgutil

    from django.apps import apps

    import consent.migrations
    from consent.models import ConsentText

    shipped = importlib.import_module("consent.migrations.0003_paper_consent_onto_log").TEXTS
    for purpose, languages in shipped.items():
        for language, (title, body) in languages.items():
            ConsentText.objects.get_or_create(purpose=purpose, setting="childcare", version=1, language=language,
                                              defaults={"title": title, "body": body})
    names = sorted(name for _finder, name, _pkg in pkgutil.iter_modules(consent.migrations.__path__)
                   if name[:4].isdigit() and name[:4] > "0003")  # 0003 itself: the loop above
    for name in names:
        module = importlib.import_module(f"consent.migrations.{name}")
        if hasattr(module, "TEXTS") and hasattr(module, "forwards"):
            module.forwards(apps, None)
