from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.access import role_required
from accounts.models import LOCATION_ROLES
from accounts.selectors import memberships_with_role
from audit.models import AuditAction, AuditPart
from idempotency import once_per_submission

from .forms import ChildFilterForm, ChildForm, GuardianFormSet
from .models import Child
from .selectors import access_child_by_id, children_for_list
from .services import child_save


def _location_ids(user):
    return [m.location_id for m in memberships_with_role(user, *LOCATION_ROLES)]


@role_required(*LOCATION_ROLES)
def child_list(request):
    form = ChildFilterForm(request.GET or None, location_ids=_location_ids(request.user))
    if form.is_bound and not form.is_valid():
        # No unfiltered list under a filter she did not get: she would take it for the result.
        messages.error(request, _("The filter could not be read: correct it above."))
        children = []
    else:
        filters = form.cleaned_data if form.is_bound else {}
        children = children_for_list(
            request, group_id=filters.get("group") and filters["group"].pk, search=filters.get("q", ""),
        )
    return render(request, "children/child_list.html", {"children": children, "filter_form": form})


@role_required(*LOCATION_ROLES)
def child_detail(request, child_id):
    child = access_child_by_id(request, child_id, part=AuditPart.PROFILE)
    return render(request, "children/child_detail.html", {"child": child})


@role_required(*LOCATION_ROLES)
@require_http_methods(["GET", "POST"])
@once_per_submission
def child_create(request):
    return _child_form(request, Child())


@role_required(*LOCATION_ROLES)
@require_http_methods(["GET", "POST"])
@once_per_submission
def child_update(request, child_id):
    # Opening the form shows the file, so it is a read; a successful save adds the change row.
    child = access_child_by_id(request, child_id, part=AuditPart.PROFILE, action=AuditAction.VIEW)
    return _child_form(request, child)


def _child_form(request, child):
    data = request.POST if request.method == "POST" else None
    form = ChildForm(data, instance=child, location_ids=_location_ids(request.user))
    guardians = GuardianFormSet(data, instance=child, prefix="guardians")
    if request.method == "POST":
        if form.is_valid() and guardians.is_valid():
            child = child_save(request=request, child=form.save(commit=False), guardians_formset=guardians)
            messages.success(request, _("The details of %(name)s have been saved.") % {"name": child})
            return redirect("children:detail", child_id=child.pk)
        messages.error(request, _("Not saved yet: please correct the fields marked below."))
    return render(request, "children/child_form.html", {"form": form, "guardians": guardians, "child": child})
