"""Authorization rows of the programme monitoring views (tests/authz/table.py): coordinators and
the programme coordinator only; figures, never an object in the path."""

from .table import roles

MATRIX = {
    "monitoring:dashboard": roles("none", coordinator="200", programme="200"),
    "monitoring:export_pdf": roles("none", coordinator="200", programme="200"),
}
