"""The authorization matrix (issue 15, item 3): every URL of the URL conf x every actor x own and
others' objects, each answered as tests/authz/matrix.py says.

Actors: the eight professional roles (Hoogeveen), a guardian who passed her link's date-of-birth
step, an anonymous visitor and a professional who typed only her password. Columns: see
tests/authz/objects.py. A URL without a row fails test_every_url_has_a_row; the run prints
"authorization matrix: N cells checked". Each request runs in a savepoint that is rolled back
(tests/fuzz/engine.py: send), so a POST changes nothing for the next cell.

One test per URL checks its cells; a cell the table marks as a known product gap (xfail, with the
owner who fixes it) is a test of its own, xfail(strict=True), so it turns red once fixed and the
table must then lose its mark.
"""

import json
import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from tests.fuzz.crawl import admin_route, url_conf
from tests.fuzz.engine import send

from . import conftest
from .matrix import ADMIN_ROW, MATRIX
from .table import ACTORS

URL_NAMES = sorted(url_conf())
OBSERVE = os.environ.get("AUTHZ_OBSERVE")  # a file: record what the app answers instead of checking


def row_of(url_name):
    if url_name in MATRIX:
        return MATRIX[url_name]
    if url_name.startswith("admin:"):
        return ADMIN_ROW
    return None


def _checked_urls():
    for url_name in URL_NAMES:
        if row_of(url_name) is None:
            continue
        if url_name.startswith("admin:") and url_name not in MATRIX:
            route = admin_route(url_name)
            if route is None or route.limit == 0:
                continue  # view_on_site: a redirect to the object's own page, checked there
        yield url_name


def _gaps():
    for url_name in _checked_urls():
        for (actor, column), reason in sorted(row_of(url_name).xfail.items()):
            yield pytest.param(url_name, actor, column, id=f"{url_name}|{actor}|{column}",
                               marks=pytest.mark.xfail(strict=True, reason=reason))


def test_every_url_has_a_row():
    missing = [name for name in URL_NAMES if row_of(name) is None]
    assert not missing, "no row in tests/authz/matrix.py for: " + ", ".join(missing)


def test_the_table_names_only_urls_that_exist():
    assert sorted(set(MATRIX) - set(URL_NAMES)) == []


def classify(status, location):
    if status in (301, 302, 303):
        path = urlsplit(location).path
        if path == reverse("login"):
            return "login"
        if path == reverse("second_factor_verify"):
            return "2fa"
        if path == reverse("admin:login"):
            return "admin-login"
        return "redirect"
    return str(status)


def _objects(authz_world, url_name, row, column):
    if url_name.startswith("admin:"):
        route = admin_route(url_name)
        admin = authz_world.world.user("functional_administrator")
        return route.kwargs(authz_world.world, admin) if route.kwargs else [{}]
    return authz_world.objects(row.kind, column)


def answer(authz_world, url_name, actor, column):
    """What the app answers this actor for this column's object, as an outcome of tests/authz/table.py;
    None when the world has no such object."""
    row = row_of(url_name)
    candidates = _objects(authz_world, url_name, row, column)
    if not candidates:
        return None, ""
    path = reverse(url_name, kwargs=candidates[0])
    outcome = send(authz_world.client(actor), row.method, path, follow=False)
    if outcome.exc is not None:
        return f"exception {outcome.exc!r}", path
    got = classify(outcome.status, outcome.location)
    if got == "200" and url_name.startswith("consent:guardian") and 'name="date_of_birth"' in outcome.html:
        got = "dob"
    return got, path


_observed = {}


@pytest.fixture(scope="module", autouse=True)
def _write_observed():
    yield
    if OBSERVE:
        Path(OBSERVE).write_text(json.dumps(_observed, indent=1))


@pytest.mark.parametrize("url_name", list(_checked_urls()))
def test_url(authz_world, db, url_name):
    row = row_of(url_name)
    wrong, missing = [], []
    for actor in ACTORS:
        for column in row.columns:
            if (actor, column) in row.xfail and not OBSERVE:
                continue
            got, path = answer(authz_world, url_name, actor, column)
            if got is None:
                if url_name.startswith("admin:"):
                    continue  # an admin page of a model without rows
                missing.append(column)
                continue
            if OBSERVE:
                _observed.setdefault(url_name, {"kind": row.kind, "method": row.method, "cells": {}})
                _observed[url_name]["cells"].setdefault(actor, {})[column] = got
                continue
            conftest.CELLS["checked"] += 1
            expected = row.expected(actor, column)
            if got != expected:
                wrong.append(f"{row.method} {path} as {actor} ({column}): {got}, the table says {expected}")
    assert not [c for c in missing if c in ("own", "-")], f"the world has no object for {url_name}: {missing}"
    conftest.CELLS["without an object"] += len(missing)
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(("url_name", "actor", "column"), list(_gaps()))
def test_known_gap(authz_world, db, url_name, actor, column):
    """A cell where the product does not (yet) do what the table says; see the reason for who fixes it."""
    conftest.CELLS["checked"] += 1
    conftest.CELLS["known gaps"] += 1
    got, path = answer(authz_world, url_name, actor, column)
    expected = row_of(url_name).expected(actor, column)
    assert got == expected, f"{path} as {actor} ({column}): {got}, the table says {expected}"
