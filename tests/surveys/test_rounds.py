"""A round's end: no more answers after its closing day, and the addresses kept for reminders go."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from surveys import services
from surveys.models import Invitation

from .factories import open_round, questionnaire

pytestmark = pytest.mark.django_db

ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _invite(survey_round, municipality, emails=("a@example.org", "b@example.org")):
    services.invitations_send(survey_round=survey_round, questionnaire=questionnaire("pmer"),
                              municipality=municipality, emails=list(emails), by=None)


def test_after_its_closing_day_a_round_takes_no_answers_and_says_so(world, client, client_for):
    survey_round = open_round([world.municipality])
    token = services.share_link_make(survey_round=survey_round, questionnaire=questionnaire("pmer"),
                                     municipality=world.municipality, by=None)
    assert client.get(reverse("surveys:share", args=[token])).status_code == 200
    survey_round.closes_on = timezone.localdate() - datetime.timedelta(days=1)
    survey_round.save()
    closed = client.get(reverse("surveys:share", args=[token]), **ENGLISH)
    assert closed.status_code == 410
    assert "This questionnaire is closed" in closed.content.decode()
    detail = client_for(world.coordinator).get(reverse("surveys:round_detail", args=[survey_round.pk]), **ENGLISH)
    assert "Send invitations" not in detail.content.decode()
    assert "Closed" in detail.content.decode()


def test_closing_a_round_erases_the_addresses_of_those_who_did_not_finish(world, client_for):
    survey_round = open_round([world.municipality])
    _invite(survey_round, world.municipality)
    response = client_for(world.coordinator).post(reverse("surveys:round_detail", args=[survey_round.pk]),
                                                  {"action": "close", "confirm": "yes"})  # asked first
    assert response.status_code == 302
    assert list(Invitation.objects.values_list("email", flat=True)) == ["", ""]
    assert Invitation.objects.filter(status=Invitation.Status.SENT).count() == 2  # the response rate stays


def test_the_reminder_sweep_erases_addresses_of_rounds_past_their_closing_day(world):
    survey_round = open_round([world.municipality], reminder_days=(7,))
    _invite(survey_round, world.municipality)
    assert services.reminders_send_due() == 0
    assert Invitation.objects.exclude(email="").count() == 2  # still needed for the reminder on day 7
    after = timezone.now() + datetime.timedelta(days=40)
    assert services.reminders_send_due(now=after) == 0
    assert not Invitation.objects.exclude(email="").exists()
