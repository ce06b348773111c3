"""Issue 15 item 2: on a referral, the child's name shows only to a party the guardians' consent
covers (DESIGN 5). The consent for a referral covers the party the child is referred to; the
specialist or nurse reading the case page learns the name only when a consent for the referral
covers her own party, or when she already sees the case's own child by the one visibility rule."""

import pytest
from django.urls import reverse

from casework.records import referral_name_child, referral_start
from consent.models import PaperConsent
from consent.services import paper_consent_withdraw
from tests.casework.factories import fake_request
from tests.casework.record_helpers import Amsterdam, consented_case
from tests.consent.factories import consent_for

pytestmark = pytest.mark.django_db


def named_referral(ams, *, parties):
    """An Amsterdam group case with an Okido referral, the child named under the guardians' consent
    for the referral with the given receiving parties."""
    referral = referral_start(request=fake_request(ams.specialist), case=ams.case, target="okido",
                              receiving_party="Okido", reason="Hulp thuis nodig", by=ams.specialist)
    consent_for(ams.child, purposes=("referral",), parties=parties)
    referral_name_child(request=fake_request(ams.pmer), referral=referral, child=ams.child, by=ams.pmer)
    return referral


def page(client, case):
    response = client.get(reverse("casework:detail", args=[case.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_consent_for_the_receiving_party_does_not_name_the_child_to_the_specialist(cw, client_for):
    ams = Amsterdam()
    named_referral(ams, parties=("referral_party",))
    html = page(client_for(ams.specialist), ams.case)
    assert "Haddou" not in html
    assert 'data-testid="referral-child"' in html  # the referral itself is there, without the name


def test_consent_for_the_referral_that_covers_the_specialist_names_the_child_to_her(cw, client_for):
    ams = Amsterdam()
    named_referral(ams, parties=("referral_party", "specialist"))
    assert "Noor Haddou" in page(client_for(ams.specialist), ams.case)


def test_withdrawing_that_consent_hides_the_name_again(cw, client_for):
    ams = Amsterdam()
    named_referral(ams, parties=("referral_party", "specialist"))
    paper_consent_withdraw(consent=PaperConsent.objects.get(child=ams.child), by=ams.pmer)
    assert "Haddou" not in page(client_for(ams.specialist), ams.case)


def test_the_pmer_of_the_location_sees_the_name(cw, client_for):
    ams = Amsterdam()
    named_referral(ams, parties=("referral_party",))
    assert "Noor Haddou" in page(client_for(ams.pmer), ams.case)


def test_on_an_individual_case_the_specialist_who_sees_the_child_sees_it_on_the_referral_too(cw, client_for):
    case = consented_case(cw)  # observation, referral and handover for every party
    referral_start(request=fake_request(cw.fixed_nurse), case=case, target="speech_therapy",
                   receiving_party="De Klank", reason="Spraak", by=cw.fixed_nurse)
    html = page(client_for(cw.fixed_specialist), case)
    assert html.count("Jolijntje Quakkelaar") >= 2  # header and referral
