"""The attacker: every view the dashboard's filters offer (every period of the year, district,
location, care provider and kind of question the form lists, alone and combined), compared in
pairs — pooled against each part — and every breakdown summed against its total. Nothing below 5
may come out: no exactly recoverable count of 1 to 4, and no median/percentile of a group whose
remainder against another shown view is 1 to 4."""

import itertools

import pytest
from django.utils import translation

from monitoring import dashboard as board
from monitoring import disclosure, selectors
from monitoring.forms import DashboardFilterForm

from .builders import YEAR, Known, request_with_case

pytestmark = pytest.mark.django_db


def interval(shown):
    """What a reader knows of the true count behind a shown value: (lowest, highest)."""
    if shown == disclosure.SMALL:
        return (1, 4)
    if shown == 0:
        return (0, 0)
    if isinstance(shown, int):
        return (max(shown - 2, disclosure.MIN_CELL), shown + 2)
    return None  # not a count


def pinned_small(lo, hi):
    lo = max(lo, 0)
    return lo == hi and 1 <= lo <= 4


@pytest.fixture
def attacked(world):
    known = Known(world)
    # A small group that subtraction would give away: three questions about talking with the
    # parents at D, each observed after 30 days, and one more at A about the group.
    for _ in range(3):
        request_with_case(location=known.location_d, group=known.group_d, by=known.pmer_d, kind="parents",
                          created=known.cases[0].request.created_at, provider=known.p2, wait_days=30)
    return known


def offered_views(known, user, m_ids, periods):
    """Every filter combination the form offers: (filters, {dimension: value})."""
    w = known.w
    form = DashboardFilterForm({"period": str(YEAR)}, municipality_ids=m_ids)
    assert form.is_valid()
    places = [(None, None)] + [(None, loc) for loc in form.fields["location"].queryset] + \
        [(dist, None) for dist in form.fields["district"].queryset] + \
        [(loc.district, loc) for loc in form.fields["location"].queryset]
    providers = [None, *form.fields["care_provider"].queryset]
    kinds = [None] + [k for k, _ in form.fields["kind"].choices if k]
    for period, (district, location), provider, kind in itertools.product(periods, places, providers, kinds):
        data = {"period": period}
        if district:
            data["district"] = district.pk
        if location:
            data["location"] = location.pk
        if provider:
            data["care_provider"] = provider.pk
        if kind:
            data["kind"] = kind
        f = DashboardFilterForm(data, municipality_ids=m_ids)
        assert f.is_valid(), f.errors
        yield f.filters(), data
    assert w  # the world stays referenced


def contains(big, small):
    """Is view `small` a part of view `big` (the same filters and more, or a half of its year)?"""
    for key, value in big.items():
        if key == "period":
            if small["period"] != value and not small["period"].startswith(value + "-"):
                return False
        elif small.get(key) != value:
            return False
    return True


ALL_PERIODS = [str(YEAR), f"{YEAR}-1", f"{YEAR}-2"]


def collect(user, known, m_ids, periods=ALL_PERIODS):
    views = []
    with translation.override("en"):
        for filters, data in offered_views(known, user, m_ids, periods):
            tables = {t.key: t for t in board.build(user, filters)}
            cells = {}
            for key, table in tables.items():
                for row in table.rows:
                    for column, value in zip(table.columns[1:], row[1:], strict=True):
                        if interval(value) is not None:
                            cells[(key, row[0], column)] = interval(value)
            raw_n = selectors.waiting(filters, m_ids)["n"]
            median_shown = tables["waiting"].rows[1][1] is not None
            if median_shown:
                assert raw_n >= disclosure.MIN_CELL
            views.append((data, cells, raw_n, median_shown))
    return views


def attack(views):
    # Pooled against each part: "the bigger view minus the smaller one".
    for big, big_cells, big_n, big_shown in views:
        for small, small_cells, small_n, small_shown in views:
            if big == small or not contains(big, small):
                continue
            if big_shown and small_shown:
                assert not disclosure.small_enough_to_hide(big_n - small_n), (big, small, big_n, small_n)
            for cell, (lo, hi) in small_cells.items():
                if cell in big_cells:
                    b_lo, b_hi = big_cells[cell]
                    assert not pinned_small(b_lo - hi, b_hi - lo), (big, small, cell)
    # Within a table: the "Total" row minus the other rows ("n minus the others").
    for data, cells, _n, _shown in views:
        columns = {}
        for (key, row, column), value in cells.items():
            columns.setdefault((key, column), {})[row] = value
        for (key, column), by_row in columns.items():
            total = by_row.pop("Total", None)
            if total is None or len(by_row) < 2:
                continue
            parts = list(by_row.values())
            for i in range(len(parts)):
                others = parts[:i] + parts[i + 1:]
                assert not pinned_small(total[0] - sum(o[1] for o in others), total[1] - sum(o[0] for o in others)), \
                    (data, key, column, list(by_row)[i])
    # A total against all its parts but one: "the total minus the other districts / kinds / ...".
    index = {tuple(sorted(v[0].items())): v for v in views}
    for data, cells, _n, _shown in views:
        for dim in ("district", "location", "care_provider", "kind"):
            if dim in data:
                continue
            children = [v for key, v in index.items() if dict(key).get(dim) is not None
                        and {k: x for k, x in dict(key).items() if k != dim} == data]
            if len(children) < 2:
                continue
            for cell, (lo, hi) in cells.items():
                parts = [c[1].get(cell) for c in children]
                if any(p is None for p in parts):
                    continue
                for i in range(len(parts)):
                    others = parts[:i] + parts[i + 1:]
                    assert not pinned_small(lo - sum(o[1] for o in others), hi - sum(o[0] for o in others)), \
                        (data, dim, cell, i)


def test_no_pair_of_views_gives_away_a_small_group_to_the_municipal_coordinator(world, attacked):
    views = collect(world.coordinator, attacked, [world.municipality.pk])
    assert len(views) > 300
    # The control is not vacuous: some medians are shown, some withheld.
    assert any(v[3] for v in views) and not all(v[3] or v[2] == 0 for v in views)
    attack(views)


def test_the_kind_filter_next_to_a_small_kind_is_withheld(world, attacked):
    """By hand: kinds behaviour 7, development 12, parents 3 (all observed). Parents (3) is
    hidden; "all minus development minus behaviour" would still give it, so behaviour (the
    smallest shown) is withheld too; development is shown (its rest: 10)."""
    m_ids = [world.municipality.pk]
    shown = {}
    with translation.override("en"):
        for kind in ("behaviour", "development", "parents"):
            f = DashboardFilterForm({"period": str(YEAR), "kind": kind}, municipality_ids=m_ids)
            assert f.is_valid()
            table = next(t for t in board.build(world.coordinator, f.filters()) if t.key == "waiting")
            shown[kind] = table.rows[1][1]
    assert shown == {"behaviour": None, "development": 15.5, "parents": None}


def test_every_pair_of_programme_views_is_safe_too(world, attacked):
    # The halves of the year are covered for the coordinator above; here the whole year, to keep
    # the run short (every location, district, provider and kind of both municipalities).
    views = collect(world.programme_coordinator, attacked, None, periods=[str(YEAR)])
    attack(views)
