"""The demo's cases: every state each municipality's way of working reaches, with the records a
demo visitor expects on them, made through the services (so timeline, hours and audit are real)."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from accounts.models import User
from audit.models import AuditEvent
from casework import workflow
from casework.models import (
    ApproachPlanCycle,
    Case,
    CaseEvent,
    CaseKind,
    CaseMessage,
    CaseOutcome,
    CaseState,
    Handover,
    Referral,
    ReferralStatus,
)
from consent.models import PaperConsent
from consent.services import ConsentParty, ConsentPurpose, has_valid_consent
from demo.casework_demo import PROGRAMMES
from observations.models import Advice, Visit, VisitHours, VisitStatus
from organisations.models import Municipality, ProgrammeConfiguration

pytestmark = pytest.mark.django_db

COUNTED = [Case, CaseEvent, Visit, VisitHours, Advice, ApproachPlanCycle, Referral, Handover, CaseMessage,
           PaperConsent, AuditEvent]


def load():
    call_command("load_demo_data", stdout=io.StringIO())


@pytest.fixture
def demo(monkeypatch):
    monkeypatch.delenv("PORT", raising=False)
    load()


def cases_of(municipality):
    return Case.objects.filter(request__location__district__municipality=municipality)


def reachable_states(kind):
    """The states a case of this kind can rest in, read from the workflow table. An individual
    case leaves "submitted" in the same transaction that creates it (the request asks the
    guardians for consent at once), so only the targets of its transitions remain; a group
    request waits in "submitted" until it is planned."""
    targets = {t.target for t in workflow.TRANSITIONS if t.kind == kind}
    return targets if kind == CaseKind.INDIVIDUAL else {CaseState.SUBMITTED, *targets}


def test_an_individual_request_does_not_rest_in_submitted():
    assert workflow.find_transition(CaseKind.INDIVIDUAL, CaseState.SUBMITTED, CaseState.AWAITING_CONSENT)
    assert CaseState.SUBMITTED not in reachable_states(CaseKind.INDIVIDUAL)


def test_every_state_the_way_of_working_reaches_exists_in_every_municipality(demo):
    assert Municipality.objects.count() == 3
    for municipality in Municipality.objects.select_related("configuration"):
        cases = cases_of(municipality)
        individual_file = (municipality.configuration.individual_observation
                           == ProgrammeConfiguration.IndividualObservation.CASE)
        kinds = [CaseKind.INDIVIDUAL, CaseKind.GROUP] if individual_file else [CaseKind.GROUP]
        for kind in kinds:
            states = set(cases.filter(kind=kind).values_list("state", flat=True))
            assert states == reachable_states(kind), (municipality.name, kind)
        if individual_file:
            closed = set(cases.filter(kind=CaseKind.INDIVIDUAL, state=CaseState.CLOSED)
                         .values_list("outcome", flat=True))
            assert {CaseOutcome.RESOLVED, CaseOutcome.GUARDIANS_DECLINED} <= closed, municipality.name
        else:
            # No individual child file: a question about one child is a group visit, naming no child.
            assert not cases.filter(kind=CaseKind.INDIVIDUAL).exists()
            became = cases.filter(request__became_group_visit=True)
            assert became.exists() and not became.filter(child__isnull=False).exists()
            assert cases.filter(request__subject="group").exists()


def test_follow_ups_stay_within_the_configured_limit_and_amersfoort_shows_two(demo):
    for case in Case.objects.filter(follow_ups__gt=0).with_related():
        limit = case.configuration.max_follow_ups
        assert limit is None or case.follow_ups <= limit
        assert Visit.objects.filter(case=case, kind="follow_up", status=VisitStatus.HELD).count() == case.follow_ups
    assert cases_of(Municipality.objects.get(name="Amersfoort")).filter(
        state=CaseState.FOLLOW_UP, follow_ups=2).exists()


def test_every_case_has_its_own_child_and_a_timeline_that_ends_in_its_state(demo):
    children = list(Case.objects.filter(child__isnull=False).values_list("child_id", flat=True))
    referred = list(Referral.objects.filter(case__kind=CaseKind.GROUP).values_list("child_id", flat=True))
    assert len(set(children + referred)) == len(children) + len(referred)
    for case in Case.objects.all():
        last = case.events.exclude(to_state="").order_by("at", "pk").last()
        assert last.to_state == case.state, case.request.question
        assert case.events.filter(kind="submitted").count() == 1
        if case.child_id:
            assert AuditEvent.objects.filter(child_id=case.child_id).exists()


def test_held_visits_are_in_the_past_planned_ones_ahead_and_held_visits_carry_hours(demo):
    now = timezone.now()
    held = Visit.objects.filter(status=VisitStatus.HELD)
    assert held.exists() and not held.filter(starts_at__gt=now).exists()
    assert not held.filter(hours__isnull=True).exists()
    planned = Visit.objects.filter(status=VisitStatus.PLANNED)
    assert planned.exists() and not planned.filter(starts_at__lt=now).exists()
    for visit in planned.select_related("case"):
        assert visit.case.state == CaseState.PLANNED
    # Hoogeveen's youth nurse books her own hours on the observations she joins.
    assert VisitHours.objects.filter(professional__username="nurse.hoogeveen", youth_health_service__isnull=False)


def test_the_records_a_demo_visitor_looks_for(demo):
    for name in ("Hoogeveen", "Amersfoort"):
        cycles = ApproachPlanCycle.objects.filter(
            plan__case__request__location__district__municipality__name=name, plan__case__state=CaseState.FOLLOW_UP)
        assert cycles.filter(number=2).exclude(evaluation="").exists(), name

    referrals = {r.case.request.location.district.municipality.name: r
                 for r in Referral.objects.select_related("case__request__location__district__municipality",
                                                          "started_by", "child")}
    assert referrals["Hoogeveen"].started_by.username == "nurse.hoogeveen"
    assert referrals["Hoogeveen"].status == ReferralStatus.STARTED
    assert referrals["Amersfoort"].started_by.username == "specialist.amersfoort"
    okido = referrals["Amsterdam"]
    assert okido.target == "okido" and okido.case.kind == CaseKind.GROUP and okido.case.child_id is None
    assert okido.child is not None and okido.sent_at is not None
    for referral in referrals.values():
        assert has_valid_consent(referral.child, ConsentPurpose.REFERRAL, ConsentParty.REFERRAL_PARTY)

    handover = Handover.objects.select_related("case__child").get()
    assert handover.case.request.location.district.municipality.name == "Hoogeveen"
    assert handover.case.state == CaseState.CLOSED and handover.case.outcome == CaseOutcome.HANDED_OVER
    assert has_valid_consent(handover.case.child, ConsentPurpose.HANDOVER, ConsentParty.PRIMARY_SCHOOL)
    assert bytes(handover.pdf).startswith(b"%PDF-")
    assert handover.consent_reference.startswith("paper_consent:")
    assert CaseMessage.objects.values("case").distinct().count() >= 2


def test_a_second_run_makes_nothing_new(demo):
    before = {model.__name__: model.objects.count() for model in COUNTED}
    load()
    assert {model.__name__: model.objects.count() for model in COUNTED} == before


def test_every_demo_question_is_loaded_once():
    questions = [spec.question for programme in PROGRAMMES for spec in programme.cases]
    assert len(questions) == len(set(questions))


def test_the_pmers_see_their_requests_and_the_specialists_their_caseload(demo, client_for):
    for username in ("pmer.hoogeveen", "pmer2.amersfoort", "pmer.amsterdam"):
        pmer = User.objects.get(username=username)
        html = client_for(pmer).get(reverse("casework:my_requests")).content.decode()
        mine = Case.objects.filter(request__requested_by=pmer).select_related("child")
        assert mine.exists()
        for case in mine:
            assert reverse("casework:detail", args=[case.pk]) in html, (username, case.request.question)
            if case.child:
                assert case.child.first_name in html
            # Every demo case opens for the pm'er who asked, whatever state and records it has.
            page = client_for(pmer).get(reverse("casework:detail", args=[case.pk]))
            assert page.status_code == 200 and escape(case.request.question) in page.content.decode()
    for username in ("specialist.hoogeveen", "specialist.amersfoort", "specialist.amsterdam", "nurse.hoogeveen"):
        user = User.objects.get(username=username)
        html = client_for(user).get(reverse("casework:caseload")).content.decode()
        on_it = Case.objects.open().filter(assigned_to=user) | Case.objects.open().filter(nurse=user)
        assert on_it.exists()
        for case in on_it:
            assert reverse("casework:detail", args=[case.pk]) in html, (username, case.request.question)
        case = on_it.order_by("pk").first()
        assert client_for(user).get(reverse("casework:detail", args=[case.pk])).status_code == 200
