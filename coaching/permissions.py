"""Who may record and see coaching. One place, applied in the query.

- a specialist records coaching at the locations of the municipalities her care provider serves
  (on call, on a fixed rhythm, or during a visit), with the pm'ers who work there;
- the pedagogical coach of a childcare organisation records her own coaching at her organisation's
  locations, and sees every coaching moment held there (not the self-assessments, not child files);
- a coaching moment is seen by whoever recorded it and the pm'ers it was held with;
- a self-assessment is seen by its author only (models.SelfAssessmentQuerySet): nobody else;
- a coaching appointment (planned together) is seen by the pedagogical coach who proposed it, the
  specialist it was proposed to, and the other pedagogical coaches of the location's organisation.
"""

from django.db.models import Q

from accounts.models import Membership, Role
from accounts.selectors import memberships_with_role
from organisations.models import Location

NOTHING = Q(pk__in=[])


def coaching_memberships(user) -> list[Membership]:
    return [m for m in memberships_with_role(user, Role.SPECIALIST) if m.care_provider_id]


def coach_organisation_ids(user) -> list[int]:
    return [m.childcare_organisation_id for m in memberships_with_role(user, Role.PEDAGOGICAL_COACH)]


def may_record_coaching(user) -> bool:
    return bool(coaching_memberships(user) or coach_organisation_ids(user))


def coachable_locations(user):
    provider_ids = [m.care_provider_id for m in coaching_memberships(user)]
    organisation_ids = coach_organisation_ids(user)
    if not (provider_ids or organisation_ids):
        return Location.objects.none()
    return (Location.objects.filter(Q(district__municipality__care_providers__in=provider_ids)
                                    | Q(organisation_id__in=organisation_ids))
            .select_related("district__municipality").distinct().order_by("name"))


def membership_for_location(user, location) -> Membership | None:
    """The membership she coaches there in: a specialist's whose care provider serves the location's
    municipality (the hours book to that provider), or the pedagogical coach's of its organisation."""
    municipality_id = location.district.municipality_id
    for membership in coaching_memberships(user):
        if membership.care_provider.municipalities.filter(pk=municipality_id).exists():
            return membership
    for membership in memberships_with_role(user, Role.PEDAGOGICAL_COACH):
        if membership.childcare_organisation_id == location.organisation_id:
            return membership
    return None


def moments_visible_filter(user) -> Q:
    if not user.is_authenticated:
        return NOTHING
    return Q(coach=user) | Q(participants=user) | Q(location__organisation_id__in=coach_organisation_ids(user))


def workers_at(location):
    """The pm'ers a moment at this location can be held with: its active childcare workers."""
    from django.contrib.auth import get_user_model

    return (get_user_model().objects.filter(memberships__role=Role.CHILDCARE_WORKER, memberships__active=True,
                                            memberships__location=location)
            .distinct().order_by("first_name", "last_name"))


def appointments_visible_filter(user) -> Q:
    if not user.is_authenticated:
        return NOTHING
    return Q(coach=user) | Q(specialist=user) | Q(location__organisation_id__in=coach_organisation_ids(user))


def plannable_locations(user):
    """Where a pedagogical coach plans coaching with the specialist: her organisation's locations."""
    organisation_ids = coach_organisation_ids(user)
    if not organisation_ids:
        return Location.objects.none()
    return (Location.objects.filter(organisation_id__in=organisation_ids)
            .select_related("district__municipality").order_by("name"))


def specialist_of(location):
    """The location's fixed specialist: the one she plans coaching with."""
    membership = (Membership.objects.active().filter(role=Role.SPECIALIST, fixed_contact_for=location)
                  .select_related("user").order_by("pk").first())
    return membership.user if membership else None


def access_appointment_by_id(user, appointment_id):
    """An appointment she is part of or sees; another's id looks like no appointment at all."""
    from django.http import Http404

    from .models import CoachingAppointment

    try:
        return (CoachingAppointment.objects.visible_to(user)
                .select_related("coach", "specialist", "location", "group", "moment").get(pk=int(appointment_id)))
    except (CoachingAppointment.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None
