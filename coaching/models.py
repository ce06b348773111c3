"""Coaching on the job (research report 2020, section 2.5: "a core element of the approach").

The specialist coaches pm'ers at the workplace, on call or on a fixed rhythm on the group, and
records a coaching moment: with whom, on which core competences, what was discussed, what the pm'er
will try and when they look back at it. A pm'er's self-assessment of the same four competences is
hers alone: a learning tool, not an appraisal, and not part of the anonymous research rounds.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Membership
from observations.models import Advice
from organisations.models import Group, Location


class Competence(models.TextChoices):
    """The questionnaires' four core competences (surveys: competence items), in their order."""

    CHILD_DEVELOPMENT = "child_development", _("Knowledge of child development")
    STRIKING_BEHAVIOUR = "striking_behaviour", _("Dealing with striking behaviour")
    ASKING_FOR_HELP = "asking_for_help", _("Calling in outside help or expertise when needed")
    PARENTS = "parents", _("Dealing with parents")


class Occasion(models.TextChoices):
    ON_CALL = "on_call", _("On call")
    FIXED_RHYTHM = "fixed_rhythm", _("Fixed rhythm on the group")
    VISIT = "visit", _("During a preventive or observation visit")
    PLANNED = "planned", _("Planned with the pedagogical coach")


class Method(models.TextChoices):
    CASE = "case", _("Discussing a case")
    QUESTION = "question", _("Answering a question")
    OBSERVATION = "observation", _("Feedback on an observation")
    VIDEO = "video", _("Watching video together")
    ADVICE = "advice", _("Feedback on applied advice")


class CoachingMomentQuerySet(models.QuerySet):
    def visible_to(self, user):
        from .permissions import moments_visible_filter

        return self.filter(moments_visible_filter(user)).distinct()


class CoachingMoment(models.Model):
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="coaching_moments",
                                 verbose_name=_("location"))
    group = models.ForeignKey(Group, on_delete=models.PROTECT, null=True, blank=True, related_name="coaching_moments",
                              verbose_name=_("group"))
    coach = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="coaching_given",
                              verbose_name=_("coach"))
    # The membership she coached in: her care provider books the hours to its budget.
    coach_membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+",
                                         verbose_name=_("as"))
    participants = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="coaching_received",
                                          verbose_name=_("childcare workers"))
    held_on = models.DateField(_("held on"))
    occasion = models.CharField(_("occasion"), max_length=20, choices=Occasion.choices)
    methods = models.JSONField(_("how"), default=list)
    discussed = models.TextField(_("what was discussed"))
    will_try = models.TextField(_("what the childcare worker will try"), blank=True)
    look_back_on = models.DateField(_("look back on"), null=True, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=2)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = CoachingMomentQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("coaching moment")
        verbose_name_plural = _("coaching moments")
        indexes = [models.Index(fields=["coach", "-held_on"]), models.Index(fields=["location", "held_on"])]
        constraints = [models.CheckConstraint(condition=models.Q(hours__gt=0), name="coaching_hours_positive")]

    def __str__(self):
        return f"{self.held_on:%d-%m-%Y} {self.location}"

    @property
    def competences(self):
        return [Competence(focus.competence) for focus in self.focus.all()]

    @property
    def method_labels(self):
        return [Method(m).label for m in self.methods if m in Method.values]


class CoachingFocus(models.Model):
    """A competence a coaching moment worked on: a row each, so figures per competence are counted in SQL."""

    moment = models.ForeignKey(CoachingMoment, on_delete=models.CASCADE, related_name="focus")
    competence = models.CharField(_("competence"), max_length=30, choices=Competence.choices)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["moment", "competence"], name="coaching_focus_once")]

    def __str__(self):
        return self.get_competence_display()


SCORE = [MinValueValidator(1), MaxValueValidator(5)]


class SelfAssessmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        # Hers alone: no manager, coordinator, coach or specialist reads it (issue 17).
        if not user.is_authenticated:
            return self.none()
        return self.filter(author=user)


class SelfAssessment(models.Model):
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="self_assessments",
                               verbose_name=_("author"))
    assessed_on = models.DateField(_("date"))
    child_development = models.PositiveSmallIntegerField(Competence.CHILD_DEVELOPMENT.label, validators=SCORE)
    striking_behaviour = models.PositiveSmallIntegerField(Competence.STRIKING_BEHAVIOUR.label, validators=SCORE)
    asking_for_help = models.PositiveSmallIntegerField(Competence.ASKING_FOR_HELP.label, validators=SCORE)
    parents = models.PositiveSmallIntegerField(Competence.PARENTS.label, validators=SCORE)
    note = models.TextField(_("note to yourself"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SelfAssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["assessed_on", "pk"]
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(child_development__range=(1, 5), striking_behaviour__range=(1, 5),
                                   asking_for_help__range=(1, 5), parents__range=(1, 5)),
                name="self_assessment_scores_1_to_5"),
        ]

    def __str__(self):
        return f"{self.assessed_on:%d-%m-%Y}"

    def score(self, competence: str) -> int:
        return getattr(self, competence)


class AdviceFeedback(models.Model):
    """The specialist's answer to how a pm'er applied her advice: the pair shows on the pm'er's growth page."""

    advice = models.OneToOneField(Advice, on_delete=models.CASCADE, related_name="feedback", verbose_name=_("advice"))
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("given by"))
    text = models.TextField(_("feedback"))
    created_at = models.DateTimeField(_("given on"), auto_now_add=True)

    class Meta:
        verbose_name = _("feedback on applied advice")
        verbose_name_plural = _("feedback on applied advice")

    def __str__(self):
        return f"{self.advice_id}: {self.text[:40]}"


class AppointmentStatus(models.TextChoices):
    PROPOSED = "proposed", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    RECORDED = "recorded", _("Recorded")
    # Called off before it was held: by the coach who sent it (her proposal, or what was accepted),
    # or by the specialist who had accepted it. Out of every agenda and feed; never recorded.
    WITHDRAWN = "withdrawn", _("Withdrawn")
    CANCELLED = "cancelled", _("Called off")


class CoachingAppointmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        from .permissions import appointments_visible_filter

        return self.filter(appointments_visible_filter(user))


class CoachingAppointment(models.Model):
    """Coaching the pedagogical coach plans with the specialist of one of her organisation's locations
    (issue 17 item 4): she proposes a moment, the specialist accepts, declines or proposes another
    time (then the coach answers), and once it has taken place either of them records the coaching
    moment from it. The pm'ers it is for are named, as on a coaching moment; no child is."""

    coach = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="coaching_proposed",
                              verbose_name=_("pedagogical coach"))
    specialist = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="coaching_invited", verbose_name=_("specialist"))
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="coaching_appointments",
                                 verbose_name=_("location"))
    group = models.ForeignKey(Group, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="coaching_appointments", verbose_name=_("group"))
    participants = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="coaching_appointments",
                                          verbose_name=_("childcare workers"))
    competences = models.JSONField(_("competences"), default=list)
    starts_at = models.DateTimeField(_("starts at"))
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=2)
    note = models.TextField(_("what she would like to work on"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=AppointmentStatus.choices,
                              default=AppointmentStatus.PROPOSED)
    # Whose answer the proposal waits for: the specialist, or the coach after another time was proposed.
    awaiting = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("waiting for"))
    answer = models.TextField(_("answer"), blank=True)
    cancel_reason = models.TextField(_("reason for calling it off"), blank=True)
    moment = models.OneToOneField(CoachingMoment, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="appointment", verbose_name=_("coaching moment"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("recorded by"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CoachingAppointmentQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("coaching appointment")
        verbose_name_plural = _("coaching appointments")
        indexes = [models.Index(fields=["specialist", "starts_at"]), models.Index(fields=["coach", "starts_at"])]
        constraints = [models.CheckConstraint(condition=models.Q(hours__gt=0, hours__lte=12),
                                              name="coaching_appointment_hours")]

    def __str__(self):
        return f"{self.starts_at:%d-%m-%Y %H:%M} {self.location}"

    @property
    def competence_labels(self):
        return [Competence(c).label for c in self.competences if c in Competence.values]

    @property
    def ends_at(self):
        import datetime

        return self.starts_at + datetime.timedelta(hours=float(self.hours))
