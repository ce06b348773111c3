import calendar
import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import public, role_required
from accounts.models import Role, User
from accounts.selectors import has_role
from alert4you.links import absolute_url
from idempotency import once_per_submission
from observations.models import VisitKind
from organisations.models import CareProvider, Municipality, YouthHealthService

from . import selectors, services
from .feeds import feed_for_token
from .forms import (
    AvailabilityForm,
    BlockedPeriodForm,
    BudgetForm,
    EvaluationForm,
    MonthForm,
    PlanItemForm,
    PlanRequestForm,
    RecordHeldForm,
    ScheduleDistrictForm,
    ScheduleFilterForm,
    TransferForm,
    WalkInForm,
    WalkInQuestionForm,
    YearForm,
)
from .models import Availability, BlockedPeriod, CalendarFeed, PlanStatus
from .permissions import (
    AGENDA_ROLES,
    PROFESSIONAL_ROLES,
    access_blocked_period_by_id,
    access_plan_by_id,
    access_scheduled_by_id,
    access_walk_in_notice_by_id,
    municipality_ids_of,
    walk_in_by_public_token,
    walk_in_public_token,
)
from .rules import away_earliest


def _apply_errors(form, error):
    for field, errors in error.message_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]:
        form.add_error(field if field in form.fields else None, errors)


# --- budgets (coordinator) -----------------------------------------------------------------

def _budget_forms(request, data=None, which=None, budgets=None):
    """`budgets`: what the transfer form offers; on a GET the shown year's (hours move within a year),
    on a POST every budget she may see, so any year's transfer can be checked."""
    ids = municipality_ids_of(request.user)
    budget_form = BudgetForm(data if which == "budget" else None, prefix="budget",
                             districts=selectors.districts_visible_to(request.user),
                             providers=list(CareProvider.objects.filter(municipalities__in=ids).distinct()),
                             services=list(YouthHealthService.objects.filter(municipalities__in=ids).distinct()))
    transfer_form = TransferForm(data if which == "transfer" else None, prefix="transfer",
                                 budgets=selectors.budgets_visible_to(request.user) if budgets is None else budgets)
    return budget_form, transfer_form


def _budget_year(request):
    query = YearForm(request.GET)
    year = (query.cleaned_data["year"] if query.is_valid() else None) or timezone.localdate().year
    return year, bool(query.errors)


def _budget_page(request, budget_form, transfer_form, status=200, budgets=None):
    year, bad = _budget_year(request)
    if bad:
        messages.error(request, _("This year cannot be shown; here is the current year."))
        status = 400
    if budgets is None:
        budgets = list(selectors.budgets_visible_to(request.user, year=year))
    figures = selectors.budget_figures(budgets)
    for index, figure in enumerate(figures):
        figure["chart_y"] = index * 24
    return render(request, "scheduling/budgets.html", {
        "figures": figures, "year": year, "chart_height": max(24, len(figures) * 24),
        "budget_form": budget_form, "transfer_form": transfer_form,
        "transfers": selectors.transfers_visible_to(request.user)}, status=status)


@role_required(Role.COORDINATOR)
def budget_list(request):
    year, _bad = _budget_year(request)
    budgets = list(selectors.budgets_visible_to(request.user, year=year))
    return _budget_page(request, *_budget_forms(request, budgets=budgets), budgets=budgets)


@role_required(Role.COORDINATOR)
@require_POST
@once_per_submission
def budget_set_view(request):
    budget_form, transfer_form = _budget_forms(request, request.POST, "budget")
    if budget_form.is_valid():
        try:
            services.budget_set(district=budget_form.cleaned_data["district"], year=budget_form.cleaned_data["year"],
                                hours=budget_form.cleaned_data["hours"], by=request.user,
                                **budget_form.organisation_kwargs())
        except ValidationError as error:
            _apply_errors(budget_form, error)
        else:
            messages.success(request, _("The hour budget is saved."))
            return redirect("scheduling:budgets")
    messages.error(request, _("Not saved yet: please correct the fields marked below."))
    return _budget_page(request, budget_form, transfer_form, status=400)


@role_required(Role.COORDINATOR)
@require_POST
@once_per_submission
def budget_transfer_view(request):
    budget_form, transfer_form = _budget_forms(request, request.POST, "transfer")
    if transfer_form.is_valid():
        data = transfer_form.cleaned_data
        try:
            services.budget_transfer(from_budget=data["from_budget"], to_budget=data["to_budget"],
                                     hours=data["hours"], reason=data["reason"], by=request.user)
        except ValidationError as error:
            _apply_errors(transfer_form, error)
        else:
            messages.success(request, _("The hours have been moved."))
            return redirect("scheduling:budgets")
    messages.error(request, _("Not saved yet: please correct the fields marked below."))
    return _budget_page(request, budget_form, transfer_form, status=400)


@role_required(Role.COORDINATOR)
def schedule_view(request):
    """The municipality's month: a grid on wide screens, a list of days on small ones. It shows one
    district at a time (a large city plans thousands of visits a month, more than one page can show),
    with every district's month totals, counted in SQL, as the way to the others or to all at once.
    The month and the filters come from the address, read through forms: a mangled link shows the
    current month, unfiltered, with a message."""
    today = timezone.localdate()
    status = 200
    month_form = MonthForm(request.GET)
    first = month_form.cleaned_data["month"] if month_form.is_valid() else None
    if month_form.errors:
        messages.error(request, _("This month cannot be shown; here is the current month."))
        status = 400
    first = first or today.replace(day=1)
    totals = selectors.month_totals_per_district(request.user, year=first.year, month=first.month)
    districts = selectors.schedule_districts(request.user)
    district_form = ScheduleDistrictForm(request.GET, districts=districts)
    chosen = district_form.cleaned_data["district"] if district_form.is_valid() else None
    # Opens on the first district with something planned this month (else the first one).
    opening = (next((pk for pk, _name in districts if pk in totals), districts[0][0])
               if len(districts) > 1 else None)
    narrowed = request.GET.get("location") or request.GET.get("professional")
    scope = chosen if isinstance(chosen, int) else (None if chosen == "all" or narrowed else opening)
    choices = selectors.schedule_filter_choices(request.user, district_id=scope, around=first, districts=districts)
    filter_form = ScheduleFilterForm(request.GET, choices=choices)
    filters = {f"{name}_id": None for name in ScheduleFilterForm.FIELDS}
    if filter_form.is_valid():
        filters.update({f"{name}_id": filter_form.cleaned_data[name] for name in ScheduleFilterForm.FIELDS})
    else:
        messages.error(request, _("This filter cannot be used; showing everything."))
        status = 400
        if scope != opening:
            scope = opening
            choices = selectors.schedule_filter_choices(request.user, district_id=scope, around=first,
                                                        districts=districts)
    filters["district_id"] = scope
    items = selectors.municipal_schedule(request.user, year=first.year, month=first.month, **filters)
    per_day = {}
    for item in items:
        per_day.setdefault(item.local_start.date(), []).append(item)
    weeks = [[(day, per_day.get(day, [])) for day in week]
             for week in calendar.Calendar().monthdatescalendar(first.year, first.month)]
    previous = (first - datetime.timedelta(days=1)).strftime("%Y-%m")
    following = (first + datetime.timedelta(days=32)).strftime("%Y-%m")
    kept = {name: filters[f"{name}_id"] for name in ScheduleFilterForm.FIELDS[1:]
            if filters[f"{name}_id"] is not None}
    district_value = scope if scope is not None else ("all" if len(districts) > 1 else None)
    query = urlencode({**({"district": district_value} if district_value is not None else {}), **kept})
    district_links = [
        {"value": pk, "name": name, "visits": totals.get(pk, (0, 0))[0], "hours": totals.get(pk, (0, 0))[1],
         "current": pk == scope, "query": urlencode({"month": first.strftime("%Y-%m"), "district": pk, **kept})}
        for pk, name in districts]
    return render(request, "scheduling/schedule.html", {
        "items": items, "weeks": weeks, "month": first, "days": sorted(per_day.items()),
        "previous": previous, "following": following, "query": query, "filters": filters, "choices": choices,
        "district_links": district_links if len(districts) > 1 else [],
        "all_query": urlencode({"month": first.strftime("%Y-%m"), "district": "all", **kept}),
        "all_visits": sum(v for v, _h in totals.values()), "all_hours": sum((h for _v, h in totals.values()), 0),
        "scope_name": dict(districts).get(scope), "district_value": district_value,
        "conflicts": sum(1 for item in items if item.conflicts)}, status=status)


# --- the half-year plan (coordinator) ------------------------------------------------------

@role_required(Role.COORDINATOR)
@require_http_methods(["GET", "POST"])
@once_per_submission
def plan_list(request):
    ids = municipality_ids_of(request.user)
    municipality = Municipality.objects.select_related("configuration").get(pk=ids[0])
    form = PlanRequestForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                plan = services.plan_request(municipality=municipality, year=form.cleaned_data["year"],
                                             half=form.cleaned_data["half"], by=request.user)
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("The plan is being worked out. Refresh this page in a moment."))
                return redirect("scheduling:plan_detail", plan.pk)
        messages.error(request, _("Not saved yet: please correct the fields marked below."))
    from .models import HalfYearPlan

    plans = HalfYearPlan.objects.filter(municipality_id__in=ids).select_related("municipality")
    return render(request, "scheduling/plan_list.html", {
        "form": form, "plans": plans,
        "nothing_to_plan": services.no_preventive_visits_reason(municipality.configuration)},
        status=400 if form.errors else 200)


@role_required(Role.COORDINATOR)
def plan_detail(request, plan_id):
    plan = access_plan_by_id(request.user, plan_id)
    items = plan.items.with_related().order_by("starts_at", "location__name")
    return render(request, "scheduling/plan_detail.html", {
        "plan": plan, "items": items, "proposed": plan.status == PlanStatus.PROPOSED,
        "nothing_to_plan": services.no_preventive_visits_reason(plan.municipality.configuration)})


def _specialists_for(item):
    return User.objects.filter(
        memberships__active=True, memberships__role=Role.SPECIALIST,
        memberships__care_provider__municipalities=item.location.district.municipality_id).distinct()


@role_required(Role.COORDINATOR)
@require_http_methods(["GET", "POST"])
def plan_item_change_view(request, plan_id, item_id):
    plan = access_plan_by_id(request.user, plan_id)
    try:
        item = plan.items.with_related().get(pk=int(item_id))
    except plan.items.model.DoesNotExist:
        raise Http404 from None
    local = timezone.localtime(item.starts_at)
    form = PlanItemForm(request.POST or None, professionals=_specialists_for(item),
                        initial={"date": local.date(), "time": local.time(), "professional": item.professional_id})
    if request.method == "POST":
        if form.is_valid():
            try:
                services.plan_item_change(item=item, starts_at=form.starts_at(),
                                          professional=form.cleaned_data["professional"], by=request.user)
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("The visit has been changed."))
                return redirect("scheduling:plan_detail", plan.pk)
        messages.error(request, _("Not saved yet: please correct the fields marked below."))
    return render(request, "scheduling/plan_item_form.html", {"plan": plan, "item": item, "form": form},
                  status=400 if form.errors else 200)


@role_required(Role.COORDINATOR)
@require_POST
@once_per_submission
def plan_publish_view(request, plan_id):
    plan = access_plan_by_id(request.user, plan_id)
    try:
        services.plan_publish(plan=plan, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The plan is published: the specialists and childcare workers are told."))
    return redirect("scheduling:plan_detail", plan.pk)


@role_required(Role.COORDINATOR)
@require_POST
def plan_work_out_again_view(request, plan_id):
    """Not guarded against resubmission on purpose: asking again is what she means to do, and it
    creates nothing (the one plan of the half year is proposed anew)."""
    plan = access_plan_by_id(request.user, plan_id)
    try:
        services.plan_work_out_again(plan=plan, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The plan is being worked out. Refresh this page in a moment."))
    return redirect("scheduling:plan_detail", plan.pk)


# --- the professional's own agenda, availability and feed ----------------------------------

@role_required(*AGENDA_ROLES)
def agenda(request):
    from coaching.selectors import agenda_appointments_of

    items = selectors.agenda_of(request.user)
    feed = CalendarFeed.objects.filter(professional=request.user).first()
    feed_url = request.build_absolute_uri(reverse("scheduling:feed", args=[feed.token])) if feed else ""
    return render(request, "scheduling/agenda.html", {
        "items": items, "feed_url": feed_url, "coaching": agenda_appointments_of(request.user),
        "plans_visits": any(has_role(request.user, role) for role in PROFESSIONAL_ROLES)})


@role_required(*PROFESSIONAL_ROLES)
@require_http_methods(["GET", "POST"])
@once_per_submission
def record_held_view(request, item_id):
    item = access_scheduled_by_id(request.user, item_id, own=True)
    if item.visit is None or item.visit.status != "planned":
        raise Http404
    # Recorded afterwards: the planned moment, or now when she records before it (never the future).
    held = min(timezone.localtime(item.starts_at), timezone.localtime())
    initial = {"date": held.date(), "time": held.time().replace(second=0, microsecond=0),
               "hours": item.expected_hours}
    form = RecordHeldForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.scheduled_record_held(item=item, held_at=form.held_at(), hours=form.cleaned_data["hours"],
                                               notes=form.cleaned_data["notes"], by=request.user)
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("The visit is recorded with your hours."))
                if item.kind == VisitKind.PREVENTIVE_VISIT:
                    # Her advice for the group follows the visit: write it while it is fresh.
                    return redirect("observations:group_visit_advice", item.visit_id)
                return redirect("scheduling:agenda")
        messages.error(request, _("Not saved yet: please correct the fields marked below."))
    return render(request, "scheduling/record_held.html", {"item": item, "form": form},
                  status=400 if form.errors else 200)


@role_required(*PROFESSIONAL_ROLES)
@require_http_methods(["GET", "POST"])
@once_per_submission
def availability_view(request):
    current = Availability.objects.filter(professional=request.user).first()
    form_name = request.POST.get("form") if request.method == "POST" else None
    days_form = AvailabilityForm(request.POST if form_name == "days" else None, prefix="days",
                                 initial={"weekdays": current.weekdays if current else []})
    blocked_form = BlockedPeriodForm(request.POST if form_name == "blocked" else None, prefix="blocked")
    if form_name == "days" and days_form.is_valid():
        services.availability_set(professional=request.user, weekdays=days_form.cleaned_data["weekdays"],
                                  by=request.user)
        messages.success(request, _("Your working days are saved."))
        return redirect("scheduling:availability")
    if form_name == "blocked" and blocked_form.is_valid():
        data = blocked_form.cleaned_data
        try:
            services.blocked_period_add(professional=request.user, starts_on=data["starts_on"],
                                        ends_on=data["ends_on"], reason=data["reason"], by=request.user)
        except ValidationError as error:
            _apply_errors(blocked_form, error)
        else:
            messages.success(request, _("The period is blocked in your agenda."))
            return redirect("scheduling:availability")
    if form_name:
        messages.error(request, _("Not saved yet: please correct the fields marked below."))
    return render(request, "scheduling/availability.html", {
        "days_form": days_form, "blocked_form": blocked_form,
        "blocked": BlockedPeriod.objects.filter(professional=request.user, ends_on__gte=timezone.localdate())},
        status=400 if form_name else 200)


def _away_earliest(period):
    """A period that began before the usual limit may keep its own first day, up to a year back."""
    year_ago = timezone.localdate() - datetime.timedelta(days=366)
    return min(away_earliest(), max(period.starts_on, year_ago))


@role_required(*PROFESSIONAL_ROLES)
@require_http_methods(["GET", "POST"])
def blocked_period_change_view(request, period_id):
    period = access_blocked_period_by_id(request.user, period_id)
    earliest = _away_earliest(period)
    form = BlockedPeriodForm(request.POST or None, earliest=earliest, initial={
        "starts_on": period.starts_on, "ends_on": period.ends_on, "reason": period.reason})
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.blocked_period_change(period=period, starts_on=data["starts_on"], ends_on=data["ends_on"],
                                               reason=data["reason"], earliest=earliest, by=request.user)
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("Your days away are changed."))
                return redirect("scheduling:availability")
        messages.error(request, _("Not saved yet: please correct the fields marked below."))
    return render(request, "scheduling/blocked_period_form.html", {"period": period, "form": form},
                  status=400 if form.errors else 200)


@role_required(*PROFESSIONAL_ROLES)
@require_POST
def blocked_period_remove_view(request, period_id):
    period = access_blocked_period_by_id(request.user, period_id)
    services.blocked_period_remove(period=period, by=request.user)
    messages.success(request, _("The days away are removed from your agenda."))
    return redirect("scheduling:availability")


@role_required(*AGENDA_ROLES)
@require_POST
def feed_renew_view(request):
    services.feed_renew(professional=request.user, by=request.user)
    messages.success(request, _("Your calendar address is new; the old address no longer works."))
    return redirect("scheduling:agenda")


@public
def feed_view(request, token):
    """Anyone with the secret address may read it, as agenda programs do; it names no child."""
    body = feed_for_token(token)
    if body is None:
        raise Http404
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    # The address is the secret: no shared cache may keep a copy, nor a browser store it.
    patch_cache_control(response, private=True, no_store=True, max_age=0)
    response["X-Robots-Tag"] = "noindex"
    return response





# --- walk-in hours (youth nurse) -----------------------------------------------------------

@role_required(Role.YOUTH_NURSE)
@require_http_methods(["GET", "POST"])
@once_per_submission
def walk_in_create_view(request):
    from organisations.models import Location

    locations = Location.objects.filter(fixed_contacts__user=request.user, fixed_contacts__active=True,
                                        fixed_contacts__role=Role.YOUTH_NURSE).distinct()
    form = WalkInForm(request.POST or None, locations=locations)
    if request.method == "POST":
        if form.is_valid():
            try:
                item = services.walk_in_hour_create(location=form.cleaned_data["location"],
                                                    starts_at=form.starts_at(), hours=form.cleaned_data["hours"],
                                                    by=request.user)
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("The walk-in hour is planned; the location's childcare workers are told."))
                return redirect("scheduling:walk_in_detail", item.pk)
        messages.error(request, _("Not saved yet: please correct the fields marked below."))
    return render(request, "scheduling/walk_in_form.html", {"form": form}, status=400 if form.errors else 200)


@role_required(Role.YOUTH_NURSE)
@require_http_methods(["GET", "POST"])
@once_per_submission
def walk_in_detail_view(request, item_id):
    item = access_scheduled_by_id(request.user, item_id, own=True)
    if item.kind != "walk_in_hour":
        raise Http404
    form = WalkInQuestionForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.walk_in_question_record(item=item, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("The question is recorded."))
                return redirect("scheduling:walk_in_detail", item.pk)
        messages.error(request, _("Not saved yet: please correct the fields marked below."))
    return render(request, "scheduling/walk_in_detail.html", {
        "item": item, "form": form, "questions": item.questions.all(),
        "started": item.starts_at <= timezone.now()}, status=400 if form.errors else 200)


@role_required(Role.YOUTH_NURSE, Role.CHILDCARE_WORKER, Role.COORDINATOR)
def walk_in_notice_view(request, item_id):
    item = access_walk_in_notice_by_id(request.user, item_id)
    public_url = absolute_url("scheduling:walk_in_public", walk_in_public_token(item))
    return render(request, "scheduling/walk_in_notice.html", {"item": item, "public_url": public_url})


@public
def walk_in_public_view(request, token):
    """The notice for parents, opened from a link the childcare workers forward: the place, the
    time and what a walk-in hour is; no child, no name of staff, no login. The link is signed, so
    it cannot be changed into another walk-in hour's."""
    item = walk_in_by_public_token(token)
    try:
        over = item.starts_at + datetime.timedelta(hours=float(item.expected_hours)) < timezone.now()
    except OverflowError:  # a date at the end of time, saved before dates were bounded
        over = False
    return render(request, "scheduling/walk_in_public.html", {"item": item, "over": over})


@role_required(Role.COORDINATOR)
def evaluation_view(request):
    """The evaluation meeting's one-page PDF for a period; figures only, no child."""
    from .evaluation import evaluation_figures, evaluation_pdf

    form = EvaluationForm(request.GET or None)  # the address's dates, read through the form
    if request.GET and form.is_valid():
        municipality = Municipality.objects.get(pk=municipality_ids_of(request.user)[0])
        first, last = form.cleaned_data["first"], form.cleaned_data["last"]
        figures = evaluation_figures(municipality=municipality, first=first, last=last)
        body = evaluation_pdf(municipality=municipality, first=first, last=last, figures=figures,
                              made_by=request.user)
        response = HttpResponse(body, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="evaluation-{first:%Y%m%d}-{last:%Y%m%d}.pdf"'
        return response
    if request.GET:
        messages.error(request, _("Not made yet: please correct the fields marked below."))
    return render(request, "scheduling/evaluation.html", {"form": form}, status=400 if form.errors else 200)
