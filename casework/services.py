"""What changes requests and cases. Every state change goes through `case_advance`."""

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership, Role
from audit.models import AuditAction, AuditBasis, AuditPart
from audit.services import audit_record
from children.models import MAX_AGE_YEARS
from consent.services import ConsentParty, ConsentPurpose, has_valid_consent, paper_consent_record
from organisations.models import CareProvider, ProgrammeConfiguration

from . import workflow
from .models import Case, CaseEvent, CaseKind, CaseState, ObservationRequest, RequestSubject
from .permissions import actor_roles, consent_party_of, may_assign
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
    """E-mail carries no child's name or case content: only that there is something, and a link."""
    if user is None or not user.email:
        return
    url = reverse("casework:detail", args=[case.pk])
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
    """A childcare worker asks for help. The municipality's configuration decides what follows."""
    configuration = location.district.municipality.configuration
    if not question or not question.strip():
        raise ValidationError({"question": _("Describe your question in your own words.")})
    if group.location_id != location.pk:
        raise ValidationError({"group": _("Choose a group of this location.")})
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
        location=location, group=group, subject=subject, kind=kind, question=question.strip(),
        already_tried=already_tried.strip(), urgency=urgency, became_group_visit=became_group_visit,
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
    return case


def _worker_membership(user, location):
    from accounts.selectors import memberships_with_role

    return next((m for m in memberships_with_role(user, Role.CHILDCARE_WORKER) if m.location_id == location.pk),
                None)


# The state machine -------------------------------------------------------------------------

def _check_guards(case, transition, by):
    if transition.needs_consent:
        party = (consent_party_of(by, case) if by is not None else None) or ConsentParty.SPECIALIST
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
    _check_guards(case, transition, by)
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


@transaction.atomic
# Consent on paper --------------------------------------------------------------------------

@transaction.atomic
def case_record_paper_consent(*, request, case: Case, by, **fields) -> Case:
    """Record the guardians' signed paper form and move the case on to "ready to plan"."""
    if case.kind != CaseKind.INDIVIDUAL or case.state != CaseState.AWAITING_CONSENT:
        raise CaseTransitionError(_("This case is not waiting for consent."))
    if not actor_roles(by, case):
        raise CaseTransitionError(_("You may not record consent on this case."))
    consent = paper_consent_record(child=case.child, validity_days=case.configuration.consent_validity_days,
                                   by=by, **fields)
    audit_record(request, case_subject(case), action=AuditAction.CREATE, part=AuditPart.CONSENT,
                 membership=_worker_membership(by, case.request.location), basis=AuditBasis.MEMBERSHIP)
    _event(case, "paper_consent", by, consent_id=consent.pk, purposes=sorted(fields["purposes"]),
           parties=sorted(fields["parties"]))
    if has_valid_consent(case.child_id, ConsentPurpose.OBSERVATION, ConsentParty.SPECIALIST):
        case = case_advance(case=case, to=CaseState.READY_TO_PLAN, by=by, data={"consent_id": consent.pk})
        _notify(case.assigned_to, _("Alert4you: consent was recorded on a case"), case)
    return case


@transaction.atomic
def cases_consent_lapsed(*, child, by=None) -> list[Case]:
    """A consent was withdrawn or expired: send ready-to-plan and planned cases of this child back
    to "awaiting consent" (when no other valid consent covers them)."""
    moved = []
    if has_valid_consent(child, ConsentPurpose.OBSERVATION, ConsentParty.SPECIALIST):
        return moved
    for case in Case.objects.filter(child=child, state__in=[CaseState.READY_TO_PLAN, CaseState.PLANNED]):
        moved.append(case_advance(case=case, to=CaseState.AWAITING_CONSENT, by=by, system=True,
                                  data={"due_date": None}))
    return moved
