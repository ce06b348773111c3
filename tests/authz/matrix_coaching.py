"""Authorization rows of coaching on the job (tests/authz/table.py): a specialist records coaching, a
pm'er reads her own growth and self-assessments; the pedagogical coach records and sees coaching too;
nobody else reaches either page."""

from .table import roles

MATRIX = {
    "coaching:moments": roles("none", specialist="200", coach="200"),
    "coaching:moment_create": roles("none", specialist="200", coach="200"),
    "coaching:growth": roles("none", pmer="200"),
    "coaching:self_assessment_create": roles("none", pmer="200"),
}
