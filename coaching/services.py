"""Recording coaching and self-assessments: the checks a form cannot make alone, and the writes."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import (
    AdviceFeedback,
    AppointmentStatus,
    CoachingAppointment,
    CoachingFocus,
    CoachingMoment,
    Competence,
    Occasion,
    SelfAssessment,
)
from .permissions import coach_organisation_ids, membership_for_location, specialist_of, workers_at

# A look-back date further ahead than this is a typing slip (2999), not a plan.
LOOK_BACK_WITHIN = datetime.timedelta(days=366)
EARLIEST = datetime.date(2015, 1, 1)


def _check_who(location, group, participants, errors):
    """The group and the pm'ers of coaching (recorded or planned) belong to its location."""
    if group is not None and group.location_id != location.pk:
        errors["group"] = _("This group is not at this location.")
    allowed = set(workers_at(location).values_list("pk", flat=True))
    if not participants:
        errors["participants"] = _("Choose at least one childcare worker.")
    elif any(p.pk not in allowed for p in participants):
        errors["participants"] = _("Only childcare workers of this location can be coached here.")


def _check_date(value, field, errors, today):
    if value > today:
        errors[field] = _("This date lies in the future.")
    elif value < EARLIEST:
        errors[field] = _("Enter a date from 2015 onwards.")


@transaction.atomic
def coaching_moment_record(*, by, location, group, participants, held_on, occasion, methods, discussed,
                           will_try="", look_back_on=None, hours, competences) -> CoachingMoment:
    today = timezone.localdate()
    errors = {}
    membership = membership_for_location(by, location)
    if membership is None:
        raise ValidationError(_("You cannot record coaching at this location."))
    _check_date(held_on, "held_on", errors, today)
    if look_back_on and not (held_on <= look_back_on <= held_on + LOOK_BACK_WITHIN):
        errors["look_back_on"] = _("Choose a date to look back on within a year after the coaching moment.")
    _check_who(location, group, participants, errors)
    if not competences:
        errors["competences"] = _("Choose at least one competence you worked on.")
    if errors:
        raise ValidationError(errors)
    moment = CoachingMoment.objects.create(
        location=location, group=group, coach=by, coach_membership=membership, held_on=held_on, occasion=occasion,
        methods=list(methods), discussed=discussed, will_try=will_try, look_back_on=look_back_on, hours=hours)
    moment.participants.set(participants)
    CoachingFocus.objects.bulk_create([CoachingFocus(moment=moment, competence=c) for c in competences])
    _check_budgets(moment, membership)
    return moment


def _check_budgets(moment, membership):
    """A specialist's coaching hours count against her care provider's budget for the district, as a
    held visit's do: its 80% and 100% warnings are checked again in the same transaction."""
    from scheduling.models import HourBudget
    from scheduling.services import budget_check_thresholds

    if not membership.care_provider_id:
        return
    for budget in HourBudget.objects.filter(district_id=moment.location.district_id, year=moment.held_on.year,
                                            care_provider_id=membership.care_provider_id):
        budget_check_thresholds(budget=budget)


def self_assessment_record(*, author, assessed_on, scores: dict, note="") -> SelfAssessment:
    errors = {}
    _check_date(assessed_on, "assessed_on", errors, timezone.localdate())
    if errors:
        raise ValidationError(errors)
    return SelfAssessment.objects.create(author=author, assessed_on=assessed_on, note=note, **scores)


def may_give_feedback(user, advice) -> bool:
    """The specialist who gave the advice answers once the pm'er has said whether she tried it."""
    return advice.given_by_id == user.pk and bool(advice.tried) and advice.case_id is not None


@transaction.atomic
def advice_feedback_give(*, advice, by, text) -> AdviceFeedback:
    if not may_give_feedback(by, advice):
        raise ValidationError(_("Only the specialist who gave this advice can answer, once it has been evaluated."))
    if AdviceFeedback.objects.select_for_update().filter(advice=advice).exists():
        raise ValidationError(_("You already gave feedback on this advice."))
    return AdviceFeedback.objects.create(advice=advice, given_by=by, text=text)


# --- coaching planned together (issue 17 item 4) ------------------------------------------------

PLAN_AHEAD = datetime.timedelta(days=366)


def _notify(kind, appointment, recipient, url_name="coaching:appointment"):
    from django.urls import reverse

    from notifications.services import notification_enqueue

    url = reverse(url_name, args=[appointment.pk]) if url_name == "coaching:appointment" else reverse(url_name)
    notification_enqueue(kind=kind, recipient=recipient, due_at=timezone.now(), obj=appointment,
                         url=url, about_at=appointment.starts_at)


def _notify_participants(kind, appointment):
    """The pm'ers take part, so they hear of the plan and of its calling off; their link is their own
    agenda (place and time), not the planners' page with its notes and answers."""
    for person in appointment.participants.all():
        if person.pk not in (appointment.coach_id, appointment.specialist_id):
            _notify(kind, appointment, person, url_name="scheduling:agenda")


def _check_moment_in_time(starts_at, errors, field="date"):
    now = timezone.now()
    if starts_at <= now:
        errors[field] = _("Choose a moment that is still to come.")
    elif starts_at > now + PLAN_AHEAD:
        errors[field] = _("Choose a moment within a year from now.")


@transaction.atomic
def appointment_propose(*, by, location, group, participants, competences, starts_at, hours,
                        note="") -> CoachingAppointment:
    """The pedagogical coach proposes coaching at one of her organisation's locations to its specialist."""
    from notifications.models import Kind

    if location.organisation_id not in coach_organisation_ids(by):
        raise ValidationError(_("You can plan coaching only at your own organisation's locations."))
    specialist = specialist_of(location)
    if specialist is None:
        raise ValidationError(_("This location has no fixed specialist yet to plan coaching with."))
    errors = {}
    _check_moment_in_time(starts_at, errors)
    _check_who(location, group, participants, errors)
    if not competences or any(c not in Competence.values for c in competences):
        errors["competences"] = _("Choose at least one competence you worked on.")
    if errors:
        raise ValidationError(errors)
    appointment = CoachingAppointment.objects.create(
        coach=by, specialist=specialist, location=location, group=group, competences=list(competences),
        starts_at=starts_at, hours=hours, note=note, awaiting=specialist)
    appointment.participants.set(participants)
    _notify(Kind.COACHING_PROPOSED, appointment, specialist)
    return appointment


def _locked_for_answer(appointment, by):
    appointment = CoachingAppointment.objects.select_for_update().get(pk=appointment.pk)
    if appointment.status != AppointmentStatus.PROPOSED or appointment.awaiting_id != by.pk:
        raise ValidationError(_("This proposal is not waiting for your answer."))
    return appointment


def _other_party(appointment, by):
    return appointment.coach if by.pk == appointment.specialist_id else appointment.specialist


@transaction.atomic
def appointment_accept(*, appointment, by) -> CoachingAppointment:
    from notifications.models import Kind

    appointment = _locked_for_answer(appointment, by)
    if appointment.starts_at <= timezone.now():
        raise ValidationError(_("This moment has passed: propose another time."))
    appointment.status = AppointmentStatus.ACCEPTED
    appointment.awaiting = None
    appointment.save(update_fields=["status", "awaiting", "updated_at"])
    _notify(Kind.COACHING_ACCEPTED, appointment, _other_party(appointment, by))
    _notify_participants(Kind.COACHING_PLANNED_WITH_YOU, appointment)
    return appointment


@transaction.atomic
def appointment_decline(*, appointment, by, answer="") -> CoachingAppointment:
    from notifications.models import Kind

    appointment = _locked_for_answer(appointment, by)
    appointment.status = AppointmentStatus.DECLINED
    appointment.awaiting = None
    appointment.answer = answer
    appointment.save(update_fields=["status", "awaiting", "answer", "updated_at"])
    _notify(Kind.COACHING_DECLINED, appointment, _other_party(appointment, by))
    return appointment


@transaction.atomic
def appointment_propose_other_time(*, appointment, by, starts_at, answer="") -> CoachingAppointment:
    """The one whose answer is awaited proposes another time; now the other one answers."""
    from notifications.models import Kind

    appointment = _locked_for_answer(appointment, by)
    errors = {}
    _check_moment_in_time(starts_at, errors)
    if not errors and starts_at == appointment.starts_at:
        errors["date"] = _("Choose a time other than the one proposed.")
    if errors:
        raise ValidationError(errors)
    other = _other_party(appointment, by)
    appointment.starts_at = starts_at
    appointment.awaiting = other
    appointment.answer = answer
    appointment.save(update_fields=["starts_at", "awaiting", "answer", "updated_at"])
    _notify(Kind.COACHING_NEW_TIME, appointment, other)
    return appointment


CANCEL_REASON_MAX = 500


def may_cancel_appointment(user, appointment) -> bool:
    """Before it is held: the coach withdraws what she sent (proposed or accepted); the specialist
    cancels what she accepted (a proposal she declines instead)."""
    if appointment.starts_at <= timezone.now():
        return False
    if user.pk == appointment.coach_id:
        return appointment.status in (AppointmentStatus.PROPOSED, AppointmentStatus.ACCEPTED)
    return user.pk == appointment.specialist_id and appointment.status == AppointmentStatus.ACCEPTED


@transaction.atomic
def appointment_cancel(*, appointment, by, reason="") -> CoachingAppointment:
    """The coach withdraws, or the specialist cancels with a short reason. The other one is told, and
    the pm'ers when they had been told of the plan; it leaves the agendas and feeds (they show accepted
    and recorded coaching only) and can no longer be recorded."""
    from notifications.models import Kind

    appointment = CoachingAppointment.objects.select_for_update().get(pk=appointment.pk)
    if not may_cancel_appointment(by, appointment):
        raise ValidationError(_("You cannot withdraw or cancel this appointment (any more)."))
    reason = (reason or "").strip()
    if len(reason) > CANCEL_REASON_MAX:
        raise ValidationError({"reason": _("Keep the reason to at most %(max)s characters.")
                               % {"max": CANCEL_REASON_MAX}})
    by_coach = by.pk == appointment.coach_id
    if not by_coach and not reason:
        raise ValidationError({"reason": _("Give a short reason, so the pedagogical coach and the pm'ers know why.")})
    was_accepted = appointment.status == AppointmentStatus.ACCEPTED
    appointment.status = AppointmentStatus.WITHDRAWN if by_coach else AppointmentStatus.CANCELLED
    appointment.awaiting = None
    appointment.cancel_reason = reason
    appointment.save(update_fields=["status", "awaiting", "cancel_reason", "updated_at"])
    _notify(Kind.COACHING_WITHDRAWN if by_coach else Kind.COACHING_CANCELLED, appointment,
            _other_party(appointment, by))
    if was_accepted:
        _notify_participants(Kind.COACHING_CANCELLED, appointment)
    return appointment


def may_record_appointment(user, appointment) -> bool:
    return (user.pk in (appointment.coach_id, appointment.specialist_id)
            and appointment.status == AppointmentStatus.ACCEPTED and appointment.starts_at <= timezone.now())


@transaction.atomic
def appointment_record(*, appointment, by, participants, held_on, methods, discussed, will_try="",
                       look_back_on=None, hours, competences, group=None, occasion=None) -> CoachingMoment:
    """Either of them records the coaching moment once it has taken place. It is the specialist's
    coaching (she is the coach on the moment), so its hours book to her care provider's budget as a
    visit's do, whoever of the two writes it down; the appointment says who did."""
    appointment = CoachingAppointment.objects.select_for_update().get(pk=appointment.pk)
    if appointment.status == AppointmentStatus.RECORDED:
        raise ValidationError(_("This coaching moment has already been recorded."))
    if not may_record_appointment(by, appointment):
        raise ValidationError(_("A coaching moment is recorded once the accepted appointment has taken place."))
    moment = coaching_moment_record(
        by=appointment.specialist, location=appointment.location, group=group, participants=participants,
        held_on=held_on, occasion=Occasion.PLANNED, methods=methods, discussed=discussed, will_try=will_try,
        look_back_on=look_back_on, hours=hours, competences=competences)
    appointment.moment = moment
    appointment.status = AppointmentStatus.RECORDED
    appointment.recorded_by = by
    appointment.save(update_fields=["moment", "status", "recorded_by", "updated_at"])
    return moment
