import csv

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.access import role_required

from . import dashboard as board
from . import disclosure, snapshots
from .forms import DashboardFilterForm, PdfForm
from .pdf import dashboard_pdf
from .permissions import MONITORING_ROLES, municipalities_for, municipality_ids_for


def _filters(request):
    form = DashboardFilterForm(request.GET or None, municipality_ids=municipality_ids_for(request.user))
    if form.is_bound and not form.is_valid():
        messages.error(request, _("Some filters could not be used; the figures below leave them out. "
                                  "Please correct the fields marked below."))
    return form, form.filters()


def _scope_label(user):
    names = [m.name for m in municipalities_for(user)]
    if municipality_ids_for(user) is None:
        return _("All municipalities")
    return ", ".join(names)


def _filters_label(filters):
    parts = [str(filters.period.label())]
    if filters.district:
        parts.append(f"{_('District')}: {filters.district.name} ({filters.district.municipality.name})")
    if filters.location:
        parts.append(f"{_('Location')}: {filters.location.name}")
    if filters.care_provider:
        parts.append(f"{_('Care provider')}: {filters.care_provider.name}")
    if filters.kind:
        from casework.models import QuestionKind

        parts.append(f"{_('Kind of question')}: {QuestionKind(filters.kind).label}")
    return " · ".join(parts)


@role_required(*MONITORING_ROLES)
def dashboard(request):
    form, filters = _filters(request)
    tables = board.build(request.user, filters)
    trend = next(t for t in tables if t.key == "trend")
    return render(request, "monitoring/dashboard.html", {
        "form": form, "filters": filters, "tables": tables, "headline": trend.headline,
        "computed_at": tables.computed_at, "max_age_minutes": max(1, snapshots.max_age() // 60),
        "query": request.GET.urlencode(), "scope_label": _scope_label(request.user),
        "filters_label": _filters_label(filters), "explanation": disclosure.EXPLANATION,
        "pdf_form": PdfForm(initial={"language": translation.get_language()[:2]}),
        # The PDF is made with the same filters: only the form's own fields are carried over.
        "pdf_hidden": [(name, request.GET[name]) for name in form.fields if request.GET.get(name)],
    }, status=400 if form.is_bound and form.errors else 200)


@role_required(*MONITORING_ROLES)
def export_csv(request, table):
    if table not in board.TABLE_KEYS:
        raise Http404
    _form, filters = _filters(request)
    found = next((t for t in board.build(request.user, filters) if t.key == table), None)
    if found is None:
        raise Http404
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="alert4you-{table}-{filters.period.key}.csv"'
    writer = csv.writer(response, delimiter=";")  # Dutch spreadsheets read ";" with a decimal comma
    writer.writerow([f"{found.title} · {_scope_label(request.user)} · {_filters_label(filters)}"])
    writer.writerows(found.csv_rows())
    writer.writerow([str(disclosure.EXPLANATION)])
    return response


@role_required(*MONITORING_ROLES)
def export_pdf(request):
    pdf_form = PdfForm(request.GET or None)
    language = (pdf_form.cleaned_data.get("language") if pdf_form.is_valid() else None) or \
        translation.get_language()[:2]
    _form, filters = _filters(request)
    with translation.override(language):
        tables = board.build(request.user, filters)
        trend = next(t for t in tables if t.key == "trend")
        body = dashboard_pdf(tables=tables, scope_label=_scope_label(request.user),
                             filters_label=_filters_label(filters), headline=trend.headline)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="alert4you-figures-{filters.period.key}-{language}.pdf"'
    return response
