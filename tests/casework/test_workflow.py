"""Every transition of the table, and every transition the table does not have."""

import pytest

from casework import workflow
from casework.models import Case, CaseEvent, CaseKind, CaseState, ObservationRequest
from casework.services import CaseTransitionError, case_advance
from tests.consent.factories import consent_for

pytestmark = pytest.mark.django_db


def make_case(w, kind, state, **fields):
    individual = kind == CaseKind.INDIVIDUAL
    child = w.children_a[0] if individual else None
    obs = ObservationRequest.objects.create(
        location=w.location_a, group=w.group_a, subject="child" if individual else "group", kind="behaviour",
        question="Vraag", urgency="normal", requested_by=w.pmer_a)
    outcome = "cancelled" if state == CaseState.CLOSED else ""
    return Case.objects.create(request=obs, kind=kind, child=child, state=state, outcome=outcome,
                               assigned_to=w.fixed_specialist, nurse=w.fixed_nurse, **fields)


def actor_for(w, transition):
    for role, user in ((workflow.ASSIGNEE, w.fixed_specialist), (workflow.CHILDCARE_WORKER, w.pmer_a),
                       (workflow.NURSE, w.fixed_nurse)):
        if role in transition.actors:
            return user, False
    return None, True


ALLOWED = [(t, source) for t in workflow.TRANSITIONS for source in sorted(t.sources)]


@pytest.mark.parametrize(("transition", "source"), ALLOWED, ids=[f"{t.name}-from-{s}" for t, s in ALLOWED])
def test_each_transition_moves_the_case_and_records_an_event(cw, transition, source):
    case = make_case(cw, transition.kind, source)
    consent_for(cw.children_a[0])
    by, system = actor_for(cw, transition)
    case_advance(case=case, to=transition.target, outcome=transition.outcome, by=by, system=system)
    case.refresh_from_db()
    assert case.state == transition.target
    assert case.outcome == transition.outcome
    event = CaseEvent.objects.get(case=case)
    assert (event.kind, event.from_state, event.to_state, event.by) == (transition.name, source, transition.target, by)


def _illegal():
    cases = []
    for kind in CaseKind.values:
        states = workflow.OPEN_INDIVIDUAL if kind == CaseKind.INDIVIDUAL else workflow.OPEN_GROUP
        for state in sorted(states | {CaseState.CLOSED}):
            for target in CaseState.values:
                if not any(t.kind == kind and state in t.sources and t.target == target
                           for t in workflow.TRANSITIONS):
                    cases.append((kind, state, target))
    return cases


ILLEGAL = _illegal()


@pytest.mark.parametrize(("kind", "state", "target"), ILLEGAL, ids=[f"{k}-{s}-to-{t}" for k, s, t in ILLEGAL])
def test_each_illegal_transition_is_refused_and_changes_nothing(cw, kind, state, target):
    case = make_case(cw, kind, state)
    consent_for(cw.children_a[0])
    with pytest.raises(CaseTransitionError) as error:
        case_advance(case=case, to=target, by=cw.fixed_specialist, outcome="cancelled" if target == "closed" else "")
    assert "cannot go to" in str(error.value.messages[0]) or "kan niet" in str(error.value.messages[0])
    case.refresh_from_db()
    assert case.state == state
    assert not CaseEvent.objects.filter(case=case).exists()


def test_the_table_covers_every_state_of_both_flows():
    individual = {t.target for t in workflow.TRANSITIONS if t.kind == CaseKind.INDIVIDUAL}
    group = {t.target for t in workflow.TRANSITIONS if t.kind == CaseKind.GROUP}
    assert individual == set(CaseState.values) - {CaseState.SUBMITTED, CaseState.VISITED}
    assert group == {CaseState.PLANNED, CaseState.VISITED, CaseState.CLOSED}


@pytest.mark.parametrize("name", ["guardians_declined", "child_left", "cancel"])
def test_closing_reasons_close_from_every_open_state(cw, name):
    transition = workflow.BY_NAME[name]
    assert transition.sources == workflow.OPEN_INDIVIDUAL


def test_the_wrong_person_is_refused_and_nothing_changes(cw):
    case = make_case(cw, CaseKind.INDIVIDUAL, CaseState.PLANNED)
    consent_for(cw.children_a[0])
    with pytest.raises(CaseTransitionError, match="may not|mag"):
        case_advance(case=case, to=CaseState.OBSERVED, by=cw.pmer_a)
    with pytest.raises(CaseTransitionError):
        case_advance(case=case, to=CaseState.OBSERVED, by=cw.other_specialist)
    case.refresh_from_db()
    assert case.state == CaseState.PLANNED and not case.events.exists()


def test_planning_and_observing_need_valid_consent(cw):
    case = make_case(cw, CaseKind.INDIVIDUAL, CaseState.PLANNED)
    with pytest.raises(CaseTransitionError, match="consent|toestemming"):
        case_advance(case=case, to=CaseState.OBSERVED, by=cw.fixed_specialist)
    case.refresh_from_db()
    assert case.state == CaseState.PLANNED


def test_a_withdrawn_consent_does_not_count(cw):
    from consent.services import paper_consent_withdraw

    case = make_case(cw, CaseKind.INDIVIDUAL, CaseState.PLANNED)
    paper_consent_withdraw(consent=consent_for(cw.children_a[0]), by=cw.pmer_a)
    with pytest.raises(CaseTransitionError):
        case_advance(case=case, to=CaseState.OBSERVED, by=cw.fixed_specialist)
