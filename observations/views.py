from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.access import role_required
from accounts.models import LOCATION_ROLES, Role
from alert4you.forms import add_service_errors
from audit.models import AuditAction
from casework.models import CaseKind, CaseState
from casework.permissions import may_see_child
from casework.selectors import access_case_by_id
from casework.services import CaseTransitionError
from idempotency import once_per_submission

from .forms import (
    AdviceEvaluationForm,
    AdviceFormSet,
    GroupVisitAdviceFormSet,
    VisitHoursForm,
    VisitPlanForm,
    VisitRecordForm,
)
from .models import VisitKind, VisitStatus
from .permissions import (
    may_advise_on_group_visit,
    may_evaluate_advice,
    may_evaluate_group_visit_advice,
    may_record_held,
    may_record_visits,
)
from .selectors import (
    access_advice_by_id,
    access_group_visit_advice_by_id,
    access_group_visit_by_id,
    access_visit_by_id,
    advice_of_case,
    group_visit_advice,
)
from .services import (
    advice_evaluate,
    advice_give,
    earliest_held_date,
    group_visit_advice_give,
    kinds_for,
    recording_kinds,
    visit_hours_add,
    visit_plan,
    visit_record_held,
)


def _action(request):
    return AuditAction.CHANGE if request.method == "POST" else AuditAction.VIEW


def _recording_case(request, case_id, may=may_record_visits):
    case = access_case_by_id(request, case_id, action=_action(request))
    if not may(request.user, case):
        raise PermissionDenied
    return case


def _default_kind(case, requested, kinds=None):
    kinds = kinds_for(case) if kinds is None else kinds
    if requested in kinds:
        return requested
    if case.kind == CaseKind.GROUP:
        return VisitKind.GROUP_VISIT
    kind = {CaseState.PLANNED: VisitKind.OBSERVATION, CaseState.ADVISED: VisitKind.FOLLOW_UP,
            CaseState.FOLLOW_UP: VisitKind.FOLLOW_UP}.get(case.state, VisitKind.OBSERVATION)
    return kind if kind in kinds or not kinds else kinds[0]


def _saved(request, form, save, *, success) -> bool:
    """Saves a valid form through ``save(cleaned_data)``; a refusal's reasons go on the form. True once saved."""
    if form.is_valid():
        try:
            save(form.cleaned_data)
        except CaseTransitionError as error:
            form.add_error(None, error.messages)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, success)
            return True
    messages.error(request, _("Not saved yet: please correct the fields marked below."))
    return False


def _page(request, template, case, **context):
    return render(request, template, {"case": case, "is_individual": case.kind == CaseKind.INDIVIDUAL,
                                      "show_child": may_see_child(request.user, case), "show_content": True,
                                      **context})


@role_required(Role.SPECIALIST)
@require_http_methods(["GET", "POST"])
@once_per_submission
def visit_plan_view(request, case_id):
    case = _recording_case(request, case_id)
    kinds = kinds_for(case)
    form = VisitPlanForm(request.POST or None, kinds=kinds,
                         initial={"kind": _default_kind(case, request.GET.get("kind"))})
    if request.method == "POST" and _saved(request, form, lambda data: visit_plan(
            request=request, case=case, kind=data["kind"], starts_at=form.starts_at(), place=data["place"],
            by=request.user), success=_("The visit has been planned.")):
        return redirect("casework:detail", case_id=case.pk)
    return _page(request, "observations/visit_plan.html", case, form=form)


@role_required(Role.SPECIALIST, Role.YOUTH_NURSE)
@require_http_methods(["GET", "POST"])
@once_per_submission
def visit_record_view(request, case_id):
    case = _recording_case(request, case_id, may=may_record_held)
    kinds = recording_kinds(case, request.user)
    # The specialist enters the nurse's hours when the nurse took part; the nurse enters only her own.
    nurse = case.nurse if may_record_visits(request.user, case) else None
    visit = None
    if visit_id := (request.POST.get("visit") or request.GET.get("visit")):
        visit = access_visit_by_id(request, case, visit_id, action=_action(request))
        if visit.status != VisitStatus.PLANNED:
            visit = None
    kind = _default_kind(case, request.POST.get("kind") or request.GET.get("kind") or (visit and visit.kind),
                         kinds)
    initial = {"kind": kind}
    if visit is not None:
        initial["place"] = visit.place
    if case.kind == CaseKind.INDIVIDUAL and case.configuration.review_talk_participants and \
            kind == VisitKind.REVIEW_TALK:
        # Hoogeveen: the review talk has guardians, pm'er, nurse and specialist around the table.
        initial["participants"] = list(case.configuration.review_talk_participants)
    else:
        initial["participants"] = ["specialist", "childcare_worker"]
    advice = advice_of_case(case) if kind == VisitKind.FOLLOW_UP else []
    form = VisitRecordForm(request.POST or None, kinds=kinds, nurse=nurse, advice=advice,
                           video=kind == VisitKind.OBSERVATION, initial=initial, earliest=earliest_held_date(case),
                           planned_at=visit.starts_at if visit is not None else None,
                           at_school=case.location.is_school)
    if request.method == "POST" and _saved(request, form, lambda data: visit_record_held(
            request=request, case=case, kind=data["kind"], held_at=form.starts_at(),
            hours=form.hours_rows(request.user), place=data["place"], participants=data["participants"],
            participant_names=data["participant_names"], notes=data["notes"],
            video_used=data.get("video_used", False), advice_remarks=form.advice_remarks(), visit=visit,
            by=request.user), success=_("The visit has been recorded.")):
        return redirect("casework:detail", case_id=case.pk)
    return _page(request, "observations/visit_record.html", case, form=form, visit=visit, kind=kind)


@role_required(Role.SPECIALIST, Role.YOUTH_NURSE)
@require_http_methods(["GET", "POST"])
@once_per_submission
def visit_hours_view(request, case_id, visit_id):
    """The nurse (or specialist) adds her own hours to a held visit she took part in."""
    case = _recording_case(request, case_id, may=may_record_held)
    visit = access_visit_by_id(request, case, visit_id, action=_action(request))
    if visit.status != VisitStatus.HELD:
        raise Http404
    already = any(row.professional_id == request.user.pk for row in visit.hours.all())
    form = VisitHoursForm(request.POST or None)
    if request.method == "POST" and _saved(request, form, lambda data: visit_hours_add(
            request=request, case=case, visit=visit, hours=data["hours"], by=request.user),
            success=_("Your hours have been recorded.")):
        return redirect("casework:detail", case_id=case.pk)
    return _page(request, "observations/visit_hours.html", case, form=form, visit=visit, already=already)


@role_required(Role.SPECIALIST)
@require_http_methods(["GET", "POST"])
@once_per_submission
def advice_give_view(request, case_id):
    case = _recording_case(request, case_id)
    formset = AdviceFormSet(request.POST or None, prefix="advice",
                            form_kwargs={"at_school": case.location.is_school})
    error = None
    if request.method == "POST":
        if formset.is_valid():
            try:
                advice_give(request=request, case=case, items=formset.items(), by=request.user)
            except (CaseTransitionError, ValidationError) as exc:
                error = " ".join(exc.messages)
            else:
                messages.success(request, _("The advice has been recorded."))
                return redirect("casework:detail", case_id=case.pk)
        messages.error(request, error or _("Not saved yet: please correct the fields marked below."))
    guardians_take_part = case.kind == CaseKind.INDIVIDUAL and case.configuration.guardians_involved
    return _page(request, "observations/advice_form.html", case, formset=formset,
                 guardians_take_part=guardians_take_part)


@role_required(*LOCATION_ROLES)
@require_http_methods(["GET", "POST"])
@once_per_submission
def advice_evaluate_view(request, case_id, advice_id):
    case = access_case_by_id(request, case_id, action=_action(request))
    advice = access_advice_by_id(request, case, advice_id, action=_action(request))
    if not may_evaluate_advice(request.user, case):
        raise PermissionDenied
    advice.case = case
    form, saved = _evaluation(request, advice, done=redirect("casework:detail", case_id=case.pk))
    return saved or _page(request, "observations/advice_evaluate.html", case, form=form, advice=advice)


def _evaluation(request, advice, *, done):
    """The pm'er's evaluation of one piece of advice: (form, ``done`` once saved, else None)."""
    form = AdviceEvaluationForm(request.POST or None, initial={
        "tried": advice.tried, "worked": advice.worked, "remark": advice.remark})
    saved = request.method == "POST" and _saved(
        request, form, lambda data: advice_evaluate(request=request, advice=advice, by=request.user, **data),
        success=_("Thank you: your evaluation of the advice has been saved."))
    return form, done if saved else None


# A preventive group visit: no case and no child; its advice is for the group (issue 12). ------------

def _group_visit_page(request, template, visit, **context):
    return render(request, template, {"visit": visit, **context})


@role_required(Role.CHILDCARE_WORKER, Role.SPECIALIST, Role.YOUTH_NURSE)
@require_http_methods(["GET"])
def group_visit_view(request, visit_id):
    visit = access_group_visit_by_id(request.user, visit_id)
    return _group_visit_page(request, "observations/group_visit.html", visit,
                             advice=group_visit_advice(request.user, visit),
                             may_advise=may_advise_on_group_visit(request.user, visit),
                             may_evaluate=may_evaluate_group_visit_advice(request.user, visit))


@role_required(Role.SPECIALIST, Role.YOUTH_NURSE)
@require_http_methods(["GET", "POST"])
@once_per_submission
def group_visit_advice_view(request, visit_id):
    visit = access_group_visit_by_id(request.user, visit_id)
    if not may_advise_on_group_visit(request.user, visit):
        raise PermissionDenied
    formset = GroupVisitAdviceFormSet(request.POST or None, prefix="advice")
    error = None
    if request.method == "POST":
        if formset.is_valid():
            try:
                group_visit_advice_give(visit=visit, items=formset.items(), by=request.user)
            except (CaseTransitionError, ValidationError) as exc:
                error = " ".join(exc.messages)
            else:
                messages.success(request, _("The advice has been recorded."))
                return redirect("observations:group_visit", visit_id=visit.pk)
        messages.error(request, error or _("Not saved yet: please correct the fields marked below."))
    return _group_visit_page(request, "observations/group_visit_advice.html", visit, formset=formset, error=error)


@role_required(Role.CHILDCARE_WORKER)
@require_http_methods(["GET", "POST"])
@once_per_submission
def group_visit_evaluate_view(request, visit_id, advice_id):
    visit = access_group_visit_by_id(request.user, visit_id)
    advice = access_group_visit_advice_by_id(request.user, visit, advice_id)
    if not may_evaluate_group_visit_advice(request.user, visit):
        raise PermissionDenied
    advice.visit = visit
    form, saved = _evaluation(request, advice, done=redirect("observations:group_visit", visit_id=visit.pk))
    return saved or _group_visit_page(request, "observations/group_visit_evaluate.html", visit, form=form,
                                      advice=advice)
