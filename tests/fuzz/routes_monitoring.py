"""Fuzz routes of the programme monitoring dashboard (see tests/fuzz/routes.py)."""

from .routes import AMERSFOORT_COORDINATOR, COORDINATOR, PROGRAMME, Route, none


def table(world, user):
    return [{"table": "outcomes"}, {"table": "requests_month"}, {"table": "municipalities"}]


ROUTES = {
    "monitoring:dashboard": Route(none, actors=[COORDINATOR, PROGRAMME, AMERSFOORT_COORDINATOR]),
    "monitoring:export_csv": Route(table, actors=[COORDINATOR, PROGRAMME], limit=3),
    "monitoring:export_pdf": Route(none, actors=[COORDINATOR, PROGRAMME]),
}
