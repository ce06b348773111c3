from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import role_required
from accounts.models import Role
from alert4you.forms import add_service_errors
from audit.models import AuditAction
from idempotency import once_per_submission

from .forms import FORM_OF_STEP, SignalsForm
from .models import Step
from .permissions import is_author, may_close, officer_membership_for, steps_allowed
from .selectors import access_child_to_start, access_path_by_id, paths_for, start_page_record_view
from .services import meldcode_add_step, meldcode_close, meldcode_start, officers_of

# Who may reach the pages at all; which path she sees is decided per path (permissions.py).
MELDCODE_ROLES = (Role.CHILDCARE_WORKER, Role.SPECIALIST, Role.YOUTH_NURSE, Role.SAFEGUARDING_OFFICER)


@role_required(*MELDCODE_ROLES)
def path_list(request):
    return render(request, "safeguarding/path_list.html", {"paths": paths_for(request)})


@role_required(Role.CHILDCARE_WORKER, Role.SPECIALIST, Role.YOUTH_NURSE)
@require_http_methods(["GET", "POST"])
@once_per_submission
def path_start(request, child_id):
    child, org_fields, membership = access_child_to_start(request, child_id)
    form = SignalsForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                path = meldcode_start(request=request, child=child, org_fields=org_fields,
                                      signals=form.cleaned_data["text"], by=request.user)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The reporting-code path has been started with your signals."))
                return redirect("safeguarding:detail", path_id=path.pk)
        messages.error(request, _("Not saved yet: please correct the fields marked below."))
    start_page_record_view(request, child, membership)
    # She is told who shares the path with her, or that nobody does yet (a youth nurse's GGD may have
    # no officer in the app): the meldcode asks her to consult one.
    return render(request, "safeguarding/path_start.html", {"child": child, "form": form,
                                                            "officers": officers_of(org_fields)})


def _detail_context(request, path):
    allowed = steps_allowed(request.user, path)
    entries = list(path.entries.all())
    return {
        "path": path,
        "entries": entries,
        "steps": [(step, Step(step).label) for step in allowed],
        # Closing is offered once there is a decision to close on; before that it would only be refused.
        "may_close": may_close(request.user, path) and any(e.step == Step.DECISION for e in entries),
        "is_author": is_author(request.user, path),
        "is_officer": officer_membership_for(request.user, path) is not None,
    }


@role_required(*MELDCODE_ROLES)
def path_detail(request, path_id):
    path = access_path_by_id(request, path_id)
    return render(request, "safeguarding/path_detail.html", _detail_context(request, path))


@role_required(*MELDCODE_ROLES)
@require_http_methods(["GET", "POST"])
@once_per_submission
def step_add(request, path_id, step):
    if step not in FORM_OF_STEP:
        raise Http404
    path = access_path_by_id(request, path_id, action=AuditAction.CREATE if request.method == "POST"
                             else AuditAction.VIEW)
    if step not in steps_allowed(request.user, path):
        messages.error(request, _("This step cannot be added here.") if path.is_open
                       else _("This path is closed: it can no longer be changed."))
        return redirect("safeguarding:detail", path_id=path.pk)
    form = FORM_OF_STEP[step](request.POST or None, path=path)
    if request.method == "POST":
        if form.is_valid():
            try:
                meldcode_add_step(request=request, path=path, step=step, values=form.cleaned_data, by=request.user)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Saved: %(step)s.") % {"step": Step(step).label})
                return redirect("safeguarding:detail", path_id=path.pk)
        messages.error(request, _("Not saved yet: please correct the fields marked below."))
    context = _detail_context(request, path) | {"form": form, "step": step, "step_label": Step(step).label}
    return render(request, "safeguarding/step_form.html", context)


@role_required(*MELDCODE_ROLES)
@require_POST
def path_close(request, path_id):
    path = access_path_by_id(request, path_id, action=AuditAction.CHANGE)
    try:
        meldcode_close(request=request, path=path, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The path has been closed. It can no longer be changed."))
    return redirect("safeguarding:detail", path_id=path.pk)
