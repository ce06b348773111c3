"""The audit table is partitioned by month on PostgreSQL (issue 13, item 5), and retention keeps at
least five years and then drops whole months (issue 15, item 4). SQLite (the demo) keeps one table."""

import datetime

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from audit import partitions
from audit.models import AuditEvent
from audit.tasks import audit_partitions_maintain

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="partitions are PostgreSQL's"),
]

TZ = datetime.UTC


def at(year, month, day=15):
    return datetime.datetime(year, month, day, 12, 0, tzinfo=TZ)


def row(when, child_id=7):
    return AuditEvent.objects.create(at=when, actor_name="Anna", child_id=child_id, municipality_id=1,
                                     object_type="children.child", object_id=str(child_id), action="view",
                                     part="profile", basis="membership", status_code=200)


def partition_of(event):
    with connection.cursor() as cursor:
        cursor.execute("SELECT tableoid::regclass::text FROM audit_auditevent WHERE id = %s", [event.pk])
        return cursor.fetchone()[0]


def tables():
    with connection.cursor() as cursor:
        cursor.execute("SELECT inhrelid::regclass::text FROM pg_inherits"
                       " WHERE inhparent = 'audit_auditevent'::regclass")
        return {name for (name,) in cursor.fetchall()}


def test_the_table_is_partitioned_by_month_with_a_default_partition():
    assert partitions.is_partitioned()
    now = timezone.now()
    names = tables()
    assert partitions.DEFAULT in names
    assert partitions.partition_name(now.year, now.month) in names


def test_a_row_lands_in_the_partition_of_its_month():
    now = timezone.now()
    event = row(now)
    assert partition_of(event) == partitions.partition_name(now.year, now.month)


def test_a_row_of_a_month_without_a_partition_is_kept_in_the_default_partition():
    event = row(at(2011, 3))
    assert partition_of(event) == partitions.DEFAULT


def test_the_periodic_task_creates_partitions_ahead_and_moves_what_the_default_held():
    today = timezone.localdate()
    later = (today.replace(day=1) + datetime.timedelta(days=32 * 5)).replace(day=1)
    early = row(at(later.year, later.month))  # lands in the default: no partition yet that far ahead
    assert partition_of(early) == partitions.DEFAULT
    audit_partitions_maintain.apply(kwargs={"ahead": 6})
    assert partitions.partition_name(later.year, later.month) in tables()
    assert partition_of(early) == partitions.partition_name(later.year, later.month)
    assert AuditEvent.objects.filter(pk=early.pk).exists()
    # Running it again is harmless.
    audit_partitions_maintain.apply(kwargs={"ahead": 6})


def test_retention_drops_whole_months_older_than_five_years_and_keeps_the_rest():
    today = datetime.date(2026, 12, 10)
    partitions.partitions_ensure(start=datetime.date(2020, 10, 1), ahead_until=datetime.date(2022, 1, 1))
    too_old = row(at(2021, 10))  # more than five years before 10 December 2026
    border = row(at(2021, 12, 11))  # five years ago less a day: kept
    young = row(at(2024, 5))
    in_default = row(at(2019, 2))
    dropped = partitions.retention_apply(today=today)
    assert {partitions.partition_name(2021, 10), partitions.partition_name(2021, 11)} <= set(dropped)
    assert partitions.partition_name(2021, 10) not in tables()
    assert partitions.partition_name(2021, 12) in tables()  # not all of its rows are five years old yet
    assert not AuditEvent.objects.filter(pk__in=[too_old.pk, in_default.pk]).exists()
    assert AuditEvent.objects.filter(pk__in=[border.pk, young.pk]).count() == 2


def test_retention_never_keeps_less_than_five_years(settings):
    settings.AUDIT_RETENTION_YEARS = 2
    assert partitions.retention_years() == 5


def test_the_log_stays_append_only_in_every_partition():
    event = row(timezone.now())
    name = partition_of(event)
    # The partition's name comes from the database itself.
    for statement in (f"UPDATE {name} SET actor_name = 'x' WHERE id = %s",  # noqa: S608
                      f"DELETE FROM {name} WHERE id = %s",  # noqa: S608
                      "DELETE FROM audit_auditevent WHERE id = %s"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk, actor_name="Anna").exists()


def test_ids_keep_counting_across_partitions():
    first, second = row(at(2011, 3)), row(timezone.now())
    assert second.pk > first.pk
