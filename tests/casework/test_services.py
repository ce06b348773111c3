"""The municipal ways of working, assignment and consent, through the services."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from casework.models import Case, CaseKind, CaseState, ObservationRequest
from casework.permissions import may_start_referral
from casework.services import (
    CaseTransitionError,
    case_advance,
    case_assign,
    case_record_paper_consent,
    cases_consent_lapsed,
)
from consent.models import PaperConsent
from consent.services import has_valid_consent, paper_consent_withdraw
from tests.casework.factories import ask, fake_request
from tests.children.factories import ChildFactory, GuardianFactory
from tests.consent.factories import consent_for, pdf_upload
from tests.organisations.factories import DistrictFactory, GroupFactory, LocationFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db(transaction=False)


def record_consent(w, case, by=None, **overrides):
    fields = {"signed_by": "Anouk de Vries", "relation": "mother", "signed_on": datetime.date.today(),  # noqa: DTZ011
              "purposes": ["observation"], "parties": ["specialist", "youth_nurse"], "scan": pdf_upload(),
              "other_guardian_agrees": True} | overrides
    by = by or w.pmer_a
    return case_record_paper_consent(request=fake_request(by), case=case, by=by, **fields)


def run_to_advised(w, case):
    case = record_consent(w, case)
    case = case_advance(case=case, to=CaseState.PLANNED, by=w.fixed_specialist)
    case = case_advance(case=case, to=CaseState.OBSERVED, by=w.fixed_specialist)
    return case_advance(case=case, to=CaseState.ADVISED, by=w.fixed_specialist)


class TestIndividualRequest:
    def test_a_question_about_a_child_opens_a_case_waiting_for_consent(self, cw):
        case = ask(cw)
        assert case.kind == CaseKind.INDIVIDUAL and case.child == cw.children_a[0]
        assert case.state == CaseState.AWAITING_CONSENT
        assert [e.kind for e in case.events.all()] == [
            "submitted", "assigned", "nurse_attached", "request_consent"]

    def test_fixed_contact_configuration_assigns_the_location_fixed_contact(self, cw):
        case = ask(cw)
        assert case.assigned_to == cw.fixed_specialist and case.care_provider is None

    def test_hoogeveen_attaches_and_notifies_the_fixed_youth_nurse(self, cw, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            case = ask(cw)
        assert case.nurse == cw.fixed_nurse
        recipients = {m.to[0] for m in mail.outbox}
        assert {cw.fixed_nurse.email, cw.fixed_specialist.email} <= recipients
        for message in mail.outbox:  # no child's name or case content in e-mail
            assert cw.children_a[0].first_name not in message.body
            assert "bijt" not in message.body
            assert f"/requests/{case.pk}/" in message.body

    def test_without_nurse_before_observation_no_nurse_is_attached(self, cw):
        configuration = cw.municipality.configuration
        configuration.nurse_involved_before_observation = False
        configuration.save()
        assert ask(cw).nurse is None

    def test_provider_queue_configuration_leaves_it_for_the_planner(self, cw):
        child = cw.child_c
        case = ask(cw, by=cw.pmer_c, child=child)
        assert case.assigned_to is None and case.care_provider == cw.youke
        case_assign(case=case, to=cw.youke_specialist, by=cw.planner)
        case.refresh_from_db()
        assert case.assigned_to == cw.youke_specialist
        assert case.events.filter(kind="assigned").exists()

    def test_only_planner_coordinator_or_assignee_may_assign(self, cw):
        case = ask(cw, by=cw.pmer_c, child=cw.child_c)
        for outsider in (cw.youke_specialist, cw.pmer_c, cw.coordinator):
            with pytest.raises(CaseTransitionError):
                case_assign(case=case, to=cw.youke_specialist, by=outsider)
        case_assign(case=case, to=cw.youke_specialist, by=cw.coordinator_c)
        case_assign(case=case, to=cw.planner, by=cw.youke_specialist)  # the assignee hands it on

    def test_a_specialist_of_another_municipality_cannot_be_assigned(self, cw):
        case = ask(cw)
        with pytest.raises(CaseTransitionError):
            case_assign(case=case, to=cw.youke_specialist, by=cw.coordinator)

    def test_empty_question_is_refused(self, cw):
        with pytest.raises(ValidationError) as error:
            ask(cw, question="   ")
        assert "question" in error.value.message_dict
        assert not ObservationRequest.objects.exists()

    def test_a_child_of_twelve_or_older_is_refused(self, cw):
        today = datetime.date.today()  # noqa: DTZ011
        child = ChildFactory(group=cw.group_a, date_of_birth=today.replace(year=today.year - 12))
        with pytest.raises(ValidationError) as error:
            ask(cw, child=child)
        assert "12" in error.value.message_dict["child"][0]
        assert not Case.objects.exists()

    def test_a_child_of_another_location_is_refused(self, cw):
        with pytest.raises(ValidationError):
            ask(cw, child=cw.child_b, group=cw.group_a)


class TestConsentOnPaper:
    def test_recording_the_signed_form_makes_the_case_ready_to_plan(self, cw):
        case = record_consent(cw, ask(cw))
        assert case.state == CaseState.READY_TO_PLAN
        consent = PaperConsent.objects.get()
        assert consent.scan.name.startswith("consent/") and "Vries" not in consent.scan.name
        assert consent.valid_until == consent.signed_on + datetime.timedelta(days=365)
        assert has_valid_consent(case.child, "observation", "specialist")
        assert not has_valid_consent(case.child, "referral", "specialist")
        kinds = [e.kind for e in case.events.all()]
        assert kinds[-2:] == ["paper_consent", "consent_recorded"]

    def test_a_consent_without_the_specialist_leaves_it_waiting(self, cw):
        case = record_consent(cw, ask(cw), parties=["youth_nurse"])
        assert case.state == CaseState.AWAITING_CONSENT

    def test_a_bad_upload_is_refused_and_nothing_is_saved(self, cw):
        from django.core.files.uploadedfile import SimpleUploadedFile

        case = ask(cw)
        with pytest.raises(ValidationError):
            record_consent(cw, case, scan=SimpleUploadedFile("form.pdf", b"MZ\x90\x00 not a pdf"))
        case.refresh_from_db()
        assert case.state == CaseState.AWAITING_CONSENT and not PaperConsent.objects.exists()

    def test_an_expired_consent_is_not_valid(self, cw):
        long_ago = datetime.date.today() - datetime.timedelta(days=400)  # noqa: DTZ011
        consent_for(cw.children_a[0], signed_on=long_ago, valid_until=long_ago + datetime.timedelta(days=365))
        assert not has_valid_consent(cw.children_a[0], "observation", "specialist")

    def test_withdrawn_consent_sends_planned_case_back_to_awaiting_consent(self, cw):
        case = record_consent(cw, ask(cw))
        case = case_advance(case=case, to=CaseState.PLANNED, by=cw.fixed_specialist,
                            data={"due_date": datetime.date.today()})  # noqa: DTZ011
        paper_consent_withdraw(consent=PaperConsent.objects.get(), by=cw.pmer_a)
        # The withdrawal itself sends the case back (consent announces, casework follows) ...
        moved = Case.objects.get(pk=case.pk)
        assert moved.state == CaseState.AWAITING_CONSENT and moved.due_date is None
        assert moved.events.filter(kind="consent_lapsed").count() == 1
        # ... and asking again changes nothing more.
        assert cases_consent_lapsed(child=case.child) == []


class TestWaysOfWorking:
    def test_amersfoort_refuses_the_sixth_follow_up_and_says_why(self, cw):
        case = ask(cw, by=cw.pmer_c, child=cw.child_c)
        case_assign(case=case, to=cw.youke_specialist, by=cw.planner)
        case = record_consent(cw, Case.objects.get(pk=case.pk), by=cw.pmer_c)
        for to in (CaseState.PLANNED, CaseState.OBSERVED, CaseState.ADVISED):
            case = case_advance(case=case, to=to, by=cw.youke_specialist)
        for _ in range(5):
            case = case_advance(case=case, to=CaseState.FOLLOW_UP, by=cw.youke_specialist)
        with pytest.raises(CaseTransitionError) as error:
            case_advance(case=case, to=CaseState.FOLLOW_UP, by=cw.youke_specialist)
        assert "5" in error.value.messages[0]
        case.refresh_from_db()
        assert case.follow_ups == 5 and case.events.filter(kind="follow_up").count() == 5
        case_advance(case=case, to=CaseState.CLOSED, outcome="resolved", by=cw.youke_specialist)

    def test_without_a_limit_follow_ups_go_on(self, cw):
        case = run_to_advised(cw, ask(cw))
        for _ in range(7):
            case = case_advance(case=case, to=CaseState.FOLLOW_UP, by=cw.fixed_specialist)
        assert case.follow_ups == 7

    def test_amsterdam_turns_a_question_about_a_child_into_a_group_visit(self, cw):
        amsterdam = MunicipalityFactory(name="Amsterdam", preset="amsterdam")
        location = LocationFactory(district=DistrictFactory(municipality=amsterdam))
        group = GroupFactory(location=location)
        child = ChildFactory(group=group)
        GuardianFactory(child=child)
        from accounts.models import Membership, Role
        from tests.accounts.factories import member

        pmer = member(Role.CHILDCARE_WORKER, location=location)
        specialist = member(Role.SPECIALIST)
        Membership.objects.get(user=specialist).fixed_contact_for.add(location)
        case = ask(cw, by=pmer, child=child, group=group)
        assert case.kind == CaseKind.GROUP and case.child is None
        assert case.request.became_group_visit and case.request.subject == "child"
        assert case.state == CaseState.SUBMITTED and case.assigned_to == specialist
        assert not PaperConsent.objects.exists()  # guardians take no part
        assert not Case.objects.filter(child=child).exists()
        case = case_advance(case=case, to=CaseState.PLANNED, by=specialist)
        case = case_advance(case=case, to=CaseState.VISITED, by=specialist)
        case = case_advance(case=case, to=CaseState.CLOSED, outcome="resolved", by=specialist)
        assert [e.kind for e in case.events.all()][-3:] == ["plan_visit", "visit_held", "close_group"]

    def test_hoogeveen_only_the_nurse_may_start_a_referral(self, cw):
        case = ask(cw)
        assert may_start_referral(cw.fixed_nurse, case)
        assert not may_start_referral(cw.fixed_specialist, case)
        assert not may_start_referral(cw.pmer_a, case)

    def test_amersfoort_the_specialist_starts_a_referral(self, cw):
        case = ask(cw, by=cw.pmer_c, child=cw.child_c)
        case_assign(case=case, to=cw.youke_specialist, by=cw.planner)
        case.refresh_from_db()
        assert may_start_referral(cw.youke_specialist, case)
        assert not may_start_referral(cw.pmer_c, case)

    def test_a_group_question_never_names_a_child(self, cw):
        case = ask(cw, subject="group", child=None, group=cw.group_a)
        assert case.kind == CaseKind.GROUP and case.child is None and case.state == CaseState.SUBMITTED


def test_the_database_refuses_a_group_case_with_a_child(cw):
    from django.db import IntegrityError, transaction

    case = ask(cw, subject="group", child=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=case.pk).update(child=cw.children_a[0])
