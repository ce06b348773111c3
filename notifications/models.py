"""The outbox of reminders and the in-app notifications it produces.

An `Outbox` row is written in the transaction of the change that causes it; the sweep
(tasks.sweep_outbox) delivers it. Its `dedup_key` makes the same reminder impossible to create twice.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    VISIT_TOMORROW = "visit_tomorrow", _("Visit tomorrow")
    FOLLOW_UP_OVERDUE = "follow_up_overdue", _("Follow-up overdue")
    ADVICE_EVALUATION_DUE = "advice_evaluation_due", _("Advice evaluation due")
    CONSENT_PENDING = "consent_pending", _("Consent pending")
    BUDGET_THRESHOLD = "budget_threshold", _("Hour budget threshold")
    VISIT_PUBLISHED = "visit_published", _("Visit planned")
    CASE_NEWS = "case_news", _("News on a request")
    # Coaching planned by the pedagogical coach with the location's specialist (issue 17 item 4).
    COACHING_PROPOSED = "coaching_proposed", _("Coaching proposed")
    COACHING_ACCEPTED = "coaching_accepted", _("Coaching accepted")
    COACHING_DECLINED = "coaching_declined", _("Coaching declined")
    COACHING_NEW_TIME = "coaching_new_time", _("Another time for coaching")
    # To the pm'ers named on it once accepted, and to whoever is left when it is called off.
    COACHING_PLANNED_WITH_YOU = "coaching_planned_with_you", _("Coaching planned with you")
    COACHING_WITHDRAWN = "coaching_withdrawn", _("Coaching withdrawn")
    COACHING_CANCELLED = "coaching_cancelled", _("Coaching cancelled")
    # A warm handover that reached the teacher of a primary school taking part (issue 17 item 5).
    HANDOVER_RECEIVED = "handover_received", _("Handover received")


class State(models.TextChoices):
    PENDING = "pending", _("pending")
    CLAIMED = "claimed", _("claimed")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed, will retry")
    STALE = "stale", _("stale, not sent")
    WITHDRAWN = "withdrawn", _("withdrawn, no longer true")


class Outbox(models.Model):
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    # The object the reminder is about, if it is a row; `object_key` is what makes it unique, so a
    # reminder about something that is not a row (a budget threshold) can use a string key instead.
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True, blank=True)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    object_key = models.CharField(_("object"), max_length=200)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="outbox", verbose_name=_("recipient")
    )
    due_at = models.DateTimeField(_("due at"))
    # The moment the reminder is about (the visit's start), shown in the text in Amsterdam time.
    about_at = models.DateTimeField(_("about the moment"), null=True, blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    message_id = models.CharField(max_length=200, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("outbox item")
        verbose_name_plural = _("outbox items")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_key", "due_at", "recipient"], name="notifications_outbox_once"
            ),
        ]
        indexes = [
            # The sweep reads only what is open, so its work grows with what is due, not with history.
            models.Index(
                fields=["due_at"], name="notifications_outbox_open",
                condition=models.Q(state__in=["pending", "claimed", "failed"]),
            ),
        ]

    def __str__(self):
        return f"{self.kind} {self.object_key} → {self.recipient_id} @ {self.due_at:%Y-%m-%d %H:%M}"


class NotificationQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """In-app, per user. One per outbox item at most (the one-to-one), so a retried sweep never doubles it."""

    outbox = models.OneToOneField(
        Outbox, on_delete=models.CASCADE, null=True, blank=True, related_name="notification"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    url = models.CharField(_("link"), max_length=500, blank=True)
    about_at = models.DateTimeField(_("about the moment"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["recipient", "read_at"], name="notifications_unread")]

    def __str__(self):
        return f"{self.kind} → {self.recipient_id}"


class EmailOptOut(models.Model):
    """A kind she does not want by e-mail. In-app notifications always come; e-mail is on by default."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_opt_outs")
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)

    class Meta:
        verbose_name = _("e-mail opt-out")
        verbose_name_plural = _("e-mail opt-outs")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notifications_optout_once")]

    def __str__(self):
        return f"{self.user_id} no e-mail for {self.kind}"
