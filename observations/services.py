"""What changes visits and advice. A visit that moves the case on (the observation held, advice
given, a follow-up talk held, a group visit planned or held) goes through
`casework.services.case_advance` in the same transaction, so a refused transition saves nothing."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.selectors import memberships_with_role
from audit.models import AuditAction, AuditPart
from audit.services import audit_record
from casework.models import CaseKind, CaseState
from casework.selectors import case_subject
from casework.services import CaseTransitionError, case_advance

from .models import (
    ADVICE_MAX_LENGTH,
    NOTES_MAX_LENGTH,
    REMARK_MAX_LENGTH,
    Advice,
    AdviceCategory,
    AdviceTarget,
    AdviceTried,
    Participant,
    Visit,
    VisitHours,
    VisitKind,
    VisitStatus,
)
from .permissions import (
    audit_basis,
    may_advise_on_group_visit,
    may_evaluate_advice,
    may_evaluate_group_visit_advice,
    may_record_held,
    may_record_own_visits,
    may_record_visits,
)

MAX_HOURS = Decimal(24)
# A visit is planned at most this far ahead: the programme plans per half year, and a date years
# away is a typing error (issue 12: visits planned in 2999).
PLAN_AHEAD_DAYS = 366
INDIVIDUAL_KINDS = (VisitKind.INTAKE_TALK, VisitKind.OBSERVATION, VisitKind.REVIEW_TALK, VisitKind.FOLLOW_UP,
                    VisitKind.HOME_VISIT)
GROUP_KINDS = (VisitKind.GROUP_VISIT,)
# What the case's youth nurse records herself: talks and home visits that do not move the case.
NURSE_KINDS = (VisitKind.INTAKE_TALK, VisitKind.REVIEW_TALK, VisitKind.HOME_VISIT)
# Visits that move the case along its workflow when planned or held.
PLAN_TRANSITIONS = {(CaseKind.INDIVIDUAL, VisitKind.OBSERVATION): CaseState.PLANNED,
                    (CaseKind.GROUP, VisitKind.GROUP_VISIT): CaseState.PLANNED}
HELD_TRANSITIONS = {(CaseKind.INDIVIDUAL, VisitKind.OBSERVATION): CaseState.OBSERVED,
                    (CaseKind.INDIVIDUAL, VisitKind.FOLLOW_UP): CaseState.FOLLOW_UP,
                    (CaseKind.GROUP, VisitKind.GROUP_VISIT): CaseState.VISITED}


def kinds_for(case) -> tuple:
    return INDIVIDUAL_KINDS if case.kind == CaseKind.INDIVIDUAL else GROUP_KINDS


def recording_kinds(case, user) -> tuple:
    """The kinds of held visit this user may record on this case."""
    if may_record_visits(user, case):
        return kinds_for(case)
    if may_record_own_visits(user, case):
        return tuple(k for k in NURSE_KINDS if k in kinds_for(case))
    return ()


def _audit(request, case, by, *, action, part):
    membership, basis = audit_basis(by, case)
    audit_record(request, case_subject(case), action=action, part=part, membership=membership, basis=basis)


def _check_may_record(case, kind, by):
    if not may_record_visits(by, case):
        raise CaseTransitionError(_("You may not plan or record visits on this case."))
    if kind not in kinds_for(case):
        raise ValidationError({"kind": _("This kind of visit does not belong to this case.")})


def _organisation_of(user):
    """The organisation whose budget pays for this professional's hours."""
    for membership in memberships_with_role(user, Role.SPECIALIST):
        if membership.care_provider_id:
            return {"care_provider_id": membership.care_provider_id}
    for membership in memberships_with_role(user, Role.YOUTH_NURSE):
        if membership.youth_health_service_id:
            return {"youth_health_service_id": membership.youth_health_service_id}
    return None


def earliest_held_date(case) -> datetime.date:
    """A visit on a case is held on or after the day its question was asked."""
    return timezone.localdate(case.request.created_at)


def _check_plan_date(starts_at):
    day = timezone.localdate(starts_at)
    if day < timezone.localdate():
        raise ValidationError({"date": _("A visit cannot be planned in the past.")})
    if day > timezone.localdate() + datetime.timedelta(days=PLAN_AHEAD_DAYS):
        raise ValidationError({"date": _("Plan a visit at most a year ahead.")})


def _check_held_date(case, held_at):
    if held_at > timezone.now():
        raise ValidationError({"date": _("A visit that was held cannot be in the future.")})
    if case is not None and timezone.localdate(held_at) < earliest_held_date(case):
        raise ValidationError({"date": _("A visit cannot be held before the question was asked (%(date)s).") % {
            "date": formats.date_format(earliest_held_date(case), "j F Y")}})


def _check_length(field, text, limit):
    if len(text or "") > limit:
        raise ValidationError({field: _(
            "Keep this to at most %(limit_value)d characters (it now has %(show_value)d).") % {
            "limit_value": limit, "show_value": len(text)}})


def check_hours(hours) -> Decimal:
    if hours is None or not (0 < Decimal(hours) <= MAX_HOURS):
        raise ValidationError(_("Enter the hours spent: more than 0 and at most 24."))
    return Decimal(hours)


@transaction.atomic
def visit_plan(*, request, case, kind, starts_at: datetime.datetime, place="", by) -> Visit:
    """Plan a visit on a case; planning the observation (or the group visit) moves the case to
    "planned". A date in the past is refused."""
    _check_may_record(case, kind, by)
    _check_plan_date(starts_at)
    target = PLAN_TRANSITIONS.get((case.kind, kind))
    if target is not None:
        case = case_advance(case=case, to=target, by=by, data={"due_date": timezone.localdate(starts_at)})
    visit = Visit.objects.create(case=case, kind=kind, location=case.request.location, group=case.request.group,
                                 starts_at=starts_at, place=place.strip(), planned_by=by)
    _audit(request, case, by, action=AuditAction.CREATE, part=AuditPart.VISIT)
    return visit


def _check_participants(case, kind, participants):
    configuration = case.configuration
    if Participant.GUARDIANS in participants and (case.kind == CaseKind.GROUP
                                                  or not configuration.guardians_involved):
        raise ValidationError({"participants": _(
            "In this way of working the guardians take no part in this visit.")})
    required = set(configuration.review_talk_participants or [])
    if kind == VisitKind.REVIEW_TALK and case.kind == CaseKind.INDIVIDUAL and required - participants:
        labels = ", ".join(str(Participant(p).label) for p in Participant.values if p in required)
        raise ValidationError({"participants": _(
            "This municipality holds the review talk with: %(who)s. Tick everyone who took part; if someone "
            "could not come, hold the review talk again with everyone.") % {"who": labels}})


@transaction.atomic
def visit_record_held(*, request, case, kind, held_at: datetime.datetime, hours: list, place="",
                      participants=(), participant_names="", notes="", video_used=False, advice_remarks=None,
                      visit=None, by) -> Visit:
    """Record a visit that took place: when, where, who, notes and each professional's hours.

    `hours` is a list of (professional, hours); each row is booked to her own organisation for the
    district of the case's location. Holding the observation, a follow-up talk or the group visit
    moves the case on (and the follow-up limit of the configuration is checked there). A date in
    the future is refused. `advice_remarks` maps advice ids to what the follow-up talk said.
    """
    if not may_record_held(by, case):
        raise CaseTransitionError(_("You may not plan or record visits on this case."))
    if kind not in recording_kinds(case, by):
        raise ValidationError({"kind": _("This kind of visit does not belong to this case.")})
    if not may_record_visits(by, case) and any(professional != by for professional, _amount in hours):
        # The nurse books her own hours; the specialist's are the specialist's to record.
        raise ValidationError({"hours": _("You can only record your own hours.")})
    _check_held_date(case, held_at)
    _check_length("notes", notes, NOTES_MAX_LENGTH)
    for remark in (advice_remarks or {}).values():
        _check_length("__all__", remark, REMARK_MAX_LENGTH)
    if not hours:
        raise ValidationError({"hours": _("Enter the hours spent: more than 0 and at most 24.")})
    rows = []
    for professional, amount in hours:
        try:
            amount = check_hours(amount)
        except ValidationError as error:
            raise ValidationError({"hours": error.messages}) from None
        organisation = _organisation_of(professional)
        if organisation is None:
            raise ValidationError({"hours": _("%(name)s has no organisation to book the hours to.") % {
                "name": professional}})
        rows.append((professional, amount, organisation))
    _check_participants(case, kind, set(participants))
    if video_used and kind != VisitKind.OBSERVATION:
        raise ValidationError({"video_used": _("Only an observation can be done on video.")})
    target = HELD_TRANSITIONS.get((case.kind, kind))
    if target is not None:
        case = case_advance(case=case, to=target, by=by, data={"visit_kind": kind})
    if visit is None:
        visit = (Visit.objects.select_for_update().of_case(case)
                 .filter(kind=kind, status=VisitStatus.PLANNED).order_by("starts_at").first())
    if visit is None:
        visit = Visit(case=case, kind=kind, location=case.request.location, group=case.request.group)
    elif visit.case_id != case.pk or visit.kind != kind or visit.status != VisitStatus.PLANNED:
        raise ValidationError(_("This visit cannot be recorded as held."))
    visit.status = VisitStatus.HELD
    visit.starts_at = held_at
    visit.place = place.strip() or visit.place
    visit.participants = sorted(set(participants))
    visit.participant_names = participant_names.strip()
    visit.notes = notes.strip()
    visit.video_used = bool(video_used)
    visit.recorded_by = by
    visit.save()
    district_id = case.request.location.district_id
    VisitHours.objects.bulk_create([
        VisitHours(visit=visit, professional=professional, hours=amount, district_id=district_id, **organisation)
        for professional, amount, organisation in rows
    ])
    _audit(request, case, by, action=AuditAction.CREATE, part=AuditPart.VISIT)
    remarks = {int(k): v.strip() for k, v in (advice_remarks or {}).items() if v and v.strip()}
    if remarks:
        for advice in Advice.objects.select_for_update().filter(case=case, pk__in=remarks):
            advice.follow_up_remark = remarks[advice.pk]
            advice.save(update_fields=["follow_up_remark"])
        _audit(request, case, by, action=AuditAction.CHANGE, part=AuditPart.ADVICE)
    return visit


@transaction.atomic
def visit_hours_add(*, request, case, visit: Visit, hours, by) -> VisitHours:
    """A professional of the case adds her own hours to a held visit she took part in, booked to her
    own organisation for the district of the case's location; once per visit."""
    if not may_record_held(by, case):
        raise CaseTransitionError(_("You may not record hours on this case."))
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    if visit.case_id != case.pk or visit.status != VisitStatus.HELD:
        raise ValidationError(_("Hours are recorded on a visit that was held."))
    if visit.hours.filter(professional=by).exists():
        raise ValidationError({"hours": _("Your hours on this visit are already recorded.")})
    try:
        amount = check_hours(hours)
    except ValidationError as error:
        raise ValidationError({"hours": error.messages}) from None
    organisation = _organisation_of(by)
    if organisation is None:
        raise ValidationError({"hours": _("%(name)s has no organisation to book the hours to.") % {"name": by}})
    row = VisitHours.objects.create(visit=visit, professional=by, hours=amount,
                                    district_id=case.request.location.district_id, **organisation)
    _audit(request, case, by, action=AuditAction.CHANGE, part=AuditPart.VISIT)
    return row


def _check_advice_item(case, item):
    if item.get("target") not in AdviceTarget.values:
        raise ValidationError({"target": _("Choose whom the advice is aimed at.")})
    if item.get("category") not in AdviceCategory.values:
        raise ValidationError({"category": _("Choose what the advice is about.")})
    if not (item.get("text") or "").strip():
        raise ValidationError({"text": _("Write the advice.")})
    _check_length("text", item["text"].strip(), ADVICE_MAX_LENGTH)
    guardian_advice = (item["target"] == AdviceTarget.GUARDIAN or item["category"] == AdviceCategory.GUARDIAN_TALK)
    if guardian_advice and (case.kind == CaseKind.GROUP or not case.configuration.guardians_involved):
        # Amsterdam (and every group visit): advice is about the childcare worker's own handling.
        raise ValidationError({"target": _(
            "In this way of working the guardians take no part: aim the advice at the childcare worker or "
            "the group.")})


@transaction.atomic
def advice_give(*, request, case, items: list[dict], by) -> list[Advice]:
    """Record advice items after the observation (moving the case from "observed" to "advised"),
    or more advice later on in the case."""
    if not may_record_visits(by, case):
        raise CaseTransitionError(_("You may not give advice on this case."))
    if not items:
        raise ValidationError(_("Write at least one piece of advice."))
    for item in items:
        _check_advice_item(case, item)
    if case.kind == CaseKind.INDIVIDUAL:
        if case.state == CaseState.OBSERVED:
            case = case_advance(case=case, to=CaseState.ADVISED, by=by)
        elif case.state not in (CaseState.ADVISED, CaseState.FOLLOW_UP):
            raise CaseTransitionError(_("Advice follows the observation: record the observation first."))
    elif case.state not in (CaseState.VISITED,):
        raise CaseTransitionError(_("Advice follows the group visit: record the group visit first."))
    visit = (Visit.objects.of_case(case).filter(status=VisitStatus.HELD,
                                                 kind__in=[VisitKind.OBSERVATION, VisitKind.GROUP_VISIT,
                                                           VisitKind.FOLLOW_UP])
             .order_by("-starts_at").first())
    advice = Advice.objects.bulk_create([
        Advice(case=case, visit=visit, target=item["target"], category=item["category"],
               text=item["text"].strip(), given_by=by)
        for item in items
    ])
    _audit(request, case, by, action=AuditAction.CREATE, part=AuditPart.ADVICE)
    return advice


@transaction.atomic
def advice_evaluate(*, request, advice: Advice, tried: str, worked: str = "", remark: str = "", by) -> Advice:
    """The childcare worker says whether she tried the advice and how it worked."""
    case = advice.case
    allowed = (may_evaluate_advice(by, case) if case is not None
               else may_evaluate_group_visit_advice(by, advice.visit))
    if not allowed:
        raise CaseTransitionError(_("You may not evaluate this advice."))
    if tried not in AdviceTried.values:
        raise ValidationError({"tried": _("Say whether you tried this advice.")})
    if tried == AdviceTried.TRIED and not worked:
        raise ValidationError({"worked": _("Say how well it worked.")})
    if tried == AdviceTried.NOT_TRIED and worked:
        raise ValidationError({"worked": _(
            "You did not try this advice, so you cannot say how it worked: choose “Tried” or leave “How did "
            "it work?” empty.")})
    _check_length("remark", remark.strip(), REMARK_MAX_LENGTH)
    advice = Advice.objects.select_for_update().get(pk=advice.pk)
    advice.tried, advice.worked, advice.remark = tried, worked, remark.strip()
    advice.evaluated_by, advice.evaluated_at = by, timezone.now()
    advice.full_clean(exclude=["case", "visit", "given_by"])
    advice.save(update_fields=["tried", "worked", "remark", "evaluated_by", "evaluated_at"])
    if case is not None:
        # Advice on a group visit names no child: there is no child's data to audit.
        _audit(request, case, by, action=AuditAction.CHANGE, part=AuditPart.ADVICE)
    return advice


# Advice on a preventive group visit: for the group or its childcare workers, never about a child
# or for the guardians (there is no case, no consent and no child named).
GROUP_VISIT_TARGETS = (AdviceTarget.CHILDCARE_WORKER, AdviceTarget.GROUP)
GROUP_VISIT_CATEGORIES = (AdviceCategory.GROUP_DYNAMICS, AdviceCategory.DAY_PROGRAMME, AdviceCategory.ROOM)


@transaction.atomic
def group_visit_advice_give(*, visit: Visit, items: list[dict], by) -> list[Advice]:
    """The professional who held a preventive group visit records advice for the group."""
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    if not may_advise_on_group_visit(by, visit):
        raise CaseTransitionError(_("You may not give advice on this visit."))
    if not items:
        raise ValidationError(_("Write at least one piece of advice."))
    for item in items:
        if item.get("target") not in GROUP_VISIT_TARGETS or item.get("category") not in GROUP_VISIT_CATEGORIES:
            raise ValidationError({"target": _(
                "Advice on a group visit is for the group or the childcare workers and names no child: choose "
                "the group or the childcare worker, about the group, the day programme or the room.")})
        if not (item.get("text") or "").strip():
            raise ValidationError({"text": _("Write the advice.")})
        _check_length("text", item["text"].strip(), ADVICE_MAX_LENGTH)
    return Advice.objects.bulk_create([
        Advice(case=None, visit=visit, target=item["target"], category=item["category"], text=item["text"].strip(),
               given_by=by)
        for item in items
    ])


def visits_cancel_on_case_change(*, case, transition, from_state, by, **kwargs) -> int:
    """A case that lost its consent (back to "awaiting consent") or closed keeps no planned visits:
    they are cancelled in the same transaction as the case's own change, and stay on the record."""
    if case.state not in (CaseState.AWAITING_CONSENT, CaseState.CLOSED):
        return 0
    cancelled = Visit.objects.filter(case=case, status=VisitStatus.PLANNED).update(status=VisitStatus.CANCELLED)
    if cancelled and transition.name == "consent_lapsed":
        case.events.create(kind="visits_cancelled", by=by, data={"count": cancelled})
    return cancelled


# Preventive visits and walk-in hours belong to a location, not to a case: the scheduling app plans
# them and checks who may record them; these two functions only keep the visit and hours records.
CASELESS_KINDS = (VisitKind.PREVENTIVE_VISIT, VisitKind.WALK_IN_HOUR)


@transaction.atomic
def visit_plan_without_case(*, location, group=None, kind, starts_at: datetime.datetime, place="", by) -> Visit:
    if kind not in CASELESS_KINDS:
        raise ValidationError({"kind": _("This kind of visit belongs to a case.")})
    return Visit.objects.create(kind=kind, location=location, group=group, starts_at=starts_at,
                                place=place.strip(), planned_by=by)


@transaction.atomic
def visit_record_held_without_case(*, visit: Visit, held_at: datetime.datetime, hours: list, notes="",
                                   by) -> Visit:
    """Record a planned preventive visit or walk-in hour as held, each professional's hours booked
    to her own organisation for the district of the visit's location."""
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    if visit.case_id is not None or visit.kind not in CASELESS_KINDS or visit.status != VisitStatus.PLANNED:
        raise ValidationError(_("This visit cannot be recorded as held."))
    if held_at > timezone.now():
        raise ValidationError({"date": _("A visit that was held cannot be in the future.")})
    if not hours:
        raise ValidationError({"hours": _("Enter the hours spent: more than 0 and at most 24.")})
    rows = []
    for professional, amount in hours:
        try:
            amount = check_hours(amount)
        except ValidationError as error:
            raise ValidationError({"hours": error.messages}) from None
        organisation = _organisation_of(professional)
        if organisation is None:
            raise ValidationError({"hours": _("%(name)s has no organisation to book the hours to.") % {
                "name": professional}})
        rows.append((professional, amount, organisation))
    visit.status = VisitStatus.HELD
    visit.starts_at = held_at
    visit.notes = notes.strip()
    visit.recorded_by = by
    visit.save()
    VisitHours.objects.bulk_create([
        VisitHours(visit=visit, professional=professional, hours=amount, district_id=visit.location.district_id,
                   **organisation)
        for professional, amount, organisation in rows
    ])
    return visit
