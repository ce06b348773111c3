"""Dashboard figures computed once per view and kept for a few minutes.

The programme coordinator's dashboard aggregates the whole country's requests, cases and consents
(seq scans by design: every row counts). Instead of doing that on every page view, the raw
aggregates of one view — one scope (the programme, or a coordinator's municipalities) and one
filter combination — are stored in a FigureSnapshot and reused while they are younger than
MONITORING_FIGURES_MAX_AGE seconds (default 600). A beat task (monitoring.tasks.refresh_figures)
recomputes the views that were asked for recently before they age out, so the figures a
coordinator opens are normally ready. The page says when its figures were computed.

Only the selectors' raw aggregates are kept: the tables, charts and the disclosure control
(monitoring/disclosure.py) are made from them on every view, in the viewer's language, exactly as
from live figures (tests/monitoring/test_snapshots.py proves both give the same page)."""

import hashlib
import pickle
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, router, transaction
from django.utils import timezone

from . import selectors
from .models import FigureSnapshot

DEFAULT_MAX_AGE = 600
# Snapshots not recomputed (nor asked for) for this long are removed by the beat task.
FORGET_AFTER = timedelta(days=1)
FORMAT = 1  # bump when a selector's return value changes shape: old snapshots are then ignored


def max_age():
    """Seconds a snapshot is shown for; 0 turns snapshots off (every view is computed live)."""
    return int(getattr(settings, "MONITORING_FIGURES_MAX_AGE", DEFAULT_MAX_AGE))


def filters_key(filters):
    return (filters.period.key,
            filters.district.pk if filters.district else None,
            filters.location.pk if filters.location else None,
            filters.care_provider.pk if filters.care_provider else None,
            filters.kind or None,
            int(filters.threshold))


def view_of(m_ids, filters):
    """The view as plain ids (JSON), enough to compute it again (`filters_of`)."""
    period, district, location, provider, kind, threshold = filters_key(filters)
    return {"m_ids": None if m_ids is None else sorted(m_ids), "period": period, "district": district,
            "location": location, "care_provider": provider, "kind": kind, "threshold": threshold}


def filters_of(view):
    from organisations.models import CareProvider, District, Location

    from .forms import Filters, Period

    year, _sep, half = view["period"].partition("-")
    return Filters(
        period=Period(int(year), int(half) if half else None),
        district=District.objects.select_related("municipality").filter(pk=view["district"]).first()
        if view["district"] else None,
        location=Location.objects.filter(pk=view["location"]).first() if view["location"] else None,
        care_provider=CareProvider.objects.filter(pk=view["care_provider"]).first()
        if view["care_provider"] else None,
        kind=view["kind"], threshold=view["threshold"])


def view_key(m_ids, filters):
    scope = "all" if m_ids is None else ",".join(str(i) for i in sorted(m_ids))
    raw = repr((FORMAT, scope, filters_key(filters)))
    return hashlib.sha256(raw.encode()).hexdigest()


class Figures:
    """Calls the selectors of monitoring/selectors.py through `figures.<name>(filters, ...)`; each
    result is remembered under its name and arguments, so a view rebuilt from a snapshot calls no
    selector at all. The dashboard asks every figure through one of these."""

    def __init__(self, values=None, computed_at=None):
        self.values = dict(values or {})
        self.computed_at = computed_at
        self.computed = False

    def __getattr__(self, name):
        function = getattr(selectors, name)

        def call(filters, *args, **kwargs):
            key = repr((name, filters_key(filters), args, sorted(kwargs.items())))
            if key not in self.values:
                self.values[key] = function(filters, *args, **kwargs)
                self.computed = True
            return self.values[key]

        return call


def load(m_ids, filters, *, now=None):
    """The kept figures of this view if they are fresh enough, else an empty Figures that computes
    them live (and is stored by `store` after the page is built)."""
    now = now or timezone.now()
    age = max_age()
    if age <= 0:
        return Figures(computed_at=now)
    key = view_key(m_ids, filters)
    snapshot = (FigureSnapshot.objects.filter(key=key, computed_at__gt=now - timedelta(seconds=age))
                .values_list("computed_at", "data").first())
    if snapshot is None:
        return Figures(computed_at=now)
    computed_at, data = snapshot
    try:
        # Written by `store` below, from the selectors' own results only (as Django's cache pickles).
        values = pickle.loads(bytes(data))  # noqa: S301
    except Exception:  # a snapshot of an older code version: compute afresh
        return Figures(computed_at=now)
    # Seen now: the beat task keeps this view fresh (one small UPDATE, at most one row).
    FigureSnapshot.objects.filter(key=key).update(served_at=now)
    return Figures(values, computed_at=computed_at)


def store(m_ids, filters, figures, *, served_at=None):
    if max_age() <= 0 or not figures.computed:
        return
    data = pickle.dumps(figures.values, protocol=pickle.HIGHEST_PROTOCOL)
    try:
        # A savepoint: a failed write (e.g. two workers at once on SQLite) must not spoil the request.
        with transaction.atomic(using=router.db_for_write(FigureSnapshot)):
            FigureSnapshot.objects.bulk_create(
                [FigureSnapshot(key=view_key(m_ids, filters), view=view_of(m_ids, filters),
                                computed_at=figures.computed_at, served_at=served_at or figures.computed_at,
                                data=data)],
                update_conflicts=True, unique_fields=["key"], update_fields=["computed_at", "served_at", "data"])
    except DatabaseError:
        pass


def refresh(now=None):
    """Compute again every view shown in the last FORGET_AFTER whose snapshot would age out
    before the next run (the task runs every max_age / 2), and the programme's default view;
    forget views nobody looked at for FORGET_AFTER. Returns the number of views computed."""
    from . import dashboard
    from .forms import DashboardFilterForm

    now = now or timezone.now()
    age = max_age()
    if age <= 0:
        return 0
    FigureSnapshot.objects.filter(served_at__lt=now - FORGET_AFTER).delete()
    views = list(FigureSnapshot.objects.filter(computed_at__lt=now - timedelta(seconds=age / 2))
                 .values_list("view", "served_at"))
    default = DashboardFilterForm(None, municipality_ids=None).filters()
    if not FigureSnapshot.objects.filter(key=view_key(None, default),
                                         computed_at__gte=now - timedelta(seconds=age / 2)).exists():
        views.append((view_of(None, default), None))
    for view, served_at in views:
        filters = filters_of(view)
        figures = Figures(computed_at=timezone.now())
        dashboard.compute(figures, filters, view["m_ids"])
        store(view["m_ids"], filters, figures, served_at=served_at)
    return len(views)
