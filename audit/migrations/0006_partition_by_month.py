"""The audit table partitioned by month on PostgreSQL (issue 13, item 5); SQLite keeps one table.

PostgreSQL: the table is rebuilt as `PARTITION BY RANGE (at)` with the same columns, defaults and
indexes, a primary key of (id, at) (a partitioned table's unique keys must hold the partition key;
`id` alone still comes from one sequence), a DEFAULT partition and the months from the oldest
row to three months ahead; the rows are copied over. The append-only trigger now also fires per
row (PostgreSQL clones row triggers to every partition, so a statement on a partition is refused
too) and lets through a DELETE in a transaction that set `alert4you.audit_maintenance` (moving rows
out of the default partition, retention: audit/partitions.py). SQLite: the triggers let a DELETE
through while audit_maintenance_permit has a row (retention only).
"""

import datetime

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('alert4you.audit_maintenance', true) = 'on' THEN
        IF TG_LEVEL = 'ROW' THEN RETURN OLD; END IF;
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'audit events are append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def _months(first, last):
    month = first.replace(day=1)
    while month <= last:
        yield month
        month = (month + datetime.timedelta(days=32)).replace(day=1)


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for statement in (
            "CREATE TABLE audit_maintenance_permit (id integer PRIMARY KEY)",
            "DROP TRIGGER IF EXISTS audit_event_no_delete",
            """CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_auditevent
               WHEN NOT EXISTS (SELECT 1 FROM audit_maintenance_permit)
               BEGIN SELECT RAISE(ABORT, 'audit events are append-only: DELETE refused'); END;""",
        ):
            schema_editor.execute(statement, params=None)
        return
    if vendor != "postgresql":
        raise NotImplementedError(f"No audit partitioning for {vendor}")
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("""SELECT indexname, indexdef FROM pg_indexes
                           WHERE tablename = 'audit_auditevent' AND indexname <> 'audit_auditevent_pkey'""")
        indexes = cursor.fetchall()
        cursor.execute("SELECT min(at), max(id) FROM audit_auditevent")
        oldest, last_id = cursor.fetchone()
        cursor.execute("SELECT now()::date")
        today = cursor.fetchone()[0]
    ahead = today
    for _ in range(3):
        ahead = (ahead.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    statements = [
        "DROP TRIGGER IF EXISTS audit_event_append_only ON audit_auditevent",
        "ALTER TABLE audit_auditevent RENAME TO audit_auditevent_unpartitioned",
        "ALTER TABLE audit_auditevent_unpartitioned RENAME CONSTRAINT audit_auditevent_pkey TO audit_auditevent_old_pkey",
        """CREATE TABLE audit_auditevent (LIKE audit_auditevent_unpartitioned INCLUDING DEFAULTS
               INCLUDING STORAGE INCLUDING COMMENTS) PARTITION BY RANGE (at)""",
        "ALTER TABLE audit_auditevent ADD CONSTRAINT audit_auditevent_pkey PRIMARY KEY (id, at)",
        "CREATE TABLE audit_auditevent_default PARTITION OF audit_auditevent DEFAULT",
    ]
    for month in _months(oldest.date() if oldest else today, ahead):
        following = (month + datetime.timedelta(days=32)).replace(day=1)
        statements.append(
            f"CREATE TABLE audit_auditevent_y{month.year:04d}m{month.month:02d} PARTITION OF audit_auditevent "
            f"FOR VALUES FROM ('{month.isoformat()} 00:00:00+00') TO ('{following.isoformat()} 00:00:00+00')")
    statements += [
        "INSERT INTO audit_auditevent SELECT * FROM audit_auditevent_unpartitioned",
        "DROP TABLE audit_auditevent_unpartitioned",  # and with it the old identity's sequence, whose name we take
        "CREATE SEQUENCE audit_auditevent_id_seq OWNED BY audit_auditevent.id",
        "ALTER TABLE audit_auditevent ALTER COLUMN id SET DEFAULT nextval('audit_auditevent_id_seq')",
        f"SELECT setval('audit_auditevent_id_seq', {int(last_id or 0) + 1}, false)",
    ]
    # The indexes Django made, by their own names, now on the partitioned table (each partition gets its own).
    statements += [definition.replace(" ON public.audit_auditevent_unpartitioned ", " ON public.audit_auditevent ")
                   .replace(" ON audit_auditevent_unpartitioned ", " ON audit_auditevent ")
                   for _name, definition in indexes]
    statements += [
        FUNCTION,
        """CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_auditevent
               FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()""",
        """CREATE TRIGGER audit_event_append_only_row BEFORE UPDATE OR DELETE ON audit_auditevent
               FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()""",
    ]
    for statement in statements:
        schema_editor.execute(statement, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in (
            "DROP TRIGGER IF EXISTS audit_event_no_delete",
            """CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_auditevent
               BEGIN SELECT RAISE(ABORT, 'audit events are append-only: DELETE refused'); END;""",
            "DROP TABLE IF EXISTS audit_maintenance_permit",
        ):
            schema_editor.execute(statement, params=None)
        return
    raise migrations.exceptions.IrreversibleError("Turn the partitioned audit table back into one table by hand.")


class Migration(migrations.Migration):
    # DDL and a copy of every row: one transaction, so a failure leaves the old table as it was.
    atomic = True
    dependencies = [("audit", "0005_part_casework_records")]

    operations = [migrations.RunPython(forward, backward)]
