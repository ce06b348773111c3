"""The Okido referral journey in Chromium, in Amsterdam's way of working: a childcare worker's
question about one child became a group visit with no child named; the specialist starts the
Okido referral from it (a first try without a reason is refused, what she typed is kept); the
childcare worker names the child with the guardians' signed form for the referral, which covers
Okido and not the specialist, so the specialist still sees no name (issue 15, DESIGN section 5); she
records Okido's answer and the start of the help, and sends a message on the case. Screenshots of
each page go to test-artifacts/screenshots/."""

import datetime

import pytest

from casework.models import Referral, ReferralStatus
from tests.browser.conftest import assert_accessible
from tests.browser.test_request_journey import sign_in
from tests.casework.conftest import cw, media_in_tmp  # noqa: F401 - fixtures shared with the casework tests
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

    # The consent names the child to Okido, not to the specialist: she still sees no name, and records
    # Okido's answer and the start of the help.
    sign_in(page, ams.specialist, live_server.url)
    page.goto(case_url)
    assert "Noor Haddou" not in page.get_by_test_id("referrals").inner_text()
    assert "Noor Haddou" not in page.locator("main").inner_text()
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


def test_approach_plan_cycles_and_handover_to_primary_school(cw, page, screenshot, live_server, tmp_path):  # noqa: F811
    """Hoogeveen: the specialist writes the approach plan (a first try without a goal is refused),
    evaluates and adjusts it; the pm'er records the guardians' signed form for the handover; the
    specialist makes the handover PDF, which the pm'er downloads."""
    from casework.models import Handover
    from tests.casework.record_helpers import consented_case

    case = consented_case(cw, purposes=("observation",), parties=("specialist", "youth_nurse"))
    case_url = f"/requests/{case.pk}/"

    sign_in(page, cw.fixed_specialist, live_server.url)
    page.goto(case_url)
    page.locator(f'a[href="{case_url}approach-plan/"]').click()
    page.locator("#id_agreements_group").fill("Pm'er geeft twee keuzes en wacht even.")
    submit(page)
    assert page.locator("#error_1_id_goals_group").is_visible()
    assert page.locator("#id_agreements_group").input_value() == "Pm'er geeft twee keuzes en wacht even."
    screenshot(page, "plan-01-form-errors")
    assert_accessible(page)
    page.locator("#id_goals_group").fill("Jolijntje zegt met woorden wat ze wil.")
    page.locator("#id_goals_home").fill("Samen een boekje lezen.")
    submit(page)
    page.wait_for_url(f"**{case_url}")
    page.locator(f'a[href="{case_url}approach-plan/"]').click()
    assert page.locator("#id_goals_group").input_value() == "Jolijntje zegt met woorden wat ze wil."
    page.locator("#id_evaluation").fill("Keuzes werken goed; thuis lukt lezen nog niet elke dag.")
    page.locator("#id_goals_home").fill("Vier avonden per week samen lezen.")
    screenshot(page, "plan-02-evaluate-form")
    assert_accessible(page)
    submit(page)
    page.wait_for_url(f"**{case_url}")
    plan_text = page.get_by_test_id("approach-plan").inner_text()
    assert "Vier avonden per week" in plan_text and "Keuzes werken goed" in plan_text
    page.locator("[data-testid=approach-plan] details summary").click()
    screenshot(page, "plan-03-case-page-with-plan-cycles")
    assert_accessible(page)

    # The pm'er records the guardians' signed form for the handover to primary school.
    sign_in(page, cw.pmer_a, live_server.url)
    page.goto(case_url)
    page.locator(f'a[href="{case_url}consent/further/"]').click()
    page.locator("#id_signed_by").fill("Anouk de Vries")
    page.locator("#id_signed_on").fill(datetime.date.today().isoformat())  # noqa: DTZ011
    page.locator("#id_purposes_0").uncheck()
    page.locator("#id_purposes_1").check()
    page.locator("#id_parties_0").uncheck()
    page.locator("#id_parties_1").check()
    scan = tmp_path / "toestemming-overdracht.pdf"
    scan.write_bytes(PDF)
    page.locator("#id_scan").set_input_files(str(scan))
    screenshot(page, "plan-04-further-consent-form")
    assert_accessible(page)
    submit(page)
    page.wait_for_url(f"**{case_url}")

    # The specialist makes the handover document.
    sign_in(page, cw.fixed_specialist, live_server.url)
    page.goto(case_url)
    page.locator(f'a[href="{case_url}handover/new/"]').click()
    page.locator("#id_school_name").fill("Obs De Regenboog")
    screenshot(page, "plan-05-handover-form")
    assert_accessible(page)
    submit(page)
    page.wait_for_url(f"**{case_url}")
    handover = Handover.objects.get()
    assert bytes(handover.pdf).startswith(b"%PDF") and handover.created_by == cw.fixed_specialist
    screenshot(page, "plan-06-case-page-with-handover")
    assert_accessible(page)

    sign_in(page, cw.pmer_a, live_server.url)
    page.goto(case_url)
    with page.expect_download() as download:
        page.locator(f'a[href="{case_url}handover/{handover.pk}.pdf"]').click()
    path = tmp_path / "overdracht.pdf"
    download.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")
