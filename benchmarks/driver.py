"""The benchmark driver that scripts/bench runs once per data size, against a database it has loaded.

    python -m benchmarks.driver --scale 0.01 --port 8123 --out var/bench/0.01.json [--rounds 30]

Runs with DJANGO_SETTINGS_MODULE=alert4you.settings.bench and DATABASE_URL set (by scripts/bench).
Gunicorn serves the app on 127.0.0.1:<port>; this process makes the second-factor-verified
sessions, then asks every page round-robin (one request per page per round, so the noise of a
shared machine falls on every page alike), after warm-up rounds. Each page's p50/p95 is set beside
the floor's p95: the ratio is the figure that means something on a busy machine, not the
milliseconds. The reminder sweep and EXPLAIN ANALYZE of the slowest queries run in-process.
"""

import argparse
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from datetime import timedelta


def setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alert4you.settings.bench")
    import django

    django.setup()


def percentile(values, p):
    ordered = sorted(values)
    if not ordered:
        return None
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def plan_pages():
    """[(page, role, path, cookie)] for every key page, as the role that uses it."""
    from django.conf import settings
    from django.db.models import Count
    from django.urls import NoReverseMatch, reverse

    from accounts.models import User
    from casework.models import Case
    from casework.selectors import TIMELINE_PAGE_SIZE
    from consent.links import link_token
    from consent.models import ConsentRequest
    from surveys.models import SurveyRound

    from .sessions import guardian_session_key, verified_session_key

    users = {u.username.split(".", 1)[1]: u for u in User.objects.filter(username__startswith="bench.")}
    cookie_name = settings.SESSION_COOKIE_NAME
    cookies = {role: f"{cookie_name}={verified_session_key(user)}" for role, user in users.items()}
    long_case = (Case.objects.filter(assigned_to=users["specialist"]).annotate(n=Count("events"))
                 .order_by("-n").first())
    request = ConsentRequest.objects.filter(child_id=long_case.child_id).order_by("pk").first()
    guardian_cookie = f"{cookie_name}={guardian_session_key(request)}"
    survey_round = SurveyRound.objects.order_by("pk").first()
    pages = [
        ("floor", "pmer", reverse("bench_floor"), cookies["pmer"]),
        ("home", "pmer", reverse("home"), cookies["pmer"]),
        ("request form", "pmer", reverse("casework:request_create"), cookies["pmer"]),
        ("case page (long)", "specialist", reverse("casework:detail", args=[long_case.pk]), cookies["specialist"]),
        ("case page (long)", "pmer", reverse("casework:detail", args=[long_case.pk]), cookies["pmer"]),
        # The timeline's last page (the oldest events), as far back as the page goes.
        ("case page (oldest events)", "specialist",
         reverse("casework:detail", args=[long_case.pk]) + f"?timeline={-(-long_case.n // TIMELINE_PAGE_SIZE)}",
         cookies["specialist"]),
        ("caseload", "specialist", reverse("casework:caseload"), cookies["specialist"]),
        ("child page", "pmer", reverse("children:detail", args=[long_case.child_id]), cookies["pmer"]),
        ("calendar month", "coordinator", reverse("scheduling:schedule"), cookies["coordinator"]),
        ("hour budgets", "coordinator", reverse("scheduling:budgets"), cookies["coordinator"]),
        ("notifications", "specialist", reverse("notifications:list"), cookies["specialist"]),
        ("audit view", "privacy_officer", reverse("audit:event_list"), cookies["privacy_officer"]),
        ("guardian consent", "guardian", reverse("consent:guardian", args=[link_token(request)]), guardian_cookie),
    ]
    if survey_round:
        pages.append(("survey analysis", "programme_coordinator",
                      reverse("surveys:analysis", args=[survey_round.pk]), cookies["programme_coordinator"]))
    for name in ("monitoring:dashboard", "monitoring:index", "monitoring:home", "monitoring:overview"):
        try:
            pages.append(("monitoring dashboard", "programme_coordinator", reverse(name),
                          cookies["programme_coordinator"]))
            break
        except NoReverseMatch:
            continue
    return pages


def fetch(base, path, cookie):
    req = urllib.request.Request(base + path, headers={"Cookie": cookie})  # noqa: S310 (http on loopback)
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=60) as response:  # noqa: S310 (loopback only)
            response.read()
            status, queries = response.status, response.headers.get("X-Bench-Queries")
    except urllib.error.HTTPError as error:
        error.read()
        status, queries = error.code, error.headers.get("X-Bench-Queries")
    return (time.perf_counter() - started) * 1000, status, int(queries) if queries else None


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def measure(base, pages, rounds, warmup):
    urllib.request.install_opener(urllib.request.build_opener(NoRedirect))
    times = {i: [] for i in range(len(pages))}
    info = {i: {"statuses": set(), "queries": set(), "timed_queries": Counter()} for i in range(len(pages))}
    for r in range(warmup + rounds):
        for i, (_page, _role, path, cookie) in enumerate(pages):
            ms, status, queries = fetch(base, path, cookie)
            info[i]["statuses"].add(status)
            if queries is not None:
                info[i]["queries"].add(queries)
            if r >= warmup:
                times[i].append(ms)
                if queries is not None:
                    info[i]["timed_queries"][queries] += 1
    return times, info


def measure_sweep(scale):
    """Time of outbox_sweep with 200 due reminders; again with 10x the non-due (future) rows."""
    from django.db import connection
    from django.utils import timezone

    from accounts.models import User
    from notifications.models import Outbox
    from notifications.services import outbox_sweep

    users = list(User.objects.filter(username__startswith="bench.").order_by("pk"))

    def due_rows(tag, n=200):
        now = timezone.now()
        Outbox.objects.bulk_create([
            Outbox(kind="case_news", object_key=f"sweep:{tag}:{i}", recipient=users[i % len(users)],
                   due_at=now - timedelta(minutes=1), url="/") for i in range(n)], batch_size=1000)

    def timed(tag):
        runs = []
        count = [0]

        def counter(execute, sql, params, many, context):
            count[0] += 1
            return execute(sql, params, many, context)

        for k in range(7):
            due_rows(f"{tag}{k}")
            count[0] = 0

            started = time.perf_counter()
            with connection.execute_wrapper(counter):
                outbox_sweep(limit=200)
            runs.append(((time.perf_counter() - started) * 1000, count[0]))
        # The fastest of seven: on a shared machine the others carry other processes' noise, not the sweep's.
        runs.sort()
        return runs[0]

    not_due = Outbox.objects.filter(state="pending", due_at__gt=timezone.now()).count()
    timed("warm")  # the first sweeps of a process pay for imports, templates and cold caches
    base_ms, base_q = timed("base")
    extra = max(not_due * 9, 1000)
    now = timezone.now()
    for start in range(0, extra, 20_000):
        Outbox.objects.bulk_create([
            Outbox(kind="visit_tomorrow", object_key=f"sweep:future:{i}", recipient=users[i % len(users)],
                   due_at=now + timedelta(days=1 + i % 60), url="/")
            for i in range(start, min(extra, start + 20_000))], batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE notifications_outbox")
    more_ms, more_q = timed("more")
    return {"page": "sweep", "scale": scale, "ratio": round(more_ms / base_ms, 2), "due": 200,
            "not_due_before": not_due, "not_due_after": not_due + extra, "baseline_ms": round(base_ms, 1),
            "ms_10x": round(more_ms, 1), "queries": base_q, "queries_10x": more_q}


def slowest_queries(pages, top=3):
    """The slowest SELECTs of the key pages (in-process, Django's test client), with EXPLAIN ANALYZE."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    found, per_page = [], []
    for page, role, path, cookie in pages:
        if page == "floor":
            continue
        client = Client()
        name, value = cookie.split("=", 1)
        client.cookies[name] = value
        try:
            client.get(path)
            with CaptureQueriesContext(connection) as ctx:
                client.get(path)
        except Exception as error:  # noqa: BLE001  (one page failing in-process must not lose the others)
            per_page.append({"page": page, "role": role, "queries": None, "sql_ms": 0, "top": [],
                             "error": repr(error)[:400]})
            continue
        for q in ctx.captured_queries:
            if q["sql"].lstrip().upper().startswith("SELECT"):
                found.append((float(q["time"]), page, role, q["sql"]))
        ranked = sorted(ctx.captured_queries, key=lambda q: float(q["time"]), reverse=True)
        per_page.append({"page": page, "role": role, "queries": len(ctx.captured_queries),
                         "sql_ms": round(sum(float(q["time"]) for q in ranked) * 1000, 1),
                         "top": [{"ms": round(float(q["time"]) * 1000, 1), "sql": q["sql"][:400]} for q in ranked[:3]]})
    found.sort(reverse=True)
    seen, result = set(), []
    for seconds, page, role, sql in found:
        key = sql[:300]
        if key in seen:
            continue
        seen.add(key)
        try:
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                plan = "\n".join(row[0] for row in cursor.fetchall())
        except Exception as error:  # noqa: BLE001
            plan = f"EXPLAIN failed: {error!r}"
        result.append({"page": page, "role": role, "ms": round(seconds * 1000, 2), "sql": sql, "plan": plan})
        if len(result) >= top:
            break
    return result, per_page


def locust(base, pages, seconds, users, csv_prefix, floor_only=False):
    # Named page and role, so the breakdown says which page the mix spent its time on.
    plan = [(f"{p} · {r}", path, cookie) for p, r, path, cookie in pages if (p == "floor") == floor_only]
    env = dict(os.environ, BENCH_LOCUST_PLAN=json.dumps(plan))
    locustfile = os.path.join(os.path.dirname(__file__), "locustfile.py")
    command = [sys.executable, "-m", "locust", "-f", locustfile, "--headless", "-u", str(users), "-r",
               str(users), "-t", f"{seconds}s", "--host", base, "--csv", csv_prefix, "--only-summary",
               "--stop-timeout", "5", "--exit-code-on-error", "0"]
    subprocess.run(command, env=env, check=False, stdout=subprocess.DEVNULL,  # noqa: S603 (our locustfile)
                   stderr=subprocess.DEVNULL, timeout=seconds + 60)
    import csv

    with open(csv_prefix + "_stats.csv", encoding="utf-8") as f:
        all_rows = list(csv.DictReader(f))
    row = next(r for r in all_rows if r["Name"] == "Aggregated")
    return {"requests": int(row["Request Count"]), "failures": int(row["Failure Count"]),
            "rps": round(float(row["Requests/s"]), 1), "p95_ms": float(row["95%"]), "p50_ms": float(row["50%"]),
            "by_page": time_shares([r for r in all_rows if r["Name"] != "Aggregated"])}


def time_shares(rows):
    """Per page of a locust run: requests, mean and p95, and its share of all the time the server spent
    answering, the largest first; a mix dominated by one slow page shows at the top."""
    spent = {r["Name"]: int(r["Request Count"]) * float(r["Average Response Time"] or 0) for r in rows}
    total = sum(spent.values()) or 1
    return sorted(({"page": r["Name"], "requests": int(r["Request Count"]),
                    "mean_ms": round(float(r["Average Response Time"] or 0), 1),
                    "p95_ms": float(r["95%"] or 0), "share": round(spent[r["Name"]] / total, 3)} for r in rows),
                  key=lambda r: r["share"], reverse=True)


def usual_queries(timed: Counter, seen: list):
    """The queries a page runs in most timed rounds (the larger on a tie). The session's idle clock is
    written at most every 30 s, one more query on whichever request comes then, and a kept figure is
    computed once, in warm-up: neither is what the page runs. Every count seen stays in queries_seen."""
    ranked = timed.most_common()
    if not ranked:
        return seen[-1] if seen else None
    return max(n for n, c in ranked if c == ranked[0][1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--locust-seconds", type=int, default=40)
    parser.add_argument("--locust-users", type=int, default=8)
    parser.add_argument("--explain", type=int, default=3)
    args = parser.parse_args()
    setup()
    base = f"http://127.0.0.1:{args.port}"
    pages = plan_pages()
    times, info = measure(base, pages, args.rounds, args.warmup)
    floor_p95 = percentile(times[0], 95)
    rows = []
    for i, (page, role, _path, _cookie) in enumerate(pages):
        p95 = percentile(times[i], 95)
        queries = sorted(info[i]["queries"])
        usual = usual_queries(info[i]["timed_queries"], queries)
        rows.append({"page": page, "role": role, "scale": args.scale, "queries": usual,
                     "p50_ms": round(percentile(times[i], 50), 1), "p95_ms": round(p95, 1),
                     "floor_p95_ms": round(floor_p95, 1), "ratio_p95": round(p95 / floor_p95, 1),
                     "statuses": sorted(info[i]["statuses"]), "queries_seen": queries})
    extra = {}
    try:
        rows.append(measure_sweep(args.scale))
    except Exception as error:  # noqa: BLE001  (a broken sweep must not lose the page figures)
        extra["sweep_error"] = repr(error)
    # Whatever fails after the page timings is recorded in `extra`, never loses them.
    if args.locust_seconds:
        prefix = os.path.splitext(args.out)[0]
        try:
            extra["locust_mix"] = locust(base, pages, args.locust_seconds, args.locust_users, prefix + "-locust-mix")
            extra["locust_floor"] = locust(base, pages, max(15, args.locust_seconds // 2), args.locust_users,
                                           prefix + "-locust-floor", floor_only=True)
        except Exception as error:  # noqa: BLE001
            extra["locust_error"] = repr(error)
    if args.explain:
        try:
            extra["explain"], extra["pages_sql"] = slowest_queries(pages, args.explain)
        except Exception as error:  # noqa: BLE001
            extra["explain_error"] = repr(error)
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump({"rows": rows, "extra": extra}, f, indent=1, default=str)


if __name__ == "__main__":
    main()
