from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts.access import role_required
from accounts.models import Role
from accounts.selectors import has_role, memberships_with_role
from alert4you.forms import add_service_errors
from audit.models import AuditAction, AuditPart
from audit.services import audit_record, audit_record_many
from casework.selectors import access_case_by_id, case_subject
from idempotency import once_per_submission
from observations.permissions import audit_basis
from observations.selectors import access_advice_by_id

from .forms import (
    AdviceFeedbackForm,
    AnswerForm,
    AppointmentForm,
    CancelForm,
    CoachingMomentForm,
    LocationChoiceForm,
    PlannableLocationForm,
    SelfAssessmentForm,
)
from .models import AppointmentStatus, Occasion
from .permissions import access_appointment_by_id
from .selectors import advice_awaiting_feedback, appointments_for, feedback_for, growth_of, moments_for_coach
from .services import (
    advice_feedback_give,
    appointment_accept,
    appointment_cancel,
    appointment_decline,
    appointment_propose,
    appointment_propose_other_time,
    appointment_record,
    coaching_moment_record,
    may_cancel_appointment,
    may_give_feedback,
    may_record_appointment,
    self_assessment_record,
)

COACHES = (Role.SPECIALIST, Role.PEDAGOGICAL_COACH)


@role_required(*COACHES)
def moment_list(request):
    is_specialist = has_role(request.user, Role.SPECIALIST)
    return render(request, "coaching/moment_list.html", {
        "moments": moments_for_coach(request.user),
        "awaiting": advice_awaiting_feedback(request.user) if is_specialist else [],
        "is_specialist": is_specialist,
    })


@role_required(*COACHES)
@require_http_methods(["GET", "POST"])
@once_per_submission
def moment_create(request):
    chooser = LocationChoiceForm(request.GET or None, user=request.user)
    if not chooser.is_valid():
        # First step (or a location that is not hers): choose where the coaching took place.
        return render(request, "coaching/moment_location.html", {"chooser": chooser},
                      status=400 if request.GET else 200)
    location = chooser.cleaned_data["location"]
    form = CoachingMomentForm(request.POST or None, location=location,
                              initial={"held_on": timezone.localdate()})
    if request.method == "POST":
        if form.is_valid():
            try:
                coaching_moment_record(by=request.user, location=location, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The coaching moment has been recorded."))
                return redirect("coaching:moments")
        messages.error(request, _("Not saved yet: please correct the fields marked below."))
    return render(request, "coaching/moment_form.html", {"form": form, "location": location})


@role_required(Role.CHILDCARE_WORKER)
def growth(request):
    context = growth_of(request.user)
    context["feedback"] = feedback_for(request.user)
    _log_feedback_read(request, context["feedback"])
    return render(request, "coaching/growth.html", context)


@role_required(Role.CHILDCARE_WORKER)
@require_http_methods(["GET", "POST"])
@once_per_submission
def self_assessment_create(request):
    form = SelfAssessmentForm(request.POST or None, initial={"assessed_on": timezone.localdate()})
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                self_assessment_record(author=request.user, assessed_on=data["assessed_on"], note=data["note"],
                                       scores={f: data[f] for f in SelfAssessmentForm.SCORE_FIELDS})
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Your self-assessment has been saved. Only you can see it."))
                return redirect("coaching:growth")
        messages.error(request, _("Not saved yet: please correct the fields marked below."))
    return render(request, "coaching/self_assessment_form.html", {"form": form})


def _log_feedback_read(request, pairs):
    """The feedback is about a case: each case shown is a read of that file (NEN 7513)."""
    locations = {m.location_id: m for m in memberships_with_role(request.user, Role.CHILDCARE_WORKER)}
    rows = {}
    for pair in pairs:
        case = pair.advice.case
        rows[case.pk] = (case_subject(case), locations.get(case.request.location_id))
    if rows:
        audit_record_many(request, list(rows.values()), action=AuditAction.VIEW, part=AuditPart.ADVICE)


@role_required(Role.SPECIALIST)
@require_http_methods(["GET", "POST"])
@once_per_submission
def advice_feedback(request, case_id, advice_id):
    action = AuditAction.CHANGE if request.method == "POST" else AuditAction.VIEW
    case = access_case_by_id(request, case_id, action=action)
    advice = access_advice_by_id(request, case, advice_id, action=action)
    if not may_give_feedback(request.user, advice) or hasattr(advice, "feedback"):
        raise Http404
    membership, basis = audit_basis(request.user, case)
    audit_record(request, case_subject(case), action=action, part=AuditPart.ADVICE, membership=membership,
                 basis=basis)
    form = AdviceFeedbackForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                advice_feedback_give(advice=advice, by=request.user, text=form.cleaned_data["text"])
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Your feedback has been saved; the childcare worker sees it on her "
                                            "growth page."))
                return redirect("coaching:moments")
        messages.error(request, _("Not saved yet: please correct the fields marked below."))
    return render(request, "coaching/advice_feedback.html", {"form": form, "case": case, "advice": advice})


# --- coaching planned together: the pedagogical coach proposes, the specialist answers -------------

def _posted(request):
    # An empty POST is still a submission (bound, so "required" is said), not a first look.
    return request.POST if request.method == "POST" else None


@role_required(*COACHES)
def appointment_list(request):
    return render(request, "coaching/appointment_list.html", {
        "sections": appointments_for(request.user),
        "is_coach": has_role(request.user, Role.PEDAGOGICAL_COACH)})


@role_required(Role.PEDAGOGICAL_COACH)
@require_http_methods(["GET", "POST"])
@once_per_submission
def appointment_create(request):
    chooser = PlannableLocationForm(request.GET or None, user=request.user)
    if not chooser.is_valid():
        return render(request, "coaching/appointment_location.html", {"chooser": chooser},
                      status=400 if request.GET else 200)
    location = chooser.cleaned_data["location"]
    form = AppointmentForm(_posted(request), location=location, initial={"hours": 1})
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                appointment = appointment_propose(
                    by=request.user, location=location, group=data["group"], participants=list(data["participants"]),
                    competences=data["competences"], starts_at=form.starts_at(), hours=data["hours"],
                    note=data["note"])
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Your proposal has been sent to %(name)s.") % {
                    "name": appointment.specialist.get_full_name() or appointment.specialist.username})
                return redirect("coaching:appointment", appointment.pk)
        messages.error(request, _("Not saved yet: please correct the fields marked below."))
    return render(request, "coaching/appointment_form.html", {"form": form, "location": location},
                  status=400 if form.errors else 200)


ANSWERED = {
    AnswerForm.ACCEPT: gettext_lazy("Accepted: the coaching is in both your agendas."),
    AnswerForm.DECLINE: gettext_lazy("Declined; the other has been told."),
    AnswerForm.OTHER_TIME: gettext_lazy("Your other time has been proposed; the other has been told."),
}


@role_required(*COACHES)
@require_http_methods(["GET", "POST"])
@once_per_submission
def appointment_detail(request, appointment_id):
    appointment = access_appointment_by_id(request.user, appointment_id)
    form = AnswerForm(_posted(request))
    status = 200
    to_answer = appointment.awaiting_id == request.user.pk and appointment.status == AppointmentStatus.PROPOSED
    if request.method == "POST" and not to_answer:
        # Answered already, or it waits for the other: the page shows no form, so the message says it.
        messages.error(request, _("This proposal is not waiting for your answer."))
        status = 400
    elif request.method == "POST":
        if form.is_valid():
            choice = form.cleaned_data["answer"]
            try:
                if choice == AnswerForm.ACCEPT:
                    appointment_accept(appointment=appointment, by=request.user)
                elif choice == AnswerForm.DECLINE:
                    appointment_decline(appointment=appointment, by=request.user, answer=form.cleaned_data["note"])
                else:
                    appointment_propose_other_time(appointment=appointment, by=request.user,
                                                   starts_at=form.starts_at(), answer=form.cleaned_data["note"])
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, ANSWERED[choice])
                return redirect("coaching:appointment", appointment.pk)
        messages.error(request, _("Not saved yet: please correct the fields marked below."))
        status = 400
    return render(request, "coaching/appointment_detail.html", {
        "appointment": appointment, "form": form, "participants": list(appointment.participants.all()),
        "to_answer": to_answer,
        "may_record": may_record_appointment(request.user, appointment),
        "may_cancel": may_cancel_appointment(request.user, appointment)}, status=status)


@role_required(*COACHES)
@require_http_methods(["GET", "POST"])
@once_per_submission
def appointment_record_view(request, appointment_id):
    appointment = access_appointment_by_id(request.user, appointment_id)
    if not may_record_appointment(request.user, appointment):
        messages.error(request, _("A coaching moment is recorded once the accepted appointment has taken place."))
        return redirect("coaching:appointment", appointment.pk)
    initial = {"held_on": timezone.localdate(appointment.starts_at), "occasion": Occasion.PLANNED,
               "group": appointment.group_id, "participants": [p.pk for p in appointment.participants.all()],
               "competences": appointment.competences, "hours": appointment.hours}
    form = CoachingMomentForm(_posted(request), location=appointment.location, initial=initial)
    form.fields["occasion"].required = False
    form.fields["occasion"].disabled = True
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                appointment_record(
                    appointment=appointment, by=request.user, group=data["group"],
                    participants=list(data["participants"]), held_on=data["held_on"], methods=data["methods"],
                    discussed=data["discussed"], will_try=data["will_try"], look_back_on=data["look_back_on"],
                    hours=data["hours"], competences=data["competences"])
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The coaching moment has been recorded; its hours count against the "
                                            "specialist's budget."))
                return redirect("coaching:appointment", appointment.pk)
        messages.error(request, _("Not saved yet: please correct the fields marked below."))
    return render(request, "coaching/appointment_record.html", {"form": form, "appointment": appointment},
                  status=400 if form.errors else 200)


@role_required(*COACHES)
@require_http_methods(["GET", "POST"])
@once_per_submission
def appointment_cancel_view(request, appointment_id):
    """The coach withdraws what she sent, the specialist cancels what she accepted, before it is held."""
    appointment = access_appointment_by_id(request.user, appointment_id)
    if not may_cancel_appointment(request.user, appointment):
        messages.error(request, _("You cannot withdraw or cancel this appointment (any more)."))
        return redirect("coaching:appointment", appointment.pk)
    by_coach = request.user.pk == appointment.coach_id
    form = CancelForm(_posted(request))
    if request.method == "POST":
        if form.is_valid():
            try:
                appointment_cancel(appointment=appointment, by=request.user, reason=form.cleaned_data["reason"])
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Withdrawn; the specialist has been told.") if by_coach else
                                 _("Cancelled; the pedagogical coach and the pm'ers have been told."))
                return redirect("coaching:appointment", appointment.pk)
        messages.error(request, _("Not saved yet: please correct the fields marked below."))
    return render(request, "coaching/appointment_cancel.html",
                  {"form": form, "appointment": appointment, "by_coach": by_coach},
                  status=400 if form.errors else 200)
