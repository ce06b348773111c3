"""Consent as an append-only log: the state comes from the events, who must sign follows DESIGN
section 5, paper forms go onto the log, and access stops on the very next request."""

import datetime

import pytest
from django.urls import reverse

from casework.models import CaseState
from casework.services import case_advance
from consent.models import ConsentEvent, ConsentEventKind, ConsentText, GuardiansDisagree
from consent.services import (
    consent_state,
    consent_withdraw,
    consents_expire,
    consents_of_child,
    has_valid_consent,
    paper_consent_record,
    signers_required_for,
)
from tests.casework.factories import ask
from tests.children.factories import GuardianFactory
from tests.consent.factories import consent_for, pdf_upload

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today  # noqa: DTZ011


def paper(child, by, purposes, parties, **overrides):
    fields = {"signed_by": "Anouk de Vries", "relation": "mother", "signed_on": TODAY(), "scan": pdf_upload(),
              "validity_days": 365} | overrides
    return paper_consent_record(child=child, purposes=purposes, parties=parties, by=by, **fields)


class TestWhoSigns:
    def test_one_guardian_may_sign_for_the_observation_and_declare_the_other_agrees(self, cw):
        child = cw.children_a[0]
        GuardianFactory(child=child, relation="father")
        paper(cw.children_a[0], cw.pmer_a, ["observation"], ["specialist"], other_guardian_agrees=True)
        assert has_valid_consent(child, "observation", "specialist")
        [event] = ConsentEvent.objects.filter(kind="given")
        assert event.other_guardian_agrees and event.signer_name == "Anouk de Vries"

    @pytest.mark.parametrize(("purpose", "party"), [("referral", "referral_party"), ("handover", "primary_school")])
    def test_a_referral_or_handover_signed_by_one_of_two_guardians_is_refused(self, cw, purpose, party):
        child = cw.children_a[0]
        GuardianFactory(child=child, relation="father")
        paper(child, cw.pmer_a, [purpose], [party])
        assert not has_valid_consent(child, purpose, party)

    @pytest.mark.parametrize(("purpose", "party"), [("referral", "referral_party"), ("handover", "primary_school")])
    def test_signed_by_both_guardians_it_is_valid(self, cw, purpose, party):
        child = cw.children_a[0]
        GuardianFactory(child=child, relation="father")
        paper(child, cw.pmer_a, [purpose], [party], co_signed_by="Karel de Vries", co_relation="father")
        assert has_valid_consent(child, purpose, party)

    def test_a_guardian_without_authority_need_not_sign(self, cw):
        child = cw.children_a[0]
        GuardianFactory(child=child, relation="father", has_parental_authority=False)
        paper(child, cw.pmer_a, ["referral"], ["referral_party"])
        assert has_valid_consent(child, "referral", "referral_party")

    def test_when_guardians_disagree_both_sign_even_for_the_observation(self, cw):
        child = cw.children_a[0]
        GuardianFactory(child=child, relation="father")
        GuardiansDisagree.objects.create(child=child, recorded_by=cw.pmer_a)
        paper(child, cw.pmer_a, ["observation"], ["specialist"], other_guardian_agrees=True)
        assert not has_valid_consent(child, "observation", "specialist")

    def test_a_municipality_may_demand_every_guardian_for_everything(self, cw):
        child = cw.children_a[0]
        GuardianFactory(child=child, relation="father")
        assert signers_required_for(child, "observation", "specialist") == 1
        configuration = cw.municipality.configuration
        configuration.consent_every_guardian = True
        configuration.save()
        assert signers_required_for(child, "observation", "specialist") == 2


class TestTheLog:
    def test_events_are_append_only(self, cw):
        consent_for(cw.children_a[0])
        event = ConsentEvent.objects.first()
        event.kind = ConsentEventKind.WITHDRAWN
        with pytest.raises(ValueError, match="append-only"):
            event.save()
        with pytest.raises(ValueError, match="append-only"):
            event.delete()

    def test_the_state_is_derived_from_the_events(self, cw):
        consent_for(cw.children_a[0], parties=("specialist",))
        [consent] = consents_of_child(cw.children_a[0])
        assert consent_state(consent) == "given"
        consent_withdraw(consent=consent, by=cw.pmer_a)
        [consent] = consents_of_child(cw.children_a[0])
        assert consent_state(consent) == "withdrawn"
        assert [e.kind for e in consent.events.all()] == ["given", "withdrawn"]

    def test_expiry_writes_an_expired_event_once(self, cw):
        long_ago = TODAY() - datetime.timedelta(days=400)
        consent_for(cw.children_a[0], signed_on=long_ago, valid_until=long_ago + datetime.timedelta(days=365),
                    parties=("specialist",))
        assert consents_expire() == 1 and consents_expire() == 0
        assert ConsentEvent.objects.filter(kind="expired").count() == 1

    def test_texts_are_seeded_in_the_six_guardian_languages(self, db):
        assert set(ConsentText.objects.filter(purpose="observation").values_list("language", flat=True)) == {
            "nl", "en", "ar", "tr", "pl", "uk"}

    def test_a_signed_text_cannot_be_changed_in_place(self, cw):
        from django.core.exceptions import ValidationError

        text = ConsentText.objects.get(purpose="observation", setting="childcare", language="en", version=1)
        ConsentEvent.objects.create(consent=_a_consent(cw), kind="given", channel="online", text=text)
        text.body = "Something else"
        with pytest.raises(ValidationError):
            text.full_clean()


def _a_consent(cw):
    consent_for(cw.children_a[0], parties=("specialist",))
    return consents_of_child(cw.children_a[0])[0]


class TestAccessStopsAtOnce:
    def _planned_case(self, cw):
        case = ask(cw)
        consent_for(case.child)
        case = case_advance(case=case, to=CaseState.READY_TO_PLAN, by=cw.pmer_a)
        return case

    def test_a_withdrawn_consent_removes_the_specialists_access_on_her_next_request(self, cw, client_for):
        case = self._planned_case(cw)
        client = client_for(cw.fixed_specialist)
        url = reverse("casework:detail", args=[case.pk])
        assert case.child.last_name in client.get(url).content.decode()
        for consent in consents_of_child(case.child):
            consent_withdraw(consent=consent, by=cw.pmer_a)
        html = client.get(url).content.decode()
        assert case.child.last_name not in html
        case.refresh_from_db()
        assert case.state == CaseState.AWAITING_CONSENT

    def test_an_expired_consent_removes_the_specialists_access_on_her_next_request(self, cw, client_for,
                                                                                   monkeypatch):
        from django.utils import timezone

        case = self._planned_case(cw)
        client = client_for(cw.fixed_specialist)
        url = reverse("casework:detail", args=[case.pk])
        assert case.child.last_name in client.get(url).content.decode()
        real_localdate = timezone.localdate
        # A year and a day later; nothing ran in between: the query itself compares the dates.
        monkeypatch.setattr(timezone, "localdate", lambda *a, **k: real_localdate(*a, **k) + datetime.timedelta(
            days=366))
        assert case.child.last_name not in client.get(url).content.decode()


class TestReminders:
    def test_a_pending_request_gets_one_reminder_with_a_fresh_link(self, cw, django_capture_on_commit_callbacks):
        from django.core import mail

        from consent.models import ConsentRequest
        from consent.services import consent_request_create, consent_requests_remind

        child = cw.children_a[0]
        consent_request = consent_request_create(child=child, guardian=child.guardians.get(),
                                                 purposes=["observation"], by=cw.pmer_a)
        assert consent_requests_remind() == 0  # not yet a few days
        ConsentRequest.objects.filter(pk=consent_request.pk).update(
            created_at=consent_request.created_at - datetime.timedelta(days=4))
        with django_capture_on_commit_callbacks(execute=True):
            assert consent_requests_remind() == 1
        assert consent_requests_remind() == 0
        assert "/consent/g/" in mail.outbox[-1].body and child.first_name not in mail.outbox[-1].body

    def test_the_tasks_are_idempotent(self, cw):
        from consent.tasks import expire_consents

        long_ago = TODAY() - datetime.timedelta(days=400)
        consent_for(cw.children_a[0], signed_on=long_ago, valid_until=long_ago + datetime.timedelta(days=365))
        assert expire_consents() == 2 and expire_consents() == 0


class TestRenewal:
    def test_a_consent_ending_within_a_month_gets_one_renewal_request(self, cw, client,
                                                                      django_capture_on_commit_callbacks, monkeypatch):
        from django.core import mail
        from django.utils import timezone

        from consent.models import ConsentRequest
        from consent.services import consent_decide, consent_request_create, consents_renew_remind

        child = cw.children_a[0]
        first = consent_request_create(child=child, guardian=child.guardians.get(), purposes=["observation"],
                                       by=cw.pmer_a)
        consent_decide(consent_request=first, decisions={"observation": "given"}, signer_name="Anouk",
                       relation="mother", language="nl")
        assert consents_renew_remind() == 0  # a year to go
        real_localdate = timezone.localdate
        monkeypatch.setattr(timezone, "localdate", lambda *a, **k: real_localdate(*a, **k) + datetime.timedelta(
            days=350))
        with django_capture_on_commit_callbacks(execute=True):
            assert consents_renew_remind() == 1
        assert consents_renew_remind() == 0
        assert ConsentRequest.objects.count() == 2
        assert "/consent/g/" in mail.outbox[-1].body and child.first_name not in mail.outbox[-1].body


class TestTheDatabaseGuardsTheLog:
    def test_an_update_of_an_event_is_refused_by_the_database(self, cw):
        from django.db import DatabaseError, transaction

        consent_for(cw.children_a[0], parties=("specialist",))
        with pytest.raises(DatabaseError), transaction.atomic():
            ConsentEvent.objects.update(kind="withdrawn")
        assert ConsentEvent.objects.get().kind == "given"

    def test_erasing_a_child_removes_her_consents_whole(self, cw, django_capture_on_commit_callbacks):
        from consent.models import Consent
        from consent.services import consent_decide, consent_request_create

        child = cw.child_b
        request_ = consent_request_create(child=child, guardian=child.guardians.get(), purposes=["observation"],
                                          by=cw.pmer_b)
        consent_decide(consent_request=request_, decisions={"observation": "given"}, signer_name="X",
                       relation="mother", language="nl")
        child.delete()
        assert not Consent.objects.filter(child_id=child.pk).exists()
