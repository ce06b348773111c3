from django.contrib import messages
from django.shortcuts import render
from django.utils.translation import gettext_lazy

from accounts.access import role_required
from accounts.models import Role
from accounts.selectors import memberships_with_role

from .forms import AuditFilterForm, OlderForm, UnusualAccessForm
from .models import AuditEvent
from .permissions import second_factor_this_session
from .selectors import audit_events_page, unusual_access
from .services import audit_log_read

# The whole log under a filter she thinks applies would mislead: show nothing, say why.
NOT_FILTERED = gettext_lazy("Not filtered yet: please correct the fields marked below.")


def _officer_membership(user):
    memberships = memberships_with_role(user, Role.PRIVACY_OFFICER)
    return memberships[0] if memberships else None


@role_required(Role.PRIVACY_OFFICER)
@second_factor_this_session
def event_list(request):
    form = AuditFilterForm(request.GET or None)
    older = OlderForm(request.GET)
    before = None
    if older.is_valid():
        before = older.cleaned_data["before"]
    else:
        messages.warning(request, older.errors["before"][0])
    # Read before the read is logged: her own row is not part of what she asked for.
    if form.is_bound and not form.is_valid():
        messages.error(request, NOT_FILTERED)
        page = audit_events_page(request.user, filters={}, events=AuditEvent.objects.none())
    else:
        page = audit_events_page(request.user, filters=form.cleaned_data if form.is_bound else {}, before=before)
    audit_log_read(request, membership=_officer_membership(request.user),
                   child_id=form.cleaned_data.get("child_id") if form.is_bound and form.is_valid() else None)
    query = request.GET.copy()
    query.pop("page", None)  # the page numbers of before keyset paging, in old bookmarks
    query.pop("before", None)
    return render(request, "audit/event_list.html", {"form": form, "page": page, "query": query.urlencode()})


@role_required(Role.PRIVACY_OFFICER)
@second_factor_this_session
def unusual(request):
    form = UnusualAccessForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        messages.error(request, NOT_FILTERED)
        found = {"bursts": [], "after_hours": [], "start": None, "end": None}
    else:
        cleaned = form.cleaned_data if form.is_bound else {}
        found = unusual_access(request.user, date_from=cleaned.get("date_from"), date_to=cleaned.get("date_to"))
    audit_log_read(request, membership=_officer_membership(request.user))
    return render(request, "audit/unusual.html", {"form": form, **found})
