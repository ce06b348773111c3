"""Login security in headless Chromium: the app set-up, the code, a trusted device, the idle warning."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.accounts.factories import PASSWORD, totp_code, totp_device_for
from tests.browser.conftest import assert_accessible, log_in, log_in_with_password

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_new_professional_sets_up_her_authenticator_app(world, page, screenshot):
    log_in_with_password(page, world.pmer_a, PASSWORD)
    page.wait_for_url("**/login/setup/**")
    assert page.get_by_role("img", name="QR-code voor je authenticator-app").is_visible()
    screenshot(page, "login-totp-setup")
    assert_accessible(page)

    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Bevestigen en doorgaan").click()
    assert page.get_by_text("Deze code klopt niet").is_visible()
    device = TOTPDevice.objects.get(user=world.pmer_a)
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None, throttling_failure_count=0)
    page.get_by_label("Code").fill(totp_code(device))
    page.get_by_role("button", name="Bevestigen en doorgaan").click()
    page.wait_for_url("**/account/recovery-codes/**")
    assert page.get_by_test_id("recovery-codes").locator("li").count() == 10
    screenshot(page, "login-recovery-codes")
    assert_accessible(page)
    page.get_by_role("link", name="Ik heb ze bewaard, verder").click()
    page.wait_for_url("**/")
    assert page.locator('section[data-role="childcare_worker"]').is_visible()


def test_childcare_worker_trusts_her_tablet_and_logs_in_again_without_a_code(world, page, screenshot):
    device = totp_device_for(world.pmer_a)
    log_in_with_password(page, world.pmer_a, PASSWORD)
    page.wait_for_url("**/login/verify/**")
    page.get_by_label("Code").fill(totp_code(device))
    page.get_by_label("Dit apparaat vertrouwen").check()
    screenshot(page, "login-verify-trusted-device-choice")
    assert_accessible(page)
    page.get_by_role("button", name="Doorgaan").click()
    page.wait_for_url("**/")

    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url("**/login/")
    log_in_with_password(page, world.pmer_a, PASSWORD)
    page.wait_for_url("**/")
    assert "/login/" not in page.url
    page.get_by_role("link", name="Kinderen van mijn locatie").click()
    page.wait_for_url("**/children/")
    names = sorted(page.get_by_test_id("children-table").locator("tbody tr td:first-child").all_inner_texts())
    assert names == sorted(f"{c.first_name} {c.last_name}" for c in world.children_a)

    # Another colleague on the same tablet still needs her own code.
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url("**/login/")
    totp_device_for(world.pmer_b)
    log_in_with_password(page, world.pmer_b, PASSWORD)
    page.wait_for_url("**/login/verify/**")


def test_an_idle_page_warns_and_then_leaves_nothing_on_screen(world, page, screenshot, settings):
    settings.SESSION_IDLE_TIMEOUT_SHARED = 8
    settings.SESSION_IDLE_WARNING = 5
    log_in(page, world.pmer_a, PASSWORD)
    page.goto("/children/")
    child = world.children_a[0]
    assert page.get_by_text(child.last_name).first.is_visible()
    dialog = page.get_by_role("dialog", name="Ben je er nog?")
    dialog.wait_for(state="visible", timeout=8_000)
    assert not page.get_by_text(child.last_name).first.is_visible()  # hidden behind the question already
    screenshot(page, "login-idle-warning")
    assert_accessible(page)
    page.wait_for_url("**/login/**", timeout=10_000)
    assert child.last_name not in page.content()
    page.goto("/children/")
    assert "/login/" in page.url


def test_stay_logged_in_keeps_the_session(world, page, settings):
    settings.SESSION_IDLE_TIMEOUT_SHARED = 8
    settings.SESSION_IDLE_WARNING = 5
    log_in(page, world.pmer_a, PASSWORD)
    dialog = page.get_by_role("dialog", name="Ben je er nog?")
    dialog.wait_for(state="visible", timeout=8_000)
    assert not page.get_by_role("heading", level=1).is_visible()
    page.get_by_role("button", name="Ingelogd blijven").click()
    dialog.wait_for(state="hidden")
    assert page.get_by_role("heading", level=1).is_visible()  # her page is back
    page.wait_for_timeout(4_000)  # past the first deadline
    assert page.url.endswith("/") and "/login/" not in page.url


# --- security keys (WebAuthn), with a virtual authenticator in Chromium -------------------------

def add_virtual_security_key(page):
    """A USB security key that Chromium emulates through the DevTools protocol: no hardware needed."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    found = cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {
        "protocol": "ctap2", "transport": "usb", "hasResidentKey": True, "hasUserVerification": True,
        "isUserVerified": True}})
    return cdp, found["authenticatorId"]


@pytest.fixture
def key_origin(settings, live_server):
    # The live server answers on http://localhost:<port>: a secure context, and "localhost" is the RP ID.
    assert live_server.url.startswith("http://localhost:")
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]


def visible_children(page):
    page.goto("/children/")
    return sorted(page.get_by_test_id("children-table").locator("tbody tr td:first-child").all_inner_texts())


def test_a_new_professional_registers_a_security_key_and_logs_in_with_it(world, page, screenshot, key_origin):
    from django_otp_webauthn.models import WebAuthnCredential

    cdp, authenticator = add_virtual_security_key(page)
    user = world.pmer_a
    log_in_with_password(page, user, PASSWORD)
    page.wait_for_url("**/login/setup/**")
    page.get_by_test_id("security-key-setup").scroll_into_view_if_needed()
    screenshot(page, "login-key-setup")
    assert_accessible(page)
    page.get_by_test_id("security-key-register").click()
    page.wait_for_url("**/account/recovery-codes/**")
    assert page.get_by_test_id("recovery-codes").locator("li").count() == 10
    assert WebAuthnCredential.objects.filter(user=user, confirmed=True).count() == 1
    assert not TOTPDevice.objects.filter(user=user).exists()  # the app she did not set up is not left behind
    assert len(cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})["credentials"]) == 1
    page.get_by_role("link", name="Ik heb ze bewaard, verder").click()
    page.wait_for_url("**/")
    assert page.locator('section[data-role="childcare_worker"]').is_visible()

    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url("**/login/")
    log_in_with_password(page, user, PASSWORD)
    page.wait_for_url("**/login/verify/**")
    assert page.get_by_test_id("security-key-verify").is_visible()
    screenshot(page, "login-key-verify")
    assert_accessible(page)
    page.goto("/children/")  # nothing with child data before the key is used
    assert "/login/" in page.url
    page.get_by_test_id("security-key-verify").click()
    page.wait_for_url(lambda url: "/login/" not in url)  # the verify page's own URL ends in ?next=/children/
    assert page.url.endswith("/children/")
    assert visible_children(page) == sorted(f"{c.first_name} {c.last_name}" for c in world.children_a)

    # Not marked as trusted: the next login asks for the key again.
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url("**/login/")
    log_in_with_password(page, user, PASSWORD)
    page.wait_for_url("**/login/verify/**")

    # Marked as trusted with the key: the login after that goes straight on.
    page.get_by_label("Dit apparaat vertrouwen").check()
    page.get_by_test_id("security-key-verify").click()
    page.wait_for_url(lambda url: "/login/" not in url)
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url("**/login/")
    log_in_with_password(page, user, PASSWORD)
    page.wait_for_url(lambda url: "/login/" not in url)
    assert visible_children(page) == sorted(f"{c.first_name} {c.last_name}" for c in world.children_a)


def test_a_key_without_its_owner_does_not_let_another_colleague_in(world, page, key_origin):
    """Another colleague's key on the shared tablet is refused, and the page says so."""
    cdp, _authenticator = add_virtual_security_key(page)
    log_in_with_password(page, world.pmer_a, PASSWORD)
    page.wait_for_url("**/login/setup/**")
    page.get_by_test_id("security-key-register").click()
    page.wait_for_url("**/account/recovery-codes/**")
    page.goto("/")
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url("**/login/")

    # Her colleague has a key too, but not this one: the virtual key holds only pmer_a's credential.
    from django_otp_webauthn.models import WebAuthnCredential

    theirs = WebAuthnCredential.objects.get(user=world.pmer_a)
    WebAuthnCredential.objects.create(
        user=world.pmer_b, name="andere sleutel", credential_id=b"not-on-this-tablet",
        public_key=theirs.public_key, aaguid=theirs.aaguid, sign_count=0,
        confirmed=True)
    log_in_with_password(page, world.pmer_b, PASSWORD)
    page.wait_for_url("**/login/verify/**")
    page.get_by_test_id("security-key-verify").click()
    # Chromium itself refuses: the key holds no credential for her account (NotAllowedError).
    refused = page.locator("[data-security-key]").get_attribute("data-msg-cancelled")
    expect(page.locator("[data-security-key-status]")).to_have_text(refused, timeout=15_000)
    expect(page.get_by_test_id("security-key-verify")).to_be_enabled()
    assert "/login/verify/" in page.url
    page.goto("/children/")
    assert "/login/" in page.url


def test_a_professional_with_an_app_adds_a_key_on_her_security_page(world, page, screenshot, key_origin):
    from django_otp_webauthn.models import WebAuthnCredential

    from accounts.two_factor import recovery_codes_create

    add_virtual_security_key(page)
    log_in(page, world.specialist, PASSWORD)
    recovery_codes_create(user=world.specialist)  # as when she set up her app
    page.goto("/account/security/")
    page.get_by_test_id("security-key-register").click()
    page.get_by_test_id("security-keys").wait_for()  # back on her security page: she had recovery codes
    assert page.get_by_test_id("security-keys").locator("tbody tr").count() == 1
    assert WebAuthnCredential.objects.filter(user=world.specialist).count() == 1
    screenshot(page, "login-security-page-with-key")
    assert_accessible(page)

    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url("**/login/")
    log_in_with_password(page, world.specialist, PASSWORD)
    page.wait_for_url("**/login/verify/**")
    # Both ways remain: the key, or the code from her app.
    assert page.get_by_test_id("security-key-verify").is_visible()
    assert page.get_by_label("Code").is_visible()
    page.get_by_test_id("security-key-verify").click()
    page.wait_for_url(lambda url: "/login/" not in url)
    assert page.locator('section[data-role="specialist"]').is_visible()
