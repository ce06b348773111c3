"""The reporting-code journey in Chromium: a childcare worker starts the path from the child's page
(an empty first try is refused), records her signals and a consultation; the safeguarding officer
finds the path on her home page and adds her advice; a colleague at the same location sees none of it."""

import pytest
from django.utils import timezone

from safeguarding.models import MeldcodePath, Step
from tests.browser.conftest import assert_accessible
from tests.browser.test_request_journey import sign_in
from tests.casework.conftest import cw, media_in_tmp  # noqa: F401 - fixtures shared with the casework tests
from tests.safeguarding.conftest import mc  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIGNALS = "Blauwe plekken op beide bovenarmen, maandag gezien bij het verschonen."


def test_meldcode_journey(mc, page, screenshot, live_server):  # noqa: F811
    child = mc.child

    # The childcare worker starts the path from the child's page.
    sign_in(page, mc.pmer_a, live_server.url)
    page.goto(f"/children/{child.pk}/")
    screenshot(page, "meldcode-child-page")
    assert_accessible(page)
    page.get_by_test_id("meldcode-start").click()
    page.get_by_test_id("save").click()  # nothing typed yet
    assert page.locator("#error_1_id_text").is_visible()
    screenshot(page, "meldcode-start-empty-signals")
    assert_accessible(page)
    page.locator("#id_text").fill(SIGNALS)
    page.get_by_test_id("save").click()
    page.wait_for_url("**/meldcode/*/")
    path = MeldcodePath.objects.get()
    assert SIGNALS in page.get_by_test_id("meldcode-entries").inner_text()

    # She records her consultation with the safeguarding officer.
    page.get_by_test_id(f"add-{Step.CONSULTATION}").click()
    page.locator("#id_consulted_with_0").check()
    page.locator("#id_held_on").fill(timezone.localdate().isoformat())
    page.locator("#id_text").fill("Besproken met de aandachtsfunctionaris: signalen verder vastleggen.")
    screenshot(page, "meldcode-consultation-form")
    assert_accessible(page)
    page.get_by_test_id("save").click()
    page.wait_for_url(f"**/meldcode/{path.pk}/")
    assert page.locator("[data-testid=meldcode-entries] > li").count() == 2
    screenshot(page, "meldcode-path-pmer")
    assert_accessible(page)

    # The safeguarding officer finds it on her home page and adds her advice.
    sign_in(page, mc.safeguarding_officer, live_server.url)
    listed = page.get_by_test_id("meldcode-paths")
    assert child.first_name in listed.inner_text()
    screenshot(page, "meldcode-officer-home")
    assert_accessible(page)
    listed.get_by_role("link").first.click()
    page.wait_for_url(f"**/meldcode/{path.pk}/")
    page.get_by_test_id(f"add-{Step.ADVICE}").click()
    page.locator("#id_text").fill("Plan het gesprek met moeder; bel daarna Veilig Thuis voor advies.")
    page.get_by_test_id("save").click()
    page.wait_for_url(f"**/meldcode/{path.pk}/")
    assert "Veilig Thuis voor advies" in page.get_by_test_id("meldcode-entries").inner_text()
    screenshot(page, "meldcode-path-officer-advice")
    assert_accessible(page)
    assert list(path.entries.values_list("step", flat=True)) == [Step.SIGNALS, Step.CONSULTATION, Step.ADVICE]

    # A colleague at the same location sees no trace of it on the child's page, and cannot open it.
    sign_in(page, mc.pmer_a2, live_server.url)
    page.goto(f"/children/{child.pk}/")
    assert f"/meldcode/{path.pk}/" not in page.content()
    response = page.goto(f"/meldcode/{path.pk}/")
    assert response.status == 404
