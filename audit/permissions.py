"""Who reads the audit trail: a privacy officer, for the children of her municipality."""

from django.db.models import Q

from accounts.models import Role
from accounts.selectors import memberships_with_role


def visible_events_filter(user) -> Q:
    municipality_ids = [m.municipality_id for m in memberships_with_role(user, Role.PRIVACY_OFFICER)]
    if not municipality_ids:
        return Q(pk__in=[])
    return Q(municipality_id__in=municipality_ids)
