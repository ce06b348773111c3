"""Backup and restore of PostgreSQL (issue 15, item 6): `manage.py backup_database FILE` and
`restore_database FILE` wrap pg_dump and pg_restore with the settings' connection. A round trip on
the suite's PostgreSQL: back up, change data, restore, find the old data (the audit log too)."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from audit.models import AuditEvent
from organisations.models import Municipality

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump and pg_restore are PostgreSQL's"),
]


def log_row(name):
    return AuditEvent.objects.create(actor_name=name, object_type="t", action="view", part="profile",
                                     basis="membership", status_code=200)


def test_backup_change_restore_finds_the_old_data(tmp_path):
    Municipality.objects.create(name="Hoogeveen")
    kept = log_row("Anna")
    dump = tmp_path / "alert4you.dump"
    call_command("backup_database", str(dump))
    assert dump.stat().st_size > 0

    Municipality.objects.filter(name="Hoogeveen").update(name="Veranderd")
    Municipality.objects.create(name="Nieuw")
    log_row("Later")

    call_command("restore_database", str(dump), "--yes")
    connection.close()
    assert sorted(Municipality.objects.values_list("name", flat=True)) == ["Hoogeveen"]
    assert list(AuditEvent.objects.values_list("pk", "actor_name")) == [(kept.pk, "Anna")]
    # The restored log is still append-only and still partitioned.
    from audit.partitions import is_partitioned

    assert is_partitioned()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    log_row("After the restore")  # the id sequence came back too: no clash
    assert AuditEvent.objects.count() == 2


def test_restore_asks_before_it_overwrites(tmp_path):
    dump = tmp_path / "alert4you.dump"
    call_command("backup_database", str(dump))
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore_database", str(dump))


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="not found|bestaat niet"):
        call_command("restore_database", str(tmp_path / "nope.dump"), "--yes")


def test_backup_refuses_to_overwrite_a_file(tmp_path):
    dump = tmp_path / "alert4you.dump"
    dump.write_text("something else")
    with pytest.raises(CommandError, match="exists"):
        call_command("backup_database", str(dump))
    assert dump.read_text() == "something else"


def test_a_file_that_is_no_backup_changes_nothing(tmp_path):
    Municipality.objects.create(name="Hoogeveen")
    junk = tmp_path / "junk.dump"
    junk.write_bytes(b"PGDMP but not really" * 10)
    with pytest.raises(CommandError):
        call_command("restore_database", str(junk), "--yes")
    connection.close()
    assert list(Municipality.objects.values_list("name", flat=True)) == ["Hoogeveen"]


def test_a_backup_cut_short_changes_nothing(tmp_path):
    for i in range(200):
        log_row(f"Rij {i} " + "x" * 180)  # enough data that the cut falls in the rows, after the schema
    dump = tmp_path / "alert4you.dump"
    call_command("backup_database", str(dump))
    cut = tmp_path / "cut.dump"
    cut.write_bytes(dump.read_bytes()[: dump.stat().st_size * 3 // 4])
    Municipality.objects.create(name="Na de back-up")
    with pytest.raises(CommandError, match="unchanged"):
        call_command("restore_database", str(cut), "--yes")
    connection.close()
    assert list(Municipality.objects.values_list("name", flat=True)) == ["Na de back-up"]
    assert AuditEvent.objects.count() == 200
