from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from idempotency import once_per_submission

from .access import login_required, role_required
from .forms import MembershipForm
from .models import Membership, Role
from .permissions import coordinator_municipality_ids
from .selectors import roles_of
from .services import membership_create, membership_end

# The order in which a user with several roles sees her home page sections.
HOME_SECTIONS = [
    Role.CHILDCARE_WORKER, Role.TEACHER, Role.SPECIALIST, Role.YOUTH_NURSE, Role.COORDINATOR,
    Role.PROGRAMME_COORDINATOR,
    Role.PRIVACY_OFFICER, Role.SAFEGUARDING_OFFICER, Role.FUNCTIONAL_ADMINISTRATOR, Role.PEDAGOGICAL_COACH,
]


@login_required
def home(request):
    roles = roles_of(request.user)
    sections = [
        {"role": role, "label": role.label, "template": f"home/{role.value}.html"}
        for role in HOME_SECTIONS if role in roles
    ]
    return render(request, "home/home.html", {"sections": sections})


@role_required(Role.COORDINATOR)
def membership_list(request):
    memberships = (
        Membership.objects.manageable_by(request.user)
        .select_related("user", "location", "care_provider", "youth_health_service")
        .prefetch_related("groups", "fixed_contact_for")
        .order_by("-active", "user__last_name", "user__first_name", "role")
    )
    return render(request, "accounts/membership_list.html", {"memberships": memberships})


@role_required(Role.COORDINATOR)
@require_http_methods(["GET", "POST"])
@once_per_submission
def membership_create_view(request):
    form = MembershipForm(request.POST or None, municipality_ids=coordinator_municipality_ids(request.user))
    if request.method == "POST":
        if form.is_valid():
            try:
                membership = membership_create(form=form, by=request.user)
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("%(user)s is now %(membership)s.") % {
                    "user": membership.user, "membership": membership})
                return redirect("accounts:membership_list")
        messages.error(request, _("Not saved yet: please correct the fields marked below."))
    return render(request, "accounts/membership_form.html", {"form": form})


@role_required(Role.COORDINATOR)
@require_POST
def membership_end_view(request, membership_id):
    membership = get_object_or_404(Membership.objects.manageable_by(request.user), pk=membership_id)
    # One click next to a colleague's name must not cut her off her children's files: ask first.
    if request.POST.get("confirm") != "yes":
        return render(request, "accounts/membership_end_confirm.html", {"membership": membership})
    membership_end(membership=membership, by=request.user)
    messages.success(request, _("The membership of %(user)s has been ended.") % {"user": membership.user})
    return redirect("accounts:membership_list")
