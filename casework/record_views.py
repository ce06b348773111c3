"""Pages for the records on a case: approach plan, referrals, handover, messages. Thin: the way
in is the case (`access_case_by_id`, 404 for missing and forbidden alike), then one form and one
service; refusals come back as a message and change nothing."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import role_required
from accounts.models import LOCATION_ROLES, Role
from alert4you.forms import add_service_errors
from audit.models import AuditAction
from children.models import Child
from idempotency import once_per_submission

from . import permissions
from .handover_receipt import access_received_handover
from .models import CaseKind
from .record_forms import (
    ApproachPlanEvaluateForm,
    ApproachPlanForm,
    FurtherConsentForm,
    HandoverForm,
    MessageForm,
    ReferralAnswerForm,
    ReferralChildForm,
    ReferralStartedForm,
    ReferralStartForm,
)
from .record_selectors import access_handover_pdf, access_referral_by_id, approach_plan_of
from .records import (
    CaseRecordError,
    approach_plan_create,
    approach_plan_evaluate,
    case_record_further_consent,
    handover_create,
    message_post,
    receiving_schools,
    referral_mark_started,
    referral_name_child,
    referral_record_answer,
    referral_start,
    referral_start_refusal,
)
from .selectors import access_case_by_id

ACTOR_ROLES = (*LOCATION_ROLES, Role.SPECIALIST, Role.YOUTH_NURSE)
NOT_SAVED = _("Not saved yet: please correct the fields marked below.")


def _case(request, case_id):
    return access_case_by_id(request, case_id, action=AuditAction.CHANGE if request.method == "POST"
                             else AuditAction.VIEW)


def _header(request, case):
    return {
        "case": case,
        "is_individual": case.kind == CaseKind.INDIVIDUAL,
        "show_child": permissions.may_see_child(request.user, case),
        "show_content": permissions.may_see_case_content(request.user, case),
    }


def _refused(request, case, error, page=None):
    """Not allowed now. Opening the form: back to the case with why. Sending it: the form again
    with what was typed (or the case page) and why, status 409; not a redirect, because the
    resubmission guard remembers a redirect as "saved", and sending the same form once it can
    succeed must not be answered with "already saved"."""
    message = " ".join(error.messages)
    if request.method != "POST":
        messages.error(request, message)
        return redirect("casework:detail", case_id=case.pk)
    if page is None:
        from .views import refused_on_case_page

        return refused_on_case_page(request, case, message)
    messages.error(request, message)
    response = page()
    response.status_code = 409
    return response


def _form_page(request, case, form, *, title, submit, multipart=False, intro=""):
    return render(request, "casework/record_form.html", _header(request, case) | {
        "form": form, "title": title, "submit": submit, "multipart": multipart, "intro": intro})


def _save(request, case, form, action, *, success, page):
    """Run the service for a valid form; a refusal (closed case, role, consent) goes back to the
    case with its message, bad input back to the form with what was typed."""
    if form.is_valid():
        try:
            action()
        except CaseRecordError as error:
            return _refused(request, case, error, page)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, success)
            return redirect("casework:detail", case_id=case.pk)
    messages.error(request, NOT_SAVED)
    return page()


# Approach plan -----------------------------------------------------------------------------

@role_required(Role.SPECIALIST, Role.YOUTH_NURSE)
@require_http_methods(["GET", "POST"])
@once_per_submission
def approach_plan_view(request, case_id):
    case = _case(request, case_id)
    if not permissions.may_write_plan(request.user, case):
        return _refused(request, case, CaseRecordError(
            _("This case is closed: its records can no longer be changed.") if not case.is_open
            else _("You may not write the approach plan on this case.")))
    plan = approach_plan_of(request, case)
    data = request.POST if request.method == "POST" else None
    if plan is None:
        form = ApproachPlanForm(data)
        title, submit = _("Approach plan"), _("Save the plan")
    else:
        current = plan.cycle_list[-1]
        form = ApproachPlanEvaluateForm(data, initial={
            f: getattr(current, f) for f in ("goals_group", "agreements_group", "goals_home", "agreements_home")})
        title, submit = _("Evaluate and adjust the approach plan"), _("Save the evaluation")

    def page():
        return _form_page(request, case, form, title=title, submit=submit)

    if request.method == "GET":
        return page()
    if plan is None:
        def action():
            approach_plan_create(request=request, case=case, by=request.user, **form.cleaned_data)
    else:
        def action():
            approach_plan_evaluate(request=request, case=case, by=request.user, **form.cleaned_data)
    return _save(request, case, form, action, success=_("The approach plan has been saved."), page=page)


# Referrals ---------------------------------------------------------------------------------

@role_required(*ACTOR_ROLES)
@require_http_methods(["GET", "POST"])
@once_per_submission
def referral_start_view(request, case_id):
    case = _case(request, case_id)
    if refusal := referral_start_refusal(case=case, by=request.user):
        return _refused(request, case, CaseRecordError(refusal))
    initial = {"target": "okido", "receiving_party": case.configuration.referral_target} if (
        case.configuration.referral_target) else {}
    form = ReferralStartForm(request.POST if request.method == "POST" else None, initial=initial)
    intro = "" if case.child_id else _(
        "No child is named on this case. Once you start the referral, the childcare worker names the child "
        "with the guardians' signed consent for it; only then is the referral sent. You see the child's name "
        "only if that consent also covers you.")

    def page():
        return _form_page(request, case, form, title=_("Start a referral"), submit=_("Start the referral"),
                          intro=intro)

    if request.method == "GET":
        return page()
    return _save(request, case, form, lambda: referral_start(request=request, case=case, by=request.user,
                                                            **form.cleaned_data),
                 success=_("The referral has been started."), page=page)


@role_required(*LOCATION_ROLES)
@require_http_methods(["GET", "POST"])
@once_per_submission
def referral_child_view(request, case_id, referral_id):
    case = _case(request, case_id)
    referral = access_referral_by_id(case, referral_id)
    if not permissions.may_name_referral_child(request.user, referral):
        return _refused(request, case, CaseRecordError(_("You may not name the child on this referral.")))
    children = Child.objects.filter(group__location_id=case.request.location_id).select_related("group")
    form = ReferralChildForm(request.POST or None, request.FILES or None, children=children,
                             validity_days=case.configuration.consent_validity_days)

    def page():
        return _form_page(request, case, form, title=_("Name the child on the referral"),
                          submit=_("Name the child and send the referral"), multipart=True,
                          intro=_("The child is named to the receiving party only under the guardians' "
                                  "consent for this referral, and to the specialist only if that consent "
                                  "covers her too."))

    if request.method == "GET":
        return page()
    return _save(request, case, form, lambda: referral_name_child(
        request=request, referral=referral, child=form.cleaned_data["child"], by=request.user,
        paper_consent=form.paper_consent()), success=_("The child has been named; the referral is sent."),
        page=page)


@role_required(*ACTOR_ROLES)
@require_http_methods(["GET", "POST"])
@once_per_submission
def referral_answer_view(request, case_id, referral_id):
    case = _case(request, case_id)
    referral = access_referral_by_id(case, referral_id)
    if not permissions.may_record_referral_answer(request.user, referral):
        return _refused(request, case, CaseRecordError(_("You may not record the answer to this referral.")))
    form = ReferralAnswerForm(request.POST or None, referral=referral)

    def page():
        return _form_page(request, case, form, title=_("Record the answer to the referral"),
                          submit=_("Save the answer"))

    if request.method == "GET":
        return page()
    return _save(request, case, form, lambda: referral_record_answer(
        request=request, referral=referral, accepted=form.cleaned_data["answer"] == "accepted",
        reason=form.cleaned_data["reason"], answered_on=form.cleaned_data["answered_on"], by=request.user),
        success=_("The answer has been recorded."), page=page)


@role_required(*ACTOR_ROLES)
@require_http_methods(["GET", "POST"])
@once_per_submission
def referral_started_view(request, case_id, referral_id):
    case = _case(request, case_id)
    referral = access_referral_by_id(case, referral_id)
    if not permissions.may_record_referral_answer(request.user, referral):
        return _refused(request, case, CaseRecordError(_("You may not change this referral.")))
    form = ReferralStartedForm(request.POST or None, referral=referral)

    def page():
        return _form_page(request, case, form, title=_("The help has started"), submit=_("Save"))

    if request.method == "GET":
        return page()
    return _save(request, case, form, lambda: referral_mark_started(
        request=request, referral=referral, started_on=form.cleaned_data["started_on"], by=request.user),
        success=_("The referral is marked as started."), page=page)


@role_required(*ACTOR_ROLES)
@require_http_methods(["GET", "POST"])
@once_per_submission
def further_consent_view(request, case_id):
    case = _case(request, case_id)
    if not permissions.may_record_further_consent(request.user, case):
        return _refused(request, case, CaseRecordError(
            _("This case is closed: its records can no longer be changed.") if not case.is_open
            else _("You may not record consent on this case.")))
    form = FurtherConsentForm(request.POST or None, request.FILES or None, child=case.child,
                              validity_days=case.configuration.consent_validity_days,
                              at_school=case.location.is_school,
                              initial={"purposes": ["referral"], "parties": ["referral_party"]})

    def page():
        return _form_page(request, case, form, title=_("Record consent for a referral or the handover"),
                          submit=_("Save consent"), multipart=True,
                          intro=_("A referral and the handover to primary school each need the guardians' "
                                  "signed consent for that step. Upload a scan of the signed form."))

    if request.method == "GET":
        return page()
    return _save(request, case, form, lambda: case_record_further_consent(
        request=request, case=case, by=request.user, **form.cleaned_data),
        success=_("The signed consent form has been recorded."), page=page)


# Handover ----------------------------------------------------------------------------------

@role_required(Role.SPECIALIST, Role.YOUTH_NURSE)
@require_http_methods(["GET", "POST"])
@once_per_submission
def handover_create_view(request, case_id):
    case = _case(request, case_id)
    if not permissions.may_make_handover(request.user, case):
        return _refused(request, case, CaseRecordError(
            _("This case is closed: its records can no longer be changed.") if not case.is_open
            else _("You may not make a handover on this case.")))
    form = HandoverForm(request.POST or None, school_locations=receiving_schools(case))

    def page():
        return _form_page(request, case, form, title=_("Handover to primary school"),
                          submit=_("Make the handover document"),
                          intro=_("The document is built from the approach plan and the advice that worked, "
                                  "and only under the guardians' consent for the handover."))

    if request.method == "GET":
        return page()
    return _save(request, case, form, lambda: handover_create(
        request=request, case=case, school_name=form.cleaned_data["school_name"], by=request.user,
        school_location=form.cleaned_data.get("school_location")),
        success=_("The handover document has been made."), page=page)


@role_required(*ACTOR_ROLES)
@require_GET
def handover_download_view(request, case_id, handover_id):
    case = access_case_by_id(request, case_id)
    handover = access_handover_pdf(request, case, handover_id)
    response = HttpResponse(bytes(handover.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="handover-{case.pk}-{handover.pk}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@role_required(Role.TEACHER)
@require_GET
def handover_received_view(request, case_id, handover_id):
    """A teacher of the receiving school opens the one handover sent to her school, under the
    guardians' consent for the handover to primary school: nothing else of the case (issue 17 item 5)."""
    handover = access_received_handover(request, case_id, handover_id)
    response = HttpResponse(bytes(handover.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="overdracht-{handover.pk}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


# Messages ----------------------------------------------------------------------------------

@role_required(*ACTOR_ROLES)
@require_POST
@once_per_submission
def message_post_view(request, case_id):
    case = access_case_by_id(request, case_id, action=AuditAction.CHANGE)
    if not permissions.may_read_records(request.user, case):
        raise Http404
    form = MessageForm(request.POST)

    def page():
        return _form_page(request, case, form, title=_("Messages"), submit=_("Send"))

    return _save(request, case, form, lambda: message_post(request=request, case=case,
                                                          body=form.cleaned_data["body"], by=request.user),
                 success=_("Your message has been sent."), page=page)
