"""The request journey in Chromium: a childcare worker asks for help about a child and records the
guardians' signed paper form; the specialist sees the case (child named only after consent),
plans the observation. The rest of the journey (observation held, advice, its evaluation, two
follow-ups, closing) continues in tests/browser/test_case_journey.py, which starts with the steps here."""

import datetime

import pytest
from django.conf import settings
from django.test import Client

from casework.models import Case, CaseState
from tests.browser.conftest import assert_accessible
from tests.casework.conftest import cw, media_in_tmp  # noqa: F401 - fixtures shared with the casework tests
from tests.consent.factories import PDF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, user, base_url):
    """A session with a verified second factor put straight into the browser: logging in itself
    (password, second factor, throttling) has its own browser tests."""
    client = Client()
    client.force_login(user)
    try:
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_static.models import StaticDevice
    except ImportError:  # pragma: no cover - before the login-security work lands
        pass
    else:
        device, _ = StaticDevice.objects.get_or_create(user=user, name="journey", defaults={"confirmed": True})
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    page.context.clear_cookies()
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value,
                               "url": base_url}])
    page.goto("/")


def ask_for_help_and_record_paper_consent(cw, page, screenshot, tmp_path, live_server, child):  # noqa: F811
    """The childcare worker asks for help about `child` from her home page (a first try without a
    question is refused) and records the guardians' signed paper form. Returns the case."""
    sign_in(page, cw.pmer_a, live_server.url)
    page.get_by_role("link", name="Hulp vragen").first.click()
    page.get_by_label("Eén kind").check()
    page.locator("#id_group").select_option(str(cw.group_a.pk))
    page.locator("#id_child").select_option(str(child.pk))
    page.get_by_label("Een zorg over de ontwikkeling").check()
    page.get_by_role("button", name="Mijn vraag versturen").click()
    assert page.get_by_role("alert").first.is_visible()  # the empty question is refused, the rest kept
    assert page.locator("#id_child").input_value() == str(child.pk)
    screenshot(page, "casework-request-form-errors")
    assert_accessible(page)
    page.locator("#id_question").fill("Ze praat nog weinig en wijst vooral.")
    page.locator("#id_already_tried").fill("Veel benoemen en voorlezen.")
    page.get_by_role("button", name="Mijn vraag versturen").click()
    page.wait_for_url("**/requests/*/")
    assert page.get_by_test_id("case-state").inner_text() == "Wacht op toestemming"
    screenshot(page, "casework-case-awaiting-consent-pmer")
    assert_accessible(page)

    # She records the guardians' signed paper form.
    page.get_by_role("link", name="Ondertekend toestemmingsformulier vastleggen").click()
    page.locator("#id_signed_by").fill("Anouk de Vries")
    page.locator("#id_signed_on").fill(datetime.date.today().isoformat())  # noqa: DTZ011
    scan = tmp_path / "formulier.pdf"
    scan.write_bytes(PDF)
    page.locator("#id_scan").set_input_files(str(scan))
    screenshot(page, "casework-consent-form")
    assert_accessible(page)
    page.get_by_role("button", name="Toestemming opslaan").click()
    page.wait_for_url("**/requests/*/")
    assert page.get_by_test_id("case-state").inner_text() == "Klaar om te plannen"
    return Case.objects.get()


def test_request_journey_from_question_to_planned_observation(cw, page, screenshot, tmp_path, live_server):  # noqa: F811
    """Holding the observation, advice, follow-ups and closing: tests/browser/test_case_journey.py."""
    child = cw.children_a[0]
    name = f"{child.first_name} {child.last_name}"
    case = ask_for_help_and_record_paper_consent(cw, page, screenshot, tmp_path, live_server, child)

    # Home page lists her request with its state.
    page.goto("/")
    assert page.get_by_test_id("my-requests").get_by_text(name).is_visible()
    screenshot(page, "casework-home-childcare-worker")
    assert_accessible(page)

    # The specialist (fixed contact) sees the case on her caseload, with the child named now.
    sign_in(page, cw.fixed_specialist, live_server.url)
    caseload = page.get_by_test_id("caseload")
    assert caseload.get_by_text(name).is_visible()
    assert caseload.get_by_text("Observatie plannen").is_visible()
    screenshot(page, "casework-home-specialist")
    assert_accessible(page)
    caseload.get_by_role("link").first.click()
    page.get_by_role("link", name="Observatie plannen").click()
    yesterday = datetime.date.today() - datetime.timedelta(days=1)  # noqa: DTZ011
    # Planning is the observations app's visit form (date, time, place).
    page.locator("#id_date").fill(yesterday.isoformat())
    page.get_by_role("button", name="Plannen").click()
    assert page.get_by_text("Een bezoek kan niet in het verleden worden gepland.").is_visible()
    screenshot(page, "casework-plan-past-date")
    assert_accessible(page)
    page.locator("#id_date").fill((datetime.date.today() + datetime.timedelta(days=3)).isoformat())  # noqa: DTZ011
    page.get_by_role("button", name="Plannen").click()
    page.wait_for_url(f"**/requests/{case.pk}/")
    assert page.get_by_test_id("case-state").inner_text() == "Gepland"
    case.refresh_from_db()
    assert case.state == CaseState.PLANNED and case.visits.count() == 1

    # The coordinator sees metadata only.
    sign_in(page, cw.coordinator, live_server.url)
    page.goto("/requests/overview/")
    assert page.get_by_test_id("overview").is_visible()
    assert name not in page.content() and child.last_name not in page.content()
    screenshot(page, "casework-coordinator-overview")
    assert_accessible(page)


def test_case_page_on_a_phone(cw, page, screenshot, live_server):  # noqa: F811
    from tests.casework.factories import ask

    case = ask(cw)
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, cw.pmer_a, live_server.url)
    page.goto(f"/requests/{case.pk}/")
    assert page.get_by_test_id("timeline").is_visible()
    screenshot(page, "casework-case-phone")
    assert_accessible(page)
