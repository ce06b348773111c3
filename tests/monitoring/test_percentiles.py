"""The percentile the demo (SQLite) computes without percentile_cont gives PostgreSQL's answer."""

import pytest

from monitoring import aggregates
from monitoring.forms import DashboardFilterForm
from monitoring.selectors import waiting, waiting_per_municipality

from .builders import YEAR, Known

pytestmark = pytest.mark.django_db


def _filters(**data):
    form = DashboardFilterForm({"period": str(YEAR), **data}, municipality_ids=None)
    assert form.is_valid()
    return form.filters()


@pytest.mark.parametrize("data", [{}, {"kind": "development"}, {"kind": "behaviour"}])
def test_the_fallback_matches_percentile_cont(world, monkeypatch, data):
    known = Known(world)
    m_ids = [world.municipality.pk]
    in_database = waiting(_filters(**data), m_ids)
    per_municipality = waiting_per_municipality(_filters(**data))
    monkeypatch.setattr(aggregates, "has_percentile_aggregate", lambda: False)
    fallback = waiting(_filters(**data), m_ids)
    assert fallback["n"] == in_database["n"] and fallback["over"] == in_database["over"]
    for fraction in (0.5, 0.9):
        assert fallback[fraction] == pytest.approx(in_database[fraction])
    fallback_per = waiting_per_municipality(_filters(**data))
    assert set(fallback_per) == set(per_municipality)
    for key, stats in per_municipality.items():
        assert fallback_per[key][0.5] == pytest.approx(stats[0.5])
    assert known.cases


def test_percentiles_by_hand():
    """percentile_cont: rank p * (n - 1), linear between the two values around it."""
    values = sorted([*range(1, 8), *range(10, 22)])
    rank = 0.9 * (len(values) - 1)
    low = int(rank)
    assert values[low] + (rank - low) * (values[low + 1] - values[low]) == pytest.approx(19.2)
