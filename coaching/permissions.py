"""Who may record and see coaching. One place, applied in the query.

- a specialist records coaching at the locations of the municipalities her care provider serves
  (on call, on a fixed rhythm, or during a visit), with the pm'ers who work there;
- a coaching moment is seen by the specialist who recorded it and the pm'ers it was held with;
- a self-assessment is seen by its author only (models.SelfAssessmentQuerySet): nobody else.
"""

from django.db.models import Q

from accounts.models import Membership, Role
from accounts.selectors import memberships_with_role
from organisations.models import Location

NOTHING = Q(pk__in=[])


def coaching_memberships(user) -> list[Membership]:
    return [m for m in memberships_with_role(user, Role.SPECIALIST) if m.care_provider_id]


def may_record_coaching(user) -> bool:
    return bool(coaching_memberships(user))


def coachable_locations(user):
    provider_ids = [m.care_provider_id for m in coaching_memberships(user)]
    if not provider_ids:
        return Location.objects.none()
    return (Location.objects.filter(district__municipality__care_providers__in=provider_ids)
            .select_related("district__municipality").distinct().order_by("name"))


def membership_for_location(user, location) -> Membership | None:
    """The specialist membership whose care provider serves the location's municipality."""
    municipality_id = location.district.municipality_id
    for membership in coaching_memberships(user):
        if membership.care_provider.municipalities.filter(pk=municipality_id).exists():
            return membership
    return None


def moments_visible_filter(user) -> Q:
    if not user.is_authenticated:
        return NOTHING
    return Q(coach=user) | Q(participants=user)


def workers_at(location):
    """The pm'ers a moment at this location can be held with: its active childcare workers."""
    from django.contrib.auth import get_user_model

    return (get_user_model().objects.filter(memberships__role=Role.CHILDCARE_WORKER, memberships__active=True,
                                            memberships__location=location)
            .distinct().order_by("first_name", "last_name"))
