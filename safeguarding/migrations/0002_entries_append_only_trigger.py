"""The database itself keeps the reporting-code steps append-only: it refuses to change a recorded
step, and to add one to a closed path. Deleting stays possible for the retention and erasure jobs
(the app refuses it everywhere else)."""

from django.db import migrations

POSTGRES_FORWARD = """
CREATE OR REPLACE FUNCTION meldcode_entry_no_update() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'reporting-code steps are append-only: UPDATE refused' USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER meldcode_entry_no_update
    BEFORE UPDATE ON safeguarding_meldcodeentry
    FOR EACH STATEMENT EXECUTE FUNCTION meldcode_entry_no_update();
CREATE OR REPLACE FUNCTION meldcode_entry_path_open() RETURNS trigger AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM safeguarding_meldcodepath WHERE id = NEW.path_id AND closed_at IS NOT NULL) THEN
        RAISE EXCEPTION 'reporting-code path % is closed', NEW.path_id USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER meldcode_entry_path_open
    BEFORE INSERT ON safeguarding_meldcodeentry
    FOR EACH ROW EXECUTE FUNCTION meldcode_entry_path_open();
"""
POSTGRES_BACKWARD = """
DROP TRIGGER IF EXISTS meldcode_entry_no_update ON safeguarding_meldcodeentry;
DROP FUNCTION IF EXISTS meldcode_entry_no_update();
DROP TRIGGER IF EXISTS meldcode_entry_path_open ON safeguarding_meldcodeentry;
DROP FUNCTION IF EXISTS meldcode_entry_path_open();
"""
SQLITE_FORWARD = [
    """CREATE TRIGGER meldcode_entry_no_update BEFORE UPDATE ON safeguarding_meldcodeentry
       BEGIN SELECT RAISE(ABORT, 'reporting-code steps are append-only: UPDATE refused'); END;""",
    """CREATE TRIGGER meldcode_entry_path_open BEFORE INSERT ON safeguarding_meldcodeentry
       WHEN EXISTS (SELECT 1 FROM safeguarding_meldcodepath WHERE id = NEW.path_id AND closed_at IS NOT NULL)
       BEGIN SELECT RAISE(ABORT, 'reporting-code path is closed'); END;""",
]
SQLITE_BACKWARD = ["DROP TRIGGER IF EXISTS meldcode_entry_no_update;", "DROP TRIGGER IF EXISTS meldcode_entry_path_open;"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor)
        if statements is None:
            raise NotImplementedError(f"No append-only trigger for {schema_editor.connection.vendor}")
        for statement in statements:
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("safeguarding", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": [POSTGRES_FORWARD], "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": [POSTGRES_BACKWARD], "sqlite": SQLITE_BACKWARD}),
        ),
    ]
