"""Who may see which child. One place, applied in the query.

- a childcare worker: the children of the location(s) she works at;
- a specialist or youth nurse: only through a case she is assigned to under valid consent
  (added by the case issue; until then, none);
- coordinators, programme coordinators, privacy and safeguarding officers and functional
  administrators: no child records.
"""

from django.db.models import Q

from accounts.models import Role
from accounts.selectors import memberships_with_role

NOTHING = Q(pk__in=[])


def visible_children_filter(user) -> Q:
    if not user.is_authenticated:
        return NOTHING
    location_ids = [m.location_id for m in memberships_with_role(user, Role.CHILDCARE_WORKER)]
    if not location_ids:
        return NOTHING
    return Q(group__location_id__in=location_ids)


def membership_basis(user, child):
    """The membership through which the user sees this child (recorded in the audit trail)."""
    for membership in memberships_with_role(user, Role.CHILDCARE_WORKER):
        if membership.location_id == child.group.location_id:
            return membership
    return None


def can_register_child_at(user, location_id) -> bool:
    return any(m.location_id == location_id for m in memberships_with_role(user, Role.CHILDCARE_WORKER))
