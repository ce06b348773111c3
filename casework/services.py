"""What changes requests and cases. Every state change goes through `case_advance`."""

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import LOCATION_ROLES, Membership, Role
from alert4you.links import absolute_url
from audit.models import AuditAction, AuditBasis, AuditPart
from audit.services import audit_record
from children.models import MAX_AGE_YEARS
from consent.services import ConsentParty, ConsentPurpose, has_valid_consent, paper_consent_record
from organisations.models import CareProvider, ProgrammeConfiguration

from . import workflow
from .models import QUESTION_MAX_LENGTH, Case, CaseEvent, CaseKind, CaseState, ObservationRequest, RequestSubject
from .permissions import actor_roles, consent_party_of, may_assign
from .records import check_signed_on, limited
from .selectors import case_subject

# Sent inside case_advance's transaction, so that apps downstream (observations cancels the
# planned visits of a case that lost its consent or closed) act without casework importing them.
case_advanced = Signal()


class CaseTransitionError(ValidationError):
    """A transition that is not allowed now; nothing was changed."""


def _event(case, kind, by, *, from_state="", to_state="", **data):
    return CaseEvent.objects.create(case=case, kind=kind, by=by, from_state=from_state, to_state=to_state,
                                    data=data)


def _notify(user, subject: str, case: Case):
    """E-mail carries no child's name or case content: only that there is something, and a link
    (absolute: a mail client has no page to resolve a bare path against)."""
    if user is None or not user.email:
        return
    url = absolute_url("casework:detail", case.pk)
    body = _("There is news on a case in Alert4you.\n\nOpen it in the app: %(url)s") % {"url": url}
    transaction.on_commit(lambda: send_mail(subject, body, None, [user.email]))


# Assignment --------------------------------------------------------------------------------

def _fixed_contact(location, role):
    membership = (
        Membership.objects.active().filter(role=role, fixed_contact_for=location)
        .select_related("user").order_by("pk").first()
    )
    return membership.user if membership else None


def _queue_of(location):
    return CareProvider.objects.filter(municipalities=location.district.municipality_id).order_by("pk").first()


def _assign_new(case, configuration, by):
    location = case.request.location
    specialist = None
    if configuration.assignment == ProgrammeConfiguration.Assignment.FIXED_CONTACT:
        specialist = _fixed_contact(location, Role.SPECIALIST)
    if specialist is not None:
        case.assigned_to = specialist
        case.save(update_fields=["assigned_to"])
        _event(case, "assigned", by, to_user=specialist.get_full_name() or specialist.username, reason="fixed_contact")
        _notify(specialist, _("Alert4you: a new request for help"), case)
        return
    case.care_provider = _queue_of(location)
    case.save(update_fields=["care_provider"])
    _event(case, "queued", by, care_provider=str(case.care_provider or ""))
    planners = Membership.objects.active().filter(role=Role.SPECIALIST, is_planner=True,
                                                  care_provider=case.care_provider).select_related("user")
    for planner in planners:
        _notify(planner.user, _("Alert4you: a new request in your queue"), case)


def assignable_specialists(case):
    """Specialists of the care providers serving the case's municipality."""
    from accounts.models import User

    municipality_id = case.request.location.district.municipality_id
    return User.objects.filter(
        is_active=True, memberships__active=True, memberships__role=Role.SPECIALIST,
        memberships__care_provider__municipalities=municipality_id,
    ).distinct().order_by("last_name", "first_name")


@transaction.atomic
def case_assign(*, case: Case, to, by) -> Case:
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not may_assign(by, case):
        raise CaseTransitionError(_("You may not assign this case."))
    if not assignable_specialists(case).filter(pk=to.pk).exists():
        raise CaseTransitionError(_("This person is not a specialist serving this municipality."))
    previous = case.assigned_to
    case.assigned_to = to
    case.save(update_fields=["assigned_to"])
    _event(case, "assigned", by, to_user=to.get_full_name() or to.username,
           from_user=(previous.get_full_name() or previous.username) if previous else "")
    _notify(to, _("Alert4you: a case was assigned to you"), case)
    return case


# Requests ----------------------------------------------------------------------------------

@transaction.atomic
def request_create(*, request, location, group, subject, kind, question, already_tried="", urgency,
                   child=None, by) -> Case:
    """A childcare worker asks for help. The municipality's configuration decides what follows.

    A question about one child is about the child's own group (taken from the child when no group
    is given); a question about the group needs a group of a location where she works."""
    question = limited(question, "question", QUESTION_MAX_LENGTH)
    already_tried = limited(already_tried, "already_tried", QUESTION_MAX_LENGTH)
    if not question:
        raise ValidationError({"question": _("Describe your question in your own words.")})
    if subject == RequestSubject.CHILD and child is not None:
        if group is None:
            group = child.group
        elif group.pk != child.group_id:
            raise ValidationError({"group": _(
                "This is not the child's group (%(group)s): choose her own group, or leave it empty.")
                % {"group": child.group.name}})
    if group is None:
        raise ValidationError({"group": _("Choose the group your question is about.")})
    if location is None:
        location = group.location
    if group.location_id != location.pk:
        raise ValidationError({"group": _("Choose a group of this location.")})
    if _worker_membership(by, location) is None:
        raise ValidationError({"group": _("Choose a group of your own location.")})
    configuration = location.district.municipality.configuration
    if closed := request_closed_at(location):
        raise ValidationError(closed)
    became_group_visit = False
    if subject == RequestSubject.CHILD:
        if configuration.individual_observation == ProgrammeConfiguration.IndividualObservation.GROUP_VISIT:
            # No individual child file: a group visit on the worker's own handling, child not named.
            child, became_group_visit = None, True
        else:
            if child is None:
                raise ValidationError({"child": _("Choose the child your question is about.")})
            if child.group.location_id != location.pk:
                raise ValidationError({"child": _("Choose a child of your location.")})
            if child.age_on(timezone.localdate()) >= MAX_AGE_YEARS:
                raise ValidationError({"child": _(
                    "Alert4you serves children under 12; from 12 the child must consent too, so this "
                    "request cannot be made here.")})
    else:
        child = None
    obs_request = ObservationRequest(
        location=location, group=group, subject=subject, kind=kind, question=question,
        already_tried=already_tried, urgency=urgency, became_group_visit=became_group_visit,
        requested_by=by,
    )
    obs_request.full_clean()
    obs_request.save()
    individual = child is not None
    case = Case.objects.create(request=obs_request, kind=CaseKind.INDIVIDUAL if individual else CaseKind.GROUP,
                               child=child)
    _event(case, "submitted", by, to_state=CaseState.SUBMITTED, subject=subject,
           became_group_visit=became_group_visit)
    if individual:
        audit_record(request, case_subject(case), action=AuditAction.CREATE, part=AuditPart.CASE,
                     membership=_worker_membership(by, location))
    _assign_new(case, configuration, by)
    if individual and configuration.nurse_involved_before_observation:
        nurse = _fixed_contact(location, Role.YOUTH_NURSE)
        if nurse is not None:
            case.nurse = nurse
            case.save(update_fields=["nurse"])
            _event(case, "nurse_attached", by, nurse=nurse.get_full_name() or nurse.username)
            _notify(nurse, _("Alert4you: you are involved in a new request"), case)
    if individual:
        case = case_advance(case=case, to=CaseState.AWAITING_CONSENT, by=by)
        # A consent the guardians already gave for this purpose counts from the start.
        case = _case_follow_consent(case, by=by, valid=case_consent_valid(child))
    return case


def request_closed_at(location) -> str:
    """Why no request can be made at this location now ("" when it can). A school's teachers ask only
    while the municipality's primary schools take part: read at the moment she asks, because the
    municipality may have stopped after her account was made."""
    if location.is_school and not location.district.municipality.configuration.primary_schools_take_part:
        return _("The primary schools of your municipality do not take part in Alert4you (any more), so this "
                 "request cannot be made here. Ask your municipality's coordinator.")
    return ""


def _worker_membership(user, location):
    from accounts.selectors import memberships_with_role

    return next((m for m in memberships_with_role(user, *LOCATION_ROLES) if m.location_id == location.pk),
                None)


# The state machine -------------------------------------------------------------------------

def _check_guards(case, transition, by, system=False):
    if transition.needs_consent:
        # A step the system takes for the case follows the case's own consent (CASE_CONSENT); a
        # person's step also needs the consent to cover her.
        party = ((consent_party_of(by, case) if by is not None and not system else None)
                 or CASE_CONSENT[1])
        if not has_valid_consent(case.child_id, ConsentPurpose.OBSERVATION, party):
            raise CaseTransitionError(_("This needs the guardians' valid consent for the observation first."))
    if transition.name == "follow_up":
        limit = case.configuration.max_follow_ups
        if limit is not None and case.follow_ups >= limit:
            raise CaseTransitionError(_(
                "No more follow-up talks: this municipality's way of working allows at most %(limit)s, "
                "and %(held)s have been held. Close the case or refer the child.") % {
                    "limit": limit, "held": case.follow_ups})


@transaction.atomic
def case_advance(*, case: Case, to: str, by, outcome: str = "", data: dict | None = None,
                 system: bool = False) -> Case:
    """Move a case to state `to` along the one transition the table allows, or refuse with a
    clear message and change nothing. Records the event in the same transaction."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    # Keep the related rows the caller already loaded.
    for field in ("state", "outcome", "follow_ups", "assigned_to_id", "nurse_id", "due_date", "closed_at"):
        setattr(case, field, getattr(locked, field))
    transition = workflow.find_transition(case.kind, case.state, to, outcome)
    if transition is None:
        raise CaseTransitionError(_("A case that is “%(state)s” cannot go to “%(to)s”.") % {
            "state": CaseState(case.state).label, "to": CaseState(to).label if to in CaseState.values else to})
    roles = actor_roles(by, case) if by is not None else set()
    if system:
        roles.add(workflow.SYSTEM)
    if not roles & transition.actors:
        raise CaseTransitionError(_("You may not do “%(action)s” on this case.") % {"action": transition.label})
    _check_guards(case, transition, by, system=system)
    from_state = case.state
    case.state = transition.target
    fields = ["state"]
    if transition.outcome:
        case.outcome = transition.outcome
        case.closed_at = timezone.now()
        fields += ["outcome", "closed_at"]
    if transition.name == "follow_up":
        case.follow_ups += 1
        fields.append("follow_ups")
    if "due_date" in (data or {}):
        case.due_date = data["due_date"]
        fields.append("due_date")
    case.save(update_fields=fields)
    event_data = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in (data or {}).items()}
    if transition.outcome:
        event_data["outcome"] = transition.outcome
    _event(case, transition.name, by, from_state=from_state, to_state=case.state, **event_data)
    case_advanced.send(sender=Case, case=case, transition=transition, from_state=from_state, by=by)
    return case


def case_advance_by_name(*, case: Case, name: str, by, data=None) -> Case:
    transition = workflow.transition_named(name)
    if transition is None or transition.kind != case.kind:
        raise CaseTransitionError(_("Unknown action."))
    return case_advance(case=case, to=transition.target, by=by, outcome=transition.outcome, data=data)


# Consent ----------------------------------------------------------------------------------
# A case of one child follows its child's valid consent for ITS purpose, decided here and nowhere
# else: the observation by the specialist (DESIGN 5: the observation happens only under a given,
# current consent whose scope covers that purpose and that party). Consent announces every change
# (consent.signals.consent_changed, inside its transaction); `cases_follow_consent` then moves
# each case of the child that the change concerns, and a new case checks at creation.

CASE_CONSENT = (ConsentPurpose.OBSERVATION, ConsentParty.SPECIALIST)
# The states that depend on the consent: waiting for it, or allowed only under it (a lapse sends
# these back, DESIGN 4). Further states keep their record; access still stops at once.
LAPSES_FROM = (CaseState.READY_TO_PLAN, CaseState.PLANNED)


def case_consent_valid(child) -> bool:
    """Does the child have a given, current consent covering what a case needs?"""
    return has_valid_consent(child, *CASE_CONSENT)


def _case_follow_consent(case: Case, *, by, valid: bool) -> Case:
    if case.kind != CaseKind.INDIVIDUAL:
        return case
    if valid and case.state == CaseState.AWAITING_CONSENT:
        case = case_advance(case=case, to=CaseState.READY_TO_PLAN, by=by, system=True)
        if by is not None and by.pk != case.assigned_to_id:
            # Recorded by a colleague (a guardian's own decision online tells nobody, as before).
            _notify(case.assigned_to, _("Alert4you: consent was recorded on a case"), case)
    elif not valid and case.state in LAPSES_FROM:
        case = case_advance(case=case, to=CaseState.AWAITING_CONSENT, by=by, system=True, data={"due_date": None})
    return case


@transaction.atomic
def cases_follow_consent(*, child, by=None) -> list[Case]:
    """Bring every open case of this child in line with its consent: "awaiting consent" becomes
    "ready to plan" under a valid consent for the case's purpose; "ready to plan" and "planned"
    go back to "awaiting consent" without one (observations cancels the planned individual visits
    on that transition). Returns the cases that moved; running it twice moves nothing."""
    child_id = child if isinstance(child, int) else child.pk
    valid = case_consent_valid(child_id)
    states = [CaseState.AWAITING_CONSENT] if valid else list(LAPSES_FROM)
    moved = []
    # Locked while deciding: a case that moved on (or closed) meanwhile is not in the list, so
    # following the consent never refuses, and never rolls back the guardian's decision.
    for case in (Case.objects.select_for_update(of=("self",))
                 .filter(child_id=child_id, kind=CaseKind.INDIVIDUAL, state__in=states)
                 .with_related().order_by("pk")):
        moved.append(_case_follow_consent(case, by=by, valid=valid))
    return moved


def cases_consent_lapsed(*, child, by=None) -> list[Case]:
    """A consent was withdrawn or expired (kept for callers from before the announcement)."""
    return cases_follow_consent(child=child, by=by)


def _notify_consent_changed(child_id: int, by):
    """Everyone assigned to or attached to a case of the child hears that a consent changed: no
    name, no content, sent only once the change is saved."""
    people = set()
    for case in Case.objects.filter(child_id=child_id).select_related("assigned_to", "nurse"):
        people.update(u for u in (case.assigned_to, case.nurse) if u is not None)
    body = _("A consent in Alert4you changed. Open the app to see what it means for your work: %(url)s") % {
        "url": absolute_url("home")}
    subject = _("Alert4you: a consent changed")
    addresses = sorted({u.email for u in people if u.is_active and u.email and (by is None or u.pk != by.pk)})
    if addresses:
        transaction.on_commit(lambda: send_mail(subject, body, None, addresses))


def on_consent_changed(sender, *, child_id, kind, by=None, **kwargs):
    """Receiver of consent.signals.consent_changed (connected in casework.apps)."""
    cases_follow_consent(child=child_id, by=by)
    if kind in ("withdrawn", "expired"):
        _notify_consent_changed(child_id, by)


# Consent on paper --------------------------------------------------------------------------

@transaction.atomic
def case_record_paper_consent(*, request, case: Case, by, **fields) -> Case:
    """Record the guardians' signed paper form. Consent announces it; the case (and any other
    case of the child waiting for the same consent) moves on in cases_follow_consent."""
    if case.kind != CaseKind.INDIVIDUAL or case.state != CaseState.AWAITING_CONSENT:
        raise CaseTransitionError(_("This case is not waiting for consent."))
    if not actor_roles(by, case):
        raise CaseTransitionError(_("You may not record consent on this case."))
    # The form comes first on the timeline, then what it meant for the case.
    event = _event(case, "paper_consent", by, purposes=sorted(fields["purposes"]), parties=sorted(fields["parties"]))
    check_signed_on(case.child, fields, case.configuration.consent_validity_days)
    consent = paper_consent_record(child=case.child, validity_days=case.configuration.consent_validity_days,
                                   by=by, **fields)
    event.data["consent_id"] = consent.pk
    event.save(update_fields=["data"])
    audit_record(request, case_subject(case), action=AuditAction.CREATE, part=AuditPart.CONSENT,
                 membership=_worker_membership(by, case.request.location), basis=AuditBasis.MEMBERSHIP)
    locked = Case.objects.get(pk=case.pk)
    for field in ("state", "due_date", "closed_at", "outcome"):
        setattr(case, field, getattr(locked, field))
    return case
