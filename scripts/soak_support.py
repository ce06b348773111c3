"""Helpers of scripts/soak (and anyone who loads the app from outside): sessions that passed both factors,
and memory samples of running processes.

    python scripts/soak_support.py sessions OUT.json   # Django configured by the environment
    python scripts/soak_support.py reminders MINUTES | reminders-check
    python scripts/soak_support.py sample OUT.csv SECONDS web=PID worker=PID ...

A load run cannot type TOTP codes for hundreds of logins (and the login throttle would rightly stop it),
so the soak writes sessions as django_otp.login leaves them (benchmarks.sessions, shared with scripts/bench):
the user's auth keys, her TOTP device as the verified factor and the timestamps the session timeout
middleware reads. Load runs only; never the app.
"""

import contextlib
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(os.environ.get("PYTHONPATH", "").split(":")[0] or Path(__file__).resolve().parent.parent)
SOAK_ROLES = ("childcare_worker", "specialist", "youth_nurse", "coordinator")


def sessions(roles=SOAK_ROLES) -> list[dict]:
    """One verified session per active user with one of `roles` (demo data: a few per role)."""
    # The bench makes its sessions the same way: one copy of how a two-factor login leaves a session.
    from accounts.models import Membership
    from benchmarks.sessions import verified_session_key

    rows, seen = [], set()
    for membership in Membership.objects.filter(role__in=roles, user__is_active=True).select_related("user"):
        if membership.user_id in seen:
            continue
        seen.add(membership.user_id)
        rows.append({"role": membership.role, "username": membership.user.username,
                     "session": verified_session_key(membership.user)})
    return rows


def reminders_enqueue(minutes: int) -> int:
    """A reminder for every soak user falling due each minute of the run, so beat's sweep and the worker
    deliver real work while the pages are loaded; `reminders_check` counts them afterwards."""
    from datetime import timedelta

    from django.db import transaction
    from django.utils import timezone

    from accounts.models import User
    from notifications.models import Kind
    from notifications.services import notification_enqueue

    start = timezone.now().replace(second=0, microsecond=0)
    made = 0
    with transaction.atomic():
        for user in User.objects.filter(memberships__role__in=SOAK_ROLES, is_active=True).distinct():
            for minute in range(minutes + 1):
                made += notification_enqueue(kind=Kind.CASE_NEWS, recipient=user, due_at=start + timedelta(
                    minutes=minute), key=f"soak:{minute}", url="/notifications/")
    return made


def reminders_check() -> str:
    """Each soak reminder that fell due was delivered once: sent, with exactly one in-app notification."""
    from datetime import timedelta

    from django.db.models import Count
    from django.utils import timezone

    from notifications.models import Notification, Outbox

    soak = Outbox.objects.filter(object_key__startswith="soak:")
    states = dict(soak.values_list("state").annotate(n=Count("pk")))
    late = soak.filter(due_at__lt=timezone.now() - timedelta(minutes=2)).exclude(state="sent").count()
    in_app = Notification.objects.filter(outbox__in=soak).count()
    doubles = (Notification.objects.filter(outbox__in=soak).values("outbox").annotate(n=Count("pk"))
               .filter(n__gt=1).count())
    ok = late == 0 and doubles == 0 and in_app == states.get("sent", 0)
    return (f"reminders {states}; in-app {in_app}; more than 2 min past due and not sent {late}; "
            f"sent twice {doubles}: {'each delivered once' if ok else 'NOT DELIVERED ONCE'}")


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
    elif argv[1] in ("reminders", "reminders-check"):
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        print(f"{reminders_enqueue(int(argv[2]))} reminders due over the run" if argv[1] == "reminders"
              else reminders_check())
    elif argv[1] == "sample":
        sample(argv[2], float(argv[3]), {k: int(v) for k, v in (a.split("=") for a in argv[4:])})
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    os.chdir(ROOT)
    main(sys.argv)
