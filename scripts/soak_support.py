"""Helpers of scripts/soak (and anyone who loads the app from outside): sessions that passed both factors,
and memory samples of running processes.

    python scripts/soak_support.py sessions OUT.json   # Django configured by the environment
    python scripts/soak_support.py sample OUT.csv SECONDS web=PID worker=PID ...

A load run cannot type TOTP codes for hundreds of logins (and the login throttle would rightly stop it),
so the soak writes sessions as django_otp.login leaves them: the user's auth keys, her TOTP device as the
verified factor and the timestamps the session timeout middleware reads. Load runs only; never the app.
"""

import contextlib
import json
import os
import secrets
import sys
import time
from pathlib import Path

ROOT = Path(os.environ.get("PYTHONPATH", "").split(":")[0] or Path(__file__).resolve().parent.parent)
SOAK_ROLES = ("childcare_worker", "specialist", "youth_nurse", "coordinator")


def verified_session_key(user) -> str:
    """A session in which `user` logged in with her password and her TOTP app, as the login views leave it."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="soak", key=secrets.token_hex(20), confirmed=True)
    now = int(time.time())
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session["login_at"] = now
    session["last_seen"] = now
    session.set_expiry(settings.SESSION_COOKIE_AGE)
    session.create()
    return session.session_key


def sessions(roles=SOAK_ROLES) -> list[dict]:
    """One verified session per active user with one of `roles` (demo data: a few per role)."""
    from accounts.models import Membership

    rows, seen = [], set()
    for membership in Membership.objects.filter(role__in=roles, user__is_active=True).select_related("user"):
        if membership.user_id in seen:
            continue
        seen.add(membership.user_id)
        rows.append({"role": membership.role, "username": membership.user.username,
                     "session": verified_session_key(membership.user)})
    return rows


def rss_kib(pid: int) -> int:
    """Resident memory of a process and all its descendants (gunicorn and Celery fork workers)."""
    total = 0
    for p in [pid, *descendants(pid)]:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except (FileNotFoundError, ProcessLookupError):
            pass
    return total


def descendants(pid: int) -> list[int]:
    children = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(FileNotFoundError):
            children += [int(c) for c in (task / "children").read_text().split()]
    return [c for child in children for c in (child, *descendants(child))]


def sample(out: str, seconds: float, named_pids: dict[str, int]):
    """Every `seconds`, a line `elapsed_s,name,rss_kib` per process tree, until they are gone or we are stopped."""
    start = time.monotonic()
    with open(out, "a", buffering=1) as f:
        while True:
            alive = False
            for name, pid in named_pids.items():
                if Path(f"/proc/{pid}").exists():
                    alive = True
                    f.write(f"{int(time.monotonic() - start)},{name},{rss_kib(pid)}\n")
            if not alive:
                return
            time.sleep(seconds)


def main(argv):
    if argv[1] == "sessions":
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        Path(argv[2]).write_text(json.dumps(sessions()))
    elif argv[1] == "sample":
        sample(argv[2], float(argv[3]), {k: int(v) for k, v in (a.split("=") for a in argv[4:])})
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    os.chdir(ROOT)
    main(sys.argv)
