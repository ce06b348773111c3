"""Reading budgets, plans and agendas. Figures come from grouped queries, one per kind of figure,
so the budget page costs the same few queries however many districts there are."""

import datetime
from collections import defaultdict
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import Q, Sum
from django.db.models.functions import ExtractYear

from coaching.models import CoachingMoment
from observations.models import VisitHours, VisitKind, VisitStatus
from organisations.models import District

from .models import BudgetTransfer, HourBudget, ScheduledVisit
from .permissions import municipality_ids_of
from .rules import hours_text

ZERO = Decimal(0)
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def _amsterdam_midnight(day):
    return datetime.datetime.combine(day, datetime.time(0), tzinfo=AMSTERDAM)


def _year_runs(years):
    """Consecutive years as (first, last) runs: one range each."""
    runs = []
    for year in sorted(set(years)):
        if runs and runs[-1][1] == year - 1:
            runs[-1][1] = year
        else:
            runs.append([year, year])
    return runs


def in_years(field, years, *, dates=False) -> Q:
    """`field` within the given calendar years in Amsterdam time, as ranges on the column itself: an
    index can serve them and the planner can estimate them, where EXTRACT(year ...) could neither and
    joined every visit in the country. Consecutive years make one range. `dates`: a DateField."""
    q = Q()
    for first, last in _year_runs(years):
        start, end = datetime.date(first, 1, 1), datetime.date(last + 1, 1, 1)
        if not dates:
            start, end = _amsterdam_midnight(start), _amsterdam_midnight(end)
        q |= Q(**{f"{field}__gte": start, f"{field}__lt": end})
    return q


def _key(district_id, care_provider_id, youth_health_service_id, year):
    return (district_id, care_provider_id, youth_health_service_id, year)


def budget_figures(budgets) -> list[dict]:
    """For each budget: its hours after transfers, used (held visits' hours and its specialists'
    coaching hours), planned (planned visits' expected hours), remaining and the percentage used."""
    budgets = list(budgets)
    if not budgets:
        return []
    district_ids = {b.district_id for b in budgets}
    years = {b.year for b in budgets}
    used = defaultdict(lambda: ZERO)
    # The day kept on the hours row, with its (district, day) index: the year's rows of these districts
    # only, never a join over the country's visits. Hours are booked only when a visit is held, and a
    # held visit stays held, so the visit's status need not be read.
    for row in (VisitHours.objects.filter(in_years("held_on", years, dates=True), district_id__in=district_ids)
                .annotate(year=ExtractYear("held_on"))
                .values("district_id", "care_provider_id", "youth_health_service_id", "year")
                .annotate(total=Sum("hours"))):
        used[_key(row["district_id"], row["care_provider_id"], row["youth_health_service_id"], row["year"])] += \
            row["total"]
    # A specialist's coaching on the job books to her care provider's budget like a visit (issue 17):
    # the coaching of a pedagogical coach (no care provider on her membership) books to none.
    for row in (CoachingMoment.objects.filter(in_years("held_on", years, dates=True),
                                              location__district_id__in=district_ids,
                                              coach_membership__care_provider__isnull=False)
                .annotate(year=ExtractYear("held_on"))
                .values("location__district_id", "coach_membership__care_provider_id", "year")
                .annotate(total=Sum("hours"))):
        used[_key(row["location__district_id"], row["coach_membership__care_provider_id"], None, row["year"])] += \
            row["total"]
    planned = defaultdict(lambda: ZERO)
    # Read from the visit's side too (its location and day, the same as the scheduled visit's until it
    # is held): the partial index of planned visits finds the year's few, instead of a probe of the
    # visit of every scheduled visit of the year (issue 13's EXPLAIN: 12,000 probes for 970 rows).
    for row in (ScheduledVisit.objects.published().filter(in_years("starts_at", years),
                                                          in_years("visit__starts_at", years),
                                                          location__district_id__in=district_ids,
                                                          visit__location__district_id__in=district_ids,
                                                          visit__status=VisitStatus.PLANNED)
                .annotate(year=ExtractYear("starts_at"))
                .values("location__district_id", "care_provider_id", "youth_health_service_id", "year")
                .annotate(total=Sum("expected_hours"))):
        planned[_key(row["location__district_id"], row["care_provider_id"], row["youth_health_service_id"],
                     row["year"])] += row["total"]
    moved = defaultdict(lambda: ZERO)
    ids = [b.pk for b in budgets]
    # Both directions in one grouped query: per pair of budgets, however many transfers there were.
    ids_set = set(ids)
    for row in (BudgetTransfer.objects.filter(Q(to_budget_id__in=ids) | Q(from_budget_id__in=ids))
                .values("from_budget_id", "to_budget_id").annotate(t=Sum("hours")).order_by()):
        if row["to_budget_id"] in ids_set:
            moved[row["to_budget_id"]] += row["t"]
        if row["from_budget_id"] in ids_set:
            moved[row["from_budget_id"]] -= row["t"]
    figures = []
    for b in budgets:
        key = _key(b.district_id, b.care_provider_id, b.youth_health_service_id, b.year)
        total = b.hours + moved[b.pk]
        figure = {"budget": b, "total": total, "used": used[key], "planned": planned[key]}
        figure["remaining"] = total - figure["used"] - figure["planned"]
        figure["percent_used"] = int(figure["used"] * 100 / total) if total else (100 if figure["used"] else 0)
        figure["percent_planned"] = (min(100 - figure["percent_used"], int(figure["planned"] * 100 / total))
                                     if total else 0)
        figures.append(figure)
    return figures


def budgets_visible_to(user, *, year=None):
    qs = HourBudget.objects.filter(district__municipality_id__in=municipality_ids_of(user)).select_related(
        "district", "care_provider", "youth_health_service")
    if year is not None:
        qs = qs.filter(year=year)
    return qs.order_by("district__name", "care_provider__name", "youth_health_service__name")


def districts_visible_to(user):
    return District.objects.filter(municipality_id__in=municipality_ids_of(user)).select_related("municipality")


def budget_figure_of(budget) -> dict:
    return budget_figures([budget])[0]


def agenda_of(user, *, upcoming_from=None):
    qs = ScheduledVisit.objects.published().with_related().filter(professional=user)
    if upcoming_from is not None:
        qs = qs.filter(starts_at__gte=upcoming_from)
    return qs


def transfers_visible_to(user):
    return BudgetTransfer.objects.filter(
        to_budget__district__municipality_id__in=municipality_ids_of(user)).select_related(
        "from_budget__district", "to_budget__district", "by")[:50]


def _month_bounds(year, month):
    first = datetime.date(year, month, 1)
    last = (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    return first, last


def municipal_schedule(user, *, year, month, district_id=None, location_id=None, provider_id=None,
                       professional_id=None) -> list:
    """The published visits and walk-in hours of the coordinator's municipality in one month, each
    with the conflicts that concern it: the same professional twice at once, or a day outside her
    working days or in a period she blocked."""

    from django.utils import timezone

    from .models import Availability, BlockedPeriod

    first, last = _month_bounds(year, month)
    # A range on the column in Amsterdam time (not starts_at::date), so the index on starts_at serves it.
    # Only the columns the calendar shows: a month of a district is a few hundred rows, each made
    # into five model instances.
    qs = (ScheduledVisit.objects.published().select_related("location", "group", "professional", "visit")
          .only("starts_at", "expected_hours", "professional_id", "location__name", "group__name",
                "professional__first_name", "professional__last_name", "professional__username", "visit__kind",
                "visit__status")
          .filter(location__district__municipality_id__in=municipality_ids_of(user),
                  starts_at__gte=_amsterdam_midnight(first),
                  starts_at__lt=_amsterdam_midnight(last + datetime.timedelta(days=1)))
          .exclude(visit__status="cancelled"))
    for field, value in (("location__district_id", district_id), ("location_id", location_id),
                         ("care_provider_id", provider_id), ("professional_id", professional_id)):
        if value:
            qs = qs.filter(**{field: value})
    items = list(qs.order_by("starts_at", "pk"))
    professional_ids = {i.professional_id for i in items}
    workdays = {a.professional_id: set(a.weekdays) for a in Availability.objects.filter(
        professional_id__in=professional_ids)}
    blocked = defaultdict(list)
    for period in BlockedPeriod.objects.filter(professional_id__in=professional_ids, ends_on__gte=first,
                                               starts_on__lte=last):
        blocked[period.professional_id].append((period.starts_on, period.ends_on))
    by_professional = defaultdict(list)
    kinds = {value: str(label) for value, label in VisitKind.choices}
    for item in items:
        item.kind_label = kinds.get(item.visit.kind, item.visit.kind)
        item.conflicts = []
        item.local_start = timezone.localtime(item.starts_at)
        # Written once here rather than by a template filter in each of the page's two views of it.
        item.time_text = f"{item.local_start:%H:%M}"
        item.hours_label = hours_text(item.expected_hours)
        item.ends_at = item.starts_at + datetime.timedelta(hours=float(item.expected_hours))
        day = item.local_start.date()
        if day.weekday() not in workdays.get(item.professional_id, set()) or any(
                s <= day <= e for s, e in blocked[item.professional_id]):
            item.conflicts.append("outside_availability")
        by_professional[item.professional_id].append(item)
    for own in by_professional.values():
        for earlier, later in zip(own, own[1:], strict=False):
            if later.starts_at < earlier.ends_at:
                for item in (earlier, later):
                    if "double_booked" not in item.conflicts:
                        item.conflicts.append("double_booked")
    return items


ALL_DISTRICTS = "all"


def month_totals_per_district(user, *, year, month) -> dict:
    """{district id: (visits, hours)} of the published, not cancelled visits of her municipality in the
    month: counted in SQL, so the calendar can show the rest of the municipality without loading it."""
    from django.db.models import Count

    first, last = _month_bounds(year, month)
    rows = (ScheduledVisit.objects.published()
            .filter(location__district__municipality_id__in=municipality_ids_of(user),
                    starts_at__gte=_amsterdam_midnight(first),
                    starts_at__lt=_amsterdam_midnight(last + datetime.timedelta(days=1)))
            .exclude(visit__status="cancelled")
            .values("location__district_id").annotate(visits=Count("pk"), hours=Sum("expected_hours")).order_by())
    return {row["location__district_id"]: (row["visits"], row["hours"] or ZERO) for row in rows}


def schedule_districts(user) -> list:
    return [(d.pk, d.name) for d in District.objects.filter(municipality_id__in=municipality_ids_of(user))
            .order_by("name")]


def schedule_filter_choices(user, *, district_id=None, around=None, districts=None) -> dict:
    """What the coordinator may filter her calendar on: [(id, label)] per filter, her municipality only.
    With `district_id` the locations and professionals are those of that district, and with `around`
    (a day) the professionals are those planned within a year of it: the lists the calendar offers
    stay as long as a district's, however large the municipality and its history."""
    from accounts.models import User
    from organisations.models import CareProvider, Location

    ids = municipality_ids_of(user)
    visits = ScheduledVisit.objects.filter(location__district__municipality_id__in=ids)
    locations = Location.objects.filter(district__municipality_id__in=ids)
    if district_id:
        visits = visits.filter(location__district_id=district_id)
        locations = locations.filter(district_id=district_id)
    if around is not None:
        visits = visits.filter(starts_at__gte=_amsterdam_midnight(around - datetime.timedelta(days=366)),
                               starts_at__lt=_amsterdam_midnight(around + datetime.timedelta(days=366)))
    # A semi-join on the professional's id, not DISTINCT over the joined user rows: that sorted a row
    # per visit the municipality ever had (issue 13's measurement: 33,640 rows sorted on disk for 98 names).
    professionals = User.objects.filter(pk__in=visits.values("professional_id")).order_by("last_name", "first_name")
    return {
        "district": schedule_districts(user) if districts is None else districts,
        "location": [(loc.pk, loc.name) for loc in locations.order_by("name")],
        "provider": [(p.pk, p.name) for p in CareProvider.objects.filter(municipalities__in=ids).distinct()
                     .order_by("name")],
        "professional": [(p.pk, str(p)) for p in professionals],
    }
