"""The survey figures against subtraction, and open answers only in an export that says so.

Today's flaw (issue 14): with Hoogeveen (5) and Amersfoort (3) in one round, the pooled mean and
Hoogeveen's mean gave Amersfoort's three respondents' mean exactly."""

import csv
import io
import itertools

import pytest
from django.urls import reverse

from surveys.models import Question, QuestionKind

from .factories import open_round, questionnaire, submitted_response

pytestmark = pytest.mark.django_db
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}

HOOGEVEEN = [5, 4, 5, 4, 5]
AMERSFOORT = [1, 2, 1]


@pytest.fixture
def round_5_and_3(world):
    survey_round = open_round([world.municipality, world.other_municipality])
    for value in HOOGEVEEN:
        submitted_response(survey_round, world.municipality, answers={"satisfaction_1": value, "open_remarks": "Fijn"})
    for value in AMERSFOORT:
        submitted_response(survey_round, world.other_municipality,
                           answers={"satisfaction_1": value, "open_remarks": "Juf Anja van de Kikkers"})
    return survey_round


def shown_item(client, survey_round, **params):
    page = client.get(reverse("surveys:analysis", args=[survey_round.pk]), {"group": "childcare_worker", **params},
                      **ENGLISH)
    assert page.status_code == 200
    result = page.context["result"]
    item = next((i for i in result["items"] if i["question"].code == "satisfaction_1"), None)
    n = result["n"]
    return (n, item["mean"]) if item and item["enough"] and isinstance(n, int) else None


def test_the_attack_works_on_the_raw_numbers():
    """The arithmetic the pages must not allow: it gives Amersfoort's mean back exactly."""
    pooled = sum(HOOGEVEEN + AMERSFOORT) / 8
    hoogeveen = sum(HOOGEVEEN) / 5
    assert (pooled * 8 - hoogeveen * 5) / 3 == pytest.approx(sum(AMERSFOORT) / 3)


def test_no_pair_of_offered_views_recovers_amersfoorts_three(world, round_5_and_3, client_for):
    """Every view the pages offer — the programme coordinator's pooled round and each
    municipality, Hoogeveen's coordinator's own — compared in pairs: never two means whose
    groups differ by 1 to 4 respondents."""
    programme = client_for(world.programme_coordinator)
    views = [shown_item(programme, round_5_and_3),
             shown_item(programme, round_5_and_3, municipality=world.municipality.pk),
             shown_item(programme, round_5_and_3, municipality=world.other_municipality.pk)]
    coordinator = client_for(world.coordinator)
    views.append(shown_item(coordinator, round_5_and_3))
    shown = [v for v in views if v is not None]
    assert (5, 4.6) in shown  # Hoogeveen's coordinator still sees her own municipality
    for (n1, mean1), (n2, mean2) in itertools.permutations(shown, 2):
        assert not 0 < n1 - n2 < 5, f"{n1}×{mean1} − {n2}×{mean2} gives a group of {n1 - n2}"


def test_the_pooled_export_is_refused_when_it_would_single_out_the_small_municipality(world, round_5_and_3,
                                                                                    client_for):
    response = client_for(world.programme_coordinator).get(
        reverse("surveys:export", args=[round_5_and_3.pk]), {"group": "childcare_worker"}, **ENGLISH)
    assert response.status_code == 302
    page = client_for(world.programme_coordinator).get(response["Location"], **ENGLISH)
    assert "nothing to export" in page.content.decode()


def test_open_answers_leave_only_in_an_export_that_says_so(world, client_for):
    survey_round = open_round([world.municipality])
    for _ in range(5):
        submitted_response(survey_round, world.municipality, answers={"satisfaction_1": 4, "open_remarks": "Juf Anja"})
    assert Question.objects.filter(questionnaire=questionnaire("pmer"), kind=QuestionKind.TEXT).exists()
    url = reverse("surveys:export", args=[survey_round.pk])
    plain = client_for(world.programme_coordinator).get(url, {"group": "childcare_worker"}, **ENGLISH)
    assert plain.status_code == 200 and "Juf Anja" not in plain.content.decode()
    # The coordinator may not have them at all.
    refused = client_for(world.coordinator).get(url, {"group": "childcare_worker", "open_text": "on"}, **ENGLISH)
    assert refused.status_code == 403
    with_text = client_for(world.programme_coordinator).get(url, {"group": "childcare_worker", "open_text": "on"},
                                                            **ENGLISH)
    assert with_text.status_code == 200
    assert "with-open-answers" in with_text["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(with_text.content.decode())))
    assert "open answers" in rows[0][0]
    assert any("Juf Anja" in cell for row in rows for cell in row)


def test_the_page_says_t_is_before_minus_now(world, client_for):
    survey_round = open_round([world.municipality])
    for b, n in [(2, 4), (3, 4), (2, 3), (1, 3), (3, 5)]:
        submitted_response(survey_round, world.municipality,
                           answers={"competence_before_1": b, "competence_now_1": n})
    page = client_for(world.coordinator).get(reverse("surveys:analysis", args=[survey_round.pk]),
                                             {"group": "childcare_worker"}, **ENGLISH)
    html = page.content.decode()
    assert "before minus now" in html and "t = −8.70, df = 102" in html
    pair = next(p for p in page.context["result"]["pairs"] if not p["together"] and p["t"] is not None)
    assert pair["t"] < 0
