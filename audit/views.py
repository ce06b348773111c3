from django.core.paginator import Paginator
from django.shortcuts import render

from accounts.access import role_required
from accounts.models import Role

from .forms import AuditFilterForm
from .selectors import PAGE_SIZE, audit_events_for


@role_required(Role.PRIVACY_OFFICER)
def event_list(request):
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(audit_events_for(request.user, filters=filters), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/event_list.html", {"form": form, "page": page, "query": query.urlencode()})
