"""A childcare worker answers the questionnaire on a phone, page by page, stops half-way (page 5
of 9), resumes on the same device from the same link, and submits; the coordinator sees the
response count go up and no names."""

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


def _answer_the_rest(mobile):
    """Answer every question on the page that is still open: the second option of each choice,
    the first box of each list, a sentence in each open question."""
    names = mobile.evaluate(
        "() => [...new Set([...document.querySelectorAll('main input[type=radio]')].map(e => e.name))]")
    for name in names:
        if not mobile.locator(f"main input[name='{name}']:checked").count():
            mobile.locator(f"main input[name='{name}']").nth(1).check()
    names = mobile.evaluate(
        "() => [...new Set([...document.querySelectorAll('main input[type=checkbox]')].map(e => e.name))]")
    for name in names:
        if not mobile.locator(f"main input[name='{name}']:checked").count():
            mobile.locator(f"main input[name='{name}']").first.check()
    for area in mobile.locator("main textarea").all():
        if not area.input_value():
            area.fill("Meer rust op de groep.")


def _checked(mobile):
    return mobile.evaluate(
        "() => [...document.querySelectorAll('main input:checked')].map(e => e.name + '=' + e.value)")


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
    # Seven so far: shown as 5 (every count is rounded to base 5, monitoring/disclosure.py), so that
    # the eighth makes the shown count go up to 10.
    for _ in range(7):
        submitted_response(survey_round, world.municipality, rng=rng)
    token = services.share_link_make(survey_round=survey_round, questionnaire=questionnaire("pmer"),
                                     municipality=world.municipality, by=world.coordinator)

    # The coordinator's response-rate page: seven so far, shown rounded.
    _log_in(page, world.coordinator)
    page.goto(reverse("surveys:round_detail", args=[survey_round.pk]))
    assert page.get_by_test_id("total-submitted").inner_text() == "5"
    screenshot(page, "surveys-response-rates")
    assert_accessible(page)

    # On a phone: start from the shareable link and answer page by page; stop half-way.
    share_url = reverse("surveys:share", args=[token])
    mobile = phone.new_page()
    mobile.goto(share_url)
    mobile.locator("main form button[type=submit]").click()
    assert "1 van 9" in mobile.inner_text("main")
    mobile.get_by_label("3 tot en met 5 jaar").check()
    mobile.locator("input[value=Hoogeveen]").check()
    _answer_the_rest(mobile)
    screenshot(mobile, "surveys-phone-questionnaire")
    assert_accessible(mobile)
    assert mobile.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    mobile.locator("button[value=next]").click()
    for _page in range(2, 5):
        _answer_the_rest(mobile)
        mobile.locator("button[value=next]").click()
    assert "5 van 9" in mobile.inner_text("main")  # the core competences, before and now
    _answer_the_rest(mobile)
    half_way = _checked(mobile)
    assert len(half_way) == 8  # four competences, before and now
    mobile.locator("button[value=stop]").click()
    mobile.wait_for_url("**/answer/**")
    assert mobile.locator("#resume-url").is_visible()
    screenshot(mobile, "surveys-phone-paused")
    assert_accessible(mobile)
    mobile.close()

    # The coordinator sees nothing submitted yet: a response half-way does not count.
    page.reload()
    assert page.get_by_test_id("total-submitted").inner_text() == "5"

    # Resume on the same device from the same link: back on page 5, the answers still there.
    mobile = phone.new_page()
    mobile.goto(share_url)
    mobile.wait_for_url("**/answer/**")
    assert "5 van 9" in mobile.inner_text("main")
    assert _checked(mobile) == half_way
    screenshot(mobile, "surveys-phone-resumed")
    mobile.goto(mobile.url.split("?")[0] + "?page=0")
    assert mobile.get_by_label("3 tot en met 5 jaar").is_checked()
    mobile.goto(mobile.url.split("?")[0] + "?page=4")
    mobile.locator("button[value=next]").click()
    while mobile.locator("button[value=next]").count():
        _answer_the_rest(mobile)
        mobile.locator("button[value=next]").click()
    assert "9 van 9" in mobile.inner_text("main")
    _answer_the_rest(mobile)
    mobile.locator("button[value=submit]").click()
    mobile.wait_for_url("**/surveys/thanks/")
    screenshot(mobile, "surveys-phone-thanks")
    assert_accessible(mobile)
    mobile.goto(share_url)  # the link now starts afresh: the submitted answers are no longer reachable
    assert "/answer/" not in mobile.url

    # The coordinator's count went up; no names on the page.
    page.reload()
    assert page.get_by_test_id("total-submitted").inner_text() == "10"  # eight, rounded
    screenshot(page, "surveys-response-rates-after")
    text = page.inner_text("main")
    for person in (world.pmer_a, world.pmer_b):
        assert person.last_name not in text and person.username not in text

    page.goto(reverse("surveys:analysis", args=[survey_round.pk]))
    assert page.get_by_test_id("analysis-n").inner_text() == "8"  # n exact: the t-test's df shows it anyway
    screenshot(page, "surveys-analysis")
    assert_accessible(page)


def test_the_demo_round_shows_real_figures_and_charts_per_municipality(world, page, screenshot):
    ensure_instruments()
    from django.core.management import call_command

    from surveys.models import SurveyRound
    from tests.organisations.factories import MunicipalityFactory

    MunicipalityFactory(name="Amsterdam", preset="amsterdam")
    call_command("load_demo_surveys")
    survey_round = SurveyRound.objects.get()
    _log_in(page, world.programme_coordinator)
    page.goto(reverse("surveys:analysis", args=[survey_round.pk]))
    assert page.get_by_test_id("analysis-n").inner_text() == "90"  # 30 pm'ers in each of three municipalities
    text = page.inner_text("main")
    assert "NaN" not in text and "nan" not in text.split()
    assert page.locator("main svg rect").count() > 50  # bars per item and before/now per competence
    screenshot(page, "surveys-demo-analysis")
    assert_accessible(page)
    page.get_by_label("Respondentgroep").select_option("specialist")
    page.get_by_label("Gemeente").select_option(label="Amsterdam")
    page.get_by_role("button", name="Tonen").click()
    assert page.get_by_test_id("analysis-n").inner_text() == "9"
    screenshot(page, "surveys-demo-analysis-specialists-amsterdam")
    assert_accessible(page)


def test_a_coordinator_copies_a_version_and_edits_its_wording(world, page, screenshot):
    ensure_instruments()
    from surveys.models import Questionnaire

    _log_in(page, world.coordinator)
    page.goto(reverse("surveys:questionnaire_list"))
    page.locator("tr", has_text="Vragenlijst voor jeugdverpleegkundigen").get_by_role("button", name="Kopiëren").click()
    page.wait_for_url("**/edit/")
    copy = Questionnaire.objects.get(key="youth_nurse", version=2)
    field = page.locator(f"#id_nl_{copy.questions.get(code='factors_9').pk}")
    field.fill("")
    page.get_by_role("button", name="Opslaan").click()
    assert page.locator(f"#id_nl_{copy.questions.get(code='factors_9').pk}.is-invalid").count() == 1
    screenshot(page, "surveys-wording-error")
    assert_accessible(page)
    page.locator(f"#id_nl_{copy.questions.get(code='factors_9').pk}").fill("Het trainingsaanbod van de gemeente")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url("**/questionnaires/")
    assert copy.questions.get(code="factors_9").text_nl == "Het trainingsaanbod van de gemeente"
