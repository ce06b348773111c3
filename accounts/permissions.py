"""Who may manage which memberships.

A functional administrator manages every user and membership (in the admin). A coordinator
manages memberships within her own municipality: those of locations in her districts, and of
care providers and youth health services as fixed contacts of those locations.
"""

from django.db.models import Q

from .models import Role
from .selectors import memberships_with_role

# The roles a coordinator may hand out within her municipality.
COORDINATOR_GRANTABLE_ROLES = (Role.CHILDCARE_WORKER, Role.TEACHER, Role.SPECIALIST, Role.YOUTH_NURSE)


def coordinator_municipality_ids(user) -> list[int]:
    return [m.municipality_id for m in memberships_with_role(user, Role.COORDINATOR)]


def memberships_manageable_filter(user) -> Q:
    municipality_ids = coordinator_municipality_ids(user)
    if not municipality_ids:
        return Q(pk__in=[])
    return Q(role__in=COORDINATOR_GRANTABLE_ROLES) & (
        Q(location__district__municipality_id__in=municipality_ids)
        | Q(fixed_contact_for__district__municipality_id__in=municipality_ids)
        | Q(care_provider__municipalities__in=municipality_ids)
        | Q(youth_health_service__municipalities__in=municipality_ids)
    )

