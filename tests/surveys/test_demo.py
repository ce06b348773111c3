"""The demo round: closed, with generated answers in all three municipalities, so the analysis
page shows real figures."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from surveys.management.commands.load_demo_surveys import DEMO_TITLE
from surveys.models import Response, SurveyRound
from tests.organisations.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


def test_demo_round_is_closed_with_answers_in_every_municipality_and_loads_once(world, client_for):
    amsterdam = MunicipalityFactory(name="Amsterdam", preset="amsterdam")
    call_command("load_demo_surveys")
    call_command("load_demo_surveys")
    survey_round = SurveyRound.objects.get(title=DEMO_TITLE)
    assert SurveyRound.objects.filter(title=DEMO_TITLE).count() == 1
    assert survey_round.status == SurveyRound.Status.CLOSED
    municipalities = {world.municipality, world.other_municipality, amsterdam}
    assert set(survey_round.municipalities.all()) == municipalities
    for municipality in municipalities:
        for key in ("pmer", "specialist", "youth_nurse"):
            submitted = Response.objects.filter(round=survey_round, municipality=municipality,
                                                questionnaire__key=key, submitted_on__isnull=False)
            assert submitted.count() >= 5
    assert not Response.objects.filter(round=survey_round, key_hash__isnull=False).exists()

    client = client_for(world.programme_coordinator)
    url = reverse("surveys:analysis", args=[survey_round.pk])
    for group in ("childcare_worker", "specialist", "youth_nurse"):
        result = client.get(url, {"group": group}).context["result"]
        assert all(s["lambda2"] is not None for s in result["scales"]), group
        for municipality in municipalities:
            result = client.get(url, {"group": group, "municipality": municipality.pk}).context["result"]
            assert not result["too_small"] and any(s["lambda2"] is not None for s in result["scales"])
    pmer = client.get(url, {"group": "childcare_worker"}).context["result"]
    together = next(p for p in pmer["pairs"] if p["together"])
    # SPSS's pair order (before - now), as the report: the demo's growth shows as a negative t.
    assert together["t"] is not None and together["t"] < 0 and together["p"] < 0.05
