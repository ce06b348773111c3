"""Rows of primary school (issue 17 item 5). The teacher's cells in the rows of the views she shares with the
pm'er (accounts.models.LOCATION_ROLES) are in matrix.py; here her own URL: the warm handover that reached her
school, for her alone (every other role is refused before the lookup)."""

from .table import roles

MATRIX = {
    "casework:handover_received": roles("received_handover", teacher="200"),
}
