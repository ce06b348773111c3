"""Visits and what they leave behind: observation notes, hours per professional, and advice.

A visit belongs to a case (intake talk, observation, review talk, follow-up, home visit, group
visit) or, for the kinds a later scheduling issue plans, only to a location (preventive visit,
walk-in hour). A visit record never names a child: an individual case names the child on the
case; a group case never does. Video may be used for an observation: only that fact is kept.
"""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.models import Case
from organisations.models import CareProvider, District, Group, Location, YouthHealthService

# What one person sensibly writes in one field; longer is a paste gone wrong (issue 12: a
# 100,000-character advice was accepted). Forms tell the browser (maxlength), services refuse too.
NOTES_MAX_LENGTH = 5000
ADVICE_MAX_LENGTH = 2000
REMARK_MAX_LENGTH = 2000


class VisitKind(models.TextChoices):
    INTAKE_TALK = "intake_talk", _("Intake talk")
    OBSERVATION = "observation", _("Observation")
    REVIEW_TALK = "review_talk", _("Review talk")
    FOLLOW_UP = "follow_up", _("Follow-up talk")
    HOME_VISIT = "home_visit", _("Home visit")
    GROUP_VISIT = "group_visit", _("Group visit")
    PREVENTIVE_VISIT = "preventive_visit", _("Preventive group visit")
    WALK_IN_HOUR = "walk_in_hour", _("Walk-in hour")


class VisitStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class Participant(models.TextChoices):
    GUARDIANS = "guardians", _("Guardians")
    CHILDCARE_WORKER = "childcare_worker", _("Childcare worker")
    YOUTH_NURSE = "youth_nurse", _("Youth nurse")
    SPECIALIST = "specialist", _("Specialist")
    OTHER = "other", _("Someone else")


class VisitQuerySet(models.QuerySet):
    def visible_to(self, user):
        from .permissions import visits_visible_filter

        return self.filter(visits_visible_filter(user))

    def of_case(self, case):
        return self.filter(case=case)

    def with_related(self):
        # The hours with their professional in one query (a join), not one for hours and one for users.
        return self.select_related("location", "group", "recorded_by").prefetch_related(
            models.Prefetch("hours", queryset=VisitHours.objects.select_related("professional")))


class Visit(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, null=True, blank=True, related_name="visits",
                             verbose_name=_("case"))
    kind = models.CharField(_("kind of visit"), max_length=20, choices=VisitKind.choices)
    status = models.CharField(_("status"), max_length=10, choices=VisitStatus.choices, default=VisitStatus.PLANNED)
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="visits",
                                 verbose_name=_("location"))
    group = models.ForeignKey(Group, on_delete=models.PROTECT, null=True, blank=True, related_name="visits",
                              verbose_name=_("group"))
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("where"), max_length=200, blank=True)
    participants = models.JSONField(_("who took part"), default=list, blank=True)
    participant_names = models.CharField(_("names of those present"), max_length=300, blank=True)
    video_used = models.BooleanField(_("observed on video"), default=False)
    notes = models.TextField(_("observation notes"), blank=True)
    planned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("planned by"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("recorded by"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = VisitQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        # A case's visits in time order; a location's group visits of the last year.
        indexes = [models.Index(fields=["case", "starts_at"], name="visit_case_starts"),
                   models.Index(fields=["location", "kind", "starts_at"], name="visit_location_kind_starts"),
                   # The hours still planned (the budget page): the few planned visits of a year.
                   models.Index(fields=["location", "starts_at"], condition=models.Q(status="planned"),
                                name="visit_planned_location_starts")]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")

    def __str__(self):
        return f"{self.get_kind_display()} {self.starts_at:%Y-%m-%d}"

    @property
    def total_hours(self):
        return sum((row.hours for row in self.hours.all()), 0)


AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def held_on_of(visit):
    return visit.starts_at.astimezone(AMSTERDAM).date() if visit.starts_at else None


class VisitHoursQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        # The day from the visit at hand, as save() does: the database's trigger (PostgreSQL) fills only
        # what is still empty, so both give the same day, and a database without it still gets one.
        objs = list(objs)
        for obj in objs:
            if obj.held_on is None and obj.visit_id is not None:
                obj.held_on = held_on_of(obj.visit)
        return super().bulk_create(objs, *args, **kwargs)


class VisitHours(models.Model):
    """One professional's hours on one visit, booked to her own organisation's budget for the
    district of the visit's location (kept on the row so that later moves do not rewrite history)."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="hours", verbose_name=_("visit"))
    professional = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="visit_hours",
                                     verbose_name=_("professional"))
    care_provider = models.ForeignKey(CareProvider, on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="visit_hours", verbose_name=_("care provider"))
    youth_health_service = models.ForeignKey(YouthHealthService, on_delete=models.PROTECT, null=True, blank=True,
                                             related_name="visit_hours", verbose_name=_("youth health service"))
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="visit_hours",
                                 verbose_name=_("district"))
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=2)
    # The visit's day in Amsterdam, kept on the row (as the district is) so the budget page reads a
    # year's hours of its districts from one index instead of joining every visit in the country
    # (issue 13). Filled by the database (migration 0005's triggers) from the visit, whichever path
    # inserted the row: the services, bulk inserts, COPY.
    held_on = models.DateField(_("held on"), null=True, blank=True, editable=False)

    objects = VisitHoursQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["district", "held_on"], include=["care_provider", "youth_health_service",
                                                                         "hours"], name="visit_hours_district_day")]
        constraints = [
            models.CheckConstraint(condition=models.Q(hours__gt=0, hours__lte=24), name="visit_hours_0_to_24"),
            models.UniqueConstraint(fields=["visit", "professional"], name="visit_hours_once_per_professional"),
        ]
        verbose_name = _("hours spent")
        verbose_name_plural = _("hours spent")

    def __str__(self):
        from alert4you.forms import format_dutch_decimal

        return f"{self.professional} {format_dutch_decimal(self.hours)}"

    def save(self, *args, **kwargs):
        if self.held_on is None and self.visit_id is not None:
            self.held_on = held_on_of(self.visit)
        super().save(*args, **kwargs)


class AdviceTarget(models.TextChoices):
    CHILDCARE_WORKER = "childcare_worker", _("The childcare worker")
    GROUP = "group", _("The group")
    GUARDIAN = "guardian", _("The guardians")


# At a primary school the location's professional is the teacher (accounts.models.LOCATION_ROLES): the
# stored value stays the one workflow party, only the words follow the place.
def advice_target_label(value, *, at_school=False) -> str:
    if at_school and value == AdviceTarget.CHILDCARE_WORKER:
        return _("The teacher")
    return AdviceTarget(value).label if value in AdviceTarget.values else value


def participant_label(value, *, at_school=False) -> str:
    if at_school and value == Participant.CHILDCARE_WORKER:
        return _("Teacher")
    return Participant(value).label if value in Participant.values else Participant.OTHER.label


class AdviceCategory(models.TextChoices):
    GROUP_DYNAMICS = "group_dynamics", _("Group dynamics")
    DAY_PROGRAMME = "day_programme", _("Day programme")
    ROOM = "room", _("Room and environment")
    CHILD_APPROACH = "child_approach", _("Approach for this child")
    GUARDIAN_TALK = "guardian_talk", _("Conversation with guardians")


class AdviceTried(models.TextChoices):
    TRIED = "tried", _("Tried")
    NOT_TRIED = "not_tried", _("Not tried")


class AdviceWorked(models.TextChoices):
    WORKED = "worked", _("Worked")
    PARTLY = "partly", _("Partly worked")
    NOT = "not", _("Did not work")


class AdviceQuerySet(models.QuerySet):
    def visible_to(self, user):
        from .permissions import group_visit_advice_filter, visits_visible_filter

        return self.filter(visits_visible_filter(user) | group_visit_advice_filter(user))


class Advice(models.Model):
    # Advice on a case, or (without a case) on a preventive group visit: then it is aimed at the group
    # or the childcare workers and names no child (issue 12).
    case = models.ForeignKey(Case, on_delete=models.PROTECT, null=True, blank=True, related_name="advice",
                             verbose_name=_("case"))
    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, null=True, blank=True, related_name="advice",
                              verbose_name=_("given at"))
    target = models.CharField(_("aimed at"), max_length=20, choices=AdviceTarget.choices)
    category = models.CharField(_("about"), max_length=20, choices=AdviceCategory.choices)
    text = models.TextField(_("advice"))
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("given by"))
    given_at = models.DateTimeField(_("given on"), default=timezone.now)
    tried = models.CharField(_("tried?"), max_length=10, choices=AdviceTried.choices, blank=True)
    worked = models.CharField(_("did it work?"), max_length=10, choices=AdviceWorked.choices, blank=True)
    remark = models.TextField(_("remark"), blank=True)
    # The specialist's note from a follow-up talk, kept apart so it never overwrites the worker's own remark.
    follow_up_remark = models.TextField(_("said in the follow-up talk"), blank=True)
    evaluated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("evaluated by"))
    evaluated_at = models.DateTimeField(_("evaluated on"), null=True, blank=True)

    objects = AdviceQuerySet.as_manager()

    class Meta:
        ordering = ["given_at", "pk"]
        constraints = [
            # Whether it worked is only known for advice that was tried.
            models.CheckConstraint(condition=models.Q(worked="") | models.Q(tried="tried"),
                                   name="advice_worked_only_if_tried"),
            models.CheckConstraint(condition=models.Q(case__isnull=False) | models.Q(visit__isnull=False),
                                   name="advice_on_a_case_or_a_visit"),
        ]
        verbose_name = _("advice")
        verbose_name_plural = _("advice")

    def __str__(self):
        return f"{self.get_category_display()}: {self.text[:40]}"
