"""Database functions the figures need: days between two moments, and percentiles.

PostgreSQL computes a percentile with `percentile_cont(p) WITHIN GROUP (ORDER BY x)` in one
aggregate. SQLite (the demo) has no such aggregate: there the same linear interpolation is done
by asking the database for the count and then, per percentile, the two ordered values around
the rank (ORDER BY ... LIMIT 2 OFFSET k). Either way the rows are not loaded into Python.
"""

import math

from django.db import connection
from django.db.models import Aggregate, Count, FloatField, Func


class DaysBetween(Func):
    """(end - start) in days, as a float."""

    output_field = FloatField()
    arity = 2

    def as_sql(self, compiler, conn, **extra_context):
        end, start = (compiler.compile(e) for e in self.get_source_expressions())
        return f"(EXTRACT(EPOCH FROM ({end[0]} - {start[0]})) / 86400.0)", [*end[1], *start[1]]

    def as_sqlite(self, compiler, conn, **extra_context):
        end, start = (compiler.compile(e) for e in self.get_source_expressions())
        return f"(julianday({end[0]}) - julianday({start[0]}))", [*end[1], *start[1]]


class PercentileCont(Aggregate):
    """PostgreSQL's continuous percentile (linear interpolation between the two nearest values)."""

    function = "percentile_cont"
    name = "PercentileCont"
    output_field = FloatField()
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"

    def __init__(self, expression, fraction, **extra):
        super().__init__(expression, fraction=float(fraction), **extra)

    def as_sql(self, compiler, conn, **extra_context):
        extra_context["fraction"] = repr(float(self.extra["fraction"]))
        return super().as_sql(compiler, conn, **extra_context)


def has_percentile_aggregate() -> bool:
    return connection.vendor == "postgresql"


def percentiles(queryset, field: str, fractions, extra=None) -> dict:
    """{"n": count, fraction: value or None, **extra aggregates} over `field` of the rows of
    `queryset` where it is not null."""
    rows = queryset.filter(**{f"{field}__isnull": False})
    extra = extra or {}
    if has_percentile_aggregate():
        named = {f"p{i}": PercentileCont(field, f) for i, f in enumerate(fractions)}
        result = queryset.aggregate(n=Count(field), **named, **extra)
        return {"n": result["n"], **{f: result[f"p{i}"] for i, f in enumerate(fractions)},
                **{k: result[k] for k in extra}}
    result = queryset.aggregate(n=Count(field), **extra)
    n = result["n"]
    out = {"n": n, **{k: result[k] for k in extra}}
    for fraction in fractions:
        if not n:
            out[fraction] = None
            continue
        rank = fraction * (n - 1)
        low = math.floor(rank)
        values = list(rows.order_by(field).values_list(field, flat=True)[low:low + 2])
        if len(values) == 1 or rank == low:
            out[fraction] = float(values[0])
        else:
            out[fraction] = float(values[0]) + (rank - low) * (float(values[1]) - float(values[0]))
    return out


def grouped_percentiles(queryset, group: str, field: str, fractions) -> dict:
    """{group value: {"n": .., fraction: ..}} — one query on PostgreSQL; on SQLite one set of
    queries per group (the groups are municipalities: their number does not grow with the cases)."""
    if has_percentile_aggregate():
        named = {f"p{i}": PercentileCont(field, f) for i, f in enumerate(fractions)}
        rows = (queryset.filter(**{f"{field}__isnull": False}).values(group)
                .annotate(n=Count("pk"), **named).order_by(group))
        return {r[group]: {"n": r["n"], **{f: r[f"p{i}"] for i, f in enumerate(fractions)}} for r in rows}
    keys = queryset.filter(**{f"{field}__isnull": False}).values_list(group, flat=True).distinct()
    return {key: percentiles(queryset.filter(**{group: key}), field, fractions) for key in keys}
