"""Every coordinator page of the surveys app, for everyone who may not use it."""

import pytest
from django.urls import reverse

from accounts.models import Role
from surveys.models import Invitation, ShareLink
from tests.accounts.factories import member

from .factories import open_round, questionnaire

pytestmark = pytest.mark.django_db

ROUND_VIEWS = ["surveys:round_detail", "surveys:analysis", "surveys:export"]
PLAIN_VIEWS = ["surveys:round_list", "surveys:round_create", "surveys:questionnaire_list"]


def _urls(survey_round):
    pmer = questionnaire("pmer")
    return (
        [reverse(name, args=[survey_round.pk]) for name in ROUND_VIEWS]
        + [reverse(name) for name in PLAIN_VIEWS]
        + [reverse("surveys:questionnaire_edit", args=[pmer.pk])]
    )


def test_anonymous_visitors_are_sent_to_the_login_page(world, client):
    survey_round = open_round([world.municipality])
    for url in _urls(survey_round):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"], url
    copy_url = reverse("surveys:questionnaire_copy", args=[questionnaire("pmer").pk])
    assert client.post(copy_url).status_code == 302


@pytest.mark.parametrize("role", ["pmer_a", "specialist", "youth_nurse", "privacy_officer", "safeguarding_officer"])
def test_other_roles_are_refused_every_page(world, client_for, role):
    survey_round = open_round([world.municipality])
    client = client_for(getattr(world, role))
    for url in _urls(survey_round):
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("surveys:round_detail", args=[survey_round.pk]),
                       {"action": "close"}).status_code == 403
    assert client.post(reverse("surveys:questionnaire_copy", args=[questionnaire("pmer").pk])).status_code == 403


def test_a_coordinator_of_another_municipality_finds_nothing_and_changes_nothing(world, client_for):
    survey_round = open_round([world.municipality])
    client = client_for(member(Role.COORDINATOR, municipality=world.other_municipality))
    for name in ROUND_VIEWS:
        assert client.get(reverse(name, args=[survey_round.pk])).status_code == 404
    for action in ("close", "share"):
        response = client.post(reverse("surveys:round_detail", args=[survey_round.pk]), {
            "action": action, "share-questionnaire": questionnaire("pmer").pk,
            "share-municipality": world.municipality.pk,
        })
        assert response.status_code == 404
    survey_round.refresh_from_db()
    assert survey_round.is_open and not ShareLink.objects.exists()
    page = client.get(reverse("surveys:round_list")).content.decode()
    assert survey_round.title not in page


def test_in_a_shared_round_a_coordinator_invites_only_for_her_own_municipality(world, client_for):
    survey_round = open_round([world.municipality, world.other_municipality])
    response = client_for(world.coordinator).post(reverse("surveys:round_detail", args=[survey_round.pk]), {
        "action": "invite", "invite-questionnaire": questionnaire("pmer").pk,
        "invite-municipality": world.other_municipality.pk, "invite-emails": "a@example.org",
    })
    assert response.status_code == 200
    assert "municipality" in response.context["invite_form"].errors
    assert "a@example.org" in response.content.decode()  # what was typed is kept
    assert not Invitation.objects.exists()
    analysis = client_for(world.coordinator).get(
        reverse("surveys:analysis", args=[survey_round.pk]), {"municipality": world.other_municipality.pk})
    assert "municipality" in analysis.context["form"].errors
