"""Issue 12, finding 5: a case follows its child's valid consent for its own purpose, in one place.

Consent announces every change (`consent.signals.consent_changed`); casework decides what it means
for each case of the child. A case created while a valid consent exists starts "ready to plan".
"""

import ast
import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from casework.models import Case, CaseState
from casework.records import case_record_further_consent
from casework.services import case_record_paper_consent
from consent.models import Consent, ConsentEvent, PaperConsent
from consent.services import (
    consent_decide,
    consent_request_create,
    consent_withdraw,
    consents_expire,
    paper_consent_withdraw,
)
from tests.casework.factories import ask, fake_request
from tests.consent.factories import consent_for, pdf_upload

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today  # noqa: DTZ011 - a date a person types


def paper(w, case, by=None, **overrides):
    fields = {"signed_by": "Anouk de Vries", "relation": "mother", "signed_on": TODAY(),
              "purposes": ["observation"], "parties": ["specialist", "youth_nurse"], "scan": pdf_upload(),
              "other_guardian_agrees": True} | overrides
    by = by or w.pmer_a
    return case_record_paper_consent(request=fake_request(by), case=case, by=by, **fields)


def state(case):
    return Case.objects.get(pk=case.pk).state


def online_decision(w, case, purposes, decision="given"):
    guardian = case.child.guardians.first()
    consent_request = consent_request_create(child=case.child, guardian=guardian, purposes=purposes, by=w.pmer_a)
    consent_decide(consent_request=consent_request, decisions=dict.fromkeys(purposes, decision),
                   signer_name=guardian.name, relation="mother", language="nl", other_guardian_agrees=True)
    return consent_request


class TestANewCaseChecksExistingConsent:
    def test_a_case_asked_while_a_valid_consent_exists_is_ready_to_plan_at_once(self, cw):
        child = cw.children_a[0]
        consent_for(child)
        case = ask(cw, child=child)
        assert case.state == CaseState.READY_TO_PLAN
        assert state(case) == CaseState.READY_TO_PLAN
        assert [e.kind for e in case.events.all()][-2:] == ["request_consent", "consent_recorded"]

    def test_its_page_and_the_pmers_consent_table_agree(self, cw, client_for):
        child = cw.children_a[0]
        consent_for(child)
        case = ask(cw, child=child)
        html = client_for(cw.pmer_a).get(reverse("casework:detail", args=[case.pk])).content.decode()
        badge = re.search(r'data-testid="case-state">([^<]*)<', html).group(1)
        assert badge == "Klaar om te plannen"
        assert "Gegeven" in html  # the consent table says: given

    def test_a_consent_that_does_not_cover_the_specialist_leaves_a_new_case_waiting(self, cw):
        child = cw.children_a[0]
        consent_for(child, parties=("youth_nurse",))
        assert ask(cw, child=child).state == CaseState.AWAITING_CONSENT

    def test_a_consent_for_another_purpose_leaves_a_new_case_waiting(self, cw):
        child = cw.children_a[0]
        consent_for(child, purposes=("referral",), parties=("referral_party",))
        assert ask(cw, child=child).state == CaseState.AWAITING_CONSENT

    def test_an_expired_consent_leaves_a_new_case_waiting(self, cw):
        child = cw.children_a[0]
        long_ago = TODAY() - datetime.timedelta(days=400)
        consent_for(child, signed_on=long_ago, valid_until=long_ago + datetime.timedelta(days=365))
        assert ask(cw, child=child).state == CaseState.AWAITING_CONSENT


class TestAnotherCaseOfTheSameChild:
    def test_consent_for_a_referral_on_one_case_does_not_move_the_other(self, cw):
        """The report: recording consent on case A moved case B to "ready to plan", although on B
        nothing was asked. B follows the child's consent for its purpose from its start instead."""
        child = cw.children_a[0]
        case_a = paper(cw, ask(cw, child=child))
        assert case_a.state == CaseState.READY_TO_PLAN
        case_b = ask(cw, child=child, question="Zij praat nog weinig.")
        before = state(case_b)
        online_decision(cw, case_a, ["referral"])
        assert state(case_b) == before == CaseState.READY_TO_PLAN
        assert not Case.objects.get(pk=case_b.pk).events.filter(kind="consent_recorded", by__isnull=True).exists()

    def test_consent_for_the_observation_moves_every_waiting_case_of_the_child(self, cw):
        child = cw.children_a[0]
        case_a = ask(cw, child=child)
        case_b = ask(cw, child=child, question="Zij praat nog weinig.")
        other_child = ask(cw, child=cw.children_a[1])
        online_decision(cw, case_a, ["observation"])
        assert state(case_a) == state(case_b) == CaseState.READY_TO_PLAN
        assert state(other_child) == CaseState.AWAITING_CONSENT

    def test_paper_consent_on_one_case_moves_the_other_waiting_case_too(self, cw):
        child = cw.children_a[0]
        case_a = ask(cw, child=child)
        case_b = ask(cw, child=child, question="Zij praat nog weinig.")
        paper(cw, case_a)
        assert state(case_a) == state(case_b) == CaseState.READY_TO_PLAN

    def test_refusing_the_referral_leaves_the_observation_cases_where_they_are(self, cw):
        child = cw.children_a[0]
        case = paper(cw, ask(cw, child=child))
        online_decision(cw, case, ["referral"], decision="refused")
        assert state(case) == CaseState.READY_TO_PLAN


class TestLapsedConsent:
    def _planned(self, cw, **paper_fields):
        from observations.models import Visit, VisitStatus
        from observations.services import visit_plan

        case = paper(cw, ask(cw), **paper_fields)
        starts = timezone.now() + datetime.timedelta(days=2)
        visit_plan(request=fake_request(cw.fixed_specialist), case=case, kind="observation", starts_at=starts,
                   place="Groepsruimte", by=cw.fixed_specialist)
        assert state(case) == CaseState.PLANNED
        assert Visit.objects.filter(case=case, status=VisitStatus.PLANNED).count() == 1
        return case

    def _planned_visits(self, case):
        from observations.models import Visit, VisitStatus

        return Visit.objects.filter(case=case, status=VisitStatus.PLANNED).count()

    def test_a_paper_withdrawal_sends_the_case_back_and_cancels_its_planned_visits(self, cw):
        case = self._planned(cw)
        paper_consent_withdraw(consent=PaperConsent.objects.get(), by=cw.pmer_a)
        case.refresh_from_db()
        assert case.state == CaseState.AWAITING_CONSENT and case.due_date is None
        assert self._planned_visits(case) == 0
        assert case.events.filter(kind="consent_lapsed").exists()

    def test_an_online_withdrawal_sends_the_case_back_and_cancels_its_planned_visits(self, cw):
        case = self._planned(cw)
        consent = Consent.objects.get(purpose="observation", party="specialist")
        consent_withdraw(consent=consent, by=cw.pmer_a)
        assert state(case) == CaseState.AWAITING_CONSENT
        assert self._planned_visits(case) == 0

    def test_withdrawing_only_the_nurses_scope_leaves_the_case_planned(self, cw):
        case = self._planned(cw)
        consent_withdraw(consent=Consent.objects.get(purpose="observation", party="youth_nurse"), by=cw.pmer_a)
        assert state(case) == CaseState.PLANNED
        assert self._planned_visits(case) == 1

    def test_an_expired_consent_sends_the_case_back_when_the_task_runs(self, cw, monkeypatch):
        # Signed a year ago: valid through today (the configuration's 365 days), expired tomorrow.
        validity = cw.municipality.configuration.consent_validity_days
        case = self._planned(cw, signed_on=TODAY() - datetime.timedelta(days=validity))
        assert ConsentEvent.objects.filter(kind="given", valid_until=TODAY()).exists()
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)
        assert consents_expire() == 2
        assert state(case) == CaseState.AWAITING_CONSENT
        assert self._planned_visits(case) == 0

    def test_a_fresh_consent_brings_the_case_back_to_ready_to_plan(self, cw):
        case = self._planned(cw)
        paper_consent_withdraw(consent=PaperConsent.objects.get(), by=cw.pmer_a)
        paper(cw, Case.objects.get(pk=case.pk))
        assert state(case) == CaseState.READY_TO_PLAN

    def test_a_further_consent_does_not_touch_a_case_that_is_further_along(self, cw):
        case = self._planned(cw)
        case_record_further_consent(request=fake_request(cw.pmer_a), case=Case.objects.get(pk=case.pk),
                                    by=cw.pmer_a, purposes=["referral"], parties=["referral_party"],
                                    signed_by="Anouk de Vries", relation="mother", signed_on=TODAY(),
                                    scan=pdf_upload(), other_guardian_agrees=False, co_signed_by="",
                                    co_relation="")
        assert state(case) == CaseState.PLANNED

    def test_those_on_the_case_hear_that_a_consent_changed_without_the_childs_name(
            self, cw, django_capture_on_commit_callbacks):
        case = self._planned(cw)
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            consent_withdraw(consent=Consent.objects.get(purpose="observation", party="specialist"), by=cw.pmer_a)
        recipients = {address for message in mail.outbox for address in message.to}
        assert {cw.fixed_specialist.email, cw.fixed_nurse.email} <= recipients
        for message in mail.outbox:
            assert case.child.first_name not in message.body and case.child.last_name not in message.body


class TestOnePlace:
    def test_consent_does_not_call_into_casework(self):
        """consent ← casework: consent announces, casework decides. No casework import in
        consent's services, not even one at run time inside a function."""
        source = (Path(settings.BASE_DIR) / "consent" / "services.py").read_text()
        imported = set()
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module.split(".")[0])
            elif isinstance(node, ast.Import):
                imported.update(alias.name.split(".")[0] for alias in node.names)
        assert "casework" not in imported

    def test_the_case_moves_in_the_same_transaction_as_the_consent(self, cw):
        """Announced inside the transaction: a consent change and what it means for the cases are
        saved together or not at all."""
        from django.db import transaction

        case = ask(cw)

        class Boom(Exception):
            pass

        with pytest.raises(Boom), transaction.atomic():
            paper(cw, case)
            assert state(case) == CaseState.READY_TO_PLAN
            raise Boom
        assert state(case) == CaseState.AWAITING_CONSENT and not PaperConsent.objects.exists()


class TestTheCoordinatorsWording:
    def test_the_coordinators_page_does_not_promise_the_name_after_consent(self, cw, client_for):
        case = paper(cw, ask(cw))
        html = client_for(cw.coordinator).get(reverse("casework:detail", args=[case.pk])).content.decode()
        assert case.child.first_name not in html
        assert "zodra de ouders" not in html
        assert "Coördinatoren en planners zien niet om welk kind het gaat" in html

    def test_the_assignee_before_consent_is_told_the_name_follows_consent(self, cw, client_for):
        case = ask(cw)
        html = client_for(cw.fixed_specialist).get(reverse("casework:detail", args=[case.pk])).content.decode()
        assert case.child.first_name not in html
        assert "zodra de ouders toestemming hebben gegeven" in html

    def test_the_nurse_left_out_of_the_consent_is_told_so_not_to_wait(self, cw, client_for):
        case = ask(cw)
        consent_for(case.child, parties=("specialist",))
        client = client_for(cw.fixed_nurse)
        page = client.get(reverse("casework:detail", args=[case.pk])).content.decode()
        assert case.child.first_name not in page
        assert "geldt niet voor jou" in page and "zodra de ouders" not in page
        caseload = client.get(reverse("casework:caseload")).content.decode()
        assert "geldt niet voor jou" in caseload and "naam na toestemming" not in caseload
