from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import role_required
from accounts.models import LOCATION_ROLES, Role
from accounts.selectors import memberships_with_role
from alert4you.forms import add_service_errors
from audit.models import AuditAction
from children.selectors import children_for_list
from idempotency import once_per_submission
from organisations.models import Location

from . import permissions, workflow
from .forms import AssignForm, ObservationRequestForm, RequestPrefillForm
from .models import CaseKind, CaseState
from .record_forms import CasePaperConsentForm
from .selectors import (
    access_case_by_id,
    audit_in_one_insert,
    caseload_of,
    cases_for_coordinator,
    queue_of_planner,
    requests_of_worker,
    timeline_page,
)
from .services import (
    CaseTransitionError,
    assignable_specialists,
    case_advance_by_name,
    case_assign,
    case_record_paper_consent,
    request_closed_at,
    request_create,
)

CASE_ROLES = (*LOCATION_ROLES, Role.SPECIALIST, Role.YOUTH_NURSE, Role.COORDINATOR)
ACTOR_ROLES = (*LOCATION_ROLES, Role.SPECIALIST, Role.YOUTH_NURSE)


@role_required(*LOCATION_ROLES)
@require_http_methods(["GET", "POST"])
@once_per_submission
def request_create_view(request):
    location_ids = [m.location_id for m in memberships_with_role(request.user, *LOCATION_ROLES)]
    locations = list(Location.objects.filter(pk__in=location_ids)
                     .select_related("district__municipality__configuration"))
    data = request.POST if request.method == "POST" else None
    prefill = RequestPrefillForm(request.GET, locations=locations)
    initial = prefill.initial_for_request()
    if request.method == "GET" and request.GET and not prefill.is_valid():
        messages.warning(request, _("The link asked for a choice that is not possible here: choose below."))
    if request.method == "GET" and locations and all(request_closed_at(loc) for loc in locations):
        # Said before she types her question, not only after sending (request_create refuses it too).
        messages.warning(request, request_closed_at(locations[0]))
    # The names in the child picker are a read of each child's details: logged like the list.
    probe = ObservationRequestForm(locations=locations, children=[])
    children = [] if probe.becomes_group_visit else children_for_list(request)
    form = ObservationRequestForm(data, initial=initial, locations=locations, children=children)
    if request.method == "POST":
        if form.is_valid():
            group = form.cleaned_data["group"]
            try:
                case = request_create(
                    request=request, location=group.location, group=group,
                    subject=form.cleaned_data["subject"], kind=form.cleaned_data["kind"],
                    question=form.cleaned_data["question"], already_tried=form.cleaned_data["already_tried"],
                    urgency=form.cleaned_data["urgency"], child=form.cleaned_data.get("child"), by=request.user,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if case.request.became_group_visit:
                    messages.success(request, _(
                        "Your question has been sent. In this municipality it becomes a group visit about "
                        "your own approach; the child is not named."))
                else:
                    messages.success(request, _("Your question has been sent."))
                return redirect("casework:detail", case_id=case.pk)
        messages.error(request, _("Not sent yet: please correct the fields marked below."))
    return render(request, "casework/request_form.html", {"form": form})


@role_required(*LOCATION_ROLES)
def my_requests(request):
    return render(request, "casework/my_requests.html", {"cases": requests_of_worker(request)})


@role_required(Role.SPECIALIST, Role.YOUTH_NURSE)
def caseload(request):
    cases = caseload_of(request)
    for case in cases:
        case.next_action = workflow.NEXT_ACTION.get((case.kind, case.state), "")
    queue = queue_of_planner(request)
    return render(request, "casework/caseload.html", {"cases": cases, "queue": queue})


@role_required(Role.COORDINATOR)
def overview(request):
    return render(request, "casework/overview.html", {"cases": cases_for_coordinator(request.user)})


def _detail_context(request, case):
    user = request.user
    roles = permissions.actor_roles(user, case)
    offered = []
    if case.is_open:
        for transition in workflow.transitions_from(case.kind, case.state):
            if transition.offered and roles & transition.actors:
                offered.append(transition)
    return {
        "case": case,
        "show_child": permissions.may_see_child(user, case),
        "show_content": permissions.may_see_case_content(user, case),
        "actions": offered,
        "closing_actions": [t for t in offered if t.target == CaseState.CLOSED],
        "forward_actions": [t for t in offered if t.target != CaseState.CLOSED],
        "may_plan": workflow.ASSIGNEE in roles and any(
            t.name in ("plan", "plan_visit") for t in workflow.transitions_from(case.kind, case.state)),
        "may_record_consent": permissions.may_record_consent(user, case),
        "may_assign": permissions.may_assign(user, case),
        "may_start_referral": permissions.may_start_referral(user, case),
        "timeline": timeline_page(request, case),
        "is_individual": case.kind == CaseKind.INDIVIDUAL,
    }


def render_case_page(request, case, *, status=200, assign_form=None):
    context = _detail_context(request, case)
    if context["may_assign"]:
        context["assign_form"] = assign_form or AssignForm(specialists=assignable_specialists(case))
    return render(request, "casework/case_detail.html", context, status=status)


def refused_on_case_page(request, case, message, *, assign_form=None):
    """A POST that was refused: the case page with why, status 409. Not a redirect, because the
    resubmission guard remembers a redirect as "saved", and sending it again once it can succeed
    must not be answered with "already saved"."""
    messages.error(request, message)
    return render_case_page(request, case, status=409, assign_form=assign_form)


@role_required(*CASE_ROLES)
def case_detail(request, case_id):
    with audit_in_one_insert(request):
        response = render_case_page(request, access_case_by_id(request, case_id))
    return response


@role_required(*ACTOR_ROLES)
@require_POST
@once_per_submission
def case_advance_view(request, case_id):
    case = access_case_by_id(request, case_id, action=AuditAction.CHANGE)
    name = request.POST.get("transition", "")
    transition = workflow.transition_named(name)
    if transition is None:
        return refused_on_case_page(request, case, _("Unknown action."))
    if not transition.offered:
        return refused_on_case_page(request, case, _(
            "This step is taken by filling in its own form on the case page, so that what happened is recorded."))
    try:
        case = case_advance_by_name(case=case, name=name, by=request.user)
    except CaseTransitionError as error:
        return refused_on_case_page(request, case, " ".join(error.messages))
    messages.success(request, _("Done: %(action)s.") % {"action": transition.label})
    return redirect("casework:detail", case_id=case.pk)


@role_required(*ACTOR_ROLES)
@require_http_methods(["GET", "POST"])
@once_per_submission
def consent_record_view(request, case_id):
    case = access_case_by_id(request, case_id, action=AuditAction.CHANGE if request.method == "POST"
                             else AuditAction.VIEW)
    if not permissions.may_record_consent(request.user, case):
        messages.error(request, _("This case is not waiting for consent."))
        return redirect("casework:detail", case_id=case.pk)
    form = CasePaperConsentForm(request.POST or None, request.FILES or None, child=case.child,
                                validity_days=case.configuration.consent_validity_days,
                                initial={"purposes": ["observation"], "parties": _default_parties(case)})
    if request.method == "POST":
        if form.is_valid():
            try:
                case_record_paper_consent(request=request, case=case, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The signed consent form has been recorded."))
                return redirect("casework:detail", case_id=case.pk)
        messages.error(request, _("Not saved yet: please correct the fields marked below."))
    context = _detail_context(request, case) | {"form": form}
    return render(request, "casework/consent_form.html", context)


def _default_parties(case):
    parties = ["specialist"]
    if case.nurse_id:
        parties.append("youth_nurse")
    return parties


@role_required(Role.SPECIALIST, Role.COORDINATOR)
@require_POST
@once_per_submission
def case_assign_view(request, case_id):
    case = access_case_by_id(request, case_id, action=AuditAction.CHANGE)
    if not permissions.may_assign(request.user, case):
        raise PermissionDenied
    form = AssignForm(request.POST, specialists=assignable_specialists(case))
    if not form.is_valid():
        return refused_on_case_page(request, case, _("Choose a specialist to assign the case to."), assign_form=form)
    try:
        case_assign(case=case, to=form.cleaned_data["assignee"], by=request.user)
    except CaseTransitionError as error:
        return refused_on_case_page(request, case, " ".join(error.messages), assign_form=form)
    messages.success(request, _("The case has been assigned to %(name)s.") % {"name": form.cleaned_data["assignee"]})
    return redirect("casework:detail", case_id=case.pk)
