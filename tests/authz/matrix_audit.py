"""Authorization rows of the audit helper's new views (tests/authz/table.py): the privacy officer only."""

from .table import roles

MATRIX = {
    "audit:unusual": roles("none", privacy="200"),
}
