"""The analysis page and the export hide small groups completely and never show NaN."""

import csv
import io
import random
import re

import pytest
from django.urls import reverse

from surveys.models import Question
from tests.organisations.factories import MunicipalityFactory

from .factories import open_round, submitted_response

pytestmark = pytest.mark.django_db

ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _analysis(client, survey_round, **params):
    return client.get(reverse("surveys:analysis", args=[survey_round.pk]), {"group": "childcare_worker", **params},
                      **ENGLISH)


def test_a_small_cell_gets_no_bar_so_its_length_cannot_give_the_count_away(world, client_for):
    survey_round = open_round([world.municipality])
    # satisfaction_1: one "3", six "5"; satisfaction_2: four "2", three "4" (every cell below five).
    for value in (3, 5, 5, 5, 5, 5, 5):
        submitted_response(survey_round, world.municipality, answers={"satisfaction_1": value})
    for index, value in enumerate((2, 2, 2, 2, 4, 4, 4)):
        response = survey_round.responses.order_by("pk")[index]
        question = Question.objects.get(questionnaire=response.questionnaire, code="satisfaction_2")
        response.answers.create(question=question, value=str(value))
    page = _analysis(client_for(world.coordinator), survey_round)
    items = {i["question"].code: i for i in page.context["result"]["items"]}
    first = {f["value"]: f for f in items["satisfaction_1"]["frequencies"]}
    assert first["3"]["count"] == "<5" and first["3"]["width"] == 0
    # Six rounded to base 5 (monitoring/disclosure.py): "n (7) minus the others" gives no hidden cell back.
    assert first["5"]["count"] == 5 and first["5"]["width"] == 100
    second = items["satisfaction_2"]["frequencies"]
    assert [f["count"] for f in second] == [0, "<5", 0, "<5", 0]
    assert all(f["width"] == 0 for f in second)  # "<5" and "<5", not a long and a shorter bar
    assert items["satisfaction_2"]["mean"] is not None  # the item itself rests on seven respondents


def test_edge_cases_on_the_page_say_not_enough_data_and_never_nan(world, client_for):
    """Five respondents who all give the same scores, "don't know" to every professionalisation
    item, and before/now that differ by the same amount for everyone."""
    survey_round = open_round([world.municipality])
    answers = {f"satisfaction_{i}": 3 for i in range(1, 6)}
    answers |= {f"professionalisation_{i}": "dont_know" for i in range(1, 8)}
    answers |= {f"competence_before_{i}": 2 for i in range(1, 5)}
    answers |= {f"competence_now_{i}": 4 for i in range(1, 5)}
    for _ in range(5):
        submitted_response(survey_round, world.municipality, answers=answers)
    page = _analysis(client_for(world.coordinator), survey_round)
    html = page.content.decode()
    result = page.context["result"]
    scales = {s["scale"].code: s for s in result["scales"]}
    assert scales["satisfaction"]["mean"] == 3.0 and scales["satisfaction"]["sd"] == 0.0
    assert scales["satisfaction"]["lambda2"] is None
    assert "Not enough data: the scale scores do not vary." in html
    assert scales["professionalisation"]["n"] == 0 and scales["professionalisation"]["lambda2"] is None
    items = {i["question"].code: i for i in result["items"]}
    assert items["professionalisation_1"]["n"] == 0 and items["professionalisation_1"]["dont_know"] == 5
    assert items["professionalisation_1"]["mean"] is None
    together = next(p for p in result["pairs"] if p["together"])
    assert together["t"] is None and together["before"] == 2.0 and together["after"] == 4.0
    assert "every pair differs by the same amount" in html
    assert "Not enough data" in html
    assert not re.search(r"\b(nan|inf)\b", html, re.IGNORECASE)


def test_one_respondent_shows_no_figures_at_all(world, client_for):
    survey_round = open_round([world.municipality])
    submitted_response(survey_round, world.municipality, rng=random.Random(1))
    page = _analysis(client_for(world.coordinator), survey_round)
    assert page.context["result"]["too_small"]
    assert page.context["result"]["items"] == [] and page.context["result"]["scales"] == []
    html = page.content.decode()
    assert "Fewer than 5 responses in this selection" in html
    assert 'data-testid="analysis-n">&lt;5<' in html
    assert not re.search(r"\bnan\b", html, re.IGNORECASE)


def test_a_choice_item_answered_by_fewer_than_five_says_so(world, client_for):
    survey_round = open_round([world.municipality])
    for index in range(6):
        answers = {"satisfaction_1": 4}
        if index < 2:
            answers["group_kind"] = "2"
        submitted_response(survey_round, world.municipality, answers=answers)
    page = _analysis(client_for(world.coordinator), survey_round)
    item = next(i for i in page.context["result"]["items"] if i["question"].code == "group_kind")
    assert item["n"] == "<5" and not item["enough"]
    assert item["message"] == "Not enough data"


def test_the_export_withholds_the_municipality_answer_where_the_municipality_is_withheld(world, client_for):
    third = MunicipalityFactory(name="Amsterdam", preset="amsterdam")
    survey_round = open_round([world.municipality, world.other_municipality, third])
    for _ in range(5):
        submitted_response(survey_round, world.municipality, answers={"municipality": "Hoogeveen", "satisfaction_1": 4})
    for _ in range(2):
        submitted_response(survey_round, world.other_municipality,
                           answers={"municipality": "Amersfoort", "satisfaction_1": 2})
    for _ in range(3):
        submitted_response(survey_round, third, answers={"municipality": "Amsterdam", "satisfaction_1": 3})
    response = client_for(world.programme_coordinator).get(
        reverse("surveys:export", args=[survey_round.pk]), {"group": "childcare_worker"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert len(set(rows[0])) == len(rows[0])  # one name per column, as SPSS needs
    column = rows[0].index("item_municipality")  # the background question, not the row's own column
    assert sorted((r[1], r[column]) for r in rows[1:]) == [("<5", "<5")] * 5 + [("Hoogeveen", "Hoogeveen")] * 5
    assert "Amersfoort" not in response.content.decode() and "Amsterdam" not in response.content.decode()
