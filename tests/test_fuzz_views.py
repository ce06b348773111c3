"""Property-based tests over every view's query parameters and every form's fields (issue 12).

Every URL of the URL conf is opened by every role that may open it (tests/fuzz/routes.py says
who, and with which real objects of the demo data); then
- every query parameter the view reads, its GET forms' fields, its links' parameters and a list of
  common names get hostile values ("²", "9999-12", "99999999999999999999", NUL, 5,000 digits, ...),
  the fixed ones each and hypothesis's mixtures;
- every field of every <form method=post> on the page gets hostile values for its type (dates in
  2999 and 0001, "31-02-2026", "1,5", "1e309", 100,000 characters, invalid choices, left out).
No response may be a server error or an exception; a refused POST must leave every table as it
was (audit trail and login bookkeeping aside), and what an accepted POST saved must not break the
page it leads to, the page the form was on, or the professional's calendar feed.

Each request runs in a savepoint that is rolled back, so every one meets the same world. The
demo data is loaded once for the module (about 20 s); the whole module takes a few minutes.
A URL with no entry in the map fails test_every_url_is_covered: a new view must be added there.
"""

import json
import logging
import time
from collections import Counter
from dataclasses import asdict
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import override_settings
from django.urls import resolve

from accounts.access import access_rule_of
from tests.fuzz.crawl import crawl, url_conf
from tests.fuzz.engine import content_tables, install_recorder, snapshot, url_name_of, writes
from tests.fuzz.fuzzers import Tally, fuzz_form, fuzz_query
from tests.fuzz.html_forms import Form
from tests.fuzz.world import build_world

URL_NAMES = sorted(url_conf())
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "fuzz"


@pytest.fixture(scope="module")
def fuzz(django_db_setup, django_db_blocker, tmp_path_factory, request):
    """The demo world and the crawl, for the whole module, inside one transaction rolled back at its end."""
    mp = pytest.MonkeyPatch()
    install_recorder(mp)
    # Thousands of refused requests: their 4xx warnings would bury a failure's output.
    for name in ("django.request", "django.security", "axes"):
        mp.setattr(logging.getLogger(name), "level", logging.CRITICAL)
    media = tmp_path_factory.mktemp("fuzz-media")
    started = time.monotonic()
    with override_settings(DEMO_MAILBOX=True, EMAIL_BACKEND="demo.backends.MailboxBackend", MEDIA_ROOT=media), \
            django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            world = build_world()
            loaded = time.monotonic()
            state = crawl(world)
            state.tally = Tally()
            state.tally.findings.extend(state.findings)
            state.tables = set(content_tables())
            state.snapshot = snapshot(sorted(state.tables))
            state.load_seconds = loaded - started
            state.forms_done = set()
            yield state
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            mp.undo()
    _report(state, time.monotonic() - started, request)


@pytest.fixture
def fresh(fuzz, db):
    """Clients logged in anew for each test (sessions end after 15 idle minutes)."""
    cache.clear()
    clients = {}

    def client(actor):
        if actor not in clients:
            clients[actor] = fuzz.world.actors[actor].client()
        return clients[actor]

    return client


def test_every_url_is_covered(fuzz, db):
    """Every URL is in the map and opened by at least one of its actors with a real object (an admin
    page of a model without rows aside); the demo data loads."""
    problems = [f"not in tests/fuzz/routes.py: {name}" for name in fuzz.unmapped]
    opened = {cell.url_name for cell in fuzz.cells}
    problems += sorted({f"no object to open {name} with (as {actor}: {why})" for name, actor, why in fuzz.no_objects
                        if name not in opened and not name.startswith("admin:")})
    problems += [f"world: {problem}" for problem in fuzz.world.problems if problem.startswith("load_demo_data")]
    assert not problems, "\n".join(problems)


def test_a_refusal_that_writes_would_be_seen(fuzz, db):
    """The check on refused POSTs reads PostgreSQL's per-transaction write counters: they must see
    a row written inside a savepoint, as a view's would be."""
    from notifications.models import Notification

    with transaction.atomic():
        before = writes(fuzz.tables)
        Notification.objects.filter(pk=Notification.objects.order_by("pk").first().pk).update(url="/x/")
        after = writes(fuzz.tables)
        transaction.set_rollback(True)
    assert after["notifications_notification"] > before.get("notifications_notification", 0)


@pytest.mark.parametrize("url_name", URL_NAMES)
def test_query_parameters(fuzz, fresh, url_name):
    before, started = len(fuzz.tally.findings), time.monotonic()
    for cell in fuzz.cells_of(url_name):
        if cell.probe.status == 405:
            continue  # a POST-only view: its form is fuzzed in test_form_fields
        fuzz_query(cell, fresh(cell.actor), fuzz.tally)
    fuzz.tally.seconds[f"GET {url_name}"] += time.monotonic() - started
    found = [f.line() for f in fuzz.tally.findings[before:]]
    found += [f.line() for f in fuzz.findings if f.url_name == url_name]
    assert not found, "\n".join(found)


@pytest.mark.parametrize("url_name", URL_NAMES)
def test_form_fields(fuzz, fresh, url_name):
    """Every form that posts to this URL, from whichever page it is on, as each actor who sees it."""
    before, started = len(fuzz.tally.findings), time.monotonic()
    for cell in fuzz.cells:
        for form in cell.page.forms:
            if form.method != "post" or url_name_of(form.action) != url_name:
                continue
            # A form of a view for any logged-in user (language, logout) is the same for every role.
            rule = access_rule_of(resolve(form.action).func)
            who = cell.actor if isinstance(rule, tuple) else "any"
            signature = (url_name, who, tuple(form.names()), tuple(n for n, _ in form.submits))
            if signature in fuzz.forms_done:
                continue
            fuzz.forms_done.add(signature)
            feeds = [f"/schedule/feed/{token}.ics" for key, token in fuzz.world.tokens.items()
                     if key == f"feed_{cell.actor}"]
            if url_name.startswith("admin:"):  # Django's own forms: a lighter touch
                fuzz_form(form, cell, fresh(cell.actor), fuzz.tally, fuzz.tables, feeds, examples=2, budget=12,
                          follow=False)
            else:
                fuzz_form(form, cell, fresh(cell.actor), fuzz.tally, fuzz.tables, feeds)
    if not any(sig[0] == url_name for sig in fuzz.forms_done):
        # A view that takes POST but whose form no crawled page shows (a path that cannot be closed
        # yet, a link that has not expired): posted blind, empty, as each actor that reached it.
        for cell in fuzz.cells_of(url_name):
            if cell.probe.status == 405:
                fuzz.forms_done.add((url_name, cell.actor, (), ()))
                fuzz_form(Form(method="post", action=cell.path), cell, fresh(cell.actor), fuzz.tally, fuzz.tables)
    fuzz.tally.seconds[f"POST {url_name}"] += time.monotonic() - started
    found = [f.line() for f in fuzz.tally.findings[before:]]
    assert not found, "\n".join(found)


def test_the_world_is_as_it_was(fuzz, db):
    """Last: thousands of requests later, every table holds what it held after the demo data loaded
    (each request's savepoint was rolled back; nothing may have escaped it, e.g. another connection)."""
    after = snapshot(sorted(fuzz.tables))
    assert sorted(t for t in after if after[t] != fuzz.snapshot.get(t)) == []


def _report(state, seconds, request):
    tally = getattr(state, "tally", None)
    if tally is None:
        return
    by_url = Counter(url for url, _actor, _param in tally.cells)
    lines = [
        f"fuzz: {len(tally.cells)} (url, role, parameter/field) cells over {len(by_url)} URLs, "
        f"{len(state.cells)} opened pages, {state.requests + tally.requests} requests, {seconds:.0f} s "
        f"(demo data {state.load_seconds:.0f} s, crawl {state.seconds:.0f} s)",
        f"fuzz: {len(tally.findings)} findings",
        "fuzz: responses: " + ", ".join(f"{method} {status}: {count}" for (method, status), count
                                        in sorted(tally.statuses.items(), key=lambda kv: str(kv[0]))),
        "fuzz: slowest: " + ", ".join(f"{name} {sec:.0f} s" for name, sec in tally.seconds.most_common(8)),
    ]
    lines += [f"  {finding.line()}" for finding in tally.findings]
    if state.world.problems:
        lines.append("fuzz: could not be made in the world:")
        lines += [f"  {problem}" for problem in state.world.problems]
    if state.no_objects:
        lines.append("fuzz: (url, actor) without an object to open it with:")
        lines += [f"  {name} as {actor}: {why}" for name, actor, why in state.no_objects]
    if state.unopened:
        lines.append("fuzz: pages no candidate object opened for (their refusal was fuzzed instead):")
        lines += [f"  {name} as {actor}: {status}" for name, actor, status in state.unopened]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "summary.txt").write_text("\n".join(lines) + "\n")
    (ARTIFACTS / "seconds.tsv").write_text("".join(f"{name}\t{sec:.1f}\n" for name, sec in tally.seconds.most_common()))
    (ARTIFACTS / "findings.json").write_text(json.dumps([asdict(f) for f in tally.findings], indent=1))
    cells = "\n".join(f"{url}\t{actor}\t{param}" for url, actor, param in sorted(tally.cells))
    (ARTIFACTS / "cells.tsv").write_text(cells + "\n")
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line("")
        for line in lines[:90]:
            reporter.write_line(line)
