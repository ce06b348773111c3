"""Who may see and run which survey rounds.

A coordinator opens rounds for her own municipality (or municipalities) and sees the rounds that
include one of them, with figures for her municipalities only. The programme coordinator opens
rounds for several municipalities and compares them all. Nobody sees who answered what.
"""

from django.db.models import Q

from accounts.models import Role
from accounts.selectors import has_role, memberships_with_role
from organisations.models import Municipality

SURVEY_ROLES = (Role.COORDINATOR, Role.PROGRAMME_COORDINATOR)


def municipality_ids_for(user) -> list[int] | None:
    """The municipalities whose figures the user may see; None means all of them."""
    if has_role(user, Role.PROGRAMME_COORDINATOR):
        return None
    return [m.municipality_id for m in memberships_with_role(user, Role.COORDINATOR)]


def municipalities_for(user):
    ids = municipality_ids_for(user)
    qs = Municipality.objects.order_by("name")
    return qs if ids is None else qs.filter(pk__in=ids)


def rounds_visible_filter(user) -> Q:
    ids = municipality_ids_for(user)
    if ids is None:
        return Q()
    if not ids:
        return Q(pk__in=[])
    return Q(municipalities__in=ids)
