"""Questionnaire rounds as coordinators and respondents really use them: the browser's date field,
a closing date that can be true, links that open from a mail client, a form sent twice, odd query
strings, and an export that never pretends to be a CSV."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from surveys import services
from surveys.models import Invitation, SurveyRound

from .factories import open_round, questionnaire, submitted_response

pytestmark = pytest.mark.django_db

SITE = "https://alert4you.example.nl"


def round_data(**changes):
    data = {"title": "Voorjaar", "questionnaires": [questionnaire("pmer").pk],
            "closes_on": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(), "reminder_days": "7, 14"}
    data.update(changes)
    return data


def post_round(client, world, **changes):
    return client.post(reverse("surveys:round_create"), {"municipalities": [world.municipality.pk],
                                                         **round_data(**changes)}, HTTP_ACCEPT_LANGUAGE="nl")


# --- closing date -------------------------------------------------------------------------------

@pytest.mark.parametrize("closes_on", ["1900-01-01", "2000-01-01", "9999-12-31", "2999-06-01"])
def test_a_closing_date_that_cannot_be_true_is_refused_with_a_dutch_message(world, client_for, closes_on):
    response = post_round(client_for(world.coordinator), world, closes_on=closes_on)
    assert response.status_code == 200
    assert "closes_on" in response.context["form"].errors
    assert "Kies een sluitingsdatum" in response.content.decode()
    assert not SurveyRound.objects.exists()


def test_yesterday_is_refused_and_today_and_a_year_ahead_are_accepted(world, client_for):
    client = client_for(world.coordinator)
    today = timezone.localdate()
    assert post_round(client, world, closes_on=(today - datetime.timedelta(days=1)).isoformat()).status_code == 200
    assert post_round(client, world, closes_on=today.isoformat(), title="Vandaag").status_code == 302
    ahead = (today + datetime.timedelta(days=365)).isoformat()
    assert post_round(client, world, closes_on=ahead, title="Jaar").status_code == 302
    assert set(SurveyRound.objects.values_list("title", flat=True)) == {"Vandaag", "Jaar"}


def test_the_closing_date_is_the_browsers_own_date_field_and_keeps_its_value(world, client_for):
    response = post_round(client_for(world.coordinator), world, closes_on="2026-13-45")
    html = response.content.decode()
    field = re.search(r'<input[^>]*name="closes_on"[^>]*>', html).group(0)
    assert 'type="date"' in field
    assert 'min="' in field and 'max="' in field
    good = post_round(client_for(world.coordinator), world, closes_on="", title="x" * 201)
    field = re.search(r'<input[^>]*name="closes_on"[^>]*>', good.content.decode()).group(0)
    assert 'value="' not in field or 'value=""' in field
    kept = post_round(client_for(world.coordinator), world, title="x" * 201)
    field = re.search(r'<input[^>]*name="closes_on"[^>]*>', kept.content.decode()).group(0)
    assert f'value="{round_data()["closes_on"]}"' in field  # ISO: what <input type=date> can read


def test_a_round_past_its_closing_date_says_closed_everywhere(world, client_for):
    survey_round = open_round([world.municipality])
    SurveyRound.objects.filter(pk=survey_round.pk).update(closes_on=datetime.date(1900, 1, 1))
    client = client_for(world.coordinator)
    listing = client.get(reverse("surveys:round_list"), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    href = reverse("surveys:round_detail", args=[survey_round.pk])
    row = re.search(rf"<tr>\s*<td><a href=\"{href}\">.*?</tr>", listing, re.S).group(0)
    assert "Afgesloten" in row and ">Open<" not in row
    detail = client.get(reverse("surveys:round_detail", args=[survey_round.pk]), HTTP_ACCEPT_LANGUAGE="nl")
    html = detail.content.decode()
    assert "Afgesloten" in html
    assert "sluit op" not in html  # a closed round does not "close on" a day in the past
    assert "Sluit de ronde" not in html and 'name="invite-emails"' not in html


# --- reminder days and texts ---------------------------------------------------------------------

@pytest.mark.parametrize("days", ["²", "7, ²", "99999999999999999999", "0", "91", "-1", "1e3", "7;" * 200])
def test_odd_reminder_days_get_a_message_not_a_server_error(world, client_for, days):
    response = post_round(client_for(world.coordinator), world, reminder_days=days)
    assert response.status_code == 200
    assert "reminder_days" in response.context["form"].errors
    assert not SurveyRound.objects.exists()


def test_an_overlong_address_list_or_address_gets_a_message(world, client_for):
    survey_round = open_round([world.municipality])
    client = client_for(world.coordinator)
    for emails in ["a" * 250 + "@example.org", "\n".join(f"p{i}@example.org" for i in range(1001))]:
        response = client.post(reverse("surveys:round_detail", args=[survey_round.pk]), {
            "action": "invite", "invite-questionnaire": questionnaire("pmer").pk,
            "invite-municipality": world.municipality.pk, "invite-emails": emails}, HTTP_ACCEPT_LANGUAGE="nl")
        assert response.status_code == 200
        assert "emails" in response.context["invite_form"].errors
    assert not Invitation.objects.exists()


# --- resubmission ---------------------------------------------------------------------------------

def test_opening_a_round_twice_with_the_same_form_opens_one_round(world, client_for):
    client = client_for(world.coordinator)
    first = post_round(client, world)
    second = post_round(client, world)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert SurveyRound.objects.count() == 1


# --- links that leave the app ----------------------------------------------------------------------

def test_invitation_and_reminder_links_are_absolute_on_site_url(world, client_for, settings,
                                                                django_capture_on_commit_callbacks):
    settings.SITE_URL = SITE
    survey_round = open_round([world.municipality])
    with django_capture_on_commit_callbacks(execute=True):
        client_for(world.coordinator).post(reverse("surveys:round_detail", args=[survey_round.pk]), {
            "action": "invite", "invite-questionnaire": questionnaire("pmer").pk,
            "invite-municipality": world.municipality.pk, "invite-emails": "a@example.org"})
    [message] = mail.outbox
    links = re.findall(r"https?://\S+", message.body)
    assert links and all(link.startswith(f"{SITE}/surveys/answer/") for link in links)
    assert "testserver" not in message.body


def test_the_shareable_and_resume_links_are_absolute_on_site_url(world, client_for, client, settings):
    settings.SITE_URL = SITE
    survey_round = open_round([world.municipality])
    response = client_for(world.coordinator).post(reverse("surveys:round_detail", args=[survey_round.pk]), {
        "action": "share", "share-questionnaire": questionnaire("pmer").pk,
        "share-municipality": world.municipality.pk})
    share_url = response.context["share_url"]
    assert share_url.startswith(f"{SITE}/surveys/link/")
    token = share_url.rstrip("/").split("/")[-1]
    resume = services.response_start_from_share_link(link=services.share_link_open(token=token))
    page = client.get(reverse("surveys:respond", args=[resume]))
    assert page.context["resume_url"].startswith(f"{SITE}/surveys/answer/")


# --- the export -------------------------------------------------------------------------------------

@pytest.mark.parametrize("responses", [0, 1, 4])
def test_an_export_under_five_answers_is_refused_never_an_html_page_posing_as_csv(world, client_for, responses):
    survey_round = open_round([world.municipality])
    for _ in range(responses):
        submitted_response(survey_round, world.municipality)
    client = client_for(world.coordinator)
    url = reverse("surveys:export", args=[survey_round.pk])
    for query in ({}, {"group": "childcare_worker"}, {"group": "specialist"},
                  {"municipality": str(world.municipality.pk)}, {"group": "²"}):
        response = client.get(url, query, HTTP_ACCEPT_LANGUAGE="nl")
        # Never a 200 that is not the CSV: a refusal sends her back to the analysis with the reason.
        assert response.status_code == 302, query
        assert response["Location"].startswith(reverse("surveys:analysis", args=[survey_round.pk]))
        page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="nl")
        html = page.content.decode()
        assert "Minder dan 5 antwoorden" in html
        # The analysis does not offer an export it would refuse.
        assert url not in html


def test_the_analysis_offers_the_export_from_five_answers(world, client_for):
    survey_round = open_round([world.municipality])
    for _ in range(5):
        submitted_response(survey_round, world.municipality)
    html = client_for(world.coordinator).get(reverse("surveys:analysis", args=[survey_round.pk])).content.decode()
    assert reverse("surveys:export", args=[survey_round.pk]) in html


# --- odd query strings ---------------------------------------------------------------------------------

ABSURD = ["²", "99999999999999999999", "9999-12-31", "0001-01-01", "", "-1", "x" * 3000, "\x00"]


@pytest.mark.parametrize("value", ABSURD)
def test_no_survey_page_gives_a_server_error_on_odd_query_strings(world, client_for, client, value):
    survey_round = open_round([world.municipality])
    for _ in range(5):
        submitted_response(survey_round, world.municipality)
    coordinator = client_for(world.coordinator)
    for name, args in [("surveys:round_list", []), ("surveys:round_create", []), ("surveys:questionnaire_list", []),
                       ("surveys:round_detail", [survey_round.pk]), ("surveys:analysis", [survey_round.pk])]:
        response = coordinator.get(reverse(name, args=args), {"group": value, "municipality": value, "page": value})
        assert response.status_code == 200, (name, value)
    export = coordinator.get(reverse("surveys:export", args=[survey_round.pk]), {"group": value, "municipality": value})
    assert export.status_code in (200, 302)
    if export.status_code == 200:
        assert export["Content-Type"].startswith("text/csv")


def test_a_respondent_page_number_out_of_range_gives_a_page(world, client):
    survey_round = open_round([world.municipality])
    token = services.share_link_make(survey_round=survey_round, questionnaire=questionnaire("pmer"),
                                     municipality=world.municipality, by=None)
    resume = services.response_start_from_share_link(link=services.share_link_open(token=token))
    for value in ABSURD:
        assert client.get(reverse("surveys:respond", args=[resume]), {"page": value}).status_code == 200, value


def test_a_round_id_far_out_of_range_is_not_found(world, client_for):
    client = client_for(world.coordinator)
    for name in ("surveys:round_detail", "surveys:analysis", "surveys:export"):
        assert client.get(reverse(name, args=[99999999999999999999])).status_code == 404


def test_copying_a_version_twice_by_a_double_click_makes_one_copy(world, client_for):
    from surveys.models import Questionnaire

    client = client_for(world.coordinator)
    url = reverse("surveys:questionnaire_copy", args=[questionnaire("pmer").pk])
    first, second = client.post(url), client.post(url)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert Questionnaire.objects.filter(key="pmer").count() == 2  # the original and one copy


def test_sending_the_same_invitations_again_sends_them_once(world, client_for, django_capture_on_commit_callbacks):
    survey_round = open_round([world.municipality])
    client = client_for(world.coordinator)
    data = {"action": "invite", "invite-questionnaire": questionnaire("pmer").pk,
            "invite-municipality": world.municipality.pk, "invite-emails": "a@example.org\nb@example.org"}
    url = reverse("surveys:round_detail", args=[survey_round.pk])
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, data)
        second = client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert Invitation.objects.count() == 2
    assert len(mail.outbox) == 2


def test_the_service_refuses_a_closing_day_that_cannot_be_true_too(world):
    from django.core.exceptions import ValidationError

    for closes_on in (datetime.date(1900, 1, 1), timezone.localdate() + datetime.timedelta(days=366)):
        with pytest.raises(ValidationError) as refused:
            services.round_open(title="x", municipalities=[world.municipality], questionnaires=[questionnaire("pmer")],
                                closes_on=closes_on, reminder_days=[], by=None)
        assert "closes_on" in refused.value.message_dict
    assert not SurveyRound.objects.exists()


def test_closing_a_round_asks_first_since_it_erases_the_addresses(world, client_for):
    survey_round = open_round([world.municipality])
    services.invitations_send(survey_round=survey_round, questionnaire=questionnaire("pmer"),
                              municipality=world.municipality, emails=["a@example.org"], by=None)
    client = client_for(world.coordinator)
    url = reverse("surveys:round_detail", args=[survey_round.pk])
    asked = client.post(url, {"action": "close"}, HTTP_ACCEPT_LANGUAGE="nl")
    assert asked.status_code == 200
    html = asked.content.decode()
    assert "Weet je zeker" in html and "gewist" in html
    survey_round.refresh_from_db()
    assert survey_round.is_open and Invitation.objects.get().email == "a@example.org"
    done = client.post(url, {"action": "close", "confirm": "yes"})
    assert done.status_code == 302
    survey_round.refresh_from_db()
    assert not survey_round.is_open and Invitation.objects.get().email == ""
