from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Erasure(models.Model):
    """That a closed case's data was erased at the end of its retention period, and how much: the
    accountability record of the erasure (AVG art. 5(2)), with ids only, nothing about the child."""

    erased_at = models.DateTimeField(_("erased at"), default=timezone.now)
    municipality_id = models.BigIntegerField(_("municipality id"))
    case_id = models.BigIntegerField(_("case id"), unique=True)
    child_id = models.BigIntegerField(_("child id"), null=True)
    closed_at = models.DateTimeField(_("case closed at"))
    retention_years = models.PositiveSmallIntegerField(_("retention (years after closing)"))
    child_erased = models.BooleanField(_("child's details erased too"), default=False)
    counts = models.JSONField(_("records erased"), default=dict)

    class Meta:
        ordering = ["-erased_at", "-pk"]
        verbose_name = _("erasure")
        verbose_name_plural = _("erasures")

    def __str__(self):
        return f"case {self.case_id} erased {self.erased_at:%Y-%m-%d}"
