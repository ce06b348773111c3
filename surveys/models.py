"""Questionnaires on the growth of pm'ers' competences (research report 2020, section 3.2,
chapter 4, appendices 1-3).

Questionnaires are versioned data: the three instruments come in through a data migration; a
coordinator may copy a version and edit its wording and translations only. A version that has
answers cannot be changed. Respondents are anonymous: an invitation keeps only a status and the
hash of its token; a response in progress is found by the hash of the token, and that tie is cut
when the response is submitted.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from organisations.models import Municipality


class RespondentGroup(models.TextChoices):
    CHILDCARE_WORKER = "childcare_worker", _("Childcare workers")
    SPECIALIST = "specialist", _("Specialists")
    YOUTH_NURSE = "youth_nurse", _("Youth nurses")


class Bilingual:
    """Pick the Dutch or English text of a field pair `<name>_nl` / `<name>_en`."""

    def tr(self, name):
        nl = getattr(self, f"{name}_nl")
        if (get_language() or "nl").startswith("en"):
            return getattr(self, f"{name}_en") or nl
        return nl


class QuestionnaireQuerySet(models.QuerySet):
    def with_answers(self):
        return self.filter(responses__isnull=False).distinct()


class Questionnaire(Bilingual, models.Model):
    key = models.SlugField(_("instrument"), max_length=40)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    respondent_group = models.CharField(_("respondent group"), max_length=30, choices=RespondentGroup.choices)
    title_nl = models.CharField(_("title (Dutch)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    intro_nl = models.TextField(_("introduction (Dutch)"), blank=True)
    intro_en = models.TextField(_("introduction (English)"), blank=True)
    based_on = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="copies", verbose_name=_("based on")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = QuestionnaireQuerySet.as_manager()

    class Meta:
        ordering = ["key", "version"]
        constraints = [models.UniqueConstraint(fields=["key", "version"], name="questionnaire_unique_version")]
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")

    def __str__(self):
        return f"{self.tr('title')} (v{self.version})"

    @property
    def title(self):
        return self.tr("title")

    @property
    def intro(self):
        return self.tr("intro")

    def has_answers(self) -> bool:
        return self.responses.exists()


class Section(Bilingual, models.Model):
    """One page of the questionnaire, with the stem its items share."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField()
    code = models.SlugField(max_length=40)
    title_nl = models.CharField(max_length=200)
    title_en = models.CharField(max_length=200)
    stem_nl = models.TextField(blank=True)
    stem_en = models.TextField(blank=True)
    reconstructed = models.BooleanField(default=False)

    class Meta:
        ordering = ["questionnaire", "position"]
        constraints = [models.UniqueConstraint(fields=["questionnaire", "code"], name="section_unique_code")]

    def __str__(self):
        return self.tr("title")

    @property
    def title(self):
        return self.tr("title")

    @property
    def stem(self):
        return self.tr("stem")


class Scale(Bilingual, models.Model):
    """Items that together form a scale (fixed: a coordinator cannot change which)."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="scales")
    code = models.SlugField(max_length=40)
    label_nl = models.CharField(max_length=200)
    label_en = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField()
    # A "before" scale names its "now" scale; their items pair by position (paired t-test).
    before_of = models.OneToOneField(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="before_scale"
    )

    class Meta:
        ordering = ["questionnaire", "position"]
        constraints = [models.UniqueConstraint(fields=["questionnaire", "code"], name="scale_unique_code")]

    def __str__(self):
        return self.tr("label")

    @property
    def label(self):
        return self.tr("label")


class QuestionKind(models.TextChoices):
    LIKERT = "likert", _("Score on a scale")
    CHOICE = "choice", _("One choice")
    MULTI = "multi", _("Several choices")
    TEXT = "text", _("Open answer")


class Question(Bilingual, models.Model):
    """One item. `options` is a list of {"value", "nl", "en"}; for a LIKERT item the values are
    numbers. `missing_option` adds "don't know" or "not applicable", counted apart."""

    MISSING_CHOICES = [("", "-"), ("dont_know", _("Don't know")), ("not_applicable", _("Not applicable"))]

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="questions")
    scale = models.ForeignKey(Scale, on_delete=models.CASCADE, null=True, blank=True, related_name="items")
    position = models.PositiveSmallIntegerField()
    code = models.SlugField(max_length=60)
    kind = models.CharField(max_length=10, choices=QuestionKind.choices)
    text_nl = models.TextField()
    text_en = models.TextField()
    options = models.JSONField(default=list, blank=True)
    missing_option = models.CharField(max_length=20, blank=True, choices=MISSING_CHOICES)
    # True where the report gives only a label or topic and the wording was written from it.
    reconstructed = models.BooleanField(default=False)
    source = models.CharField(max_length=200, blank=True, help_text="Where in the report the text comes from.")

    class Meta:
        ordering = ["questionnaire", "section__position", "position"]
        constraints = [models.UniqueConstraint(fields=["questionnaire", "code"], name="question_unique_code")]

    def __str__(self):
        return self.tr("text")

    @property
    def text(self):
        return self.tr("text")

    def option_choices(self):
        lang_en = (get_language() or "nl").startswith("en")
        choices = [(o["value"], (o.get("en") if lang_en else None) or o["nl"]) for o in self.options]
        if self.missing_option:
            choices.append((self.missing_option, dict(self.MISSING_CHOICES)[self.missing_option]))
        return choices


# A round runs for weeks; a year ahead is the longest that makes sense, and a closing day in the
# past would open a round that is closed at once (one "closed" in 1900 was announced as open).
ROUND_LONGEST = datetime.timedelta(days=365)


def closing_day_bounds():
    """The first and last day a new round may close on."""
    today = timezone.localdate()
    return today, today + ROUND_LONGEST


def closing_day_error(closes_on):
    """The message for a closing day outside closing_day_bounds(), or None when it is inside."""
    earliest, latest = closing_day_bounds()
    if earliest <= closes_on <= latest:
        return None
    return _("Choose a closing date from today up to %(latest)s.") % {"latest": date_format(latest, "j F Y")}


class SurveyRoundQuerySet(models.QuerySet):
    def visible_to(self, user):
        from .permissions import rounds_visible_filter

        return self.filter(rounds_visible_filter(user)).distinct()


class SurveyRound(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    title = models.CharField(_("title"), max_length=200)
    municipalities = models.ManyToManyField(
        Municipality, related_name="survey_rounds", verbose_name=_("municipalities")
    )
    questionnaires = models.ManyToManyField(
        Questionnaire, related_name="rounds", verbose_name=_("questionnaires"),
        help_text=_("One per respondent group."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_at = models.DateTimeField(_("opened at"))
    closes_on = models.DateField(_("closes on"))
    reminder_days = models.JSONField(
        _("reminders after (days)"), default=list, blank=True,
        help_text=_("Days after opening on which those who have not finished get a reminder."),
    )
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    # Where the links in e-mails point (taken from the request that opened the round).
    base_url = models.URLField(max_length=200, blank=True)

    objects = SurveyRoundQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = _("survey round")
        verbose_name_plural = _("survey rounds")

    def __str__(self):
        return self.title

    @property
    def is_open(self):
        # A round also stops taking answers after its closing day, even if nobody closed it.
        return self.status == self.Status.OPEN and self.closes_on >= timezone.localdate()


class ShareLink(models.Model):
    """A link to pass on through contact persons; everyone who opens it starts a new response."""

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="share_links")
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="+")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "questionnaire", "municipality"], name="sharelink_unique")
        ]

    def __str__(self):
        return f"{self.round} · {self.municipality} · {self.questionnaire.key}"


class Invitation(models.Model):
    """A personal invitation. It keeps a status only: never which response is its own. The
    address is kept for reminders and erased when the response is submitted."""

    class Status(models.TextChoices):
        SENT = "sent", _("Sent")
        STARTED = "started", _("Started")
        SUBMITTED = "submitted", _("Submitted")

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="invitations")
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="+")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    email = models.EmailField(blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SENT)

    class Meta:
        indexes = [models.Index(fields=["round", "status"])]

    def __str__(self):
        return f"{self.round} · {self.get_status_display()}"


class Reminder(models.Model):
    """One reminder per invitation and due moment: the unique key makes the sweep idempotent."""

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="reminders")
    due_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["invitation", "due_at"], name="reminder_unique_due")]

    def __str__(self):
        return f"{self.invitation_id} @ {self.due_at:%Y-%m-%d}"


class Response(models.Model):
    """One respondent's answers. While in progress it is found by `key_hash` (the hash of the
    token in the respondent's link); on submit the key is erased, and the dates are kept by day
    only, so nothing ties the answers back to an invitation."""

    round = models.ForeignKey(SurveyRound, on_delete=models.PROTECT, related_name="responses")
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="responses")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    key_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    started_on = models.DateField()
    submitted_on = models.DateField(null=True, blank=True)
    last_section = models.PositiveSmallIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["round", "submitted_on"])]

    def __str__(self):
        return f"{self.round} #{self.pk}"

    @property
    def is_submitted(self):
        return self.submitted_on is not None


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    value = models.CharField(max_length=50, blank=True)
    values = models.JSONField(default=list, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="answer_unique_question")]

    def __str__(self):
        return f"{self.question.code}"
