"""Availability, hour budgets and the municipality's planned preventive visits and walk-in hours.

A scheduled visit names the professional who goes and the hours she is expected to spend; once
published it points at the `observations.Visit` that the visit's report and hours are recorded on.
None of these records concerns a child.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisations.models import CareProvider, District, Group, Location, Municipality, YouthHealthService

WEEKDAYS = [(0, _("Monday")), (1, _("Tuesday")), (2, _("Wednesday")), (3, _("Thursday")), (4, _("Friday")),
            (5, _("Saturday")), (6, _("Sunday"))]


class Availability(models.Model):
    """The days a professional works for the programme."""

    professional = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                        related_name="availability", verbose_name=_("professional"))
    weekdays = models.JSONField(_("working days"), default=list)

    class Meta:
        verbose_name = _("availability")
        verbose_name_plural = _("availability")

    def __str__(self):
        return str(self.professional)


class BlockedPeriod(models.Model):
    professional = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                     related_name="blocked_periods", verbose_name=_("professional"))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        ordering = ["starts_on"]
        constraints = [models.CheckConstraint(condition=models.Q(starts_on__lte=models.F("ends_on")),
                                              name="blocked_period_order")]
        verbose_name = _("blocked period")
        verbose_name_plural = _("blocked periods")

    def __str__(self):
        return f"{self.starts_on} – {self.ends_on}"


class HourBudget(models.Model):
    """Hours one care provider or youth health service may spend in one district in one year."""

    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="hour_budgets",
                                 verbose_name=_("district"))
    care_provider = models.ForeignKey(CareProvider, on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="hour_budgets", verbose_name=_("care provider"))
    youth_health_service = models.ForeignKey(YouthHealthService, on_delete=models.PROTECT, null=True, blank=True,
                                             related_name="hour_budgets", verbose_name=_("youth health service"))
    year = models.PositiveSmallIntegerField(_("year"))
    hours = models.DecimalField(_("hours"), max_digits=8, decimal_places=2)

    class Meta:
        ordering = ["district__name", "year"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(care_provider__isnull=False, youth_health_service__isnull=True)
                           | models.Q(care_provider__isnull=True, youth_health_service__isnull=False)),
                name="hour_budget_one_organisation"),
            models.CheckConstraint(condition=models.Q(hours__gte=0), name="hour_budget_not_negative"),
            models.UniqueConstraint(fields=["district", "care_provider", "year"], name="hour_budget_once_provider",
                                    condition=models.Q(care_provider__isnull=False)),
            models.UniqueConstraint(fields=["district", "youth_health_service", "year"],
                                    name="hour_budget_once_yhs",
                                    condition=models.Q(youth_health_service__isnull=False)),
        ]
        verbose_name = _("hour budget")
        verbose_name_plural = _("hour budgets")

    def __str__(self):
        return f"{self.district} {self.organisation} {self.year}"

    @property
    def organisation(self):
        return self.care_provider or self.youth_health_service


class BudgetTransfer(models.Model):
    """Hours moved from one district's budget to another's; append-only, the reason is kept."""

    from_budget = models.ForeignKey(HourBudget, on_delete=models.PROTECT, related_name="transfers_out",
                                    verbose_name=_("from"))
    to_budget = models.ForeignKey(HourBudget, on_delete=models.PROTECT, related_name="transfers_in",
                                  verbose_name=_("to"))
    hours = models.DecimalField(_("hours"), max_digits=8, decimal_places=2)
    reason = models.TextField(_("reason"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                           verbose_name=_("by"))
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        constraints = [models.CheckConstraint(condition=models.Q(hours__gt=0), name="budget_transfer_positive")]
        verbose_name = _("hour transfer")
        verbose_name_plural = _("hour transfers")

    def __str__(self):
        return f"{self.hours} {self.from_budget} → {self.to_budget}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Hour transfers are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Hour transfers are append-only.")


class BudgetAlert(models.Model):
    """A threshold (80 or 100 percent) that fired for a budget; the unique key makes it fire once."""

    budget = models.ForeignKey(HourBudget, on_delete=models.CASCADE, related_name="alerts",
                               verbose_name=_("hour budget"))
    threshold = models.PositiveSmallIntegerField(_("threshold (%)"))
    fired_at = models.DateTimeField(_("fired at"), default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["budget", "threshold"], name="budget_alert_once")]
        verbose_name = _("budget alert")
        verbose_name_plural = _("budget alerts")

    def __str__(self):
        return f"{self.budget} {self.threshold}%"


class PlanStatus(models.TextChoices):
    REQUESTED = "requested", _("Being worked out")
    PROPOSED = "proposed", _("Proposed, to review")
    PUBLISHED = "published", _("Published")


class HalfYearPlan(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="half_year_plans",
                                     verbose_name=_("municipality"))
    year = models.PositiveSmallIntegerField(_("year"))
    half = models.PositiveSmallIntegerField(_("half year"), choices=[(1, _("January to June")),
                                                                       (2, _("July to December"))])
    status = models.CharField(_("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.REQUESTED)
    # Groups that could not be placed: [{"group": name, "location": name, "reason": text}]
    unplaced = models.JSONField(_("not placed"), default=list, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("requested by"))
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    proposed_at = models.DateTimeField(_("proposed at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        ordering = ["-year", "-half", "-pk"]
        # One plan per half year: asking again works the draft out again (services.plan_request).
        constraints = [models.UniqueConstraint(fields=["municipality", "year", "half"],
                                               name="half_year_plan_once")]
        verbose_name = _("half-year plan")
        verbose_name_plural = _("half-year plans")

    def __str__(self):
        return f"{self.municipality} {self.year}-H{self.half}"


class ScheduledVisitQuerySet(models.QuerySet):
    def published(self):
        return self.filter(visit__isnull=False)

    def with_related(self):
        return self.select_related("location__district", "group", "professional", "visit")


class ScheduledVisit(models.Model):
    """A preventive visit (or walk-in hour) given to a professional; proposed in a plan, and
    once published backed by an `observations.Visit`."""

    plan = models.ForeignKey(HalfYearPlan, on_delete=models.CASCADE, null=True, blank=True, related_name="items",
                             verbose_name=_("plan"))
    kind = models.CharField(_("kind"), max_length=20, default="preventive_visit")
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="+", verbose_name=_("location"))
    group = models.ForeignKey(Group, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                              verbose_name=_("group"))
    professional = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="scheduled_visits", verbose_name=_("professional"))
    starts_at = models.DateTimeField(_("date and time"))
    expected_hours = models.DecimalField(_("expected hours"), max_digits=4, decimal_places=2)
    # The budget the expected hours count against: the professional's organisation when planned.
    care_provider = models.ForeignKey(CareProvider, on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+", verbose_name=_("care provider"))
    youth_health_service = models.ForeignKey(YouthHealthService, on_delete=models.PROTECT, null=True, blank=True,
                                             related_name="+", verbose_name=_("youth health service"))
    visit = models.OneToOneField("observations.Visit", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="scheduled", verbose_name=_("visit"))

    objects = ScheduledVisitQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("scheduled visit")
        verbose_name_plural = _("scheduled visits")
        # The month calendar and the budgets read a municipality's locations over a range of time.
        indexes = [models.Index(fields=["location", "starts_at"], name="scheduledvisit_location_starts")]

    def __str__(self):
        return f"{self.location} {self.starts_at:%Y-%m-%d}"


def new_feed_token():
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A professional's personal calendar feed; a new token revokes the old address."""

    professional = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                        related_name="calendar_feed", verbose_name=_("professional"))
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return str(self.professional)


class WalkInTopic(models.TextChoices):
    DEVELOPMENT = "development", _("Development (speech, motor skills, play)")
    BEHAVIOUR = "behaviour", _("Behaviour")
    SLEEP_FOOD = "sleep_food", _("Sleeping, eating, toilet")
    PARENTING = "parenting", _("Parenting")
    HEALTH = "health", _("Health")
    OTHER = "other", _("Something else")


class WalkInAsker(models.TextChoices):
    GUARDIAN = "guardian", _("A parent or carer")
    CHILDCARE_WORKER = "childcare_worker", _("A childcare worker")


class WalkInFollowUp(models.TextChoices):
    NONE = "none", _("Answered on the spot")
    TIP = "tip", _("A tip given")
    OBSERVATION_REQUEST = "observation_request", _("Advised to ask for an observation")


class WalkInQuestion(models.Model):
    """A question raised at a walk-in hour: its topic and follow-up, never who the child is."""

    scheduled = models.ForeignKey(ScheduledVisit, on_delete=models.CASCADE, related_name="questions",
                                  verbose_name=_("walk-in hour"))
    asked_by = models.CharField(_("asked by"), max_length=20, choices=WalkInAsker.choices)
    topic = models.CharField(_("topic"), max_length=20, choices=WalkInTopic.choices)
    follow_up = models.CharField(_("follow-up"), max_length=20, choices=WalkInFollowUp.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        ordering = ["recorded_at", "pk"]
        verbose_name = _("walk-in question")
        verbose_name_plural = _("walk-in questions")

    def __str__(self):
        return self.get_topic_display()
