import datetime

import pytest
from django.utils import timezone

from observations.services import advice_evaluate
from scheduling.evaluation import evaluation_figures, evaluation_pdf
from tests.casework.factories import fake_request
from tests.casework.record_helpers import pdf_text
from tests.observations.factories import advised_case

from .test_views import shown

pytestmark = pytest.mark.django_db


def test_the_period_figures_count_requests_visits_hours_and_advice_and_name_no_child(sw):
    case = advised_case(sw)
    advice = case.advice.first()
    advice_evaluate(request=fake_request(sw.pmer_a), advice=advice, tried="tried", worked="worked", by=sw.pmer_a)
    today = timezone.localdate()
    figures = evaluation_figures(municipality=sw.municipality, first=today - datetime.timedelta(days=30), last=today)
    assert figures["requests"] == 1
    assert figures["hours_total"] == 2
    assert figures["advice"]["given"] == 2 and figures["advice"]["tried"] == 1 and figures["advice"]["worked"] == 1
    assert [n for _, n in figures["visits"]] == [1]  # the observation held
    other = evaluation_figures(municipality=sw.other_municipality, first=today - datetime.timedelta(days=30),
                               last=today)
    assert other["requests"] == 0 and other["hours_total"] == 0
    text = pdf_text(evaluation_pdf(municipality=sw.municipality, first=today - datetime.timedelta(days=30),
                                   last=today, figures=figures, made_by=sw.coordinator, compress=False))
    assert sw.municipality.name in text and sw.district.name in text
    assert case.child.first_name not in text and case.child.last_name not in text


def test_the_coordinator_downloads_the_pdf_and_a_reversed_period_is_refused(sw, client_for):
    client = client_for(sw.coordinator)
    response = client.get("/schedule/evaluation/", {"first": "2026-06-30", "last": "2026-01-01"})
    assert response.status_code == 400
    assert shown("The last day cannot be before the first day.") in response.content.decode()
    assert "2026-06-30" in response.content.decode()
    response = client.get("/schedule/evaluation/", {"first": "2026-01-01", "last": "2026-06-30"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert client_for(sw.fixed_specialist).get("/schedule/evaluation/").status_code == 403
