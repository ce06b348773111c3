"""The reporting-code path (meldcode huiselijk geweld en kindermishandeling) on one child.

A path belongs to the professional who started it and to her organisation, whose safeguarding
officer is the only other person who sees it. It needs no consent (the meldcode is the lawful
exception), so it is kept apart from cases and never shown through them.

Steps are append-only entries: a later step never alters an earlier one, and a closed path takes
no more steps.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from children.models import Child
from organisations.models import CareProvider, ChildcareOrganisation, YouthHealthService

# What one person sensibly writes in one step (issue 12: 100,000 characters were accepted).
TEXT_MAX_LENGTH = 5000


class Step(models.TextChoices):
    SIGNALS = "signals", _("1. Signals")
    CONSULTATION = "consultation", _("2. Consultation")
    ADVICE = "advice", _("2. Advice of the safeguarding officer")
    TALK = "talk", _("3. Talk with the parents")
    WEIGHING = "weighing", _("4. Weighing")
    DECISION = "decision", _("5. Decision")


class ConsultedWith(models.TextChoices):
    SAFEGUARDING_OFFICER = "safeguarding_officer", _("The safeguarding officer")
    COLLEAGUE = "colleague", _("A colleague")
    VEILIG_THUIS = "veilig_thuis", _("Veilig Thuis")
    OTHER_EXPERT = "other_expert", _("Another expert")


class Unsafety(models.TextChoices):
    ACUTE = "acute", _("Acute unsafety")
    STRUCTURAL = "structural", _("Structural unsafety")
    BOTH = "both", _("Both acute and structural unsafety")
    NONE = "none", _("No acute or structural unsafety")


class Decision(models.TextChoices):
    REPORT = "report", _("Report to Veilig Thuis")
    REPORT_AND_HELP = "report_and_help", _("Report to Veilig Thuis and arrange help")
    HELP = "help", _("Offer or arrange help, no report")
    NO_FURTHER_ACTION = "no_further_action", _("No suspicion remains: no further action")


class MeldcodePathQuerySet(models.QuerySet):
    def visible_to(self, user):
        from .permissions import visible_paths_filter

        return self.filter(visible_paths_filter(user))

    def open(self):
        return self.filter(closed_at__isnull=True)


class MeldcodePath(models.Model):
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="+", verbose_name=_("child"))
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("started by"))
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    # The author's organisation: its safeguarding officer shares the path. Exactly one is set.
    childcare_organisation = models.ForeignKey(
        ChildcareOrganisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("childcare organisation"))
    care_provider = models.ForeignKey(CareProvider, on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+", verbose_name=_("care provider"))
    youth_health_service = models.ForeignKey(YouthHealthService, on_delete=models.PROTECT, null=True, blank=True,
                                             related_name="+", verbose_name=_("youth health service"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("closed by"))

    objects = MeldcodePathQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("reporting-code path")
        verbose_name_plural = _("reporting-code paths")
        constraints = [
            models.CheckConstraint(
                name="meldcode_path_one_organisation",
                condition=(
                    models.Q(childcare_organisation__isnull=False, care_provider__isnull=True,
                             youth_health_service__isnull=True)
                    | models.Q(childcare_organisation__isnull=True, care_provider__isnull=False,
                               youth_health_service__isnull=True)
                    | models.Q(childcare_organisation__isnull=True, care_provider__isnull=True,
                               youth_health_service__isnull=False)
                ),
            ),
        ]

    def __str__(self):
        return f"#{self.pk}"

    @property
    def is_open(self):
        return self.closed_at is None

    @property
    def organisation(self):
        return self.childcare_organisation or self.care_provider or self.youth_health_service


class MeldcodeEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Reporting-code entries are append-only.")

    def delete(self):
        raise PermissionError("Reporting-code entries are append-only.")


class MeldcodeEntry(models.Model):
    """One step on the path. Which fields are filled depends on the step (see forms.py)."""

    path = models.ForeignKey(MeldcodePath, on_delete=models.PROTECT, related_name="entries", verbose_name=_("path"))
    step = models.CharField(_("step"), max_length=20, choices=Step.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                           verbose_name=_("recorded by"))
    at = models.DateTimeField(_("recorded at"), default=timezone.now)
    text = models.TextField(_("text"))
    consulted_with = models.CharField(_("consulted with"), max_length=30, choices=ConsultedWith.choices, blank=True)
    held_on = models.DateField(_("held on"), null=True, blank=True)
    talk_held = models.BooleanField(_("talk held"), null=True)
    suspicion = models.BooleanField(_("suspicion of domestic violence or child abuse"), null=True)
    unsafety = models.CharField(_("acute or structural unsafety"), max_length=20, choices=Unsafety.choices,
                                blank=True)
    help_possible = models.BooleanField(_("adequate help can be offered or arranged"), null=True)
    decision = models.CharField(_("decision"), max_length=30, choices=Decision.choices, blank=True)

    objects = MeldcodeEntryQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("reporting-code step")
        verbose_name_plural = _("reporting-code steps")

    def __str__(self):
        return f"{self.get_step_display()} #{self.pk}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Reporting-code entries are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Reporting-code entries are append-only.")
