"""Stopping and starting the suite's throwaway PostgreSQL and Redis from a test (scripts/test starts them).

scripts/test keeps everything of a run in one temporary folder: ALERT4YOU_VAR_DIR is its var/, the
PostgreSQL cluster lives in its pg/data. Only that cluster is touched, never a server we did not start.
"""

import glob
import os
import subprocess
from pathlib import Path

from django.conf import settings


def pg_data_dir() -> Path | None:
    var_dir = os.environ.get("ALERT4YOU_VAR_DIR", "")
    data = Path(var_dir).parent / "pg" / "data" if var_dir else None
    if data is None or not (data / "postmaster.pid").exists():
        return None
    return data


def pg_ctl() -> str:
    return sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))[-1]


def _as_postgres(command):
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    # No pipes: the server pg_ctl starts would inherit them and the call would wait for it to end.
    return subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,  # noqa: S603
                          timeout=120)


def pg_restart():
    """A fast restart (what a failover or a package upgrade does): every open connection is cut."""
    data = pg_data_dir()
    _as_postgres([pg_ctl(), "-D", str(data), "-l", str(data.parent / "server.log"), "restart", "-m", "fast",
                  "-w", "-t", "60"])


def suite_has_postgres():
    return settings.DATABASES["default"]["ENGINE"].endswith("postgresql") and pg_data_dir() is not None
