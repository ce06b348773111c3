"""The audit table by month (issue 13, item 5) and its retention (issue 15, item 4).

On PostgreSQL `audit_auditevent` is partitioned by RANGE (at), one partition a month
(`audit_auditevent_y2026m12`), plus a DEFAULT partition so that an insert never fails when the
periodic task has not made a month yet. The task makes partitions some months ahead, and moves
into a new month's partition what the default held of it. Retention drops a month's partition as a
whole once every row in it is older than the retention period (at least five years): no DELETE
over millions of rows, no bloat. Rows the default partition holds of such months are deleted.

The append-only trigger refuses UPDATE and DELETE; the only DELETEs this module makes (moving rows
out of the default partition, retention) set `alert4you.audit_maintenance` for their own
transaction, which the trigger lets through. SQLite (the demo) keeps one plain table: retention
deletes old rows there, under a one-row permit table the SQLite trigger checks.
"""

import datetime

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

TABLE = "audit_auditevent"
DEFAULT = f"{TABLE}_default"
MINIMUM_YEARS = 5  # NEN 7513 as this product applies it: the log is kept at least five years
MAINTENANCE = "alert4you.audit_maintenance"


def retention_years() -> int:
    return max(MINIMUM_YEARS, int(getattr(settings, "AUDIT_RETENTION_YEARS", MINIMUM_YEARS)))


def partition_name(year: int, month: int) -> str:
    return f"{TABLE}_y{year:04d}m{month:02d}"


def _month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _next_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


def _bound(day: datetime.date) -> datetime.datetime:
    # Months in UTC: a partition's bounds are fixed moments, whatever the reader's time zone.
    return datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC)


def is_partitioned() -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_partitioned_table WHERE partrelid = to_regclass(%s)", [TABLE])
        return cursor.fetchone() is not None


def partitions() -> dict[str, tuple[datetime.datetime, datetime.datetime]]:
    """name -> (from, to) of every month partition (the default partition aside)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT c.relname, pg_get_expr(c.relpartbound, c.oid)
                 FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                WHERE i.inhparent = %s::regclass""", [TABLE])
        rows = cursor.fetchall()
    out = {}
    for name, bound in rows:
        if name == DEFAULT or "FROM" not in bound:
            continue
        # FOR VALUES FROM ('2026-12-01 00:00:00+00') TO ('2027-01-01 00:00:00+00')
        start, end = (part.split("'")[1] for part in bound.split("TO"))
        out[name] = (datetime.datetime.fromisoformat(start), datetime.datetime.fromisoformat(end))
    return out


def _maintenance(cursor):
    cursor.execute("SELECT set_config(%s, 'on', true)", [MAINTENANCE])


def _create_month(cursor, month: datetime.date) -> None:
    name, start, end = partition_name(month.year, month.month), _bound(month), _bound(_next_month(month))
    # A month the default partition already holds rows of cannot be attached over them: move them.
    cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {DEFAULT} WHERE at >= %s AND at < %s)", [start, end])  # noqa: S608
    moving = cursor.fetchone()[0]
    if moving:
        _maintenance(cursor)
        cursor.execute(f"CREATE TEMP TABLE audit_moving ON COMMIT DROP AS WITH gone AS ("  # noqa: S608
                       f"DELETE FROM {DEFAULT} WHERE at >= %s AND at < %s RETURNING *) SELECT * FROM gone",
                       [start, end])
    cursor.execute(f"CREATE TABLE {name} PARTITION OF {TABLE} FOR VALUES FROM (%s) TO (%s)", [start, end])
    if moving:
        cursor.execute(f"INSERT INTO {TABLE} SELECT * FROM audit_moving")  # noqa: S608
        cursor.execute("DROP TABLE audit_moving")


def partitions_ensure(*, start: datetime.date | None = None, ahead: int = 3,
                      ahead_until: datetime.date | None = None) -> list[str]:
    """Make the month partitions from `start` (default: this month) to `ahead` months after this
    one (or up to `ahead_until`); returns the names made. Idempotent."""
    if not is_partitioned():
        return []
    today = timezone.now().date()
    month = _month_start(start or today)
    last = _month_start(ahead_until) if ahead_until else _month_start(today)
    if ahead_until is None:
        for _ in range(ahead):
            last = _next_month(last)
    existing = set(partitions())
    made = []
    with transaction.atomic(), connection.cursor() as cursor:
        while month <= last:
            if partition_name(month.year, month.month) not in existing:
                _create_month(cursor, month)
                made.append(partition_name(month.year, month.month))
            month = _next_month(month)
    return made


def retention_cutoff(today: datetime.date | None = None) -> datetime.datetime:
    """Rows before this moment have been kept for the whole retention period."""
    today = today or timezone.now().date()
    years = retention_years()
    try:
        day = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        day = today.replace(year=today.year - years, day=28)
    return _bound(day)


def retention_apply(*, today: datetime.date | None = None) -> list[str]:
    """Drop every month partition all of whose rows are past retention; delete such rows the default
    partition (or, on SQLite, the one table) holds. Returns the partitions dropped."""
    cutoff = retention_cutoff(today)
    dropped = []
    if is_partitioned():
        with transaction.atomic(), connection.cursor() as cursor:
            for name, (_start, end) in sorted(partitions().items()):
                if end <= cutoff:
                    cursor.execute(f"ALTER TABLE {TABLE} DETACH PARTITION {name}")
                    cursor.execute(f"DROP TABLE {name}")
                    dropped.append(name)
            _maintenance(cursor)
            cursor.execute(f"DELETE FROM {DEFAULT} WHERE at < %s", [cutoff])  # noqa: S608
        return dropped
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("INSERT INTO audit_maintenance_permit (id) VALUES (1)")
        else:
            _maintenance(cursor)
        cursor.execute(f"DELETE FROM {TABLE} WHERE at < %s", [cutoff])  # noqa: S608
        if connection.vendor == "sqlite":
            cursor.execute("DELETE FROM audit_maintenance_permit")
    return dropped
