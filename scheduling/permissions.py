"""Who may see and change schedules and budgets. A coordinator: everything of her own
municipality (no child is named in any of it). A specialist or youth nurse: her own availability,
her own scheduled visits and her own calendar feed."""

from django.core import signing
from django.db.models import Q
from django.http import Http404

from accounts.models import Role
from accounts.permissions import coordinator_municipality_ids
from accounts.selectors import memberships_with_role

PLAN = "scheduling.plan"
BUDGET = "scheduling.budget"
AGENDA = "scheduling.agenda"
PROFESSIONAL_ROLES = (Role.SPECIALIST, Role.YOUTH_NURSE)
# The agenda and its calendar feed: also the pedagogical coach's, for the coaching she plans with the
# specialist (issue 17 item 4).
# The pm'ers named on accepted coaching take part in it, so it is in their agenda too (place and time).
AGENDA_ROLES = (*PROFESSIONAL_ROLES, Role.PEDAGOGICAL_COACH, Role.CHILDCARE_WORKER)


def municipality_ids_of(user) -> list[int]:
    return coordinator_municipality_ids(user) if user.is_authenticated else []


def scheduled_visible_filter(user) -> Q:
    if not user.is_authenticated:
        return Q(pk__in=[])
    return Q(location__district__municipality_id__in=municipality_ids_of(user)) | Q(professional=user)


def organisation_of(user) -> dict | None:
    """The organisation whose budget a professional's hours count against."""
    for membership in memberships_with_role(user, Role.SPECIALIST):
        if membership.care_provider_id:
            return {"care_provider_id": membership.care_provider_id, "youth_health_service_id": None}
    for membership in memberships_with_role(user, Role.YOUTH_NURSE):
        if membership.youth_health_service_id:
            return {"care_provider_id": None, "youth_health_service_id": membership.youth_health_service_id}
    return None


def access_plan_by_id(user, plan_id):
    from .models import HalfYearPlan

    try:
        return HalfYearPlan.objects.get(pk=int(plan_id), municipality_id__in=municipality_ids_of(user))
    except (HalfYearPlan.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def access_scheduled_by_id(user, scheduled_id, *, own=False):
    """A scheduled visit of the coordinator's municipality or (with own=True: only) the professional's own."""
    from .models import ScheduledVisit

    rule = Q(professional=user) if own else scheduled_visible_filter(user)
    try:
        return ScheduledVisit.objects.with_related().filter(rule).get(pk=int(scheduled_id))
    except (ScheduledVisit.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def access_walk_in_notice_by_id(user, scheduled_id):
    """The notice for guardians: the nurse, the location's childcare workers and the coordinator."""
    from .models import ScheduledVisit

    location_ids = [m.location_id for m in memberships_with_role(user, Role.CHILDCARE_WORKER)]
    rule = scheduled_visible_filter(user) | Q(location_id__in=location_ids)
    try:
        return (ScheduledVisit.objects.with_related().published().filter(rule, kind="walk_in_hour")
                .get(pk=int(scheduled_id)))
    except (ScheduledVisit.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def access_blocked_period_by_id(user, period_id):
    """Her own days away only; another's are "not found", so ids leak nothing."""
    from .models import BlockedPeriod

    try:
        return BlockedPeriod.objects.get(pk=int(period_id), professional=user)
    except (BlockedPeriod.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


WALK_IN_NOTICE_SALT = "scheduling.walk-in-notice"


def walk_in_public_token(item) -> str:
    """The signed part of the link parents open without an account (it shows no child)."""
    return signing.Signer(salt=WALK_IN_NOTICE_SALT).sign(str(item.pk))


def walk_in_by_public_token(token):
    from .models import ScheduledVisit

    try:
        pk = int(signing.Signer(salt=WALK_IN_NOTICE_SALT).unsign(token))
        return (ScheduledVisit.objects.published().filter(kind="walk_in_hour").exclude(visit__status="cancelled")
                .select_related("location").get(pk=pk))
    except (signing.BadSignature, ValueError, ScheduledVisit.DoesNotExist):
        raise Http404 from None
