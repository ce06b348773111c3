"""Headless Chromium from Debian, driven by Playwright; no browser is ever downloaded."""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", REPO / "test-artifacts" / "screenshots"))
# A tablet on the group, in landscape.
TABLET = {"width": 1024, "height": 768}


@pytest.fixture(scope="session")
def chromium():
    if not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: scripts/test installs Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield browser
        browser.close()


AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture
def page(chromium, live_server):
    context = chromium.new_context(viewport=TABLET, locale="nl-NL", base_url=live_server.url)
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
