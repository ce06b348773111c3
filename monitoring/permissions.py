"""Who sees which programme figures.

A municipal coordinator sees her municipality's figures; the programme coordinator sees every
municipality side by side. Both see aggregates only, through monitoring/disclosure.py; nobody
reaches a case or a child from here.
"""

from accounts.models import Role
from accounts.selectors import has_role, memberships_with_role
from organisations.models import Municipality

MONITORING_ROLES = (Role.COORDINATOR, Role.PROGRAMME_COORDINATOR)


def municipality_ids_for(user) -> list[int] | None:
    """The municipalities whose figures the user may see; None means all of them."""
    if has_role(user, Role.PROGRAMME_COORDINATOR):
        return None
    return sorted({m.municipality_id for m in memberships_with_role(user, Role.COORDINATOR)})


def municipalities_for(user):
    ids = municipality_ids_for(user)
    qs = Municipality.objects.order_by("name")
    return qs if ids is None else qs.filter(pk__in=ids)


def sees_all(user) -> bool:
    return municipality_ids_for(user) is None
