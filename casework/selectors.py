"""Reading requests and cases: the one way in to a case, and the lists; each writes the audit trail
for every individual child's case it shows."""

from contextlib import contextmanager
from dataclasses import dataclass

from django import forms
from django.db.models import Count, F, Window
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.models import LOCATION_ROLES, Role
from accounts.selectors import memberships_with_role
from audit.models import AuditAction, AuditBasis, AuditPart
from audit.services import AuditSubject, audit_record_refusal, audit_record_rows

from . import visibility, workflow
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

    for membership in memberships_with_role(user, *LOCATION_ROLES):
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

    location_ids = [m.location_id for m in memberships_with_role(request.user, *LOCATION_ROLES)]
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
    # Only what the queue's table shows (case, location, urgency, date): `with_related` would join a
    # dozen tables for each of the provider's waiting requests.
    return list(
        Case.objects.open().filter(assigned_to__isnull=True, care_provider_id__in=provider_ids)
        .select_related("request__location")
        .only("pk", "kind", "state", "request__urgency", "request__created_at", "request__location__name")
        .order_by("request__created_at")
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


# The case page shows the timeline a page at a time, the newest first: a case followed for years
# has hundreds of events, and rendering all of them made the page slow for the one thing a reader
# looks at first (what happened last).
TIMELINE_PAGE_SIZE = 25


class TimelinePageForm(forms.Form):
    """The timeline page asked for in the case page's address (`?timeline=3`)."""

    timeline = forms.IntegerField(required=False, min_value=1, max_value=100_000)


@dataclass
class TimelinePage:
    items: list  # {"event", "label", "to_label"}, the newest first
    number: int
    pages: int
    total: int
    notice: str = ""  # why this is not the page the address asked for

    def __iter__(self):
        return iter(self.items)

    @property
    def first_position(self):
        return (self.number - 1) * TIMELINE_PAGE_SIZE + 1

    @property
    def last_position(self):
        return self.first_position + len(self.items) - 1

    @property
    def newer(self):
        return self.number - 1 if self.number > 1 else None

    @property
    def older(self):
        return self.number + 1 if self.number < self.pages else None


def _timeline_rows(case, number):
    # One query: the page of events and (as a window over all of the case's events) how many there
    # are, on the (case, at) index.
    start = (number - 1) * TIMELINE_PAGE_SIZE
    return list(
        CaseEvent.objects.filter(case=case).select_related("by")
        .annotate(total=Window(Count("pk"))).order_by("-at", "-pk")[start:start + TIMELINE_PAGE_SIZE])


def timeline_page(request, case) -> TimelinePage:
    """The page of the case's timeline the address asks for; an address that cannot be read or asks
    past the oldest event gets the newest page and says why."""
    form = TimelinePageForm(request.GET)
    notice = ""
    number = 1
    if form.is_valid():
        number = form.cleaned_data["timeline"] or 1
    else:
        notice = _("That page of the timeline does not exist: here are the newest events.")
    events = _timeline_rows(case, number)
    if not events and number > 1:
        notice = _("That page of the timeline does not exist: here are the newest events.")
        number = 1
        events = _timeline_rows(case, number)
    total = events[0].total if events else 0
    items = [{"event": e, "label": workflow.EVENT_LABELS.get(e.kind, e.kind),
              "to_label": CaseState(e.to_state).label if e.to_state else ""} for e in events]
    return TimelinePage(items=items, number=number, pages=max(1, -(-total // TIMELINE_PAGE_SIZE)), total=total,
                        notice=notice)


# The case page shows the latest visits, advice and messages of a case, each with a link to all of
# them (`?show=visits`): a case followed for years has dozens of each, and rendering them all made the
# page slow for every reader.
SECTION_LIMIT = 10
SECTIONS = ("visits", "advice", "messages")


class ShowAllForm(forms.Form):
    """Which sections of the case page the address asks to show in full (`?show=visits&show=advice`)."""

    show = forms.MultipleChoiceField(required=False, choices=[(s, s) for s in SECTIONS])


def sections_in_full(request) -> set[str]:
    shown = getattr(request, "_case_sections_in_full", None)
    if shown is None:
        form = ShowAllForm(request.GET)
        # An address that cannot be read shows the latest of each, as without one.
        shown = set(form.cleaned_data["show"]) if form.is_valid() else set()
        request._case_sections_in_full = shown
    return shown


class Latest(list):
    """The rows shown, in time order, with how many there are in all (`total`) and which section."""

    def __init__(self, rows, *, total, section, in_full):
        super().__init__(rows)
        self.total, self.section, self.in_full = total, section, in_full

    @property
    def hidden(self):
        return self.total - len(self)


def latest_of(request, queryset, section) -> Latest:
    """The latest SECTION_LIMIT rows of one of the case page's sections (the queryset in time order),
    or all of them when the address asks for it; with the total, in the same one query."""
    counted = queryset.annotate(section_total=Window(Count("pk")))
    in_full = section in sections_in_full(request)
    rows = list(counted) if in_full else list(counted.reverse()[:SECTION_LIMIT])[::-1]
    return Latest(rows, total=rows[0].section_total if rows else 0, section=section, in_full=in_full)
