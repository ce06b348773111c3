"""The paper form for a referral, through the case page's form: one of two guardians with
authority is not enough; the second signature on the same form is."""

import datetime

import pytest
from django.urls import reverse

from casework.records import CaseRecordError
from consent.services import has_valid_consent
from tests.casework.record_helpers import consented_case
from tests.casework.test_referrals import start
from tests.children.factories import GuardianFactory
from tests.consent.factories import pdf_upload

pytestmark = pytest.mark.django_db


def form(**extra):
    return {"signed_by": "Anouk de Vries", "relation": "mother",
            "signed_on": datetime.date.today().isoformat(),  # noqa: DTZ011
            "purposes": ["referral"], "parties": ["referral_party"], "scan": pdf_upload()} | extra


def test_one_of_two_guardians_signing_a_referral_is_refused_and_both_is_enough(cw, client_for):
    case = consented_case(cw, purposes=("observation",), parties=("specialist", "youth_nurse"))
    GuardianFactory(child=case.child, relation="father", name="Karel de Vries")
    url = reverse("casework:further_consent", args=[case.pk])
    client_for(cw.pmer_a).post(url, form())
    assert not has_valid_consent(case.child, "referral", "referral_party")
    with pytest.raises(CaseRecordError):
        start(case, cw.fixed_nurse)
    client_for(cw.pmer_a).post(url, form(co_signed_by="Karel de Vries", co_relation="father"))
    assert has_valid_consent(case.child, "referral", "referral_party")
    start(case, cw.fixed_nurse)


def test_a_second_signer_without_relation_gets_a_message_and_keeps_what_was_typed(cw, client_for):
    case = consented_case(cw, purposes=("observation",), parties=("specialist", "youth_nurse"))
    url = reverse("casework:further_consent", args=[case.pk])
    response = client_for(cw.pmer_a).post(url, form(co_signed_by="Karel de Vries"))
    html = response.content.decode()
    assert response.status_code == 200 and "co_relation" in response.context["form"].errors
    assert "Karel de Vries" in html
