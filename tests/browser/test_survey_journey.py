"""A childcare worker answers the questionnaire on a phone, stops half-way, resumes and
submits; the coordinator sees the response count go up and no names."""

import random

import pytest
from django.urls import reverse

from surveys import services
from tests.browser.conftest import AXE, assert_accessible
from tests.surveys.conftest import ensure_instruments

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def _log_in(page, user):
    """A session made on the server side (the login pages are tested in test_home_pages.py)."""
    from django.test import Client

    from tests.conftest import verify_second_factor

    client = Client()
    client.force_login(user)
    verify_second_factor(client, user)
    session = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": session.value, "domain": "localhost", "path": "/"}])


@pytest.fixture
def phone(chromium, live_server):
    context = chromium.new_context(viewport=PHONE, locale="nl-NL", base_url=live_server.url, is_mobile=True,
                                   has_touch=True)
    context.add_init_script(path=str(AXE))
    context.set_default_timeout(10_000)
    yield context
    context.close()


def test_pmer_answers_on_a_phone_stops_resumes_and_the_coordinator_sees_the_count(
    world, page, phone, screenshot
):
    ensure_instruments()
    from tests.surveys.factories import open_round, questionnaire, submitted_response

    survey_round = open_round([world.municipality], by=world.coordinator)
    rng = random.Random(7)
    for _ in range(5):
        submitted_response(survey_round, world.municipality, rng=rng)
    token = services.share_link_make(survey_round=survey_round, questionnaire=questionnaire("pmer"),
                                     municipality=world.municipality, by=world.coordinator)

    # The coordinator's response-rate page: five so far.
    _log_in(page, world.coordinator)
    page.goto(reverse("surveys:round_detail", args=[survey_round.pk]))
    assert page.get_by_test_id("total-submitted").inner_text() == "5"
    screenshot(page, "surveys-response-rates")
    assert_accessible(page)

    # On a phone: start from the shareable link, answer the first page, go on, answer, stop.
    share_url = reverse("surveys:share", args=[token])
    mobile = phone.new_page()
    mobile.goto(share_url)
    mobile.locator("main form button[type=submit]").click()
    mobile.get_by_label("3 tot en met 5 jaar").check()
    mobile.locator("input[value=Hoogeveen]").check()
    screenshot(mobile, "surveys-phone-questionnaire")
    assert_accessible(mobile)
    assert mobile.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    mobile.locator("button[value=next]").click()
    mobile.locator("input[type=radio]").first.check()  # support: the manager, "never"
    mobile.locator("button[value=stop]").click()
    mobile.wait_for_url("**/answer/**")
    assert mobile.locator("#resume-url").is_visible()
    mobile.close()

    # Resume on the same device: back on page 2, the answer still there.
    mobile = phone.new_page()
    mobile.goto(share_url)
    mobile.wait_for_url("**/answer/**")
    assert mobile.locator("input[type=radio]").first.is_checked()
    mobile.locator("button[value=back]").click()
    assert mobile.get_by_label("3 tot en met 5 jaar").is_checked()
    while mobile.locator("button[value=next]").count():
        mobile.locator("button[value=next]").click()
    mobile.locator("button[value=submit]").click()
    mobile.wait_for_url("**/surveys/thanks/")
    assert_accessible(mobile)

    # The coordinator's count went up; no names on the page.
    page.reload()
    assert page.get_by_test_id("total-submitted").inner_text() == "6"
    text = page.inner_text("main")
    for person in (world.pmer_a, world.pmer_b):
        assert person.last_name not in text and person.username not in text

    page.goto(reverse("surveys:analysis", args=[survey_round.pk]))
    assert page.get_by_test_id("analysis-n").inner_text() == "6"
    screenshot(page, "surveys-analysis")
    assert_accessible(page)
