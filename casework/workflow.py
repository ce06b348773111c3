"""The case state machine: one plain table, enforced in one place (`services.case_advance`).

A plain table rather than django-fsm-2 or viewflow: the rules that are not about states (the
follow-up limit, consent, who may act) read the municipality's configuration and the consent
service, which a decorator-per-method library would scatter over the model; the table is also
what the tests parametrise over and what the case page reads to offer the next actions.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import CaseKind, CaseOutcome, CaseState

S = CaseState
OPEN_INDIVIDUAL = frozenset({S.SUBMITTED, S.AWAITING_CONSENT, S.READY_TO_PLAN, S.PLANNED, S.OBSERVED, S.ADVISED,
                             S.FOLLOW_UP})
OPEN_GROUP = frozenset({S.SUBMITTED, S.PLANNED, S.VISITED})

# Who may take a transition: the case's assignee (specialist), its youth nurse, a childcare
# worker of the location, or the system itself (a consent that lapsed, a task).
ASSIGNEE, NURSE, CHILDCARE_WORKER, SYSTEM = "assignee", "nurse", "childcare_worker", "system"


@dataclass(frozen=True)
class Transition:
    name: str
    kind: str
    sources: frozenset
    target: str
    label: object
    actors: frozenset
    outcome: str = ""
    needs_consent: bool = False
    offered: bool = True  # shown as a button on the case page (others happen through their own form)


def _t(name, kind, sources, target, label, actors, **kwargs):
    return Transition(name, kind, frozenset(sources), target, label, frozenset(actors), **kwargs)


IND, G = CaseKind.INDIVIDUAL, CaseKind.GROUP
TRANSITIONS = (
    # Individual child
    _t("request_consent", IND, {S.SUBMITTED}, S.AWAITING_CONSENT, _("Ask the guardians for consent"),
       {CHILDCARE_WORKER, ASSIGNEE, SYSTEM}),
    _t("consent_recorded", IND, {S.AWAITING_CONSENT}, S.READY_TO_PLAN, _("Consent recorded"),
       {CHILDCARE_WORKER, ASSIGNEE, NURSE, SYSTEM}, needs_consent=True, offered=False),
    _t("consent_lapsed", IND, {S.READY_TO_PLAN, S.PLANNED}, S.AWAITING_CONSENT, _("Consent withdrawn or expired"),
       {SYSTEM, CHILDCARE_WORKER, ASSIGNEE}, offered=False),
    _t("plan", IND, {S.READY_TO_PLAN}, S.PLANNED, _("Plan the observation"), {ASSIGNEE},
       needs_consent=True, offered=False),
    # Taken by recording the visit or the advice (observations app), never by a bare button, so the
    # case cannot move on without the record that says what happened.
    _t("observe", IND, {S.PLANNED}, S.OBSERVED, _("Observation held"), {ASSIGNEE}, needs_consent=True,
       offered=False),
    _t("advise", IND, {S.OBSERVED}, S.ADVISED, _("Advice given"), {ASSIGNEE}, needs_consent=True, offered=False),
    _t("follow_up", IND, {S.ADVISED, S.FOLLOW_UP}, S.FOLLOW_UP, _("Follow-up talk held"), {ASSIGNEE},
       needs_consent=True, offered=False),
    _t("close_resolved", IND, {S.ADVISED, S.FOLLOW_UP}, S.CLOSED, _("Close: resolved within childcare"),
       {ASSIGNEE}, outcome=CaseOutcome.RESOLVED),
    _t("close_referred", IND, {S.ADVISED, S.FOLLOW_UP}, S.CLOSED, _("Close: referred"), {ASSIGNEE},
       outcome=CaseOutcome.REFERRED),
    _t("close_handed_over", IND, {S.ADVISED, S.FOLLOW_UP}, S.CLOSED, _("Close: handed over to school"),
       {ASSIGNEE}, outcome=CaseOutcome.HANDED_OVER),
    _t("guardians_declined", IND, OPEN_INDIVIDUAL, S.CLOSED, _("Guardians declined"),
       {CHILDCARE_WORKER, ASSIGNEE, NURSE}, outcome=CaseOutcome.GUARDIANS_DECLINED),
    _t("child_left", IND, OPEN_INDIVIDUAL, S.CLOSED, _("Child left"), {CHILDCARE_WORKER, ASSIGNEE, NURSE},
       outcome=CaseOutcome.CHILD_LEFT),
    _t("cancel", IND, OPEN_INDIVIDUAL, S.CLOSED, _("Cancel the request"), {CHILDCARE_WORKER, ASSIGNEE},
       outcome=CaseOutcome.CANCELLED),
    # Group (also a question about one child where the configuration makes it a group visit)
    _t("plan_visit", G, {S.SUBMITTED}, S.PLANNED, _("Plan the group visit"), {ASSIGNEE}, offered=False),
    _t("visit_held", G, {S.PLANNED}, S.VISITED, _("Group visit held"), {ASSIGNEE}, offered=False),
    _t("close_group", G, {S.VISITED}, S.CLOSED, _("Close"), {ASSIGNEE}, outcome=CaseOutcome.RESOLVED),
    _t("cancel_group", G, OPEN_GROUP, S.CLOSED, _("Cancel the request"), {CHILDCARE_WORKER, ASSIGNEE},
       outcome=CaseOutcome.CANCELLED),
)
BY_NAME = {t.name: t for t in TRANSITIONS}
assert len(BY_NAME) == len(TRANSITIONS), "transition names must be unique"


def transition_named(name: str) -> Transition | None:
    return BY_NAME.get(name)


def transitions_from(kind: str, state: str) -> list[Transition]:
    return [t for t in TRANSITIONS if t.kind == kind and state in t.sources]


def find_transition(kind: str, state: str, to: str, outcome: str = "") -> Transition | None:
    """The one transition of this kind of case from `state` to `to` (and, for closing, `outcome`)."""
    for t in TRANSITIONS:
        if t.kind == kind and state in t.sources and t.target == to and t.outcome == (outcome or ""):
            return t
    return None


EVENT_LABELS = {
    "submitted": _("Request submitted"),
    "assigned": _("Assigned"),
    "queued": _("Placed in the care provider's queue"),
    "nurse_attached": _("Youth nurse attached"),
    "paper_consent": _("Signed consent form recorded"),
    **{t.name: t.label for t in TRANSITIONS},
}


# What the assignee does next, per state (the caseload page shows it).
NEXT_ACTION = {
    (IND, S.SUBMITTED): _("Ask the guardians for consent"),
    (IND, S.AWAITING_CONSENT): _("Wait for the guardians' consent"),
    (IND, S.READY_TO_PLAN): _("Plan the observation"),
    (IND, S.PLANNED): _("Hold the observation"),
    (IND, S.OBSERVED): _("Give advice"),
    (IND, S.ADVISED): _("Follow-up talk or close"),
    (IND, S.FOLLOW_UP): _("Follow-up talk or close"),
    (G, S.SUBMITTED): _("Plan the group visit"),
    (G, S.PLANNED): _("Hold the group visit"),
    (G, S.VISITED): _("Close"),
}

# Events of the records on a case (casework/records.py).
EVENT_LABELS.update({
    "approach_plan": _("Approach plan made"),
    "approach_plan_evaluated": _("Approach plan evaluated and adjusted"),
    "referral_started": _("Referral started"),
    "referral_child_named": _("Child named on the referral; referral sent"),
    "referral_accepted": _("Referral accepted"),
    "referral_declined": _("Referral declined"),
    "referral_help_started": _("Help after the referral started"),
    "handover": _("Handover document made"),
    "further_consent": _("Signed consent for a referral or the handover recorded"),
})
