"""What changes availability, budgets and plans. The half-year plan is proposed by a Celery task
(`tasks.plan_propose_task`); publishing it turns each proposal into an `observations.Visit`."""

import datetime
import math
from collections import defaultdict
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership, Role
from notifications.services import notification_enqueue
from observations.models import VisitKind
from observations.services import check_hours, visit_plan_without_case, visit_record_held_without_case
from organisations.models import Group

from .models import (
    Availability,
    BlockedPeriod,
    BudgetAlert,
    BudgetTransfer,
    CalendarFeed,
    HalfYearPlan,
    HourBudget,
    PlanStatus,
    ScheduledVisit,
)
from .permissions import municipality_ids_of, organisation_of
from .rules import away_errors, date_text, hours_text, recordable_days, walk_in_days
from .selectors import budget_figure_of, budget_figures

THRESHOLDS = (80, 100)
# Hours a preventive visit is expected to take, and the times of day a visit can start.
VISIT_HOURS = Decimal(getattr(settings, "SCHEDULING_VISIT_HOURS", "2"))
VISIT_SLOTS = (datetime.time(9, 30), datetime.time(13, 30))


def _notify(kind, recipients, *, obj, url, key):
    """Hand a notification to the notifications app's outbox, in the caller's transaction."""
    for recipient in recipients:
        notification_enqueue(kind=kind, recipient=recipient, due_at=timezone.now(), obj=obj, key=key, url=url)
    return len(recipients)


# --- availability ---------------------------------------------------------------------------

@transaction.atomic
def availability_set(*, professional, weekdays, by) -> Availability:
    days = sorted({int(d) for d in weekdays})
    if not days or any(d < 0 or d > 6 for d in days):
        raise ValidationError({"weekdays": _("Choose at least one working day.")})
    availability, _created = Availability.objects.update_or_create(professional=professional,
                                                                   defaults={"weekdays": days})
    return availability


def _check_away(starts_on, ends_on, *, earliest=None):
    errors = {}
    for field, message in away_errors(starts_on, ends_on, earliest=earliest):
        errors.setdefault(field or "__all__", []).append(message)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def blocked_period_add(*, professional, starts_on, ends_on, reason="", by) -> BlockedPeriod:
    _check_away(starts_on, ends_on)
    return BlockedPeriod.objects.create(professional=professional, starts_on=starts_on, ends_on=ends_on,
                                        reason=reason.strip())


@transaction.atomic
def blocked_period_change(*, period: BlockedPeriod, starts_on, ends_on, reason="", earliest=None,
                          by) -> BlockedPeriod:
    """She corrects her days away (a typing error once blocked every plan)."""
    if period.professional_id != by.pk:
        raise ValidationError(_("Only she who is away changes her days away."))
    _check_away(starts_on, ends_on, earliest=earliest)
    period.starts_on, period.ends_on, period.reason = starts_on, ends_on, reason.strip()
    period.save(update_fields=["starts_on", "ends_on", "reason"])
    return period


@transaction.atomic
def blocked_period_remove(*, period: BlockedPeriod, by) -> None:
    if period.professional_id != by.pk:
        raise ValidationError(_("Only she who is away changes her days away."))
    period.delete()


def is_available(professional_days: set, blocked: list, day: datetime.date) -> bool:
    return day.weekday() in professional_days and not any(s <= day <= e for s, e in blocked)


# --- budgets ------------------------------------------------------------------------------

def _check_coordinator_of(by, district):
    if district.municipality_id not in municipality_ids_of(by):
        raise ValidationError(_("This district is not in your municipality."))


@transaction.atomic
def budget_set(*, district, care_provider=None, youth_health_service=None, year, hours, by) -> HourBudget:
    _check_coordinator_of(by, district)
    if (care_provider is None) == (youth_health_service is None):
        raise ValidationError({"organisation": _("Choose the care provider or the youth health service.")})
    if hours is None or Decimal(hours) < 0:
        raise ValidationError({"hours": _("Enter the hours: zero or more.")})
    budget, _created = HourBudget.objects.update_or_create(
        district=district, care_provider=care_provider, youth_health_service=youth_health_service, year=year,
        defaults={"hours": Decimal(hours)})
    budget_check_thresholds(budget=budget)
    return budget


@transaction.atomic
def budget_transfer(*, from_budget, to_budget, hours, reason, by) -> BudgetTransfer:
    """Move hours between two districts' budgets of the same organisation and year."""
    for budget in (from_budget, to_budget):
        _check_coordinator_of(by, budget.district)
    if from_budget.pk == to_budget.pk:
        raise ValidationError({"to_budget": _("Choose another district to move the hours to.")})
    if (from_budget.care_provider_id, from_budget.youth_health_service_id, from_budget.year) != (
            to_budget.care_provider_id, to_budget.youth_health_service_id, to_budget.year):
        raise ValidationError({"to_budget": _("Hours move only between budgets of the same organisation and year.")})
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the hours move: the reason is kept.")})
    if hours is None or Decimal(hours) <= 0:
        raise ValidationError({"hours": _("Enter the hours to move: more than 0.")})
    # Lock both rows in a fixed order so that two transfers cannot both spend the same hours.
    list(HourBudget.objects.select_for_update().filter(pk__in=[from_budget.pk, to_budget.pk]).order_by("pk"))
    available = budget_figure_of(from_budget)["remaining"]
    if Decimal(hours) > available:
        raise ValidationError({"hours": _("%(district)s has only %(hours)s left to move.") % {
            "district": from_budget.district.name, "hours": hours_text(available)}})
    transfer = BudgetTransfer.objects.create(from_budget=from_budget, to_budget=to_budget, hours=Decimal(hours),
                                             reason=reason.strip(), by=by)
    budget_check_thresholds(budget=from_budget)
    return transfer


def _coordinators_of(municipality_id):
    return [m.user for m in Membership.objects.active().filter(role=Role.COORDINATOR,
                                                               municipality_id=municipality_id)
            .select_related("user")]


def budget_check_thresholds(*, budget) -> list[int]:
    """Fire the 80% and 100% alerts that the hours used have reached and that have not fired yet
    (the unique key makes each fire once, also when two visits are recorded at the same moment)."""
    figure = budget_figure_of(budget)
    fired = []
    for threshold in THRESHOLDS:
        if figure["total"] and figure["used"] * 100 >= figure["total"] * threshold or (
                not figure["total"] and figure["used"] > 0):
            _alert, created = BudgetAlert.objects.get_or_create(budget=budget, threshold=threshold)
            if created:
                fired.append(threshold)
                _notify("budget_threshold", _coordinators_of(budget.district.municipality_id), obj=budget,
                        url=reverse("scheduling:budgets"), key=f"budget:{budget.pk}:{threshold}")
    return fired


# --- the half-year plan --------------------------------------------------------------------

def half_year_bounds(year, half):
    if half == 1:
        return datetime.date(year, 1, 1), datetime.date(year, 6, 30)
    return datetime.date(year, 7, 1), datetime.date(year, 12, 31)


def no_preventive_visits_reason(configuration) -> str:
    """Why a municipality's plan has no visits by its way of working, or "" when it has some."""
    if not configuration.preventive_visits_per_year or not configuration.preventive_visit_location_kinds:
        return _("Your way of working has no preventive visits, so there is nothing to plan. Walk-in hours are "
                 "planned by the youth nurses.")
    return ""


@transaction.atomic
def plan_request(*, municipality, year, half, by) -> HalfYearPlan:
    """Ask for the half year's plan. There is one plan per municipality and half year: asking
    again while it is a draft works it out again (after a budget or working days were added), a
    published plan is changed visit by visit instead."""
    if municipality.pk not in municipality_ids_of(by):
        raise ValidationError(_("You can only plan for your own municipality."))
    if half not in (1, 2):
        raise ValidationError({"half": _("Choose the first or the second half of the year.")})
    if half_year_bounds(year, half)[1] < timezone.localdate():
        raise ValidationError({"year": _("This half year is over: choose one that is still to come.")})
    if reason := no_preventive_visits_reason(municipality.configuration):
        raise ValidationError(reason)
    plan = HalfYearPlan.objects.select_for_update().filter(municipality=municipality, year=year, half=half).first()
    if plan is not None:
        return plan_work_out_again(plan=plan, by=by)
    plan = HalfYearPlan.objects.create(municipality=municipality, year=year, half=half, requested_by=by)
    from .tasks import plan_propose_task

    transaction.on_commit(lambda: plan_propose_task.delay(plan.pk))
    return plan


@transaction.atomic
def plan_work_out_again(*, plan: HalfYearPlan, by) -> HalfYearPlan:
    """A draft plan is proposed anew (its visits are made again), e.g. after a budget was raised."""
    plan = HalfYearPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.municipality_id not in municipality_ids_of(by):
        raise ValidationError(_("You can only plan for your own municipality."))
    if plan.status == PlanStatus.PUBLISHED:
        raise ValidationError(_("The plan for this half year is published already, so it is not made again."))
    plan.status, plan.unplaced, plan.proposed_at = PlanStatus.REQUESTED, [], None
    plan.requested_by, plan.requested_at = by, timezone.now()
    plan.save(update_fields=["status", "unplaced", "proposed_at", "requested_by", "requested_at"])
    from .tasks import plan_propose_task

    transaction.on_commit(lambda: plan_propose_task.delay(plan.pk))
    return plan


def counting_groups(configuration):
    """The groups the configuration gives preventive visits: location kind and age range."""
    return (Group.objects.filter(location__district__municipality_id=configuration.municipality_id,
                                 location__kind__in=configuration.preventive_visit_location_kinds or [],
                                 min_age_months__lte=configuration.preventive_visit_max_age_months,
                                 max_age_months__gte=configuration.preventive_visit_min_age_months)
            .select_related("location__district").order_by("location__district__name", "location__name", "name"))


def _fixed_specialists(location_ids):
    """location id -> the first active specialist who is the location's fixed contact."""
    result = {}
    for membership in (Membership.objects.active().filter(role=Role.SPECIALIST, fixed_contact_for__in=location_ids)
                       .select_related("user").order_by("pk").values("fixed_contact_for", "user_id",
                                                                      "care_provider_id")):
        result.setdefault(membership["fixed_contact_for"], membership)
    return result


def _aware(day, slot):
    return timezone.make_aware(datetime.datetime.combine(day, slot))


@transaction.atomic
def plan_propose(*, plan: HalfYearPlan) -> HalfYearPlan:
    """Propose the half year's preventive visits: each counting group gets its share of the year's
    visits, given to its location's fixed specialist on one of her working days (not blocked, at
    most one visit per time slot), spread evenly over the half year, while the district's budget
    for her organisation has the hours. A group that cannot be placed is named with the reason.
    Running it again for the same plan starts over, so a task that runs twice does no harm."""
    plan = HalfYearPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != PlanStatus.REQUESTED:
        return plan
    plan.items.all().delete()
    configuration = plan.municipality.configuration
    first, last = half_year_bounds(plan.year, plan.half)
    first = max(first, timezone.localdate() + datetime.timedelta(days=1))
    per_half = math.ceil(configuration.preventive_visits_per_year / 2)
    unplaced = []

    def refuse(group, reason):
        unplaced.append({"group": group.name, "location": group.location.name,
                         "district": group.location.district.name, "reason": reason})

    groups = list(counting_groups(configuration)) if per_half else []
    contacts = _fixed_specialists({g.location_id for g in groups})
    user_ids = {c["user_id"] for c in contacts.values()}
    availability = {a.professional_id: set(a.weekdays) for a in Availability.objects.filter(
        professional_id__in=user_ids)}
    blocked = defaultdict(list)
    for period in BlockedPeriod.objects.filter(professional_id__in=user_ids, ends_on__gte=first, starts_on__lte=last):
        blocked[period.professional_id].append((period.starts_on, period.ends_on))
    taken = defaultdict(set)  # professional -> {(day, slot)}
    already = defaultdict(int)  # group -> preventive visits already published in this half year
    for item in ScheduledVisit.objects.published().filter(
            professional_id__in=user_ids, starts_at__date__gte=first, starts_at__date__lte=last).values(
            "professional_id", "starts_at", "group_id", "kind"):
        local = timezone.localtime(item["starts_at"])
        taken[item["professional_id"]].add((local.date(), local.time()))
        if item["kind"] == VisitKind.PREVENTIVE_VISIT:
            already[item["group_id"]] += 1
    budgets = {(b.district_id, b.care_provider_id): b for b in HourBudget.objects.filter(
        district__municipality=plan.municipality, year=plan.year, care_provider__isnull=False)}
    remaining = {key: figure["remaining"] for key, figure in zip(budgets, budget_figures(budgets.values()),
                                                                  strict=True)}
    # Each professional's working days in the half year, and her groups in a stable order.
    days_of = {}
    for user_id in user_ids:
        workdays = availability.get(user_id)
        if workdays is None:
            continue
        day, days = first, []
        while day <= last:
            if is_available(workdays, blocked[user_id], day):
                days.append(day)
            day += datetime.timedelta(days=1)
        days_of[user_id] = days
    groups_of = defaultdict(list)
    for group in groups:
        contact = contacts.get(group.location_id)
        if contact is None:
            refuse(group, _("Location %(location)s has no fixed specialist.") % {"location": group.location.name})
            continue
        if contact["user_id"] not in days_of:
            refuse(group, _("The fixed specialist has not entered her working days."))
            continue
        groups_of[contact["user_id"]].append((group, contact))
    items = []
    for user_id, entries in groups_of.items():
        days = days_of[user_id]
        wanted = [(group, contact, k) for k in range(per_half) for group, contact in entries
                  if already[group.pk] <= k]
        for position, (group, contact, _k) in enumerate(wanted):
            key = (group.location.district_id, contact["care_provider_id"])
            if key not in budgets:
                refuse(group, _("District %(district)s has no hour budget for %(year)s for the specialist's "
                                "care provider.") % {"district": group.location.district.name, "year": plan.year})
                continue
            if remaining[key] < VISIT_HOURS:
                refuse(group, _("The hour budget of district %(district)s has %(left)s left; a visit needs "
                                "%(needed)s.") % {"district": group.location.district.name,
                                                   "left": hours_text(remaining[key]),
                                                   "needed": hours_text(VISIT_HOURS)})
                continue
            slot = _free_slot(days, taken[user_id], position, len(wanted))
            if slot is None:
                refuse(group, _("The fixed specialist has no free working day left in this half year."))
                continue
            taken[user_id].add(slot)
            remaining[key] -= VISIT_HOURS
            items.append(ScheduledVisit(plan=plan, kind=VisitKind.PREVENTIVE_VISIT, location=group.location,
                                        group=group, professional_id=user_id, starts_at=_aware(*slot),
                                        expected_hours=VISIT_HOURS, care_provider_id=contact["care_provider_id"]))
    ScheduledVisit.objects.bulk_create(items)
    plan.unplaced = unplaced
    plan.status = PlanStatus.PROPOSED
    plan.proposed_at = timezone.now()
    plan.save(update_fields=["unplaced", "status", "proposed_at"])
    return plan


def _free_slot(days, taken, position, count):
    """The free (day, slot) nearest to this visit's even share of the half year."""
    if not days:
        return None
    ideal = min(len(days) - 1, int((position + 0.5) * len(days) / max(count, 1)))
    for distance in range(len(days)):
        for index in (ideal - distance, ideal + distance):
            if 0 <= index < len(days):
                for slot in VISIT_SLOTS:
                    if (days[index], slot) not in taken:
                        return days[index], slot
    return None


def _check_open(plan):
    if plan.status != PlanStatus.PROPOSED:
        raise ValidationError(_("Only a proposed plan can be changed or published."))


@transaction.atomic
def plan_item_change(*, item: ScheduledVisit, starts_at, professional, by) -> ScheduledVisit:
    """The coordinator moves a proposed visit or gives it to another specialist of the location's
    municipality; a day outside her working days is refused."""
    _check_open(item.plan)
    if item.location.district.municipality_id not in municipality_ids_of(by):
        raise ValidationError(_("This visit is not in your municipality."))
    first, last = half_year_bounds(item.plan.year, item.plan.half)
    if not first <= timezone.localdate(starts_at) <= last:
        raise ValidationError({"date": _("Choose a day in the plan's half year: %(first)s to %(last)s.") % {
            "first": date_text(first), "last": date_text(last)}})
    if timezone.localdate(starts_at) < timezone.localdate():
        raise ValidationError({"starts_at": _("A visit cannot be planned in the past.")})
    organisation = organisation_of(professional)
    if organisation is None or organisation["care_provider_id"] is None:
        raise ValidationError({"professional": _("Choose a specialist of a care provider.")})
    availability = Availability.objects.filter(professional=professional).first()
    blocked = list(BlockedPeriod.objects.filter(professional=professional).values_list("starts_on", "ends_on"))
    if availability is None or not is_available(set(availability.weekdays), blocked, timezone.localdate(starts_at)):
        raise ValidationError({"starts_at": _("%(name)s does not work for the programme on that day.") % {
            "name": professional}})
    item.starts_at = starts_at
    item.professional = professional
    item.care_provider_id = organisation["care_provider_id"]
    item.save(update_fields=["starts_at", "professional", "care_provider"])
    return item


@transaction.atomic
def plan_publish(*, plan: HalfYearPlan, by) -> HalfYearPlan:
    """Each proposed visit becomes a planned visit; the specialists and the locations' childcare
    workers are told (a notification with a link, no more)."""
    plan = HalfYearPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.municipality_id not in municipality_ids_of(by):
        raise ValidationError(_("You can only publish a plan of your own municipality."))
    _check_open(plan)
    items = list(plan.items.select_related("location", "group"))
    for item in items:
        item.visit = visit_plan_without_case(location=item.location, group=item.group, kind=item.kind,
                                             starts_at=item.starts_at, by=by)
        item.save(update_fields=["visit"])
    plan.status = PlanStatus.PUBLISHED
    plan.published_at = timezone.now()
    plan.save(update_fields=["status", "published_at"])
    specialists = {item.professional for item in items}
    workers = [m.user for m in Membership.objects.active().filter(
        role=Role.CHILDCARE_WORKER, location_id__in={item.location_id for item in items}).select_related("user")]
    _notify("visit_published", sorted(specialists | set(workers), key=lambda u: u.pk), obj=plan,
            url=reverse("scheduling:agenda"), key=f"plan:{plan.pk}")
    return plan


# --- recording and the feed ----------------------------------------------------------------

@transaction.atomic
def scheduled_record_held(*, item: ScheduledVisit, held_at, hours, notes="", by):
    """The professional records her scheduled visit as held with her hours; the district's budget
    figure moves and its thresholds are checked in the same transaction."""
    if item.professional_id != by.pk or item.visit_id is None:
        raise ValidationError(_("Only the professional it is planned for can record this visit."))
    if timezone.localdate(held_at) < recordable_days()[0]:
        raise ValidationError({"date": _("Enter a date in this year or last year.")})
    hours = check_hours(hours)
    visit = visit_record_held_without_case(visit=item.visit, held_at=held_at, hours=[(by, hours)], notes=notes,
                                           by=by)
    organisation = organisation_of(by) or {}
    for budget in HourBudget.objects.filter(district_id=item.location.district_id, year=held_at.year,
                                            **organisation):
        budget_check_thresholds(budget=budget)
    return visit


@transaction.atomic
def feed_renew(*, professional, by) -> CalendarFeed:
    """A new secret address; the old one stops working at once."""
    from .models import new_feed_token

    feed, created = CalendarFeed.objects.get_or_create(professional=professional)
    if not created:
        feed.token = new_feed_token()
        feed.created_at = timezone.now()
        feed.save(update_fields=["token", "created_at"])
    return feed


# --- walk-in hours -------------------------------------------------------------------------

def _is_fixed_nurse(user, location) -> bool:
    return Membership.objects.active().filter(user=user, role=Role.YOUTH_NURSE, fixed_contact_for=location).exists()


@transaction.atomic
def walk_in_hour_create(*, location, starts_at, hours, by) -> ScheduledVisit:
    """A youth nurse plans a walk-in hour at a location she is the fixed contact of; the
    location's childcare workers are told, so that they can print the notice for guardians."""
    if not _is_fixed_nurse(by, location):
        raise ValidationError({"location": _("You can plan walk-in hours only at your own locations.")})
    if timezone.localdate(starts_at) < timezone.localdate():
        raise ValidationError({"date": _("A walk-in hour cannot be planned in the past.")})
    if timezone.localdate(starts_at) > walk_in_days()[1]:
        raise ValidationError({"date": _("Plan a walk-in hour in this year or the next.")})
    # Never twice at one place and time, whatever the form looked like when sent again; the
    # location's row is locked so that two requests at once check one after the other.
    type(location).objects.select_for_update().filter(pk=location.pk).first()
    if (ScheduledVisit.objects.filter(kind=VisitKind.WALK_IN_HOUR, location=location, starts_at=starts_at)
            .exclude(visit__status="cancelled").exists()):
        raise ValidationError({"time": _("There is a walk-in hour at this location at that time already.")})
    hours = check_hours(hours)
    organisation = organisation_of(by) or {}
    visit = visit_plan_without_case(location=location, kind=VisitKind.WALK_IN_HOUR, starts_at=starts_at, by=by)
    item = ScheduledVisit.objects.create(kind=VisitKind.WALK_IN_HOUR, location=location, professional=by,
                                         starts_at=starts_at, expected_hours=hours, visit=visit, **organisation)
    workers = [m.user for m in Membership.objects.active().filter(role=Role.CHILDCARE_WORKER, location=location)
               .select_related("user")]
    _notify("visit_published", workers, obj=item, url=reverse("scheduling:walk_in_notice", args=[item.pk]),
            key=f"walk_in:{item.pk}")
    return item


@transaction.atomic
def walk_in_question_record(*, item: ScheduledVisit, asked_by, topic, follow_up, note="", by):
    from .models import WalkInQuestion

    if item.professional_id != by.pk or item.kind != VisitKind.WALK_IN_HOUR:
        raise ValidationError(_("Only the nurse of this walk-in hour records its questions."))
    if item.starts_at > timezone.now():
        raise ValidationError(_("Questions are recorded from the start of the walk-in hour."))
    return WalkInQuestion.objects.create(scheduled=item, asked_by=asked_by, topic=topic, follow_up=follow_up,
                                         note=note.strip(), recorded_by=by)
