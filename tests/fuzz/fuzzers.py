"""The two fuzzers: query parameters (GET) and form fields (POST), per crawled cell.

Findings are collected, not raised, so that hypothesis does not shrink and one run lists every
failure; the tests assert the list is empty.
"""

import os
from collections import Counter
from dataclasses import dataclass, field

from django.core.cache import cache
from hypothesis import HealthCheck, given, settings

from .engine import KNOWN_QUERY_PARAMS, Finding, failed, last_line, owner_of, send, short, url_name_of
from .values import ADMIN_QUERY_VALUES, QUERY_VALUES, fixed_values_for, form_strategy, query_strategy

SKIPPED_FIELDS = {"csrfmiddlewaretoken"}
# FUZZ_SCALE=4 scripts/test tests/test_fuzz_views.py: four times the examples, for a longer hunt.
SCALE = float(os.environ.get("FUZZ_SCALE", "1"))


def scaled(number):
    return max(1, round(number * SCALE))


def hypothesis_settings(examples):
    return settings(max_examples=examples, deadline=None, database=None, derandomize=True, print_blob=False,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                           HealthCheck.filter_too_much, HealthCheck.data_too_large])


@dataclass
class Tally:
    cells: set = field(default_factory=set)  # (url name, actor, parameter or field)
    requests: int = 0
    seconds: Counter = field(default_factory=Counter)  # url name -> seconds spent on it
    statuses: Counter = field(default_factory=Counter)  # (method, status) -> requests
    findings: list = field(default_factory=list)
    seen: set = field(default_factory=set)

    def add(self, finding: Finding):
        if finding.key() not in self.seen:
            self.seen.add(finding.key())
            self.findings.append(finding)


def _check(tally, outcome, *, url_name, path, actor, method, param, value):
    if failed(outcome):
        owner, where = owner_of(url_name, outcome.exc)
        tally.add(Finding("server error" if outcome.exc is None else "exception", url_name, path, actor, method,
                          param, short(value), outcome.status, last_line(outcome.exc, outcome.status), owner, where))
        return True
    if outcome.changed:
        owner, _ = owner_of(url_name, None)
        tally.add(Finding("changed data on a refused POST", url_name, path, actor, method, param, short(value),
                          outcome.status, "changed: " + ", ".join(outcome.changed), owner))
        return True
    for target, (status, exc) in outcome.after:
        if exc is not None or (status or 0) >= 500:
            owner, where = owner_of(url_name_of(target.split("?")[0]), exc)
            tally.add(Finding("saved value breaks a page", url_name, path, actor, method, param, short(value),
                              status, f"GET {target}: {last_line(exc, status)}", owner, where))
            return True
    return False


# --- GET ----------------------------------------------------------------------------------------

def _get_forms(cell):
    return [form for form in cell.page.forms if form.method == "get" and form.action == cell.path]


def fuzz_query(cell, client, tally, examples=6):
    """Every query parameter the view reads (seen when it ran), its GET forms' fields and its links'
    parameters get each fixed hostile value; hypothesis then mixes them with the known parameter names."""
    forms = _get_forms(cell)
    real = set(cell.probe.reads) | set(cell.page.link_params)
    for form in forms:
        real |= set(form.names())
    real -= SKIPPED_FIELDS
    done = set()

    def one(data, param, value):
        cache.clear()
        outcome = send(client, "GET", cell.path, data)
        tally.requests += 1
        tally.statuses["GET", outcome.status] += 1
        new = outcome.reads - done - SKIPPED_FIELDS
        _check(tally, outcome, url_name=cell.url_name, path=cell.path, actor=cell.actor, method="GET",
               param=param, value=value)
        return outcome, new

    queue = sorted(real)
    while queue:
        param = queue.pop(0)
        if param in done:
            continue
        done.add(param)
        tally.cells.add((cell.url_name, cell.actor, param))
        defaults = next((form.defaults() for form in forms if param in form.names()), {})
        defaults = {k: v for k, v in defaults.items() if k not in SKIPPED_FIELDS}
        # Django's own admin views get only the values that found something there.
        fixed = ADMIN_QUERY_VALUES if cell.url_name.startswith("admin:") else [*QUERY_VALUES, ["1", "²"]]
        for value in fixed:
            _outcome, new = one({**defaults, param: value}, param, value)
            queue.extend(sorted(new - done))  # a parameter read only once another one is valid

    params = sorted(done | set(KNOWN_QUERY_PARAMS))
    for param in params:
        tally.cells.add((cell.url_name, cell.actor, param))

    if cell.url_name.startswith("admin:"):
        examples = 2

    @hypothesis_settings(scaled(examples if done else 2))
    @given(query_strategy(params))
    def mixed(data):
        outcome, _new = one(data, "+".join(sorted(data)), data)
        if failed(outcome) and len(data) > 1:
            for param, value in data.items():  # which one: each alone
                single, _ = one({param: value}, param, value)
                if failed(single):
                    break

    mixed()


# --- POST ---------------------------------------------------------------------------------------

MISSING = object()


def _sample(form, fields, max_fields):
    """A form with very many fields (a questionnaire's wording, a survey page) keeps one field of
    each input type and then every n-th, so that its posts stay within the budget."""
    if len(fields) <= max_fields:
        return fields
    names = list(fields)
    chosen = []
    for name in names:
        if form.kind_of(name) not in {form.kind_of(c) for c in chosen}:
            chosen.append(name)
    step = max(1, len(names) // max(1, max_fields - len(chosen)))
    chosen += [name for name in names[::step] if name not in chosen]
    return {name: fields[name] for name in names if name in chosen[:max_fields]}


def fuzz_form(form, cell, client, tally, tables, feed_paths=(), examples=4, budget=36, follow=True):
    """Each field of one <form method=post> gets hostile values for its type (most telling first,
    about `budget` posts in all), the others keep what the page filled in; hypothesis then changes
    several at once. Refused: no table written to. Accepted: the page it leads to, the page the
    form was on and the actor's calendar feed still open."""
    url_name = url_name_of(form.action)
    baseline = form.defaults()
    fields = {}
    for name in form.names():
        if name in SKIPPED_FIELDS:
            continue
        values = fixed_values_for(form.kind_of(name), name)
        choices = form.choices_of(name)
        if choices:
            values = [choices[0] + "x", choices[-1] * 2, *values]
        fields[name] = list(dict.fromkeys(values))
    for name, _value in form.submits:
        fields.setdefault(name, ["not-a-choice", "", "²"])
    fields = _sample(form, fields, max_fields=max(6, scaled(budget) // 2))
    per_field = max(2, scaled(budget) // max(1, len(fields)))
    then_open = [cell.path, *feed_paths] if follow else []

    def one(data, param, value):
        cache.clear()
        outcome = send(client, "POST", form.action, data, tables=tables, then_open=then_open, follow=follow)
        tally.requests += 1
        tally.statuses["POST", outcome.status] += 1
        return _check(tally, outcome, url_name=url_name, path=form.action, actor=cell.actor, method="POST",
                      param=param, value=value), outcome

    one(baseline, "(as filled in)", "")
    for name, values in fields.items():
        tally.cells.add((url_name, cell.actor, name))
        chosen = values[:per_field]
        for value in [*chosen[:2], MISSING, *chosen[2:]][:per_field + 1]:
            data = dict(baseline)
            if value is MISSING:
                data.pop(name, None)
            else:
                data[name] = value
            one(data, name, "(left out)" if value is MISSING else value)
    if not fields:
        tally.cells.add((url_name, cell.actor, "(no fields)"))
        return

    @hypothesis_settings(scaled(examples))
    @given(form_strategy(fields))
    def mixed(changes):
        one({**baseline, **changes}, "+".join(sorted(changes)), changes)

    mixed()
