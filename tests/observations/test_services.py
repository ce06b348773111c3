import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.models import AuditAction, AuditEvent, AuditPart
from casework.models import CaseState
from casework.services import CaseTransitionError, case_advance
from consent.services import paper_consent_withdraw
from observations.models import Advice, Visit, VisitHours, VisitStatus
from observations.services import advice_evaluate, advice_give, visit_plan, visit_record_held
from tests.accounts.factories import member
from tests.casework.factories import ask, fake_request
from tests.observations.factories import (
    advised_case,
    days_from_now,
    hold_follow_up,
    observed_case,
    planned_case,
    ready_case,
)

pytestmark = pytest.mark.django_db


class TestPlanning:
    def test_planning_the_observation_creates_a_planned_visit_and_moves_the_case(self, cw):
        case = planned_case(cw)
        visit = Visit.objects.get()
        assert case.state == CaseState.PLANNED and case.due_date == visit.starts_at.date()
        assert visit.kind == "observation" and visit.status == VisitStatus.PLANNED
        assert visit.location == cw.location_a and visit.planned_by == cw.fixed_specialist
        assert AuditEvent.objects.filter(part=AuditPart.VISIT, action=AuditAction.CREATE,
                                         child_id=case.child_id).exists()

    def test_a_past_date_is_refused_and_nothing_changes(self, cw):
        case = ready_case(cw)
        with pytest.raises(ValidationError) as error:
            visit_plan(request=fake_request(cw.fixed_specialist), case=case, kind="observation",
                       starts_at=days_from_now(-1), by=cw.fixed_specialist)
        assert "date" in error.value.message_dict
        case.refresh_from_db()
        assert case.state == CaseState.READY_TO_PLAN and not Visit.objects.exists()

    def test_without_consent_the_specialist_cannot_plan(self, cw):
        case = ask(cw)
        with pytest.raises(CaseTransitionError):
            visit_plan(request=fake_request(cw.fixed_specialist), case=case, kind="observation",
                       starts_at=days_from_now(1), by=cw.fixed_specialist)
        assert not Visit.objects.exists()

    def test_another_specialist_cannot_plan(self, cw):
        case = ready_case(cw)
        with pytest.raises(CaseTransitionError):
            visit_plan(request=fake_request(cw.other_specialist), case=case, kind="observation",
                       starts_at=days_from_now(1), by=cw.other_specialist)

    def test_a_group_visit_on_an_individual_case_is_refused(self, cw):
        case = ready_case(cw)
        with pytest.raises(ValidationError) as error:
            visit_plan(request=fake_request(cw.fixed_specialist), case=case, kind="group_visit",
                       starts_at=days_from_now(1), by=cw.fixed_specialist)
        assert "kind" in error.value.message_dict


class TestRecordingTheObservation:
    def test_the_held_observation_fills_the_planned_visit_and_moves_the_case_on(self, cw):
        case = planned_case(cw)
        visit = visit_record_held(
            request=fake_request(cw.fixed_specialist), case=case, kind="observation",
            held_at=timezone.now() - datetime.timedelta(hours=2), video_used=True,
            participants=["specialist", "childcare_worker"], notes="Wijst, zegt weinig.",
            hours=[(cw.fixed_specialist, Decimal("2.5")), (cw.fixed_nurse, 1)], by=cw.fixed_specialist)
        case.refresh_from_db()
        assert case.state == CaseState.OBSERVED
        assert Visit.objects.count() == 1 and visit.status == VisitStatus.HELD and visit.video_used
        rows = {row.professional: row for row in VisitHours.objects.all()}
        assert rows[cw.fixed_specialist].hours == Decimal("2.5")
        assert rows[cw.fixed_specialist].care_provider == cw.care_provider
        assert rows[cw.fixed_nurse].youth_health_service == cw.ggd
        assert {row.district for row in rows.values()} == {cw.location_a.district}

    def test_a_future_date_is_refused(self, cw):
        case = planned_case(cw)
        with pytest.raises(ValidationError) as error:
            visit_record_held(request=fake_request(cw.fixed_specialist), case=case, kind="observation",
                              held_at=days_from_now(1), hours=[(cw.fixed_specialist, 1)], notes="x",
                              by=cw.fixed_specialist)
        assert "date" in error.value.message_dict
        case.refresh_from_db()
        assert case.state == CaseState.PLANNED

    @pytest.mark.parametrize("hours", [Decimal(0), Decimal("-1"), Decimal("24.25")])
    def test_hours_outside_0_to_24_are_refused(self, cw, hours):
        case = planned_case(cw)
        with pytest.raises(ValidationError) as error:
            visit_record_held(request=fake_request(cw.fixed_specialist), case=case, kind="observation",
                              held_at=timezone.now(), hours=[(cw.fixed_specialist, hours)], notes="x",
                              by=cw.fixed_specialist)
        assert "hours" in error.value.message_dict
        case.refresh_from_db()
        assert case.state == CaseState.PLANNED and not VisitHours.objects.exists()

    def test_the_database_refuses_more_than_24_hours_too(self, cw):
        case = observed_case(cw)
        row = VisitHours.objects.get()
        with pytest.raises(IntegrityError), transaction.atomic():
            VisitHours.objects.filter(pk=row.pk).update(hours=25)
        assert case.state == CaseState.OBSERVED

    def test_video_only_for_an_observation(self, cw):
        case = advised_case(cw)
        with pytest.raises(ValidationError):
            hold_follow_up(cw, case, video_used=True)

    def test_a_withdrawn_consent_stops_recording(self, cw):
        case = planned_case(cw)
        for consent in case.child.paper_consents.all():
            paper_consent_withdraw(consent=consent, by=cw.pmer_a)
        with pytest.raises(CaseTransitionError):
            visit_record_held(request=fake_request(cw.fixed_specialist), case=case, kind="observation",
                              held_at=timezone.now(), hours=[(cw.fixed_specialist, 1)], notes="x",
                              by=cw.fixed_specialist)


class TestAdvice:
    def test_advice_after_the_observation_moves_the_case_to_advised(self, cw):
        case = advised_case(cw)
        assert case.state == CaseState.ADVISED
        advice = list(Advice.objects.all())
        assert [a.target for a in advice] == ["childcare_worker", "group"]
        assert all(a.visit.kind == "observation" for a in advice)
        assert AuditEvent.objects.filter(part=AuditPart.ADVICE, action=AuditAction.CREATE).exists()

    def test_advice_before_the_observation_is_refused(self, cw):
        case = planned_case(cw)
        with pytest.raises(CaseTransitionError):
            advice_give(request=fake_request(cw.fixed_specialist), case=case, by=cw.fixed_specialist,
                        items=[{"target": "group", "category": "room", "text": "Rustige hoek"}])

    def test_the_worker_evaluates_advice(self, cw):
        case = advised_case(cw)
        advice = Advice.objects.first()
        advice_evaluate(request=fake_request(cw.pmer_a), advice=advice, tried="tried", worked="partly",
                        remark="Helpt in de ochtend.", by=cw.pmer_a)
        advice.refresh_from_db()
        assert (advice.tried, advice.worked, advice.remark) == ("tried", "partly", "Helpt in de ochtend.")
        assert advice.evaluated_by == cw.pmer_a and case.state == CaseState.ADVISED

    def test_tried_needs_how_it_worked_and_not_tried_cannot_have_worked(self, cw):
        advised_case(cw)
        advice = Advice.objects.first()
        with pytest.raises(ValidationError) as error:
            advice_evaluate(request=fake_request(cw.pmer_a), advice=advice, tried="tried", by=cw.pmer_a)
        assert "worked" in error.value.message_dict
        # Issue 12 (finding 6): "not tried" and "worked" at once contradict each other and are refused,
        # no longer silently cleared.
        with pytest.raises(ValidationError) as error:
            advice_evaluate(request=fake_request(cw.pmer_a), advice=advice, tried="not_tried", worked="worked",
                            by=cw.pmer_a)
        assert "worked" in error.value.message_dict
        advice.refresh_from_db()
        assert advice.tried == "" and advice.worked == ""

    def test_a_worker_of_another_location_cannot_evaluate(self, cw):
        advised_case(cw)
        with pytest.raises(CaseTransitionError):
            advice_evaluate(request=fake_request(cw.pmer_b), advice=Advice.objects.first(), tried="not_tried",
                            by=cw.pmer_b)


class TestParticipants:
    def test_hoogeveen_review_talk_needs_guardians_pmer_nurse_and_specialist(self, cw):
        case = advised_case(cw)
        kwargs = {"request": fake_request(cw.fixed_specialist), "case": case, "kind": "review_talk",
                  "held_at": timezone.now(), "hours": [(cw.fixed_specialist, 1)], "notes": "Nagesprek",
                  "by": cw.fixed_specialist}
        with pytest.raises(ValidationError) as error:
            visit_record_held(participants=["specialist", "childcare_worker", "guardians"], **kwargs)
        assert "participants" in error.value.message_dict
        visit = visit_record_held(participants=["specialist", "childcare_worker", "guardians", "youth_nurse"],
                                  participant_names="Anouk de Vries (moeder)", **kwargs)
        assert visit.participants == ["childcare_worker", "guardians", "specialist", "youth_nurse"]

    def test_amersfoort_review_talk_needs_no_nurse(self, cw):
        case = advised_case(cw)
        configuration = case.configuration
        configuration.review_talk_participants = ["guardians", "childcare_worker", "specialist"]
        configuration.save()
        visit_record_held(request=fake_request(cw.fixed_specialist), case=case, kind="review_talk",
                          held_at=timezone.now(), hours=[(cw.fixed_specialist, 1)], notes="Nagesprek",
                          participants=["specialist", "childcare_worker", "guardians"], by=cw.fixed_specialist)


class TestFollowUps:
    def test_a_follow_up_talk_takes_the_follow_up_transition_and_keeps_remarks(self, cw):
        case = advised_case(cw)
        advice = Advice.objects.first()
        hold_follow_up(cw, case, advice_remarks={advice.pk: "Werkt goed bij het eten."})
        assert case.state == CaseState.FOLLOW_UP and case.follow_ups == 1
        advice.refresh_from_db()
        assert advice.follow_up_remark == "Werkt goed bij het eten."

    def test_amersfoort_refuses_a_sixth_follow_up_and_says_why(self, cw):
        case = ask(cw, by=cw.pmer_c, child=cw.child_c)
        from tests.consent.factories import consent_for

        consent_for(case.child)
        case_advance(case=case, to=CaseState.READY_TO_PLAN, by=cw.pmer_c)
        case.assigned_to = cw.youke_specialist
        case.save()
        by = cw.youke_specialist
        visit_plan(request=fake_request(by), case=case, kind="observation", starts_at=days_from_now(0, 23), by=by)
        visit_record_held(request=fake_request(by), case=case, kind="observation", held_at=timezone.now(),
                          hours=[(by, 1)], notes="Observatie", by=by)
        advice_give(request=fake_request(by), case=case, by=by,
                    items=[{"target": "guardian", "category": "guardian_talk", "text": "Praat samen."}])
        case.refresh_from_db()
        for _ in range(5):
            hold_follow_up(cw, case, by=by)
        assert case.follow_ups == 5
        with pytest.raises(CaseTransitionError) as error:
            hold_follow_up(cw, case, by=by)
        assert "hoogstens 5" in str(error.value)  # the message says why: the municipality allows five
        case.refresh_from_db()
        assert case.follow_ups == 5
        assert Visit.objects.filter(kind="follow_up").count() == 5


class TestGroupVisits:
    def test_amsterdam_group_visit_names_no_child_and_refuses_guardian_advice(self, cw):
        from accounts.models import Role
        from tests.organisations.factories import DistrictFactory, GroupFactory, LocationFactory, MunicipalityFactory

        location = LocationFactory(district=DistrictFactory(
            municipality=MunicipalityFactory(name="Amsterdam", preset="amsterdam")))
        group = GroupFactory(location=location)
        pmer = member(Role.CHILDCARE_WORKER, location=location)
        specialist = member(Role.SPECIALIST, care_provider=cw.care_provider)
        # Amsterdam does not name the child: the request is made without one (the `ask` helper would
        # pick a child of another location, which the request form now refuses).
        from casework.services import request_create

        case = request_create(request=fake_request(pmer), location=location, group=group, subject="child",
                              kind="behaviour", question="Hij bijt andere kinderen.", already_tried="Rustig benaderen",
                              urgency="normal", child=None, by=pmer)
        assert case.child_id is None and case.request.became_group_visit
        case.assigned_to = specialist
        case.save()
        visit_plan(request=fake_request(specialist), case=case, kind="group_visit", starts_at=days_from_now(1),
                   by=specialist)
        case.refresh_from_db()
        assert case.state == CaseState.PLANNED
        with pytest.raises(ValidationError) as error:
            visit_record_held(request=fake_request(specialist), case=case, kind="group_visit",
                              held_at=timezone.now(), hours=[(specialist, 3)], participants=["guardians"],
                              notes="Eigen aanpak besproken.", by=specialist)
        assert "participants" in error.value.message_dict
        visit_record_held(request=fake_request(specialist), case=case, kind="group_visit", held_at=timezone.now(),
                          hours=[(specialist, 3)], participants=["specialist", "childcare_worker"],
                          notes="Eigen aanpak besproken.", by=specialist)
        case.refresh_from_db()
        assert case.state == CaseState.VISITED
        with pytest.raises(ValidationError):
            advice_give(request=fake_request(specialist), case=case, by=specialist,
                        items=[{"target": "guardian", "category": "guardian_talk", "text": "Bel de ouders."}])
        advice_give(request=fake_request(specialist), case=case, by=specialist,
                    items=[{"target": "childcare_worker", "category": "group_dynamics", "text": "Kort en duidelijk."}])
        assert Advice.objects.count() == 1
        assert not AuditEvent.objects.filter(part=AuditPart.VISIT).exclude(child_id=None).exists()


class TestCancelling:
    def test_a_withdrawn_consent_cancels_the_planned_observation(self, cw):
        from casework.services import cases_consent_lapsed

        case = planned_case(cw)
        for consent in case.child.paper_consents.all():
            paper_consent_withdraw(consent=consent, by=cw.pmer_a)
        cases_consent_lapsed(child=case.child)
        case.refresh_from_db()
        assert case.state == CaseState.AWAITING_CONSENT
        assert Visit.objects.get().status == VisitStatus.CANCELLED

    def test_closing_a_case_cancels_its_planned_visits_and_keeps_the_held_ones(self, cw):
        from casework.services import case_advance_by_name

        case = advised_case(cw)
        visit_plan(request=fake_request(cw.fixed_specialist), case=case, kind="follow_up",
                   starts_at=days_from_now(5), by=cw.fixed_specialist)
        case_advance_by_name(case=case, name="close_resolved", by=cw.fixed_specialist)
        assert dict(Visit.objects.values_list("kind", "status")) == {
            "observation": VisitStatus.HELD, "follow_up": VisitStatus.CANCELLED}
