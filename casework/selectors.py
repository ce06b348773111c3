"""Reading requests and cases: the one way in to a case, and the lists; each writes the audit trail
for every individual child's case it shows."""

from contextlib import contextmanager

from django.db.models import F, Prefetch
from django.http import Http404

from accounts.models import Role
from accounts.selectors import memberships_with_role
from audit.models import AuditAction, AuditBasis, AuditPart
from audit.services import AuditSubject, audit_record_refusal, audit_record_rows

from . import visibility
from .models import Case, CaseEvent, CaseKind, CaseState

OBJECT_TYPE = "casework.case"


def case_subject(case: Case) -> AuditSubject:
    return AuditSubject(
        object_type=OBJECT_TYPE, object_id=str(case.pk),
        child_id=case.child_id if case.kind == CaseKind.INDIVIDUAL else None,
        municipality_id=case.request.location.district.municipality_id,
    )


def _basis(user, case):
    """The membership (and basis) on which this user reads the case, for the audit row."""
    from .permissions import consent_party_of, is_location_worker, may_see_child

    for membership in memberships_with_role(user, Role.CHILDCARE_WORKER):
        if membership.location_id == case.request.location_id:
            return membership, AuditBasis.MEMBERSHIP
    if consent_party_of(user, case) is not None:
        role = Role.SPECIALIST if case.assigned_to_id == user.pk else Role.YOUTH_NURSE
        membership = next(iter(memberships_with_role(user, role)), None)
        shows_child = getattr(case, "child_visible", None)
        if shows_child is None:
            shows_child = may_see_child(user, case)
        shows_child = shows_child and not is_location_worker(user, case)
        return membership, AuditBasis.CONSENT if shows_child else AuditBasis.MEMBERSHIP
    for role in (Role.SPECIALIST, Role.COORDINATOR):
        if memberships := memberships_with_role(user, role):
            return memberships[0], AuditBasis.MEMBERSHIP
    return None, AuditBasis.MEMBERSHIP


def audit_rows(request, rows, *, action: AuditAction = AuditAction.VIEW):
    """Write audit rows, each `(subject, part, membership, basis)`. While a page collects its reads
    (`audit_in_one_insert`), reads join its one insert; anything else is written at once."""
    batch = getattr(request, "_audit_batch", None)
    if batch is not None and action == AuditAction.VIEW:
        batch.extend(rows)
        return
    audit_record_rows(request, rows, action=action)


@contextmanager
def audit_in_one_insert(request):
    """The case page shows up to seven parts of a child's file (case, visits, advice, plan,
    referrals, handovers, messages); each still gets its own row, written in one INSERT once the
    page has been rendered (a page that fails to render showed nothing)."""
    request._audit_batch = []
    yield
    rows = request._audit_batch
    del request._audit_batch
    if rows:
        audit_record_rows(request, rows, action=AuditAction.VIEW)


def _refused_subject(case_id):
    row = Case.objects.filter(pk=case_id).values_list(
        "child_id", "request__location__district__municipality_id").first() if case_id else None
    child_id, municipality_id = row or (None, None)
    return AuditSubject(object_type=OBJECT_TYPE, object_id=str(case_id or ""), child_id=child_id,
                        municipality_id=municipality_id)


def access_case_by_id(request, case_id, *, action: AuditAction = AuditAction.VIEW, for_update=False) -> Case:
    """The case, or Http404 for both "does not exist" and "not yours". Either way it is logged."""
    try:
        case_id = int(case_id)
        case = (
            visibility.annotate_consent(Case.objects.visible_to(request.user).with_related())
            .prefetch_related(Prefetch("events", queryset=CaseEvent.objects.select_related("by")))
            .get(pk=case_id)
        )
    except (Case.DoesNotExist, ValueError, TypeError):
        audit_record_refusal(request, _refused_subject(case_id if isinstance(case_id, int) else None),
                             action=action, part=AuditPart.CASE)
        raise Http404 from None
    membership, basis = _basis(request.user, case)
    audit_rows(request, [(case_subject(case), AuditPart.CASE, membership, basis)], action=action)
    return case


def _audit_list(request, cases):
    # One insert for the whole list, each row with its own basis (consent or membership).
    rows = []
    for case in cases:
        if case.kind == CaseKind.INDIVIDUAL:
            membership, basis = _basis(request.user, case)
            rows.append((case_subject(case), AuditPart.CASE, membership, basis))
    if rows:
        audit_rows(request, rows)


def requests_of_worker(request) -> list[Case]:
    """The requests of the childcare worker's location(s), newest first; child names shown."""
    from .permissions import visible_cases_filter

    location_ids = [m.location_id for m in memberships_with_role(request.user, Role.CHILDCARE_WORKER)]
    cases = list(
        Case.objects.filter(visible_cases_filter(request.user), request__location_id__in=location_ids)
        .with_related().order_by("-request__created_at", "-pk")[:50]
    )
    _audit_list(request, cases)
    return cases


def caseload_of(request) -> list[Case]:
    """The cases the specialist or nurse is on: the open ones, and the closed ones whose child she
    still sees by the one rule (`visibility`: under valid consent; marked closed). `child_visible`
    says whether to name the child; consent is asked per row in the same query."""
    from django.db.models import Q

    user = request.user
    mine = Q(assigned_to=user) | Q(nurse=user)
    cases = list(
        visibility.annotate_consent(
            Case.objects.filter(mine).filter(~Q(state=CaseState.CLOSED) | visibility.case_shows_child(user)))
        # Open cases first, then the closed ones, the most recently closed first.
        .with_related().order_by(F("closed_at").desc(nulls_first=True), "due_date", "request__created_at")
    )
    _annotate_child_visibility(user, cases)
    _audit_list(request, cases)
    return cases


def _annotate_child_visibility(user, cases):
    from consent.services import ConsentParty

    for case in cases:
        case.child_visible = visibility.shows_child(user, case)
        # What the list says instead of the name must be true: a consent that leaves her out is
        # not "after consent".
        case.consent_leaves_out = bool(
            case.kind == CaseKind.INDIVIDUAL and not case.child_visible
            and any(visibility.consent_covers(case, p) for p in (ConsentParty.SPECIALIST, ConsentParty.YOUTH_NURSE)))


def queue_of_planner(request) -> list[Case]:
    provider_ids = [m.care_provider_id for m in memberships_with_role(request.user, Role.SPECIALIST)
                    if m.is_planner]
    return list(
        Case.objects.open().filter(assigned_to__isnull=True, care_provider_id__in=provider_ids)
        .with_related().order_by("request__created_at")
    )


def cases_for_coordinator(user) -> list[Case]:
    """Metadata only: the template shows location, state, assignee and due date, never the child."""
    municipality_ids = [m.municipality_id for m in memberships_with_role(user, Role.COORDINATOR)]
    return list(
        Case.objects.filter(request__location__district__municipality_id__in=municipality_ids)
        .select_related("request__location", "assigned_to", "care_provider")
        .only("pk", "kind", "state", "outcome", "due_date", "opened_at", "request__location__name",
              "request__urgency", "assigned_to__first_name", "assigned_to__last_name", "assigned_to__username",
              "care_provider__name")
        .order_by("state", "due_date", "-opened_at")[:500]
    )
