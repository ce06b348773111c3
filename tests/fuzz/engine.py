"""Sending the requests: one savepoint each (rolled back), the query parameters a view reads,
the database's content before and after, and what counts as a finding."""

import sys
import traceback
from copy import deepcopy
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.core.handlers.wsgi import WSGIRequest
from django.db import connection, transaction
from django.http import QueryDict
from django.urls import Resolver404, resolve
from django.utils.functional import cached_property

from accounts.access import access_rule_of

from .routes import ALL_ROLES

ROOT = Path(__file__).resolve().parents[2]

# Whose code it is, by the top-level package of the failing frame (HELPERS.md, ownership).
OWNERS = {
    "consent": "guardian", "notifications": "guardian",
    "casework": "casework", "children": "casework",
    "observations": "visits", "safeguarding": "visits", "organisations": "visits",
    "scheduling": "scheduling", "demo": "scheduling",
    "accounts": "platform", "audit": "platform", "surveys": "platform", "alert4you": "platform",
    "idempotency": "lead", "templates": "platform",
}

# Tables a refused request may write to and still have "saved nothing": the audit trail (a page
# view is logged), sessions, login throttling and the second factor's throttling counters, the
# guardian link's wrong-answer counter, the resubmission guard's memory.
BOOKKEEPING_PREFIXES = ("django_session", "audit_", "axes_", "otp_", "django_otp_webauthn", "idempotency_",
                        "consent_linklock", "accounts_securityevent", "accounts_trusteddevice")

KNOWN_QUERY_PARAMS = ["month", "year", "district", "group", "location", "provider", "professional", "date_from",
                      "date_to", "page", "q", "half", "week", "state", "kind", "status", "role", "sort", "o",
                      "next", "lang", "municipality", "user", "action", "child", "case", "format", "day"]

# --- which query parameters a view reads ----------------------------------------------------------

READ_KEYS: set = set()


class RecordingQueryDict(QueryDict):
    """request.GET that notes every key the view (or a form bound to it) asks for."""

    def __getitem__(self, key):
        READ_KEYS.add(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        READ_KEYS.add(key)
        return super().get(key, default)

    def getlist(self, key, default=None):
        READ_KEYS.add(key)
        return super().getlist(key, default)

    def __contains__(self, key):
        READ_KEYS.add(key)
        return super().__contains__(key)


def _recording_get(self):
    from django.core.handlers.wsgi import get_bytes_from_wsgi

    return RecordingQueryDict(get_bytes_from_wsgi(self.environ, "QUERY_STRING", ""), encoding=self._encoding)


def install_recorder(monkeypatch):
    prop = cached_property(_recording_get)
    prop.__set_name__(WSGIRequest, "GET")
    monkeypatch.setattr(WSGIRequest, "GET", prop)


# --- the database's content ------------------------------------------------------------------------

def content_tables():
    tables = set()
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        if model._meta.managed and not model._meta.proxy and not table.startswith(BOOKKEEPING_PREFIXES):
            tables.add(table)
    return sorted(tables)


def snapshot(tables) -> dict:
    """table -> hash of all its rows (slow: for a check of the world as a whole, not per request)."""
    q = connection.ops.quote_name
    # Table names come from the models, not from a request.
    parts = [f"SELECT '{t}', (SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) FROM {q(t)} x)"  # noqa: S608
             for t in tables]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts))
        return dict(cursor.fetchall())


def writes(tables) -> dict:
    """table -> rows inserted, updated and deleted so far in this transaction (PostgreSQL's own
    per-transaction counters): a refused request must not raise any of them. Cheaper than hashing
    every table, and stricter: it also sees a row saved again with the same values."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_xact_user_tables")
        return {table: count for table, count in cursor.fetchall() if table in tables}


# --- findings -----------------------------------------------------------------------------------

@dataclass
class Finding:
    kind: str  # "server error", "exception", "changed data on a refused POST"
    url_name: str
    path: str
    actor: str
    method: str
    param: str
    value: str
    status: int | None
    last_line: str
    owner: str
    where: str = ""

    def key(self):
        return (self.kind, self.url_name, self.actor, self.method, self.param, self.last_line)

    def line(self):
        return (f"{self.kind}: {self.method} {self.path} ({self.url_name}) as {self.actor}, {self.param}={self.value}"
                f" -> {self.status}: {self.last_line} [{self.owner}{', ' + self.where if self.where else ''}]")


def short(value, limit=60):
    text = repr(value)
    return text if len(text) <= limit else f"{text[:limit]}... ({len(str(value))} chars)"


def owner_of(url_name: str, exc: BaseException | None) -> tuple[str, str]:
    """The helper who owns the failing code: the deepest project frame of the traceback, else the view."""
    if exc is not None:
        for frame in reversed(traceback.extract_tb(exc.__traceback__)):
            path = Path(frame.filename)
            try:
                relative = path.resolve().relative_to(ROOT)
            except ValueError:
                continue
            if relative.parts[0] in (".venv", "tests"):
                continue
            return OWNERS.get(relative.parts[0], "platform"), f"{relative}:{frame.lineno}"
    try:
        module = resolve_name(url_name)
    except Exception:  # noqa: BLE001
        module = ""
    return OWNERS.get(module.split(".")[0], "platform"), ""


def resolve_name(url_name):
    from django.urls import get_resolver

    from tests.test_access_rules import all_patterns

    for pattern, namespaces in all_patterns(get_resolver()):
        if ":".join([*namespaces, pattern.name or ""]) == url_name:
            return pattern.callback.__module__
    return ""


# --- sending ------------------------------------------------------------------------------------

@dataclass
class Outcome:
    status: int | None
    exc: BaseException | None
    location: str = ""
    html: str = ""
    content_type: str = ""
    reads: set = field(default_factory=set)
    changed: list = field(default_factory=list)
    after: list = field(default_factory=list)  # outcomes of the pages opened after an accepted POST


REFUSED = {200, 400, 403, 404, 405, 409, 410, 422, 429}


def send(client, method, path, data=None, *, tables=None, then_open=(), follow=True):
    """One request in a savepoint that is rolled back, so every request meets the same world.

    `tables`: for a POST, the tables a refusal must not write to. `then_open`: paths to open after
    an accepted POST (what was saved must not break the pages that show it)."""
    cookies = deepcopy(client.cookies)
    READ_KEYS.clear()
    outcome = Outcome(None, None)
    with transaction.atomic():
        if method == "POST" and tables is not None:
            before = writes(tables)
        try:
            response = client.get(path, data or {}) if method == "GET" else client.post(path, data or {})
            outcome.status = response.status_code
            outcome.location = response.get("Location", "")
            outcome.content_type = response.get("Content-Type", "")
            body = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
            if "html" in outcome.content_type:
                outcome.html = body.decode("utf-8", "replace")
        except Exception as exc:  # noqa: BLE001 - a view's exception is the finding
            outcome.exc = exc
        outcome.reads = set(READ_KEYS)
        if outcome.exc is None and method == "POST":
            if outcome.status in REFUSED and tables is not None:
                after = writes(tables)
                outcome.changed = sorted(t for t in after if after[t] != before.get(t, 0))
            elif outcome.status in (301, 302, 303) and follow:
                for target in [outcome.location, *then_open]:
                    if target and target.startswith("/") and not target.startswith("/login/"):
                        outcome.after.append((target, _open_after(client, target)))
        transaction.set_rollback(True)
    client.cookies = cookies
    return outcome


def _open_after(client, target):
    try:
        with transaction.atomic():
            response = client.get(target)
            if getattr(response, "streaming", False):
                b"".join(response.streaming_content)
            return response.status_code, None
    except Exception as exc:  # noqa: BLE001
        return None, exc


def failed(outcome: Outcome) -> bool:
    return outcome.exc is not None or (outcome.status or 0) >= 500


def last_line(exc, status):
    if exc is None:
        return f"status {status}"
    lines = traceback.format_exception_only(type(exc), exc)
    return lines[-1].strip()[:300]


def url_name_of(path: str) -> str:
    try:
        match = resolve(path)
    except Resolver404:
        return ""
    return match.view_name


def actors_for(url_name, route, callback):
    if route.actors is not None:
        return list(route.actors) + list(route.extra_actors)
    rule = access_rule_of(callback)
    if isinstance(rule, tuple) and rule[0] == "roles":
        actors = [r for r in ALL_ROLES if r in {str(x) for x in rule[1]}]
    elif rule == "authenticated":
        actors = list(ALL_ROLES)
    elif rule == "second_factor_step":
        actors = ["unverified"]
    else:
        actors = ["anonymous"]
    return actors + [a for a in route.extra_actors if a not in actors]


def log(*args):
    print(*args, file=sys.stderr)
