"""A round's analysis is kept until a response is submitted or removed (surveys/selectors.py):
the kept figures equal a fresh computation for every selection, and a new response is in the
very next page. The page's queries do not grow with the number of responses."""

import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from surveys import selectors
from surveys.models import Response
from tests.organisations.factories import MunicipalityFactory

from .factories import open_round, questionnaire, submitted_response

pytestmark = pytest.mark.django_db

ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def survey(world):
    third = MunicipalityFactory(name="Zwolle")
    survey_round = open_round([world.municipality, world.other_municipality, third])
    rng = random.Random(7)
    for municipality, key, n in ((world.municipality, "pmer", 14), (world.other_municipality, "pmer", 3),
                                 (third, "pmer", 9), (world.municipality, "specialist", 8),
                                 (third, "specialist", 6)):
        for _ in range(n):
            submitted_response(survey_round, municipality, key, rng=rng)
    return survey_round, [world.municipality, world.other_municipality, third]


def selections(municipalities):
    h, a, z = (m.pk for m in municipalities)
    return [[h, a, z], [h], [a], [z], [h, z], [h, a]]


def test_the_kept_analysis_equals_a_fresh_computation(world, survey):
    survey_round, municipalities = survey
    compared = 0
    for language in ("nl", "en"):
        with translation.override(language):
            for key in ("pmer", "specialist"):
                q = questionnaire(key)
                for m_ids in selections(municipalities):
                    fresh = selectors.analysis_compute(world.programme_coordinator, survey_round,
                                                       municipality_ids=m_ids, questionnaire=q)
                    first = selectors.analysis(world.programme_coordinator, survey_round,
                                               municipality_ids=m_ids, questionnaire=q)
                    kept = selectors.analysis(world.programme_coordinator, survey_round,
                                              municipality_ids=m_ids, questionnaire=q)
                    if fresh["too_small"] and not fresh["withheld"]:
                        assert not kept["kept"]  # fewer than 5: nothing worth keeping
                    else:
                        assert not first["kept"] and kept["kept"], (language, key, m_ids)
                        compared += 1
                    assert {k: v for k, v in kept.items() if k not in ("kept", "key")} == fresh, (language, key, m_ids)
                    assert {k: v for k, v in first.items() if k not in ("kept", "key")} == fresh
    assert compared >= 8
    # A kept Dutch analysis is never shown in English.
    with translation.override("en"):
        english = selectors.analysis(world.programme_coordinator, survey_round,
                                     municipality_ids=[municipalities[0].pk], questionnaire=questionnaire("pmer"))
    with translation.override("nl"):
        dutch = selectors.analysis(world.programme_coordinator, survey_round,
                                   municipality_ids=[municipalities[0].pk], questionnaire=questionnaire("pmer"))
    assert english["kept"] and dutch["kept"]
    assert english["items"][0]["frequencies"][0]["label"] != dutch["items"][0]["frequencies"][0]["label"]


def analysis_page(client, survey_round, **params):
    response = client.get(reverse("surveys:analysis", args=[survey_round.pk]),
                          {"group": "childcare_worker", **params}, **ENGLISH)
    assert response.status_code == 200
    return response


def figures(response):
    page = response.content.decode()
    return page.split('data-testid="analysis-n"')[1].split('<p class="small text-body-secondary">')[0]


def test_a_new_or_removed_response_is_in_the_next_page(world, survey, client_for):
    survey_round, municipalities = survey
    client = client_for(world.programme_coordinator)
    params = {"municipality": municipalities[0].pk}
    first = analysis_page(client, survey_round, **params)
    assert first.context["result"]["n"] == 14
    again = analysis_page(client, survey_round, **params)
    assert again.context["result"]["kept"]
    assert figures(again) == figures(first)  # the rendered figures too
    assert "n = 14" in again.content.decode()
    submitted_response(survey_round, municipalities[0], "pmer")
    after_page = analysis_page(client, survey_round, **params)
    after = after_page.context["result"]
    assert not after["kept"] and after["n"] == 15
    assert "n = 15" in after_page.content.decode() and "n = 14" not in after_page.content.decode()
    for _ in range(3):
        submitted_response(survey_round, municipalities[0], "pmer")
    assert analysis_page(client, survey_round, **params).context["result"]["n"] == 18
    Response.objects.filter(round=survey_round, municipality=municipalities[0],
                            questionnaire=questionnaire("pmer")).order_by("pk").first().delete()
    gone = analysis_page(client, survey_round, **params).context["result"]
    assert not gone["kept"] and gone["n"] == 17
    # A response still being filled in changes nothing: the kept figures stay.
    Response.objects.create(round=survey_round, questionnaire=questionnaire("pmer"), municipality=municipalities[0],
                            started_on=timezone.localdate())
    assert analysis_page(client, survey_round, **params).context["result"]["kept"]


@pytest.mark.parametrize("who", ["coordinator", "programme_coordinator"])
def test_the_analysis_page_runs_the_same_few_queries_with_many_more_responses(world, survey, client_for, who):
    survey_round, municipalities = survey
    client = client_for(getattr(world, who))
    sizes = []
    for extra in (0, 60):
        rng = random.Random(extra)
        for i in range(extra):
            submitted_response(survey_round, municipalities[i % 3], "pmer", rng=rng)
        submitted_response(survey_round, municipalities[0], "pmer", rng=rng)  # the figures are computed afresh
        with CaptureQueriesContext(connection) as computed:
            assert not analysis_page(client, survey_round, municipality=municipalities[0].pk).context["result"]["kept"]
        with CaptureQueriesContext(connection) as kept:
            again = analysis_page(client, survey_round, municipality=municipalities[0].pk).context["result"]
            assert again["kept"] and not again["too_small"]
        sizes.append((len(computed), len(kept)))
    assert sizes[0] == sizes[1], sizes
    assert sizes[0][0] <= 20 and sizes[0][1] < sizes[0][0], sizes
