"""The crawl: every URL of the URL conf, opened by every actor that may open it, with real objects.

The result is a list of cells (url name, actor, path); each holds the first response, the query
parameters the view read, and the forms on the page. The fuzz tests work from these cells.
"""

import time
from dataclasses import dataclass, field

from django.contrib import admin
from django.core.cache import cache
from django.urls import get_resolver, reverse

from tests.test_access_rules import all_patterns

from .engine import Finding, Outcome, actors_for, failed, last_line, owner_of, send, short
from .html_forms import Page, read_page
from .routes import ADMIN, ROUTES, Route


def url_conf():
    """url name -> callback, for every named pattern of the URL conf (admin included)."""
    return {name: callback for name, (callback, _params) in _patterns().items()}


def _patterns():
    names = {}
    for pattern, namespaces in all_patterns(get_resolver()):
        if pattern.name:
            regex = pattern.pattern.regex
            names[":".join([*namespaces, pattern.name])] = (pattern.callback, sorted(regex.groupindex))
    return names


# The admin site: one generic rule, as its URLs are generated per registered model.
ADMIN_PLAIN = {"admin:index", "admin:login", "admin:logout", "admin:password_change", "admin:password_change_done",
               "admin:jsi18n", "admin:autocomplete"}


def admin_route(url_name):
    """The functional administrator opens the admin; a model's pages open with its first row."""
    name = url_name.split(":", 1)[1]
    if url_name in ADMIN_PLAIN:
        return Route(lambda w, u: [{}], actors=[ADMIN], limit=1)
    if name == "app_list":
        labels = sorted({model._meta.app_label for model in admin.site._registry})
        return Route(lambda w, u: [{"app_label": label} for label in labels], actors=[ADMIN], limit=len(labels))
    if name.endswith("_password_change") and name != "password_change":
        return Route(lambda w, u: [{"id": str(w.user(ADMIN).pk)}], actors=[ADMIN], limit=1)
    if name == "view_on_site":
        return Route(None, actors=[ADMIN], limit=0)  # a redirect to the object's own page: covered there
    for model in admin.site._registry:
        prefix = f"{model._meta.app_label}_{model._meta.model_name}_"
        if name.startswith(prefix):
            action = name[len(prefix):]
            if action in ("changelist", "add"):
                return Route(lambda w, u: [{}], actors=[ADMIN], limit=1)

            params = _patterns()[url_name][1]

            def first(w, u, model=model, params=params):
                pk = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
                return [dict.fromkeys(params, str(pk))] if pk is not None and len(params) == 1 else []

            return Route(first, actors=[ADMIN], limit=1)
    return None


def route_of(url_name):
    if url_name in ROUTES:
        return ROUTES[url_name]
    if url_name.startswith("admin:"):
        return admin_route(url_name)
    return None


@dataclass
class Cell:
    url_name: str
    actor: str
    path: str
    kwargs: dict
    probe: Outcome
    page: Page = field(default_factory=Page)

    @property
    def opens(self):
        return self.probe.exc is None and (self.probe.status or 0) < 400


@dataclass
class Crawl:
    world: object
    cells: list = field(default_factory=list)
    unmapped: list = field(default_factory=list)
    no_objects: list = field(default_factory=list)  # (url name, actor): no candidate object at all
    unopened: list = field(default_factory=list)  # (url name, actor, status): no candidate opened
    findings: list = field(default_factory=list)  # server errors on the first open
    seconds: float = 0.0
    requests: int = 0
    clients: dict = field(default_factory=dict)

    def client(self, actor):
        if actor not in self.clients:
            self.clients[actor] = self.world.actors[actor].client()
        return self.clients[actor]

    def cells_of(self, url_name):
        return [cell for cell in self.cells if cell.url_name == url_name]


def crawl(world) -> Crawl:
    started = time.monotonic()
    result = Crawl(world)
    for url_name, callback in sorted(url_conf().items()):
        route = route_of(url_name)
        if route is None:
            result.unmapped.append(url_name)
            continue
        if route.limit == 0:
            continue
        for actor in actors_for(url_name, route, callback):
            if actor not in world.actors:
                result.no_objects.append((url_name, actor, "actor could not be made"))
                continue
            user = world.actors[actor].user
            try:
                candidates = route.kwargs(world, user) if route.kwargs else [{}]
            except Exception as exc:  # noqa: BLE001
                result.no_objects.append((url_name, actor, f"provider failed: {last_line(exc, None)}"))
                continue
            if not candidates:
                result.no_objects.append((url_name, actor, "no object"))
                continue
            kept, tried = [], []
            for kwargs in candidates[: route.limit + 8]:
                cache.clear()
                path = reverse(url_name, kwargs=kwargs)
                outcome = send(result.client(actor), "GET", path)
                result.requests += 1
                cell = Cell(url_name, actor, path, kwargs, outcome)
                if outcome.html:
                    cell.page = read_page(outcome.html, path)
                if failed(outcome):
                    owner, where = owner_of(url_name, outcome.exc)
                    result.findings.append(Finding("server error" if outcome.exc is None else "exception", url_name,
                                                   path, actor, "GET", "-", short(""), outcome.status,
                                                   last_line(outcome.exc, outcome.status), owner, where))
                    kept.append(cell)
                elif cell.opens or outcome.status == 405:
                    kept.append(cell)
                else:
                    tried.append(cell)
                if len(kept) >= route.limit:
                    break
            if not kept and tried:
                result.unopened.append((url_name, actor, tried[0].probe.status))
                kept = tried[:1]
            result.cells.extend(kept)
    result.seconds = time.monotonic() - started
    return result
