"""Closing a case with an outcome (the workflow's closing transitions) makes its records read-only."""

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.models import ApproachPlanCycle, CaseMessage, CaseOutcome, CaseState, Handover, Referral
from casework.records import (
    CaseRecordError,
    approach_plan_create,
    approach_plan_evaluate,
    handover_create,
    message_post,
    referral_mark_started,
    referral_record_answer,
    referral_start,
)
from casework.services import case_advance
from tests.casework.factories import fake_request
from tests.casework.record_helpers import closed_message, consented_case

pytestmark = pytest.mark.django_db

PLAN = {"goals_group": "Rustig overgaan naar buiten spelen", "agreements_group": "", "goals_home": "",
        "agreements_home": ""}


def advised_case(cw):
    case = consented_case(cw)
    for state in (CaseState.PLANNED, CaseState.OBSERVED, CaseState.ADVISED):
        case = case_advance(case=case, to=state, by=cw.fixed_specialist)
    return case


def with_records(cw):
    case = advised_case(cw)
    approach_plan_create(request=fake_request(cw.fixed_specialist), case=case, by=cw.fixed_specialist, **PLAN)
    referral = referral_start(request=fake_request(cw.fixed_nurse), case=case, target="speech_therapy",
                              receiving_party="De Klank", reason="Spraak", by=cw.fixed_nurse)
    referral = referral_record_answer(request=fake_request(cw.fixed_nurse), referral=referral, accepted=True,
                                      answered_on=timezone.localdate(), by=cw.fixed_nurse)
    return case, referral


@pytest.mark.parametrize("transition", ["close_resolved", "close_referred", "close_handed_over"])
def test_closing_with_an_outcome_through_the_case_page(cw, client_for, transition):
    case = advised_case(cw)
    response = client_for(cw.fixed_specialist).post(reverse("casework:advance", args=[case.pk]),
                                                    {"transition": transition})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == CaseState.CLOSED and case.outcome == transition.removeprefix("close_")
    assert case.closed_at is not None


def test_every_write_on_the_records_of_a_closed_case_is_refused_and_changes_nothing(cw):
    case, referral = with_records(cw)
    case = case_advance(case=case, to=CaseState.CLOSED, outcome=CaseOutcome.REFERRED, by=cw.fixed_specialist)
    spec, nurse = cw.fixed_specialist, cw.fixed_nurse
    attempts = [
        lambda: approach_plan_create(request=fake_request(spec), case=case, by=spec, **PLAN),
        lambda: approach_plan_evaluate(request=fake_request(spec), case=case, by=spec, evaluation="Goed", **PLAN),
        lambda: referral_start(request=fake_request(nurse), case=case, target="moc", receiving_party="MOC",
                               reason="x", by=nurse),
        lambda: referral_mark_started(request=fake_request(nurse), referral=referral,
                                      started_on=timezone.localdate(), by=nurse),
        lambda: handover_create(request=fake_request(spec), case=case, school_name="School", by=spec),
        lambda: message_post(request=fake_request(cw.pmer_a), case=case, body="Nog iets", by=cw.pmer_a),
    ]
    for attempt in attempts:
        with pytest.raises(CaseRecordError, match=closed_message()):
            attempt()
    assert ApproachPlanCycle.objects.count() == 1 and Referral.objects.count() == 1
    assert Referral.objects.get().status == "accepted"
    assert not Handover.objects.exists() and not CaseMessage.objects.exists()


def test_the_page_of_a_closed_case_shows_the_records_but_offers_no_changes(cw, client_for):
    case, referral = with_records(cw)
    case_advance(case=case, to=CaseState.CLOSED, outcome=CaseOutcome.REFERRED, by=cw.fixed_specialist)
    client = client_for(cw.fixed_specialist)
    html = client.get(reverse("casework:detail", args=[case.pk])).content.decode()
    assert "Rustig overgaan naar buiten spelen" in html and "De Klank" in html
    for url in (reverse("casework:approach_plan", args=[case.pk]),
                reverse("casework:handover_create", args=[case.pk]),
                reverse("casework:message_post", args=[case.pk]),
                reverse("casework:referral_started", args=[case.pk, referral.pk])):
        assert f'href="{url}"' not in html and f'action="{url}"' not in html
    # Refused with why, as a 409 page (not a redirect the resubmission guard would take for "saved").
    response = client.post(reverse("casework:approach_plan", args=[case.pk]),
                           PLAN | {"evaluation": "Toch nog"}, follow=True)
    assert response.status_code == 409 and ApproachPlanCycle.objects.count() == 1
    assert "gesloten" in response.content.decode()
    nurse_client = client_for(cw.fixed_nurse)
    response = nurse_client.post(reverse("casework:referral_started", args=[case.pk, referral.pk]),
                                 {"started_on": timezone.localdate().isoformat()})
    assert response.status_code == 409 and Referral.objects.get().status == "accepted"
