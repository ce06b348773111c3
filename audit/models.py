from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The actor_name of an access by someone who was not logged in (kept as is: the log never changes).
ANONYMOUS = "anonymous"


class AuditAction(models.TextChoices):
    VIEW = "view", _("View")
    CREATE = "create", _("Create")
    CHANGE = "change", _("Change")
    DELETE = "delete", _("Delete")
    EXPORT = "export", _("Export")


class AuditBasis(models.TextChoices):
    MEMBERSHIP = "membership", _("Membership")
    CONSENT = "consent", _("Consent")
    SAFEGUARDING = "safeguarding", _("Reporting code")
    RETENTION = "retention", _("Retention period ended")
    NONE = "none", _("None (refused)")


class AuditPart(models.TextChoices):
    """Which part of a child's file was touched; later issues add theirs (case, consent, ...)."""

    PROFILE = "profile", _("Child's details and guardians")
    LIST = "list", _("Children list")
    CASE = "case", _("Request for help and case")
    CONSENT = "consent", _("Consent")
    VISIT = "visit", _("Visits and observation notes")
    ADVICE = "advice", _("Advice and its evaluation")
    APPROACH_PLAN = "approach_plan", _("Approach plan")
    REFERRAL = "referral", _("Referral")
    HANDOVER = "handover", _("Handover to primary school")
    MESSAGE = "message", _("Messages on the case")
    MELDCODE = "meldcode", _("Reporting code (meldcode)")
    AUDIT_LOG = "audit_log", _("Access log")


class AppendOnlyQuerySet(models.QuerySet):
    def visible_to(self, user):
        from .permissions import visible_events_filter

        return self.filter(visible_events_filter(user))

    def update(self, **kwargs):
        raise PermissionError("Audit events are append-only.")

    def delete(self):
        raise PermissionError("Audit events are append-only.")


class AuditEvent(models.Model):
    """One access to a child's data, after NEN 7513. Append-only: the app refuses to change or
    delete a row and a database trigger refuses UPDATE and DELETE (migration 0002).

    Ids of the actor, the child and the municipality are plain numbers, not foreign keys, so
    that erasing a child or a user never touches the log.
    """

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor_id = models.BigIntegerField(_("actor id"), null=True)
    actor_name = models.CharField(_("who"), max_length=200)
    role = models.CharField(_("role"), max_length=30, blank=True)
    organisation = models.CharField(_("on behalf of"), max_length=200, blank=True)
    membership_id = models.BigIntegerField(_("membership id"), null=True)
    child_id = models.BigIntegerField(_("child id"), null=True, db_index=True)
    municipality_id = models.BigIntegerField(_("municipality id"), null=True, db_index=True)
    object_type = models.CharField(_("record type"), max_length=60)
    object_id = models.CharField(_("record id"), max_length=64, blank=True)
    action = models.CharField(_("action"), max_length=10, choices=AuditAction.choices)
    part = models.CharField(_("part of the file"), max_length=60, choices=AuditPart.choices)
    basis = models.CharField(_("basis"), max_length=20, choices=AuditBasis.choices)
    basis_ref = models.CharField(_("basis reference"), max_length=100, blank=True)
    status_code = models.PositiveSmallIntegerField(_("response status"))
    ip_address = models.GenericIPAddressField(_("IP address"), null=True)
    user_agent = models.CharField(_("user agent"), max_length=400, blank=True)
    path = models.CharField(_("path"), max_length=400, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["municipality_id", "-at"], name="audit_municipality_at")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_type}#{self.object_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit events are append-only.")

    @property
    def actor_display(self):
        """Who, for the page: someone without a login (a guardian on her link, a refused visitor) is
        stored as ANONYMOUS, a fixed word in an append-only log, and shown in the reader's language."""
        if self.actor_id is None and self.actor_name == ANONYMOUS:
            return _("not logged in")
        return self.actor_name
