"""Fuzz routes of the audit helper's new views (see tests/fuzz/routes.py)."""

from .routes import PRIVACY, Route, none

ROUTES = {
    "audit:unusual": Route(none, actors=[PRIVACY]),
}
