"""The programme's figures, each computed in the database (aggregations over the user's
municipalities and the chosen filters) and passed through monitoring/disclosure.py.

Every function returns raw aggregates; `dashboard()` turns them into tables of shown values. The
number of queries does not depend on the number of cases (tests/performance/test_monitoring.py).
"""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear
from django.utils import timezone

from casework.models import Case, CaseKind, CaseOutcome, CaseState, ObservationRequest, Referral
from consent.models import Consent, ConsentEvent, ConsentEventKind
from observations.models import Advice, Visit, VisitHours, VisitKind, VisitStatus
from organisations.models import District, Municipality
from scheduling.models import HourBudget, ScheduledVisit, WalkInQuestion

from .aggregates import DaysBetween, grouped_percentiles, percentiles

FRACTIONS = (0.5, 0.9)
FIRST_OBSERVATION_KINDS = (VisitKind.OBSERVATION, VisitKind.GROUP_VISIT)
TREND_HALVES = 8
FOLLOW_UP_BUCKETS = 6  # 0, 1, 2, 3, 4, 5 or more

# Where each filter dimension lives, per model the figures read.
REQUEST = {"municipality": "location__district__municipality_id", "district": "location__district_id",
           "location": "location_id", "provider": "case__care_provider_id", "kind": "kind"}
CASE = {key: f"request__{path}" for key, path in REQUEST.items()} | {"provider": "care_provider_id",
                                                                     "kind": "request__kind"}
CASE_CHILD = {key: f"case__{path}" for key, path in CASE.items()}
ADVICE_VISIT = {"municipality": "visit__location__district__municipality_id",
                "district": "visit__location__district_id", "location": "visit__location_id",
                "provider": "case__care_provider_id", "kind": "case__request__kind"}
CONSENT = {"municipality": "child__group__location__district__municipality_id",
           "district": "child__group__location__district_id", "location": "child__group__location_id"}
VISIT = {"municipality": "location__district__municipality_id", "district": "location__district_id",
         "location": "location_id"}
HOURS = {"municipality": "district__municipality_id", "district": "district_id", "location": "visit__location_id",
         "provider": "care_provider_id", "kind": "visit__case__request__kind"}
BUDGET = {"municipality": "district__municipality_id", "district": "district_id", "provider": "care_provider_id"}
WALK_IN = {"municipality": "location__district__municipality_id", "district": "location__district_id",
           "location": "location_id"}
QUESTION = {key: f"scheduled__{path}" for key, path in WALK_IN.items()}


def chosen_values(filters):
    """The set filters as dimensions ({dimension: value}) for `disclosure.view_allowed`."""
    return {
        "half": filters.period.half,
        "district": filters.district.pk if filters.district else None,
        "location": filters.location.pk if filters.location else None,
        "provider": filters.care_provider.pk if filters.care_provider else None,
        "kind": filters.kind,
    }


def scope(paths, filters, municipality_ids, *, skip=()):
    """The Q for the user's municipalities and the set filters, on a model whose dimensions are
    at `paths`; a filter the model has no path for does not apply to it."""
    q = Q()
    if municipality_ids is not None:
        q &= Q(**{f"{paths['municipality']}__in": municipality_ids})
    values = {"district": filters.district.pk if filters.district else None,
              "location": filters.location.pk if filters.location else None,
              "provider": filters.care_provider.pk if filters.care_provider else None,
              "kind": filters.kind}
    for dim, value in values.items():
        if value is not None and dim in paths and dim not in skip:
            q &= Q(**{paths[dim]: value})
    return q


def in_period(field, period):
    return Q(**{f"{field}__gte": period.start, f"{field}__lt": period.end})


def applies(paths, filters):
    """Which set filters do not apply to a figure (said under its table)."""
    names = {"district": filters.district, "location": filters.location, "provider": filters.care_provider,
             "kind": filters.kind}
    return [dim for dim, value in names.items() if value and dim not in paths]


# --- requests ---------------------------------------------------------------------------------

def requests_per_month(filters, m_ids):
    rows = (ObservationRequest.objects.filter(scope(REQUEST, filters, m_ids), in_period("created_at", filters.period))
            .annotate(y=ExtractYear("created_at"), m=ExtractMonth("created_at"))
            .values("y", "m", "subject", "kind").annotate(n=Count("pk")).order_by())
    return list(rows)


# --- waiting time -------------------------------------------------------------------------------

def _first_observation():
    return Subquery(
        Visit.objects.filter(case=OuterRef("case"), kind__in=FIRST_OBSERVATION_KINDS, status=VisitStatus.HELD)
        .order_by("starts_at").values("starts_at")[:1]
    )


def _held_observation():
    """A cheap semi-join (no ordering) where only "has one" matters."""
    return Exists(Visit.objects.filter(case__request=OuterRef("pk"), kind__in=FIRST_OBSERVATION_KINDS,
                                       status=VisitStatus.HELD))


def _waits(queryset):
    return queryset.annotate(first=_first_observation()).annotate(wait=DaysBetween("first", "created_at"))


def waiting(filters, m_ids, *, now=None):
    now = now or timezone.now()
    threshold = filters.threshold
    base = _waits(ObservationRequest.objects.filter(
        scope(REQUEST, filters, m_ids), in_period("created_at", filters.period), case__isnull=False))
    long_wait = Q(wait__gt=threshold) | Q(
        first__isnull=True, created_at__lt=now - datetime.timedelta(days=threshold),
        case__state__in=[s for s in CaseState.values if s != CaseState.CLOSED],
    )
    return percentiles(base, "wait", FRACTIONS, extra={"over": Count("pk", filter=long_wait)})


def waiting_crosstab(filters, m_ids):
    """The population of the waiting-time figure (requests with a first observation) in the
    period's whole year, in the user's municipalities, by every filter dimension: what
    `disclosure.view_allowed` checks a filtered median against (and, per municipality, what
    `disclosure.union_allowed` checks the pooled median against)."""
    period = filters.period
    universe = Q() if m_ids is None else Q(**{f"{REQUEST['municipality']}__in": m_ids})
    rows = (ObservationRequest.objects.filter(universe, _held_observation(), created_at__gte=period.year_start,
                                              created_at__lt=period.year_end, case__isnull=False)
            .annotate(m=ExtractMonth("created_at"))
            .values("m", REQUEST["municipality"], REQUEST["district"], REQUEST["location"], REQUEST["provider"], "kind")
            .annotate(n=Count("pk")).order_by())
    crosstab = defaultdict(int)
    for r in rows:
        key = (("half", 1 if r["m"] <= 6 else 2), ("municipality", r[REQUEST["municipality"]]),
               ("district", r[REQUEST["district"]]), ("location", r[REQUEST["location"]]),
               ("provider", r[REQUEST["provider"]]), ("kind", r["kind"]))
        crosstab[key] += r["n"]
    return [(dict(k), n) for k, n in crosstab.items()]


def waiting_per_municipality(filters):
    """Per municipality, in the period only (the side-by-side table leaves the other filters
    off, so each row is exactly what that municipality's coordinator sees)."""
    base = _waits(ObservationRequest.objects.filter(in_period("created_at", filters.period), case__isnull=False))
    return grouped_percentiles(base, REQUEST["municipality"], "wait", FRACTIONS)


# --- consent ------------------------------------------------------------------------------------

def consent_states(filters, m_ids, *, today=None):
    """Every consent asked in the period, by where it stands now (as consent.validity.consent_state
    decides, in SQL): given, refused, withdrawn, expired or still pending."""
    today = today or timezone.localdate()
    events = ConsentEvent.objects.filter(consent=OuterRef("pk"))
    given_signers = (ConsentEvent.objects.filter(consent=OuterRef("pk"), kind=ConsentEventKind.GIVEN)
                     .values("consent").annotate(n=Count("signer_key", distinct=True)).values("n"))
    rows = (Consent.objects.filter(scope(CONSENT, filters, m_ids), in_period("created_at", filters.period))
            .annotate(
                withdrawn=Exists(events.filter(kind=ConsentEventKind.WITHDRAWN)),
                refused=Exists(events.filter(kind=ConsentEventKind.REFUSED)),
                expired=Exists(events.filter(Q(kind=ConsentEventKind.EXPIRED)
                                             | Q(kind=ConsentEventKind.GIVEN, valid_until__lt=today))),
                signers=Coalesce(Subquery(given_signers, output_field=IntegerField()), Value(0)))
            .aggregate(
                asked=Count("pk"),
                withdrawn_n=Count("pk", filter=Q(withdrawn=True)),
                refused_n=Count("pk", filter=Q(withdrawn=False, refused=True)),
                expired_n=Count("pk", filter=Q(withdrawn=False, refused=False, expired=True)),
                given_n=Count("pk", filter=Q(withdrawn=False, refused=False, expired=False,
                                             signers__gte=F("signers_required"))),
            ))
    rows["pending_n"] = rows["asked"] - rows["withdrawn_n"] - rows["refused_n"] - rows["expired_n"] - rows["given_n"]
    return rows


# --- advice -------------------------------------------------------------------------------------

def advice_table(filters, m_ids):
    # Q() | X would be X alone: each branch names its own kind of advice.
    q_case = Q(case__isnull=False) & scope(CASE_CHILD, filters, m_ids)
    q_visit = Q(case__isnull=True) & scope(ADVICE_VISIT, filters, m_ids)
    return list(
        Advice.objects.filter(q_case | q_visit, in_period("given_at", filters.period))
        .values("target", "category")
        .annotate(n=Count("pk"), evaluated=Count("pk", filter=~Q(tried="")),
                  tried_n=Count("pk", filter=Q(tried="tried")), worked_n=Count("pk", filter=Q(worked="worked")))
        .order_by("target", "category")
    )


# --- cases --------------------------------------------------------------------------------------

def closed_cases(filters, m_ids):
    qs = Case.objects.filter(scope(CASE, filters, m_ids), state=CaseState.CLOSED,
                             closed_at__gte=filters.period.start, closed_at__lt=filters.period.end)
    outcomes = {r["outcome"]: r["n"] for r in qs.values("outcome").annotate(n=Count("pk")).order_by()}
    follow = {r["follow_ups"]: r["n"] for r in qs.filter(kind=CaseKind.INDIVIDUAL).values("follow_ups")
              .annotate(n=Count("pk")).order_by()}
    return outcomes, follow


def resolved_trend(filters, m_ids, *, per_municipality=False):
    """Closed cases per half year (the last TREND_HALVES up to the period's end): resolved within
    childcare against all closed except cancelled, optionally per municipality."""
    end = filters.period.year_end
    start = end.replace(year=end.year - TREND_HALVES // 2)
    values = ["y", "m"] + ([CASE["municipality"]] if per_municipality else [])
    rows = (Case.objects.filter(scope(CASE, filters, m_ids), state=CaseState.CLOSED, closed_at__gte=start,
                                closed_at__lt=end)
            .exclude(outcome=CaseOutcome.CANCELLED)
            .annotate(y=ExtractYear("closed_at"), m=ExtractMonth("closed_at"))
            .values(*values)
            .annotate(closed=Count("pk"), resolved=Count("pk", filter=Q(outcome=CaseOutcome.RESOLVED))).order_by())
    halves = []
    for year in range(start.year, end.year):
        halves += [(year, 1), (year, 2)]
    table = defaultdict(lambda: {"closed": 0, "resolved": 0})
    for r in rows:
        key = ((r["y"], 1 if r["m"] <= 6 else 2), r.get(CASE["municipality"]))
        table[key]["closed"] += r["closed"]
        table[key]["resolved"] += r["resolved"]
    return halves, dict(table)  # a plain dict: it is kept in a snapshot (pickled)


def referrals_by_target(filters, m_ids):
    return {r["target"]: r["n"] for r in
            Referral.objects.filter(scope(CASE_CHILD, filters, m_ids), in_period("created_at", filters.period))
            .values("target").annotate(n=Count("pk")).order_by()}


# --- hours, walk-in hours, preventive visits ---------------------------------------------------

def hours_against_budget(filters, m_ids, *, by="district"):
    group = {"district": "district_id", "municipality": "district__municipality_id"}[by]
    used = {r[group]: r["h"] for r in
            VisitHours.objects.filter(scope(HOURS, filters, m_ids), in_period("visit__starts_at", filters.period))
            .exclude(visit__status=VisitStatus.CANCELLED)
            .values(group).annotate(h=Sum("hours")).order_by()}
    budget = {r[group]: r["h"] for r in
              HourBudget.objects.filter(scope(BUDGET, filters, m_ids), year=filters.period.year)
              .values(group).annotate(h=Sum("hours")).order_by()}
    model = District if by == "district" else Municipality
    qs = model.objects.filter(pk__in=set(used) | set(budget))
    if by == "district":
        qs = qs.select_related("municipality").order_by("municipality__name", "name")
    else:
        qs = qs.order_by("name")
    return [(obj, used.get(obj.pk) or Decimal(0), budget.get(obj.pk)) for obj in qs]


def walk_in(filters, m_ids):
    held = Q(visit__status=VisitStatus.HELD)
    hours = (ScheduledVisit.objects.filter(scope(WALK_IN, filters, m_ids), kind=VisitKind.WALK_IN_HOUR,
                                           starts_at__gte=filters.period.start, starts_at__lt=filters.period.end)
             .aggregate(planned=Count("pk", filter=~Q(visit__status=VisitStatus.CANCELLED)),
                        held=Count("pk", filter=held)))
    topics = {r["topic"]: r["n"] for r in
              WalkInQuestion.objects.filter(scope(QUESTION, filters, m_ids),
                                            in_period("scheduled__starts_at", filters.period))
              .values("topic").annotate(n=Count("pk")).order_by()}
    return hours, topics


def preventive_visits(filters, m_ids):
    return (Visit.objects.filter(scope(VISIT, filters, m_ids), kind=VisitKind.PREVENTIVE_VISIT,
                                 starts_at__gte=filters.period.start, starts_at__lt=filters.period.end)
            .aggregate(planned=Count("pk", filter=~Q(status=VisitStatus.CANCELLED)),
                       held=Count("pk", filter=Q(status=VisitStatus.HELD))))


# --- coaching on the job (issue 17) ---------------------------------------------------------------

COACHING = {"municipality": "location__district__municipality_id", "district": "location__district_id",
            "location": "location_id", "provider": "coach_membership__care_provider_id"}


def coaching(filters, m_ids):
    """Coaching moments and their hours per core competence (a moment may work on several: it
    counts under each), and all moments together."""
    from coaching.models import CoachingFocus, CoachingMoment

    start, end = filters.period.start.date(), filters.period.end.date()
    moments = CoachingMoment.objects.filter(scope(COACHING, filters, m_ids), held_on__gte=start, held_on__lt=end)
    per = {r["competence"]: r for r in
           CoachingFocus.objects.filter(moment__in=moments).values("competence")
           .annotate(n=Count("moment", distinct=True), h=Sum("moment__hours")).order_by()}
    total = moments.aggregate(n=Count("pk"), h=Sum("hours"))
    return per, total


# --- the programme coordinator's municipalities side by side ------------------------------------

def per_municipality(filters):
    """Requests and closed cases per municipality, in the period only (see waiting_per_municipality)."""
    requests = {r[REQUEST["municipality"]]: r["n"] for r in
                ObservationRequest.objects.filter(in_period("created_at", filters.period))
                .values(REQUEST["municipality"]).annotate(n=Count("pk")).order_by()}
    closed = {r[CASE["municipality"]]: r for r in
              Case.objects.filter(state=CaseState.CLOSED,
                                  closed_at__gte=filters.period.start, closed_at__lt=filters.period.end)
              .exclude(outcome=CaseOutcome.CANCELLED)
              .values(CASE["municipality"])
              .annotate(closed=Count("pk"), resolved=Count("pk", filter=Q(outcome=CaseOutcome.RESOLVED)),
                        referred=Count("pk", filter=Q(outcome=CaseOutcome.REFERRED))).order_by()}
    return requests, closed
