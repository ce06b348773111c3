from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _

from accounts.access import role_required
from accounts.models import Role

from .forms import AuditFilterForm
from .models import AuditEvent
from .selectors import PAGE_SIZE, audit_events_for


@role_required(Role.PRIVACY_OFFICER)
def event_list(request):
    form = AuditFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        # The whole log under a filter she thinks applies would mislead: show nothing, say why.
        messages.error(request, _("Not filtered yet: please correct the fields marked below."))
        events = AuditEvent.objects.none()
    else:
        events = audit_events_for(request.user, filters=form.cleaned_data if form.is_bound else {})
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/event_list.html", {"form": form, "page": page, "query": query.urlencode()})
