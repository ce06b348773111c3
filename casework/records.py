"""What changes the records on a case: the approach plan, referrals, the handover to primary
school and the case's messages.

Every service locks the case, refuses on a closed case (closed cases are read-only), checks who
may act (casework.permissions), validates, writes the record, the case's timeline event and the
audit row in one transaction, and sends e-mail only after commit. E-mail never carries the
child's name or any content: only that there is something new, and a link.
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alert4you.links import absolute_url
from audit.models import AuditAction, AuditPart
from audit.services import AuditSubject, audit_record
from consent.services import ConsentParty, ConsentPurpose, consents_of, has_valid_consent, paper_consent_record
from organisations.models import ProgrammeRole

from . import permissions
from .models import (
    ANSWER_REASON_MAX_LENGTH,
    MESSAGE_MAX_LENGTH,
    NAME_MAX_LENGTH,
    PLAN_TEXT_MAX_LENGTH,
    REFERRAL_REASON_MAX_LENGTH,
    ApproachPlan,
    ApproachPlanCycle,
    Case,
    CaseEvent,
    CaseKind,
    CaseMessage,
    Handover,
    Referral,
    ReferralStatus,
    ReferralTarget,
)


class CaseRecordError(ValidationError):
    """Not allowed now (closed case, wrong role, no consent); nothing was changed."""


# Shared helpers ----------------------------------------------------------------------------

def _locked_open_case(case: Case) -> Case:
    locked = Case.objects.select_for_update(of=("self",)).with_related().get(pk=case.pk)
    if not locked.is_open:
        raise CaseRecordError(_("This case is closed: its records can no longer be changed."))
    return locked


def _event(case, kind, by, **data):
    CaseEvent.objects.create(case=case, kind=kind, by=by, data=data)


def record_subject(case: Case, object_type: str, object_id, child_id=None) -> AuditSubject:
    return AuditSubject(
        object_type=object_type, object_id=str(object_id),
        child_id=child_id if child_id is not None else case.child_id,
        municipality_id=case.request.location.district.municipality_id,
    )


def audit_record_part(request, case, subject: AuditSubject, *, action, part):
    from .selectors import _basis

    membership, basis = _basis(request.user, case)
    audit_record(request, subject, action=action, part=part, membership=membership, basis=basis)


def too_long_message(limit: int, length: int) -> str:
    return _("Keep this to at most %(limit_value)d characters (it now has %(show_value)d).") % {
        "limit_value": limit, "show_value": length}


def limited(value, field, limit: int) -> str:
    """The text, stripped, or a refusal that says how long it may be and how long it is."""
    value = (value or "").strip()
    if len(value) > limit:
        raise ValidationError({field: too_long_message(limit, len(value))})
    return value


def _required(value, field, message, limit: int = PLAN_TEXT_MAX_LENGTH):
    value = limited(value, field, limit)
    if not value:
        raise ValidationError({field: message})
    return value


def signed_on_refusal(*, child, signed_on, validity_days: int) -> str | None:
    """Why a paper form cannot have been signed on that day, or None: not in the future, not
    before the child was born, and not so long ago that the consent has already run out."""
    today = timezone.localdate()
    if signed_on > today:
        return _("The date of signing cannot be in the future.")
    if signed_on < child.date_of_birth:
        return _("The form cannot have been signed before the child was born.")
    if signed_on + datetime.timedelta(days=validity_days) < today:
        return _("A consent signed then has already expired: it is valid for %(days)s days after signing. "
                 "Ask the guardians to sign a new form.") % {"days": validity_days}
    return None


def check_signed_on(child, fields: dict, validity_days: int):
    if child is None or not fields.get("signed_on"):
        return
    if refusal := signed_on_refusal(child=child, signed_on=fields["signed_on"], validity_days=validity_days):
        raise ValidationError({"signed_on": refusal})


def _case_link(request, case) -> str:
    # From SITE_URL, not the request: the address people reach the app at, also from a task.
    return absolute_url("casework:detail", case.pk)


def _notify(request, users, subject: str, case: Case):
    recipients = sorted({u.email for u in users if u is not None and u.is_active and u.email})
    if not recipients:
        return
    body = _("There is news on a case in Alert4you.\n\nOpen it in the app: %(url)s") % {
        "url": _case_link(request, case)}
    for address in recipients:
        transaction.on_commit(lambda address=address: send_mail(subject, body, None, [address]))


# Further consent: for a referral or the handover, asked later in the case -------------------

FURTHER_PURPOSES = (ConsentPurpose.REFERRAL, ConsentPurpose.HANDOVER)
FURTHER_PARTIES = (ConsentParty.REFERRAL_PARTY, ConsentParty.PRIMARY_SCHOOL)


@transaction.atomic
def case_record_further_consent(*, request, case: Case, purposes, parties, by, **fields):
    """The guardians' signed form for a referral or the handover, recorded on an open case of one
    child by someone on the case (the observation's consent was recorded when the case began)."""
    case = _locked_open_case(case)
    if not permissions.may_record_further_consent(by, case):
        raise CaseRecordError(_("You may not record consent on this case."))
    if not purposes or set(purposes) - set(FURTHER_PURPOSES):
        raise ValidationError({"purposes": _("Choose a referral, the handover, or both.")})
    if not parties or set(parties) - set(FURTHER_PARTIES):
        raise ValidationError({"parties": _(
            "Choose the party the child is referred to, the primary school, or both.")})
    check_signed_on(case.child, fields, case.configuration.consent_validity_days)
    consent = paper_consent_record(child=case.child, purposes=purposes, parties=parties,
                                   validity_days=case.configuration.consent_validity_days, by=by, **fields)
    _event(case, "further_consent", by, consent_id=consent.pk, purposes=sorted(purposes), parties=sorted(parties))
    audit_record_part(request, case, record_subject(case, "consent.paperconsent", consent.pk),
                      action=AuditAction.CREATE, part=AuditPart.CONSENT)
    return consent


# Approach plan -----------------------------------------------------------------------------

def _plan_fields(goals_group, agreements_group, goals_home, agreements_home):
    return {
        "goals_group": _required(goals_group, "goals_group", _("Write at least one goal for the group.")),
        "agreements_group": limited(agreements_group, "agreements_group", PLAN_TEXT_MAX_LENGTH),
        "goals_home": limited(goals_home, "goals_home", PLAN_TEXT_MAX_LENGTH),
        "agreements_home": limited(agreements_home, "agreements_home", PLAN_TEXT_MAX_LENGTH),
    }


@transaction.atomic
def approach_plan_create(*, request, case: Case, goals_group, agreements_group="", goals_home="",
                         agreements_home="", by) -> ApproachPlan:
    case = _locked_open_case(case)
    if not permissions.may_write_plan(by, case):
        raise CaseRecordError(_("You may not write the approach plan on this case."))
    if ApproachPlan.objects.filter(case=case).exists():
        raise CaseRecordError(_("This case already has an approach plan: evaluate it instead."))
    fields = _plan_fields(goals_group, agreements_group, goals_home, agreements_home)
    plan = ApproachPlan.objects.create(case=case, created_by=by)
    ApproachPlanCycle.objects.create(plan=plan, number=1, by=by, **fields)
    _event(case, "approach_plan", by, cycle=1)
    audit_record_part(request, case, record_subject(case, "casework.approachplan", plan.pk),
                      action=AuditAction.CREATE, part=AuditPart.APPROACH_PLAN)
    return plan


@transaction.atomic
def approach_plan_evaluate(*, request, case: Case, evaluation, goals_group, agreements_group="", goals_home="",
                           agreements_home="", by) -> ApproachPlanCycle:
    """Evaluate the current cycle and start the next one (possibly adjusted). Earlier cycles are
    never changed: they are the plan-do-evaluate history."""
    case = _locked_open_case(case)
    if not permissions.may_write_plan(by, case):
        raise CaseRecordError(_("You may not write the approach plan on this case."))
    plan = ApproachPlan.objects.filter(case=case).first()
    if plan is None:
        raise CaseRecordError(_("There is no approach plan to evaluate yet."))
    evaluation = _required(evaluation, "evaluation", _("Write how the plan worked before adjusting it."))
    fields = _plan_fields(goals_group, agreements_group, goals_home, agreements_home)
    last = plan.cycles.order_by("-number").first()
    cycle = ApproachPlanCycle.objects.create(plan=plan, number=last.number + 1, evaluation=evaluation, by=by,
                                             **fields)
    _event(case, "approach_plan_evaluated", by, cycle=cycle.number)
    audit_record_part(request, case, record_subject(case, "casework.approachplan", plan.pk),
                      action=AuditAction.CHANGE, part=AuditPart.APPROACH_PLAN)
    return cycle


# Referrals ---------------------------------------------------------------------------------

def _starters_text(case) -> str:
    labels = [str(ProgrammeRole(r).label).lower() for r in case.configuration.referral_starters or []
              if r in ProgrammeRole.values]
    return ", ".join(labels) or _("nobody")


def _lock_referral(referral: Referral) -> tuple[Case, Referral]:
    case = _locked_open_case(referral.case)
    referral = (Referral.objects.select_for_update(of=("self",)).select_related("child", "started_by")
                .get(pk=referral.pk))
    referral.case = case
    return case, referral


def referral_start_refusal(*, case: Case, by) -> str | None:
    """Why this user may not start a referral on this case now, or None when she may."""
    if not case.is_open:
        return _("This case is closed: its records can no longer be changed.")
    if not permissions.may_start_referral(by, case):
        return _("In this municipality's way of working only the %(roles)s may start a referral, and only "
                 "on a case they work on.") % {"roles": _starters_text(case)}
    if case.kind == CaseKind.GROUP and not case.request.became_group_visit:
        return _("A referral is about one child; this request is about the group.")
    return None


@transaction.atomic
def referral_start(*, request, case: Case, target, receiving_party, reason, by) -> Referral:
    """Start a referral where the configuration lets this role do so, and only under the
    guardians' consent for it. On a case that names no child (a question turned into a group
    visit) the referral waits until a childcare worker names the child under that consent."""
    case = _locked_open_case(case)
    if refusal := referral_start_refusal(case=case, by=by):
        raise CaseRecordError(refusal)
    if target not in ReferralTarget.values:
        raise ValidationError({"target": _("Choose where the child is referred to.")})
    receiving_party = _required(receiving_party, "receiving_party", _("Name the receiving party."),
                                NAME_MAX_LENGTH)
    reason = _required(reason, "reason", _("Write why the child is referred."), REFERRAL_REASON_MAX_LENGTH)
    child = case.child
    if child is not None and not has_valid_consent(child, ConsentPurpose.REFERRAL, ConsentParty.REFERRAL_PARTY):
        raise CaseRecordError(_(
            "A referral needs the guardians' consent for the referral first. Record their signed consent "
            "for a referral, then start it again."))
    now = timezone.now()
    referral = Referral.objects.create(
        case=case, child=child, target=target, receiving_party=receiving_party, reason=reason, started_by=by,
        created_at=now, sent_at=now if child is not None else None,
    )
    _event(case, "referral_started", by, referral_id=referral.pk, target=target)
    audit_record_part(request, case, record_subject(case, "casework.referral", referral.pk),
                      action=AuditAction.CREATE, part=AuditPart.REFERRAL)
    if child is None:
        _notify(request, [case.request.requested_by], _("Alert4you: a referral waits for you"), case)
    return referral


@transaction.atomic
def referral_name_child(*, request, referral: Referral, child, by, paper_consent: dict | None = None) -> Referral:
    """A childcare worker of the location names the child on a referral that has none, under the
    guardians' consent for the referral (recorded here from their signed form, if given)."""
    case, referral = _lock_referral(referral)
    if not permissions.may_name_referral_child(by, referral):
        raise CaseRecordError(_("You may not name the child on this referral."))
    if child is None:
        raise ValidationError({"child": _("Choose the child this referral is about.")})
    if child.group.location_id != case.request.location_id:
        raise ValidationError({"child": _("Choose a child of your location.")})
    if paper_consent:
        check_signed_on(child, paper_consent, case.configuration.consent_validity_days)
        paper_consent_record(
            child=child, purposes=[ConsentPurpose.REFERRAL], parties=[ConsentParty.REFERRAL_PARTY],
            validity_days=case.configuration.consent_validity_days, by=by, **paper_consent)
    if not has_valid_consent(child, ConsentPurpose.REFERRAL, ConsentParty.REFERRAL_PARTY):
        raise CaseRecordError(_(
            "The child can be named only under the guardians' consent for this referral: record their "
            "signed form."))
    referral.child = child
    referral.sent_at = timezone.now()
    referral.save(update_fields=["child", "sent_at"])
    _event(case, "referral_child_named", by, referral_id=referral.pk)
    audit_record_part(request, case, record_subject(case, "casework.referral", referral.pk, child.pk),
                      action=AuditAction.CHANGE, part=AuditPart.REFERRAL)
    _notify(request, [referral.started_by], _("Alert4you: a referral can go ahead"), case)
    return referral


def _moment_of(day: datetime.date) -> datetime.datetime:
    """A day entered by a person, as a moment: now for today, otherwise noon that day."""
    if day == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


@transaction.atomic
def referral_record_answer(*, request, referral: Referral, accepted: bool, reason="", answered_on, by) -> Referral:
    """The receiving party accepted or declined (a decline always with its reason)."""
    case, referral = _lock_referral(referral)
    if not permissions.may_record_referral_answer(by, referral):
        raise CaseRecordError(_("You may not record the answer to this referral."))
    if referral.sent_at is None:
        raise CaseRecordError(_("This referral has not been sent yet: the child must be named first."))
    if referral.status != ReferralStatus.PROPOSED:
        raise CaseRecordError(_("This referral has already been answered."))
    reason = limited(reason, "reason", ANSWER_REASON_MAX_LENGTH)
    if not accepted and not reason:
        raise ValidationError({"reason": _("Write the reason the receiving party gave for declining.")})
    if answered_on > timezone.localdate():
        raise ValidationError({"answered_on": _("The answer cannot be dated in the future.")})
    if answered_on < timezone.localtime(referral.sent_at).date():
        raise ValidationError({"answered_on": _("The answer cannot be dated before the referral was sent.")})
    referral.status = ReferralStatus.ACCEPTED if accepted else ReferralStatus.DECLINED
    referral.answer_reason = reason
    referral.answered_at = _moment_of(answered_on)
    referral.answer_recorded_by = by
    referral.save(update_fields=["status", "answer_reason", "answered_at", "answer_recorded_by"])
    _event(case, "referral_accepted" if accepted else "referral_declined", by, referral_id=referral.pk)
    audit_record_part(request, case, record_subject(case, "casework.referral", referral.pk, referral.child_id),
                      action=AuditAction.CHANGE, part=AuditPart.REFERRAL)
    return referral


@transaction.atomic
def referral_mark_started(*, request, referral: Referral, started_on, by) -> Referral:
    case, referral = _lock_referral(referral)
    if not permissions.may_record_referral_answer(by, referral):
        raise CaseRecordError(_("You may not change this referral."))
    if referral.status != ReferralStatus.ACCEPTED:
        raise CaseRecordError(_("Only an accepted referral can start."))
    if started_on > timezone.localdate():
        raise ValidationError({"started_on": _("The help cannot have started in the future.")})
    if referral.answered_at is not None and started_on < timezone.localtime(referral.answered_at).date():
        raise ValidationError({"started_on": _("The help cannot have started before the referral was accepted.")})
    referral.status = ReferralStatus.STARTED
    referral.help_started_on = started_on
    referral.save(update_fields=["status", "help_started_on"])
    _event(case, "referral_help_started", by, referral_id=referral.pk)
    audit_record_part(request, case, record_subject(case, "casework.referral", referral.pk, referral.child_id),
                      action=AuditAction.CHANGE, part=AuditPart.REFERRAL)
    return referral


# Handover to primary school ----------------------------------------------------------------

def advice_that_worked(case: Case) -> list[dict]:
    """The advice on this case that worked, for the handover: [{"target", "category", "text",
    "remark"}]. Advice lives in the observations app, which builds on casework; so it is asked
    through its selector at call time, and without it the handover carries the approach plan alone."""
    try:
        from observations.selectors import advice_of_case
    except ImportError:
        return []
    return [
        {"target": item.get_target_display(), "category": item.get_category_display(), "text": item.text,
         "remark": item.remark}
        for item in advice_of_case(case) if item.worked == "worked"
    ]


def _handover_consent_reference(child) -> str:
    today = timezone.localdate()
    for consent in consents_of(child):
        if consent.withdrawn_at is None and consent.signed_on <= today <= consent.valid_until and any(
                s.purpose == ConsentPurpose.HANDOVER and s.party == ConsentParty.PRIMARY_SCHOOL
                for s in consent.scopes.all()):
            return f"paper_consent:{consent.pk}"
    return "consent"


def receiving_schools(case: Case):
    """The school locations a handover on this case can go to in the app: the primary schools of the
    case's municipality, while its schools take part (issue 17 item 5)."""
    from organisations.models import Location, LocationKind

    municipality = case.request.location.district.municipality
    if not municipality.configuration.primary_schools_take_part:
        return Location.objects.none()
    return Location.objects.filter(kind=LocationKind.PRIMARY_SCHOOL, district__municipality=municipality)


def _notify_teachers(handover: Handover):
    """The teachers of the receiving school hear that a handover is waiting: no child's name in the
    notification, only the link (notifications.texts)."""
    from django.urls import reverse

    from accounts.models import Membership, Role
    from notifications.models import Kind
    from notifications.services import notification_enqueue

    url = reverse("casework:handover_received", args=[handover.case_id, handover.pk])
    for membership in Membership.objects.active().filter(role=Role.TEACHER, location=handover.school_location):
        notification_enqueue(kind=Kind.HANDOVER_RECEIVED, recipient=membership.user, due_at=handover.created_at,
                             obj=handover, url=url)


@transaction.atomic
def handover_create(*, request, case: Case, school_name, by, school_location=None,
                    compress: bool = True) -> Handover:
    """Produce the handover document from the approach plan and the advice that worked, only
    under the guardians' consent for the handover to primary school. The export is audited.

    `school_location`: a participating school of the municipality; its teachers then receive the
    handover in the app (a notification, and this one document under the same consent)."""
    from .handover_pdf import handover_pdf

    case = _locked_open_case(case)
    if not permissions.may_make_handover(by, case):
        raise CaseRecordError(_("You may not make a handover on this case."))
    if school_location is not None:
        if not receiving_schools(case).filter(pk=school_location.pk).exists():
            raise ValidationError({"school_location": _(
                "Choose a primary school of this municipality that takes part.")})
        school_name = school_location.name
    school_name = _required(school_name, "school_name", _("Name the primary school."), NAME_MAX_LENGTH)
    if not has_valid_consent(case.child, ConsentPurpose.HANDOVER, ConsentParty.PRIMARY_SCHOOL):
        raise CaseRecordError(_(
            "A handover needs the guardians' consent for sharing with the primary school. Record their "
            "signed consent for the handover first."))
    plan = ApproachPlan.objects.filter(case=case).first()
    if plan is None:
        raise CaseRecordError(_("Write the approach plan first: the handover is built from it."))
    cycles = list(plan.cycles.order_by("number"))
    made_at = timezone.now()
    pdf = handover_pdf(case=case, school_name=school_name, cycles=cycles, advice=advice_that_worked(case),
                       made_by=by, made_at=made_at, compress=compress)
    handover = Handover.objects.create(case=case, school_name=school_name, school_location=school_location,
                                       pdf=pdf, created_by=by, created_at=made_at,
                                       consent_reference=_handover_consent_reference(case.child))
    _event(case, "handover", by, handover_id=handover.pk)
    if school_location is not None:
        _notify_teachers(handover)
    audit_record_part(request, case, record_subject(case, "casework.handover", handover.pk),
                      action=AuditAction.EXPORT, part=AuditPart.HANDOVER)
    return handover


# Messages ----------------------------------------------------------------------------------

def _names_child(body: str, child) -> bool:
    text = body.casefold()
    return any(len(name) > 1 and name.casefold() in text for name in (child.first_name, child.last_name))


@transaction.atomic
def message_post(*, request, case: Case, body, by) -> CaseMessage:
    case = _locked_open_case(case)
    if not permissions.may_post_message(by, case):
        raise CaseRecordError(_("You may not post messages on this case."))
    body = _required(body, "body", _("Write a message."), MESSAGE_MAX_LENGTH)
    # Messages are read by the same people as the case page: before consent the specialist must
    # not learn who the child is from them either.
    if case.child_id and not has_valid_consent(case.child_id, ConsentPurpose.OBSERVATION,
                                               ConsentParty.SPECIALIST) and _names_child(body, case.child):
        raise ValidationError({"body": _(
            "Do not name the child in a message before the guardians have consented.")})
    message = CaseMessage.objects.create(case=case, author=by, body=body)
    audit_record_part(request, case, record_subject(case, "casework.casemessage", message.pk),
                      action=AuditAction.CREATE, part=AuditPart.MESSAGE)
    others = [u for u in (case.assigned_to, case.nurse, case.request.requested_by) if u and u.pk != by.pk]
    _notify(request, others, _("Alert4you: a new message on a case"), case)
    return message
