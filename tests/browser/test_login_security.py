"""Login security in headless Chromium: the app set-up, the code, a trusted device, the idle warning."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.factories import PASSWORD, totp_code, totp_device_for
from tests.browser.conftest import assert_accessible, log_in, log_in_with_password

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_new_professional_sets_up_her_authenticator_app(world, page, screenshot):
    log_in_with_password(page, world.pmer_a, PASSWORD)
    page.wait_for_url("**/login/setup/**")
    assert page.get_by_role("img", name="QR-code voor uw authenticator-app").is_visible()
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
    dialog = page.get_by_role("dialog", name="Bent u er nog?")
    dialog.wait_for(state="visible", timeout=8_000)
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
    dialog = page.get_by_role("dialog", name="Bent u er nog?")
    dialog.wait_for(state="visible", timeout=8_000)
    page.get_by_role("button", name="Ingelogd blijven").click()
    dialog.wait_for(state="hidden")
    page.wait_for_timeout(4_000)  # past the first deadline
    assert page.url.endswith("/") and "/login/" not in page.url
