import pytest

from accounts.models import Role
from tests.accounts.factories import PASSWORD
from tests.accounts.test_home import ROLE_ATTR
from tests.browser.conftest import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_childcare_worker_logs_in_and_sees_exactly_her_location_children(world, page, screenshot):
    log_in(page, world.pmer_a, PASSWORD)
    page.get_by_role("link", name="Kinderen van mijn locatie").click()
    page.wait_for_url("**/children/")
    rows = page.get_by_test_id("children-table").locator("tbody tr")
    names = sorted(rows.locator("td:first-child").all_inner_texts())
    assert names == sorted(f"{c.first_name} {c.last_name}" for c in world.children_a)
    screenshot(page, "childcare_worker-children")
    assert_accessible(page)

    rows.first.locator("a").click()
    assert page.get_by_role("heading", level=2, name="Ouders/verzorgers").is_visible()
    screenshot(page, "childcare_worker-child")
    assert_accessible(page)


def test_childcare_worker_logs_out_with_one_tap(world, page):
    log_in(page, world.pmer_a, PASSWORD)
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url("**/login/")
    page.goto("/children/")
    assert "/login/" in page.url


@pytest.mark.parametrize("role", list(Role))
def test_each_role_home_page(world, page, screenshot, role):
    from tests.accounts.factories import member

    # The shared world has no school: the teacher is made at a school location of her own.
    user = getattr(world, ROLE_ATTR[role]) if ROLE_ATTR[role] else member(role)
    log_in(page, user, PASSWORD)
    section = page.locator(f'section[data-role="{role.value}"]')
    assert section.is_visible()
    assert page.locator("section[data-role]").count() == 1
    screenshot(page, f"home-{role.value}")
    assert_accessible(page)


def test_home_page_on_a_phone_has_a_menu_button(world, page, screenshot):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, world.coordinator, PASSWORD)
    menu = page.get_by_role("button", name="Menu tonen")
    assert menu.is_visible()
    menu.click()
    assert page.get_by_role("navigation").get_by_role("link", name="Lidmaatschappen").is_visible()
    screenshot(page, "home-coordinator-phone")
    assert_accessible(page)


def test_login_page_is_accessible(live_server, page, screenshot):
    page.goto("/login/")
    screenshot(page, "login")
    assert_accessible(page)


def test_bad_input_on_the_child_form_is_announced_and_kept(world, page, screenshot):
    log_in(page, world.pmer_a, PASSWORD)
    page.goto("/children/new/")
    page.get_by_label("Voornaam").fill("Noor")
    page.get_by_label("Achternaam").fill("de Vries")
    page.get_by_label("Geboortedatum").fill("2099-01-01")
    page.get_by_role("button", name="Opslaan").click()
    assert page.get_by_role("alert").first.is_visible()
    assert page.get_by_label("Voornaam").input_value() == "Noor"
    screenshot(page, "childcare_worker-child-form-errors")
    assert_accessible(page)
