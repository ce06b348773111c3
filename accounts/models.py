from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisations.models import (
    CareProvider,
    ChildcareOrganisation,
    Group,
    Location,
    Municipality,
    YouthHealthService,
)


class Role(models.TextChoices):
    CHILDCARE_WORKER = "childcare_worker", _("Childcare worker")
    SPECIALIST = "specialist", _("Specialist")
    YOUTH_NURSE = "youth_nurse", _("Youth nurse")
    COORDINATOR = "coordinator", _("Coordinator")
    PROGRAMME_COORDINATOR = "programme_coordinator", _("Programme coordinator")
    PRIVACY_OFFICER = "privacy_officer", _("Privacy officer")
    SAFEGUARDING_OFFICER = "safeguarding_officer", _("Safeguarding officer")
    FUNCTIONAL_ADMINISTRATOR = "functional_administrator", _("Functional administrator")
    # Every childcare organisation has one by law; she coaches the pm'ers alongside the specialist.
    PEDAGOGICAL_COACH = "pedagogical_coach", _("Pedagogical coach")
    # A primary-school teacher (issue 17 item 5): asks for help about a child of her class as the pm'er does.
    TEACHER = "teacher", _("Teacher")


# Which organisation field a membership of each role must name; the others stay empty.
SCOPE_OF_ROLE = {
    Role.CHILDCARE_WORKER: ("location",),
    Role.SPECIALIST: ("care_provider",),
    Role.YOUTH_NURSE: ("youth_health_service",),
    Role.COORDINATOR: ("municipality",),
    Role.PROGRAMME_COORDINATOR: (),
    Role.PRIVACY_OFFICER: ("municipality",),
    # A youth health service (GGD) has its own safeguarding officer for its nurses' reporting code paths.
    Role.SAFEGUARDING_OFFICER: ("childcare_organisation", "care_provider", "youth_health_service"),
    Role.FUNCTIONAL_ADMINISTRATOR: (),
    Role.PEDAGOGICAL_COACH: ("childcare_organisation",),
    Role.TEACHER: ("location",),
}

# The professionals who work with the children at a location and ask for help about them. Both act
# as the workflow's "childcare_worker" party (casework.workflow.CHILDCARE_WORKER): they see the
# children of their own location, ask, follow and evaluate. What stays the pm'er's alone asks for
# Role.CHILDCARE_WORKER by name: coaching (the programme coaches pm'ers on their core competences),
# the questionnaire rounds (they measure childcare), the meldcode paths (a school follows its own
# reporting-code routine with its own safeguarding contact, outside this app), preventive group
# visits and walk-in hours (childcare's preventive offer, DESIGN 3).
LOCATION_ROLES = (Role.CHILDCARE_WORKER, Role.TEACHER)
SCOPE_FIELDS = ("location", "care_provider", "youth_health_service", "municipality", "childcare_organisation")


class User(AbstractUser):
    """A professional. Guardians have no account: they act through signed, expiring links."""

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_full_name() or self.username


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True, user__is_active=True)

    def manageable_by(self, user):
        from .permissions import memberships_manageable_filter

        # The filter spans many-to-many joins; a subquery keeps each membership once.
        return self.filter(pk__in=Membership.objects.filter(memberships_manageable_filter(user)).values("pk"))


class Membership(models.Model):
    """One role of a user in one organisation. A user can hold several."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user"))
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, null=True, blank=True, related_name="memberships",
        verbose_name=_("location"),
    )
    groups = models.ManyToManyField(Group, blank=True, related_name="memberships", verbose_name=_("groups"))
    care_provider = models.ForeignKey(
        CareProvider, on_delete=models.PROTECT, null=True, blank=True, related_name="memberships",
        verbose_name=_("care provider"),
    )
    youth_health_service = models.ForeignKey(
        YouthHealthService, on_delete=models.PROTECT, null=True, blank=True, related_name="memberships",
        verbose_name=_("youth health service"),
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="memberships",
        verbose_name=_("municipality"),
    )
    childcare_organisation = models.ForeignKey(
        ChildcareOrganisation, on_delete=models.PROTECT, null=True, blank=True, related_name="memberships",
        verbose_name=_("childcare organisation"),
    )
    fixed_contact_for = models.ManyToManyField(
        Location, blank=True, related_name="fixed_contacts", verbose_name=_("fixed contact of locations"),
        help_text=_("Only for specialists and youth nurses."),
    )
    is_planner = models.BooleanField(
        _("plans the care provider's queue"), default=False, help_text=_("Only for specialists.")
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["user__last_name", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self):
        scope = self.scope
        return f"{self.get_role_display()} — {scope}" if scope else self.get_role_display()

    @property
    def scope(self):
        for field in SCOPE_FIELDS:
            value = getattr(self, field)
            if value is not None:
                return value
        return None

    def _active_twin_exists(self):
        scope = {f"{field}_id": getattr(self, f"{field}_id") for field in SCOPE_FIELDS}
        twins = Membership.objects.filter(user_id=self.user_id, role=self.role, active=True, **scope)
        return twins.exclude(pk=self.pk).exists()

    def _location_kind_errors(self):
        """A teacher works at a primary school, a pm'er at a childcare location: the child lists, the
        consent texts ("the school" or "the childcare") and the rules for a request follow from it."""
        is_school = self.location.is_school
        if self.role == Role.TEACHER and not is_school:
            return {"location": _("A teacher works at a primary school location.")}
        if self.role == Role.CHILDCARE_WORKER and is_school:
            return {"location": _("A childcare worker works at a childcare location, not at a primary school.")}
        return {}

    def clean(self):
        wanted = SCOPE_OF_ROLE.get(self.role, ())
        given = [f for f in SCOPE_FIELDS if getattr(self, f"{f}_id") is not None]
        errors = {}
        if wanted and (len(given) != 1 or given[0] not in wanted):
            labels = " / ".join(str(self._meta.get_field(f).verbose_name) for f in wanted)
            errors["role"] = _("This role needs exactly one %(scope)s and no other organisation.") % {
                "scope": labels
            }
        elif not wanted and given:
            errors["role"] = _("This role is not tied to an organisation.")
        if not errors and self.user_id and self.active and self._active_twin_exists():
            errors["role"] = _("This person already has this role in this organisation.")
        if not errors and self.location_id is not None and self.role in LOCATION_ROLES:
            errors.update(self._location_kind_errors())
        if self.is_planner and self.role != Role.SPECIALIST:
            errors["is_planner"] = _("Only a specialist can plan a care provider's queue.")
        if errors:
            raise ValidationError(errors)


class SecurityEvent(models.Model):
    """Who changed whose login security or memberships, and lockouts. Append-only, like the audit
    trail, but about people rather than children: no child's data is ever stored here.

    Names are copied so that the log still reads after a user is removed.
    """

    class Kind(models.TextChoices):
        LOCKED_OUT = "locked_out", _("Login locked out")
        LOCKOUT_LIFTED = "lockout_lifted", _("Lockout lifted")
        SECOND_FACTOR_ADDED = "second_factor_added", _("Second factor set up")
        SECOND_FACTOR_REMOVED = "second_factor_removed", _("Second factor removed")
        SECOND_FACTORS_RESET = "second_factors_reset", _("Second factors reset")
        RECOVERY_CODE_USED = "recovery_code_used", _("Recovery code used")
        TRUSTED_DEVICE_ADDED = "trusted_device_added", _("Device marked as trusted")
        TRUSTED_DEVICE_REVOKED = "trusted_device_revoked", _("Trusted device revoked")
        PASSWORD_CHANGED = "password_changed", _("Password changed")
        USER_ADDED = "user_added", _("User added")
        USER_CHANGED = "user_changed", _("User changed")
        MEMBERSHIP_ADDED = "membership_added", _("Membership added")
        MEMBERSHIP_CHANGED = "membership_changed", _("Membership changed")
        MEMBERSHIP_ENDED = "membership_ended", _("Membership ended")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    kind = models.CharField(_("what"), max_length=30, choices=Kind.choices)
    actor_id = models.BigIntegerField(_("actor id"), null=True)
    actor_name = models.CharField(_("by"), max_length=200, blank=True)
    subject_id = models.BigIntegerField(_("subject id"), null=True, db_index=True)
    subject_name = models.CharField(_("concerning"), max_length=200, blank=True)
    detail = models.CharField(_("detail"), max_length=400, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("security event")
        verbose_name_plural = _("security events")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()} {self.subject_name}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Security events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Security events are append-only.")


class TrustedDevice(models.Model):
    """A browser the user marked as trusted: it skips the second factor until `expires_at`.

    The browser holds a signed cookie with this row's id and a random secret; only the secret's
    hash is stored. Revoking (by the user, or by a factor reset) sets `revoked_at`.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="trusted_devices", verbose_name=_("user"))
    secret_hash = models.CharField(max_length=64)
    label = models.CharField(_("device"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("trusted since"), default=timezone.now)
    expires_at = models.DateTimeField(_("trusted until"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("trusted device")
        verbose_name_plural = _("trusted devices")

    def __str__(self):
        return self.label or f"#{self.pk}"

    @property
    def is_valid(self):
        return self.revoked_at is None and self.expires_at > timezone.now()
