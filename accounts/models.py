from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
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


# Which organisation field a membership of each role must name; the others stay empty.
SCOPE_OF_ROLE = {
    Role.CHILDCARE_WORKER: ("location",),
    Role.SPECIALIST: ("care_provider",),
    Role.YOUTH_NURSE: ("youth_health_service",),
    Role.COORDINATOR: ("municipality",),
    Role.PROGRAMME_COORDINATOR: (),
    Role.PRIVACY_OFFICER: ("municipality",),
    Role.SAFEGUARDING_OFFICER: ("childcare_organisation", "care_provider"),
    Role.FUNCTIONAL_ADMINISTRATOR: (),
}
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
        if self.is_planner and self.role != Role.SPECIALIST:
            errors["is_planner"] = _("Only a specialist can plan a care provider's queue.")
        if errors:
            raise ValidationError(errors)
