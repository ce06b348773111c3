"""Consent, for now given on paper (or verbally) and recorded by a professional.

Other apps never read these models: they ask `consent.services.has_valid_consent(...)` (or, in a
query, `consent.services.children_with_valid_consent(...)`). The consent issue adds the guardian's
online link and its event log behind the same functions.
"""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from children.models import Child, Guardian

MAX_SCAN_BYTES = 10 * 1024 * 1024
SCAN_EXTENSIONS = ["pdf", "jpg", "jpeg", "png"]
# The first bytes of each accepted file type: the name alone proves nothing.
SCAN_SIGNATURES = (b"%PDF-", b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")


class ConsentPurpose(models.TextChoices):
    OBSERVATION = "observation", _("Observation of the child and advice")
    REFERRAL = "referral", _("Referral to further help")
    HANDOVER = "handover", _("Handover to primary school")


class ConsentParty(models.TextChoices):
    SPECIALIST = "specialist", _("The youth-care specialist")
    YOUTH_NURSE = "youth_nurse", _("The youth nurse")
    REFERRAL_PARTY = "referral_party", _("The party the child is referred to")
    PRIMARY_SCHOOL = "primary_school", _("The primary school")


def validate_scan(file):
    if file.size > MAX_SCAN_BYTES:
        raise ValidationError(_("The scan is too large: at most 10 MB."), code="scan_too_large")
    head = file.read(8)
    file.seek(0)
    if not head.startswith(SCAN_SIGNATURES):
        raise ValidationError(_("Upload a PDF, JPEG or PNG scan of the signed form."), code="scan_type")


def scan_path(instance, filename):
    # A random name: the file name a scanner gives may contain the child's name.
    return f"consent/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class PaperConsent(models.Model):
    """A consent form a guardian signed on paper (or gave verbally), recorded by a professional."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="paper_consents",
                              verbose_name=_("child"))
    signed_by = models.CharField(_("signed by"), max_length=200)
    relation = models.CharField(_("relation to the child"), max_length=10, choices=Guardian.Relation.choices)
    other_guardian_agrees = models.BooleanField(
        _("the signer declares that the other guardian with authority agrees"), default=False
    )
    signed_on = models.DateField(_("signed on"))
    valid_until = models.DateField(_("valid until"))
    scan = models.FileField(
        _("scan of the signed form"), upload_to=scan_path,
        validators=[FileExtensionValidator(SCAN_EXTENSIONS), validate_scan],
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        ordering = ["-signed_on", "-pk"]
        verbose_name = _("paper consent")
        verbose_name_plural = _("paper consents")

    def __str__(self):
        return f"{self.signed_by} ({self.signed_on})"


class PaperConsentScope(models.Model):
    """One (purpose, party) pair a paper consent covers; rows so every database can query them."""

    consent = models.ForeignKey(PaperConsent, on_delete=models.CASCADE, related_name="scopes")
    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose.choices)
    party = models.CharField(_("receiving party"), max_length=20, choices=ConsentParty.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["consent", "purpose", "party"], name="paper_consent_scope_unique")
        ]
        verbose_name = _("consent scope")
        verbose_name_plural = _("consent scopes")

    def __str__(self):
        return f"{self.purpose} → {self.party}"
