import pytest

from accounts.models import Membership
from tests.accounts.factories import PASSWORD
from tests.browser.conftest import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_adds_a_childcare_worker_to_a_location(world, page, screenshot):
    log_in(page, world.coordinator, PASSWORD)
    page.get_by_role("navigation").get_by_role("link", name="Lidmaatschappen").click()
    screenshot(page, "coordinator-memberships")
    assert_accessible(page)
    page.get_by_role("link", name="Professional toevoegen").click()
    page.get_by_label("E-mailadres").fill("fleur@example.org")
    page.get_by_label("Voornaam").fill("Fleur")
    page.get_by_label("Achternaam").fill("Jansen")
    page.get_by_label("Rol").select_option("childcare_worker")
    page.get_by_role("button", name="Opslaan").click()
    # Without a location the form says so and keeps what was typed.
    assert page.get_by_role("alert").first.is_visible()
    assert page.get_by_label("Voornaam").input_value() == "Fleur"
    screenshot(page, "coordinator-membership-form-errors")
    assert_accessible(page)
    page.get_by_label("Locatie", exact=True).select_option(label="Locatie A")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url("**/memberships/")
    assert page.get_by_role("cell", name="Fleur Jansen", exact=True).is_visible()
    membership = Membership.objects.get(user__email="fleur@example.org")
    assert membership.location == world.location_a


def test_privacy_officer_finds_a_refused_attempt(world, client_for, page, screenshot):
    client_for(world.pmer_a).get(f"/children/{world.child_b.pk}/")
    log_in(page, world.privacy_officer, PASSWORD)
    page.get_by_role("navigation").get_by_role("link", name="Toegangslog").click()
    page.get_by_label("Alleen geweigerde pogingen").check()
    page.get_by_role("button", name="Filteren").click()
    rows = page.get_by_test_id("audit-table").locator("tbody tr")
    assert rows.count() == 1
    assert "Geweigerd (404)" in rows.first.inner_text()
    screenshot(page, "privacy_officer-audit-trail")
    assert_accessible(page)
