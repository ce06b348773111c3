"""Who may see and do what with requests and cases. One place, applied in the query.

- a childcare worker: the requests and cases of the location(s) she works at, child included;
- a specialist: the cases assigned to her; a planner also her care provider's unassigned queue;
- a youth nurse: the cases she is attached to;
- a coordinator: the cases of her municipality as metadata (location, state, assignee, due
  date), never who the child is;
- anyone else: nothing.

An assigned specialist or nurse sees the request (question, location, group, urgency) before
consent, and who the child is only under a valid consent whose scope covers her, by the one rule
in `casework.visibility` (open or closed case alike; docs/visibility.md).
"""

from django.db.models import Q

from accounts.models import LOCATION_ROLES, Role
from accounts.selectors import memberships_with_role
from consent.services import ConsentParty, ConsentPurpose, has_valid_consent

from . import visibility, workflow
from .models import CaseKind, CaseState

NOTHING = Q(pk__in=[])

# Permission names, checked by the views.
CASE_VIEW = "casework.view_case"
CASE_VIEW_METADATA = "casework.view_case_metadata"
REQUEST_CREATE = "casework.create_request"
CASE_ASSIGN = "casework.assign_case"
CONSENT_RECORD = "casework.record_consent"


def _location_ids(user):
    return [m.location_id for m in memberships_with_role(user, *LOCATION_ROLES)]


def _planner_provider_ids(user):
    return [m.care_provider_id for m in memberships_with_role(user, Role.SPECIALIST) if m.is_planner]


def _coordinator_municipality_ids(user):
    return [m.municipality_id for m in memberships_with_role(user, Role.COORDINATOR)]


def visible_cases_filter(user) -> Q:
    if not user.is_authenticated:
        return NOTHING
    q = NOTHING
    if location_ids := _location_ids(user):
        q |= Q(request__location_id__in=location_ids)
    if memberships_with_role(user, Role.SPECIALIST):
        q |= Q(assigned_to=user)
        if provider_ids := _planner_provider_ids(user):
            q |= Q(assigned_to__isnull=True, care_provider_id__in=provider_ids)
    if memberships_with_role(user, Role.YOUTH_NURSE):
        q |= Q(nurse=user)
    if municipality_ids := _coordinator_municipality_ids(user):
        q |= Q(request__location__district__municipality_id__in=municipality_ids)
    return q


def is_location_worker(user, case) -> bool:
    return case.request.location_id in _location_ids(user)


def is_assignee(user, case) -> bool:
    return case.assigned_to_id == user.pk and bool(memberships_with_role(user, Role.SPECIALIST))


def is_case_nurse(user, case) -> bool:
    return case.nurse_id == user.pk and bool(memberships_with_role(user, Role.YOUTH_NURSE))


def is_planner_for(user, case) -> bool:
    return case.care_provider_id is not None and case.care_provider_id in _planner_provider_ids(user)


def is_coordinator_for(user, case) -> bool:
    return case.request.location.district.municipality_id in _coordinator_municipality_ids(user)


def actor_roles(user, case) -> set[str]:
    """The workflow roles (`workflow.ASSIGNEE`, ...) the user holds on this case."""
    roles = set()
    if is_location_worker(user, case):
        roles.add(workflow.CHILDCARE_WORKER)
    if is_assignee(user, case):
        roles.add(workflow.ASSIGNEE)
    if is_case_nurse(user, case):
        roles.add(workflow.NURSE)
    return roles


def consent_party_of(user, case) -> str | None:
    return visibility.party_on(user, case)


def may_see_child(user, case) -> bool:
    """Whether this user may see who the child is: her location's worker always, an assigned
    specialist or nurse by the one rule (`visibility.shows_child`), a coordinator or planner never."""
    if case.kind != CaseKind.INDIVIDUAL:
        return False
    if is_location_worker(user, case):
        return True
    return visibility.shows_child(user, case)


def may_see_case_content(user, case) -> bool:
    """The question itself: everyone on the case; a coordinator or a planner sees metadata only."""
    return bool(actor_roles(user, case))


def may_assign(user, case) -> bool:
    if not case.is_open:
        return False
    return is_planner_for(user, case) or is_coordinator_for(user, case) or is_assignee(user, case)


def may_record_consent(user, case) -> bool:
    return (case.kind == CaseKind.INDIVIDUAL and case.state == CaseState.AWAITING_CONSENT
            and bool(actor_roles(user, case)))


def may_start_referral(user, case) -> bool:
    """The configuration's `referral_starters` decides who may start a referral."""
    starters = set(case.configuration.referral_starters or [])
    if not case.is_open:
        return False
    return (("specialist" in starters and is_assignee(user, case))
            or ("youth_nurse" in starters and is_case_nurse(user, case))
            or ("childcare_worker" in starters and is_location_worker(user, case)))


def children_under_case_filter(user) -> Q:
    """For `children.permissions`: the children an assigned specialist or nurse sees, by the one
    rule (`visibility.children_filter`: open or closed case, under valid consent covering her)."""
    return visibility.children_filter(user)


# Records on a case (approach plan, referrals, handover, messages) ----------------------------
# They follow the case: whoever works on it reads them; a coordinator or planner (metadata only)
# never does. What names the child follows the consent that covers the reader.

def may_read_records(user, case) -> bool:
    return may_see_case_content(user, case)


def may_read_child_records(user, case) -> bool:
    """The approach plan and handover describe the child: her location's worker, or an assigned
    specialist or nurse under valid consent."""
    return case.kind == CaseKind.INDIVIDUAL and may_see_case_content(user, case) and may_see_child(user, case)


def may_write_plan(user, case) -> bool:
    return (case.is_open and bool(actor_roles(user, case) & {workflow.ASSIGNEE, workflow.NURSE})
            and may_read_child_records(user, case))


def may_make_handover(user, case) -> bool:
    # The warm handover goes from childcare to primary school: a pupil's case has none to make.
    return may_write_plan(user, case) and not case.location.is_school


def may_record_referral_answer(user, referral) -> bool:
    case = referral.case
    return case.is_open and (referral.started_by_id == user.pk or may_start_referral(user, case))


def may_name_referral_child(user, referral) -> bool:
    return referral.case.is_open and referral.child_id is None and is_location_worker(user, referral.case)


def may_see_referral_child(user, referral) -> bool:
    """Her location's worker knows the child. Anyone else on the case learns who it is only from a
    consent that covers her own party (DESIGN 5): the guardians' consent for the referral covers
    the party the child is referred to, not the specialist or nurse who reads the case page. So
    the reader's party must be in the scope of a valid consent for the referral, or the referral
    is about the case's own child whom she already sees by the one rule."""
    if referral.child_id is None:
        return False
    case = referral.case
    if is_location_worker(user, case):
        return True
    party = consent_party_of(user, case)
    if party is None:
        return False
    if referral.child_id == case.child_id and may_see_child(user, case):
        return True
    covered = getattr(referral, f"_consent_{ConsentPurpose.REFERRAL}_{party}", None)
    if covered is None:
        covered = has_valid_consent(referral.child_id, ConsentPurpose.REFERRAL, party)
    return covered


def may_post_message(user, case) -> bool:
    return case.is_open and bool(actor_roles(user, case))


def may_record_further_consent(user, case) -> bool:
    """The guardians' consent for a referral or the handover: someone on an open case of one child
    who may know who the child is."""
    return (case.is_open and case.kind == CaseKind.INDIVIDUAL and bool(actor_roles(user, case))
            and may_see_child(user, case))


def why_child_hidden(user, case) -> str:
    """Why the page shows "a child" instead of the name, so that what it says is true for this
    reader: "metadata" (a coordinator or planner never sees the child, consent or not),
    "not_covered" (a valid consent exists but its scope leaves her out), or "no_consent"."""
    party = consent_party_of(user, case)
    if party is None:
        return "metadata"
    if any(visibility.consent_covers(case, p) for p in (ConsentParty.SPECIALIST, ConsentParty.YOUTH_NURSE)):
        return "not_covered"
    return "no_consent"
