"""Who may see and record visits and advice. One place, and it follows the case's own access
(`casework.permissions`): the case's location's childcare workers, its assigned specialist and its
youth nurse; for an individual child the specialist and the nurse only under the guardians' valid
consent. A coordinator sees case metadata, never visits, notes or advice."""

from django.db.models import Q

from accounts.models import LOCATION_ROLES, Role
from accounts.selectors import memberships_with_role
from audit.models import AuditBasis
from casework import visibility
from casework.models import CaseKind, CaseState
from casework.permissions import consent_party_of, is_assignee, is_case_nurse, is_location_worker
from consent.services import ConsentParty

NOTHING = Q(pk__in=[])

VISIT_VIEW = "observations.view_visit"
VISIT_RECORD = "observations.record_visit"
ADVICE_EVALUATE = "observations.evaluate_advice"


def _consent_covers(user, case) -> bool:
    """On a group case, being on it is enough (no child); on an individual case the one rule
    (`casework.visibility.shows_child`), asked once per case object."""
    if consent_party_of(user, case) is None:
        return False
    if case.kind != CaseKind.INDIVIDUAL:
        return True
    return visibility.shows_child(user, case)


def may_see_visits(user, case) -> bool:
    return is_location_worker(user, case) or _consent_covers(user, case)


def may_record_visits(user, case) -> bool:
    """The assigned specialist plans and records; on an individual case only under valid consent."""
    return case.is_open and is_assignee(user, case) and _consent_covers(user, case)


def may_record_own_visits(user, case) -> bool:
    """The case's youth nurse records the visits she holds herself, and adds her own hours to a visit
    she took part in (issue 12: the specialist used to type them for her), under the same consent
    that lets her see the visits. Planning, advice and the visits that move the case stay the
    specialist's (casework's workflow has her as their actor)."""
    return (case.is_open and case.kind == CaseKind.INDIVIDUAL and is_case_nurse(user, case)
            and _consent_covers(user, case))


def may_record_held(user, case) -> bool:
    """Whoever may record a held visit on this case: the assigned specialist or the case's nurse."""
    return may_record_visits(user, case) or may_record_own_visits(user, case)


def may_evaluate_advice(user, case) -> bool:
    """The childcare worker of the location says how the advice worked, while the case is open."""
    return (case.is_open and is_location_worker(user, case)
            and case.state in (CaseState.ADVISED, CaseState.FOLLOW_UP, CaseState.VISITED))


def visits_visible_filter(user, prefix="case__") -> Q:
    """The same rules as `may_see_visits`, as a query (for lists)."""
    if not user.is_authenticated:
        return NOTHING
    q = NOTHING
    if location_ids := [m.location_id for m in memberships_with_role(user, *LOCATION_ROLES)]:
        q |= Q(**{f"{prefix}request__location_id__in": location_ids})
    for role, field, _party in visibility.TIES:
        if memberships_with_role(user, role):
            q |= Q(**{f"{prefix}{field}": user, f"{prefix}kind": CaseKind.GROUP})
    # An individual case's visits: the one rule, its consent asked per row (never the list of every
    # consented child in the country).
    return q | visibility.case_shows_child(user, prefix=prefix)


# Advice on a preventive group visit (no case, no child) ----------------------------------------

def _worker_location_ids(user):
    # Preventive group visits are childcare's (DESIGN 3): the pm'er's alone, never the teacher's.
    return [m.location_id for m in memberships_with_role(user, Role.CHILDCARE_WORKER)]


def _is_professional(user):
    return bool(memberships_with_role(user, Role.SPECIALIST) or memberships_with_role(user, Role.YOUTH_NURSE))


def held_it(user, visit) -> bool:
    """The professional who recorded the visit, or booked hours on it."""
    if not _is_professional(user):
        return False
    return visit.recorded_by_id == user.pk or any(row.professional_id == user.pk for row in visit.hours.all())


def may_see_group_visit(user, visit) -> bool:
    return visit.location_id in _worker_location_ids(user) or held_it(user, visit)


def may_advise_on_group_visit(user, visit) -> bool:
    from .models import VisitKind, VisitStatus

    return (visit.case_id is None and visit.kind == VisitKind.PREVENTIVE_VISIT and visit.status == VisitStatus.HELD
            and held_it(user, visit))


def may_evaluate_group_visit_advice(user, visit) -> bool:
    return visit.case_id is None and visit.location_id in _worker_location_ids(user)


def group_visits_visible_filter(user, prefix="") -> Q:
    """Preventive group visits (no case) the user may see: her location's, as childcare worker, or
    the ones she held."""
    from observations.models import VisitHours

    if not user.is_authenticated:
        return NOTHING
    q = NOTHING
    if location_ids := _worker_location_ids(user):
        q |= Q(**{f"{prefix}location_id__in": location_ids})
    if _is_professional(user):
        q |= Q(**{f"{prefix}recorded_by": user})
        q |= Q(**{f"{prefix}pk__in": VisitHours.objects.filter(professional=user).values("visit_id")})
    return Q(**{f"{prefix}case__isnull": True}) & q


def group_visit_advice_filter(user) -> Q:
    return Q(case__isnull=True) & group_visits_visible_filter(user, prefix="visit__")


def audit_basis(user, case):
    """The membership and basis on which the user reads or changes this case's visits and advice."""
    for membership in memberships_with_role(user, *LOCATION_ROLES):
        if membership.location_id == case.request.location_id:
            return membership, AuditBasis.MEMBERSHIP
    party = consent_party_of(user, case)
    if party is not None:
        role = Role.SPECIALIST if party == ConsentParty.SPECIALIST else Role.YOUTH_NURSE
        membership = next(iter(memberships_with_role(user, role)), None)
        basis = AuditBasis.CONSENT if case.kind == CaseKind.INDIVIDUAL else AuditBasis.MEMBERSHIP
        return membership, basis
    return None, AuditBasis.MEMBERSHIP
