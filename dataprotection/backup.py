"""pg_dump and pg_restore with the connection Django itself uses (settings.DATABASES["default"])."""

import contextlib
import glob
import os
import shutil
import subprocess

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connections


def _tool(name: str) -> str:
    """PG_BIN_DIR from the settings or the environment, else the PATH, else Debian's newest server binaries."""
    folder = getattr(settings, "PG_BIN_DIR", "") or os.environ.get("PG_BIN_DIR", "")
    if folder:
        return os.path.join(folder, name)
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
                        key=lambda path: int(path.split("/")[4]) if path.split("/")[4].isdigit() else 0)
    if candidates:
        return candidates[-1]
    raise CommandError(f"{name} not found: install the PostgreSQL client, or set PG_BIN_DIR.")


def _connection():
    connection = connections["default"]
    if connection.vendor != "postgresql":
        raise CommandError(f"Backup and restore are for PostgreSQL; this database is {connection.vendor} "
                           "(the demo's SQLite is one file in ALERT4YOU_VAR_DIR: copy it while the demo is stopped).")
    params = connection.settings_dict
    args = ["--dbname", params["NAME"]]
    if params.get("HOST"):
        args += ["--host", str(params["HOST"])]
    if params.get("PORT"):
        args += ["--port", str(params["PORT"])]
    if params.get("USER"):
        args += ["--username", str(params["USER"])]
    env = dict(os.environ)
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = str(params["PASSWORD"])  # not on the command line, where `ps` would show it
    return args, env


def _run(command, env):
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise CommandError(f"{os.path.basename(command[0])} failed ({result.returncode}): "
                           f"{result.stderr.strip()[-2000:]}")
    return result


def database_backup(path: str) -> None:
    """A custom-format dump (compressed, restorable table by table). Written next to `path` first and
    renamed at the end, so a failed dump never leaves something that looks like a backup."""
    if os.path.exists(path):
        raise CommandError(f"{path} exists: choose another file name, or remove it first.")
    args, env = _connection()
    partial = f"{path}.partial"
    try:
        _run([_tool("pg_dump"), "--format=custom", "--no-owner", "--file", partial, *args], env)
        os.replace(partial, path)
    finally:
        if os.path.exists(partial):
            os.remove(partial)


# pg_restore --clean cannot drop a partitioned table's partitions one constraint at a time (the audit
# log's): the schema is emptied as a whole instead, in the same transaction as the restore.
EMPTY_SCHEMA = b"DROP SCHEMA IF EXISTS public CASCADE;\nCREATE SCHEMA public;\n"


def database_restore(path: str) -> None:
    """Replace everything in the database with the backup, in one transaction: on an error nothing
    is changed. pg_restore writes the backup as SQL, psql runs it after emptying the schema."""
    if not os.path.isfile(path):
        raise CommandError(f"{path}: not found.")
    args, env = _connection()
    # A file that is no backup (or one cut short) is refused before anything is touched.
    try:
        _run([_tool("pg_restore"), "--list", path], env)
    except CommandError as error:
        raise CommandError(f"{path} is not a whole backup; the database is unchanged. {error}") from None
    connections.close_all()  # our own sessions would hold locks on the tables being replaced
    dump = subprocess.Popen([_tool("pg_restore"), "--no-owner", "--file", "-", path],  # noqa: S603
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    psql = subprocess.Popen([_tool("psql"), "--single-transaction", "--quiet", "--no-psqlrc",  # noqa: S603
                             "-v", "ON_ERROR_STOP=1", *args],
                            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    try:
        psql.stdin.write(EMPTY_SCHEMA)
        shutil.copyfileobj(dump.stdout, psql.stdin, 1 << 20)
    except BrokenPipeError:
        pass  # psql stopped on an error: its message follows
    dump_error = dump.stderr.read().decode(errors="replace")
    if dump.wait() != 0:
        # psql commits at the end of its input: killed before that, its transaction is rolled back.
        psql.kill()
        psql.wait()
        raise CommandError(f"pg_restore could not read all of {path}; the database is unchanged: "
                           f"{dump_error.strip()[-2000:]}")
    with contextlib.suppress(BrokenPipeError):
        psql.stdin.close()
    psql_error = psql.stderr.read().decode(errors="replace")
    if psql.wait() != 0:
        raise CommandError(f"Restore failed, the database is unchanged: {psql_error.strip()[-2000:]}")
