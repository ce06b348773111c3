"""Who may see which child. One place, applied in the query.

- a childcare worker: the children of the location(s) she works at;
- a specialist or youth nurse: only through an individual case she is assigned to (or attached
  to, as the case's youth nurse), open or closed, under a valid consent whose scope covers her:
  the one rule in `casework.visibility` (docs/visibility.md);
- coordinators, programme coordinators, privacy and safeguarding officers and functional
  administrators: no child records.
"""

from django.db.models import Q

from accounts.models import LOCATION_ROLES, Role
from accounts.selectors import memberships_with_role

NOTHING = Q(pk__in=[])


def visible_children_filter(user) -> Q:
    if not user.is_authenticated:
        return NOTHING
    q = NOTHING
    location_ids = [m.location_id for m in memberships_with_role(user, *LOCATION_ROLES)]
    if location_ids:
        q |= Q(group__location_id__in=location_ids)
    if memberships_with_role(user, Role.SPECIALIST) or memberships_with_role(user, Role.YOUTH_NURSE):
        # Casework builds on children, so its rule is imported here, when it is asked.
        from casework.permissions import children_under_case_filter

        q |= children_under_case_filter(user)
    return q


def membership_basis(user, child):
    """The membership through which the user sees this child (recorded in the audit trail)."""
    for membership in memberships_with_role(user, *LOCATION_ROLES):
        if membership.location_id == child.group.location_id:
            return membership
    return None


def can_register_child_at(user, location_id) -> bool:
    return any(m.location_id == location_id for m in memberships_with_role(user, *LOCATION_ROLES))
