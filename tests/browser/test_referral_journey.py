"""The Okido referral journey in Chromium, in Amsterdam's way of working: a childcare worker's
question about one child became a group visit with no child named; the specialist starts the
Okido referral from it (a first try without a reason is refused, what she typed is kept); the
childcare worker names the child with the guardians' signed form for the referral; only then does
the specialist see who the child is; she records Okido's answer and the start of the help, and
sends a message on the case. Screenshots of each page go to test-artifacts/screenshots/."""

import datetime

import pytest

from casework.models import Referral, ReferralStatus
from tests.browser.conftest import assert_accessible
from tests.browser.test_request_journey import sign_in
from tests.casework.conftest import media_in_tmp  # noqa: F401 - the scan goes to a temporary folder
from tests.casework.record_helpers import Amsterdam
from tests.consent.factories import PDF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def submit(page):
    page.locator("main form button[type=submit]").first.click()


def test_okido_referral_names_the_child_only_under_consent(page, screenshot, live_server, tmp_path):
    ams = Amsterdam()
    case_url = f"/requests/{ams.case.pk}/"

    # The specialist starts the referral from the question; no child is named to her.
    sign_in(page, ams.specialist, live_server.url)
    page.goto(case_url)
    assert "Haddou" not in page.content()
    screenshot(page, "referral-01-case-before-referral-specialist")
    assert_accessible(page)
    page.locator(f'a[href="{case_url}referrals/new/"]').click()
    assert page.locator("#id_receiving_party").input_value() == "Okido"  # the configuration's trajectory
    page.locator("#id_receiving_party").fill("Okido Amsterdam-Noord")
    submit(page)  # no reason yet
    assert page.locator("#error_1_id_reason").is_visible()
    assert page.locator("#id_receiving_party").input_value() == "Okido Amsterdam-Noord"
    screenshot(page, "referral-02-start-form-errors")
    assert_accessible(page)
    page.locator("#id_reason").fill("Ouders willen hulp thuis bij driftbuien; individuele begeleiding past.")
    submit(page)
    page.wait_for_url(f"**{case_url}")
    referral = Referral.objects.get()
    assert referral.child is None and referral.status == ReferralStatus.PROPOSED
    assert "Haddou" not in page.get_by_test_id("referrals").inner_text()
    screenshot(page, "referral-03-started-no-child-named")
    assert_accessible(page)

    # The childcare worker names the child with the guardians' signed form for the referral.
    sign_in(page, ams.pmer, live_server.url)
    page.goto(case_url)
    page.locator(f'a[href="{case_url}referrals/{referral.pk}/child/"]').click()
    page.locator("#id_child").select_option(str(ams.child.pk))
    page.locator("#id_signed_by").fill("Samira Haddou")
    page.locator("#id_relation").select_option("mother")
    page.locator("#id_signed_on").fill(datetime.date.today().isoformat())  # noqa: DTZ011
    scan = tmp_path / "toestemming-verwijzing.pdf"
    scan.write_bytes(PDF)
    page.locator("#id_scan").set_input_files(str(scan))
    screenshot(page, "referral-04-pmer-names-child-with-consent")
    assert_accessible(page)
    submit(page)
    page.wait_for_url(f"**{case_url}")
    assert "Noor Haddou" in page.get_by_test_id("referrals").inner_text()
    screenshot(page, "referral-05-child-named-pmer")

    # Now the specialist sees who the child is; she records Okido's answer and the start of the help.
    sign_in(page, ams.specialist, live_server.url)
    page.goto(case_url)
    assert "Noor Haddou" in page.get_by_test_id("referrals").inner_text()
    page.locator(f'a[href="{case_url}referrals/{referral.pk}/answer/"]').click()
    page.locator("#id_answer_0").check()
    page.locator("#id_answered_on").fill(datetime.date.today().isoformat())  # noqa: DTZ011
    screenshot(page, "referral-06-answer-form")
    assert_accessible(page)
    submit(page)
    page.wait_for_url(f"**{case_url}")
    page.locator(f'a[href="{case_url}referrals/{referral.pk}/started/"]').click()
    page.locator("#id_started_on").fill(datetime.date.today().isoformat())  # noqa: DTZ011
    submit(page)
    page.wait_for_url(f"**{case_url}")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.STARTED and referral.response_time is not None

    # And a short message on the case instead of an e-mail.
    page.locator("#id_body").fill("Okido start volgende week; ik loop dinsdag even binnen.")
    page.locator(f'form[action="{case_url}messages/"] button[type=submit]').click()
    page.wait_for_url(f"**{case_url}")
    assert "Okido start volgende week" in page.get_by_test_id("case-messages").inner_text()
    screenshot(page, "referral-07-started-and-message-specialist")
    assert_accessible(page)
