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
from django.utils.timezone import now as timezone_now
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
    # A referral or handover needs every guardian with authority: a form may carry a second signature.
    co_signed_by = models.CharField(_("also signed by"), max_length=200, blank=True)
    co_relation = models.CharField(_("relation of the second signer"), max_length=10, blank=True,
                                   choices=Guardian.Relation.choices)
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


# The event log ------------------------------------------------------------------------------
# Consent is what its events say: the current state of a consent is derived from its events
# (services.consent_state / the queries in services), never stored as a flag that an unrelated
# save could reset. Events are appended, never changed.


class ConsentChannel(models.TextChoices):
    ONLINE = "online", _("Online, through the guardian's link")
    PAPER = "paper", _("On paper or verbally, recorded by a professional with a scan")


class ConsentSetting(models.TextChoices):
    CHILDCARE = "childcare", _("The childcare")
    SCHOOL = "school", _("The primary school")

    @classmethod
    def of(cls, child) -> "ConsentSetting":
        return cls.SCHOOL if child.group.location.is_school else cls.CHILDCARE


class ConsentText(models.Model):
    """The plain-language text a guardian reads for one purpose, in one language and version.

    A changed text is a new version (the admin saves it as a new row): what a guardian signed
    never changes under her. Each event keeps the sha256 of the exact text it showed."""

    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose.choices)
    # Who asks, and where the specialist comes: a guardian of a pupil reads "the school" and "the
    # teacher", not "the childcare" (issue 17 item 5). The rules of consent are the same for both.
    setting = models.CharField(_("asked by"), max_length=20, choices=ConsentSetting.choices,
                               default=ConsentSetting.CHILDCARE, db_default=ConsentSetting.CHILDCARE)
    version = models.PositiveIntegerField(_("version"))
    language = models.CharField(_("language"), max_length=5, choices=Guardian.Language.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["purpose", "setting", "language", "-version"]
        constraints = [models.UniqueConstraint(fields=["purpose", "setting", "version", "language"],
                                               name="consent_text_setting_version_unique")]
        verbose_name = _("consent text")
        verbose_name_plural = _("consent texts")

    def __str__(self):
        return f"{self.get_purpose_display()} v{self.version} ({self.language}, {self.setting})"

    @property
    def exact_text(self) -> str:
        return f"{self.title}\n\n{self.body}"

    @property
    def sha256(self) -> str:
        import hashlib

        return hashlib.sha256(self.exact_text.encode("utf-8")).hexdigest()

    def clean(self):
        if self.pk:
            old = ConsentText.objects.filter(pk=self.pk).values("title", "body").first()
            if old and (old["title"], old["body"]) != (self.title, self.body) and self.events.exists():
                raise ValidationError(_("Guardians have signed this text: save a change as a new version."))


class GuardiansDisagree(models.Model):
    """A professional recorded that the guardians with authority disagree: from then on every
    one of them must sign for every purpose (DESIGN section 5)."""

    child = models.OneToOneField(Child, on_delete=models.CASCADE, related_name="guardians_disagree",
                                 verbose_name=_("child"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("guardians disagree")
        verbose_name_plural = _("guardians disagree")

    def __str__(self):
        return str(self.recorded_at)


class ConsentRequest(models.Model):
    """A professional asked one guardian, through a link, to decide on one or more purposes."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="consent_requests",
                              verbose_name=_("child"))
    guardian = models.ForeignKey(Guardian, on_delete=models.CASCADE, related_name="consent_requests",
                                 verbose_name=_("guardian"))
    purposes = models.JSONField(_("purposes"), default=list)
    parties = models.JSONField(_("receiving parties"), default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   null=True, blank=True, verbose_name=_("asked by"))
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    # For the printed letter: typed in at /consent/code/ by a guardian without e-mail. It only
    # leads to the date-of-birth check, like the link.
    short_code = models.CharField(_("short code"), max_length=12, unique=True, null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("consent request")
        verbose_name_plural = _("consent requests")

    def __str__(self):
        return f"#{self.pk}"


class Consent(models.Model):
    """One (child, purpose, party) the guardians were asked about; its events say where it stands."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="consents", verbose_name=_("child"))
    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose.choices)
    party = models.CharField(_("receiving party"), max_length=20, choices=ConsentParty.choices)
    # How many different guardians must give it, fixed by DESIGN section 5's rules when it was asked.
    signers_required = models.PositiveSmallIntegerField(_("guardians who must sign"), default=1)
    channel = models.CharField(_("channel"), max_length=10, choices=ConsentChannel.choices)
    request = models.ForeignKey(ConsentRequest, on_delete=models.CASCADE, null=True, blank=True,
                                related_name="consents", verbose_name=_("request"))
    paper = models.ForeignKey(PaperConsent, on_delete=models.CASCADE, null=True, blank=True,
                              related_name="consents", verbose_name=_("paper form"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        # Behind every "is there a valid consent for this child, purpose and party" (validity.py).
        indexes = [models.Index(fields=["child", "purpose", "party"], name="consent_child_purpose_party")]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self):
        return f"{self.purpose} → {self.party}"


class ConsentEventKind(models.TextChoices):
    ASKED = "asked", _("Asked")
    GIVEN = "given", _("Given")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    EXPIRED = "expired", _("Expired")


class ConsentEvent(models.Model):
    consent = models.ForeignKey(Consent, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("what happened"), max_length=10, choices=ConsentEventKind.choices)
    at = models.DateTimeField(_("when"), default=timezone_now)
    channel = models.CharField(_("channel"), max_length=10, choices=ConsentChannel.choices)
    # RESTRICT, not SET_NULL: the database refuses UPDATE on events; erasing the whole child
    # (consents cascade with her) still works.
    guardian = models.ForeignKey(Guardian, on_delete=models.RESTRICT, null=True, blank=True, related_name="+")
    signer_name = models.CharField(_("name of the guardian"), max_length=200, blank=True)
    signer_relation = models.CharField(_("relation to the child"), max_length=10, blank=True,
                                       choices=Guardian.Relation.choices)
    # Who a signature counts for: the guardian's id, or the typed name on a paper form.
    signer_key = models.CharField(max_length=220, blank=True)
    other_guardian_agrees = models.BooleanField(
        _("the signer declares that the other guardian with authority agrees"), default=False)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    text = models.ForeignKey(ConsentText, on_delete=models.PROTECT, null=True, blank=True, related_name="events")
    text_version = models.PositiveIntegerField(null=True, blank=True)
    text_language = models.CharField(max_length=5, blank=True)
    text_sha256 = models.CharField(max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=400, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")

    class Meta:
        ordering = ["at", "pk"]
        # The validity check counts a consent's "given" events and looks for an ending one.
        indexes = [models.Index(fields=["consent", "kind"], name="consent_event_consent_kind")]
        verbose_name = _("consent event")
        verbose_name_plural = _("consent events")

    def __str__(self):
        return f"{self.kind} {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Consent events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Consent events are append-only.")


class ConsentReceipt(models.Model):
    """The PDF a guardian got, kept exactly as it was sent."""

    request = models.ForeignKey(ConsentRequest, on_delete=models.CASCADE, related_name="receipts")
    pdf = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.sha256[:12]


class LinkLock(models.Model):
    """Wrong dates of birth on one request's link. A row, not the cache: the cache is per process
    unless Redis is configured, and five tries must mean five across all workers."""

    request = models.OneToOneField(ConsentRequest, on_delete=models.CASCADE, related_name="lock")
    failures = models.PositiveSmallIntegerField(default=0)
    blocked_until = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.failures}"


class ConsentReminder(models.Model):
    """One reminder per request and kind, recorded before it is sent: a task that runs twice
    sends it once."""

    request = models.ForeignKey(ConsentRequest, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["request", "kind"], name="consent_reminder_once")]

    def __str__(self):
        return self.kind
