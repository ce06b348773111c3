import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

lrk_number_validator = RegexValidator(
    r"^\d{9}$", _("An LRK number has exactly 9 digits."), code="invalid_lrk_number"
)
# A school's BRIN number (4 characters: 2 digits, 2 letters) with its 2-digit branch number, as DUO writes it.
BRIN_PATTERN = r"^[0-9]{2}[A-Z]{2}[0-9]{2}$"
brin_number_validator = RegexValidator(
    BRIN_PATTERN,
    _("A BRIN number with branch has 6 characters: 2 digits, 2 capital letters and the 2-digit branch, "
      "e.g. 12AB00."),
    code="invalid_brin_number",
)


class ProgrammeRole(models.TextChoices):
    """The roles a programme configuration can name (who joins a talk, who may refer)."""

    GUARDIANS = "guardians", _("Guardians")
    CHILDCARE_WORKER = "childcare_worker", _("Childcare worker")
    SPECIALIST = "specialist", _("Specialist")
    YOUTH_NURSE = "youth_nurse", _("Youth nurse")


class LocationKind(models.TextChoices):
    DAY_CARE = "day_care", _("Day care (KDV)")
    TODDLER_GROUP = "toddler_group", _("Toddler group")
    OUT_OF_SCHOOL_CARE = "out_of_school_care", _("Out-of-school care (BSO)")
    # Issue 17 item 5: a school location (classes as groups, teachers instead of pm'ers, a BRIN number).
    PRIMARY_SCHOOL = "primary_school", _("Primary school")


class OrganisationKind(models.TextChoices):
    """What runs the locations: a childcare organisation or a school board. One model for both, so
    every rule that follows a location to its organisation holds for schools unchanged."""

    CHILDCARE = "childcare", _("Childcare organisation")
    SCHOOL_BOARD = "school_board", _("School board")


def _default_working_hours_start():
    return datetime.time(7, 0)


def _default_working_hours_end():
    return datetime.time(19, 0)


class Municipality(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    programme_name = models.CharField(_("programme name"), max_length=100, blank=True)
    # What the privacy officer's review flags as unusual access (audit.selectors.unusual_access).
    audit_burst_children = models.PositiveSmallIntegerField(
        _("unusual access: this many different children"), default=20,
        validators=[MinValueValidator(2), MaxValueValidator(1000)])
    audit_burst_minutes = models.PositiveSmallIntegerField(
        _("unusual access: within this many minutes"), default=10,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 60)])
    working_hours_start = models.TimeField(_("working hours start"), default=_default_working_hours_start)
    working_hours_end = models.TimeField(_("working hours end"), default=_default_working_hours_end)
    # Retention of case data (dataprotection/): a closed case's data is erased this long after closing.
    case_retention_years = models.PositiveSmallIntegerField(
        _("case data kept for (years after closing)"), default=2,
        validators=[MinValueValidator(1), MaxValueValidator(20)])

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self):
        return self.name


class ProgrammeConfiguration(models.Model):
    """A municipality's way of working (DESIGN section 3). The workflow reads these settings;
    no code branches on a municipality's name."""

    class IndividualObservation(models.TextChoices):
        CASE = "case", _("Individual case with the guardians' consent")
        GROUP_VISIT = "group_visit", _("Group visit about the childcare worker's own approach")

    class Assignment(models.TextChoices):
        FIXED_CONTACT = "fixed_contact", _("The location's fixed contact")
        PROVIDER_QUEUE = "provider_queue", _("The care provider's queue")

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="configuration", verbose_name=_("municipality")
    )
    based_on_preset = models.CharField(_("based on preset"), max_length=30, blank=True)
    partners = models.TextField(_("partners"), blank=True)
    preventive_visits_per_year = models.PositiveSmallIntegerField(
        _("preventive group visits per group per year"), default=0, validators=[MaxValueValidator(12)]
    )
    preventive_visit_location_kinds = models.JSONField(
        _("location kinds that get preventive visits"), default=list, blank=True
    )
    preventive_visit_min_age_months = models.PositiveSmallIntegerField(
        _("preventive visits: youngest group age (months)"), default=0
    )
    preventive_visit_max_age_months = models.PositiveSmallIntegerField(
        _("preventive visits: oldest group age (months)"), default=48
    )
    proactive_contact_encouraged = models.BooleanField(_("proactive contact without a question"), default=False)
    individual_observation = models.CharField(
        _("a question about one child becomes"), max_length=20, choices=IndividualObservation.choices,
        default=IndividualObservation.CASE,
    )
    nurse_involved_before_observation = models.BooleanField(
        _("youth nurse involved before an individual observation"), default=False
    )
    intake_talk = models.BooleanField(_("intake talk before the observation"), default=False)
    review_talk_participants = models.JSONField(_("review talk participants"), default=list, blank=True)
    guardians_involved = models.BooleanField(_("guardians take part"), default=True)
    max_follow_ups = models.PositiveSmallIntegerField(
        _("maximum follow-up talks"), null=True, blank=True, help_text=_("Empty means no limit.")
    )
    walk_in_hours_per_year = models.PositiveSmallIntegerField(
        _("walk-in hours by a youth nurse per location per year"), default=0
    )
    referral_starters = models.JSONField(_("who may start a referral"), default=list, blank=True)
    referral_target = models.CharField(_("referral to a separate trajectory"), max_length=100, blank=True)
    evaluation_meetings_per_year = models.PositiveSmallIntegerField(
        _("municipal evaluation meetings per year"), default=0
    )
    assignment = models.CharField(
        _("new requests go to"), max_length=20, choices=Assignment.choices, default=Assignment.FIXED_CONTACT
    )
    consent_every_guardian = models.BooleanField(
        _("every guardian with authority signs for everything"), default=False
    )
    consent_validity_days = models.PositiveIntegerField(_("consent valid for (days)"), default=365)
    # The research report recommends extending the approach to primary school; a municipality decides.
    # Read when a teacher asks, not when she gets her account: the setting can change in between.
    primary_schools_take_part = models.BooleanField(
        _("the municipality's primary schools take part"), default=False, db_default=False,
        help_text=_("Teachers of the municipality's primary schools may ask for an observation of a child "
                    "under 12."),
    )

    class Meta:
        verbose_name = _("programme configuration")
        verbose_name_plural = _("programme configurations")

    def __str__(self):
        return str(self.municipality)

    def clean(self):
        errors = {}
        roles = set(ProgrammeRole.values)
        for field in ("review_talk_participants", "referral_starters"):
            unknown = set(getattr(self, field) or []) - roles
            if unknown:
                errors[field] = _("Unknown role(s): %(roles)s") % {"roles": ", ".join(sorted(unknown))}
        unknown_kinds = set(self.preventive_visit_location_kinds or []) - set(LocationKind.values)
        if unknown_kinds:
            errors["preventive_visit_location_kinds"] = _("Unknown location kind(s): %(kinds)s") % {
                "kinds": ", ".join(sorted(unknown_kinds))
            }
        if LocationKind.PRIMARY_SCHOOL in set(self.preventive_visit_location_kinds or []):
            # Preventive group visits are childcare's: a school has its own care structure for its classes.
            errors["preventive_visit_location_kinds"] = _("Primary schools get no preventive group visits.")
        if self.preventive_visit_min_age_months > self.preventive_visit_max_age_months:
            errors["preventive_visit_max_age_months"] = _("The oldest age must not be below the youngest.")
        if errors:
            raise ValidationError(errors)


class District(models.Model):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="districts", verbose_name=_("municipality")
    )
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["municipality__name", "name"]
        constraints = [models.UniqueConstraint(fields=["municipality", "name"], name="district_unique_name")]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self):
        return f"{self.name} ({self.municipality})"


class ChildcareOrganisation(models.Model):
    """The organisation that runs locations: a childcare organisation, or a school board (`kind`)."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=OrganisationKind.choices, default=OrganisationKind.CHILDCARE,
        db_default=OrganisationKind.CHILDCARE,
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("childcare organisation")
        verbose_name_plural = _("childcare organisations")

    def __str__(self):
        return self.name


class Location(models.Model):
    organisation = models.ForeignKey(
        ChildcareOrganisation, on_delete=models.PROTECT, related_name="locations",
        verbose_name=_("childcare organisation"),
    )
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="locations", verbose_name=_("district")
    )
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=30, choices=LocationKind.choices)
    # A childcare location has an LRK number, a school location a BRIN number; never both, never
    # neither (the check constraint below). Empty is NULL, so that uniqueness holds among the given.
    lrk_number = models.CharField(
        _("LRK number"), max_length=9, unique=True, null=True, blank=True, validators=[lrk_number_validator],
        help_text=_("The 9-digit number in the national childcare register; for a childcare location."),
    )
    brin_number = models.CharField(
        _("BRIN number"), max_length=6, unique=True, null=True, blank=True, validators=[brin_number_validator],
        help_text=_("The school's BRIN number with its branch, e.g. 12AB00; for a primary school location."),
    )
    street_address = models.CharField(_("address"), max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    # isnull=False as well: a regex on NULL is unknown, and a CHECK lets unknown pass.
                    models.Q(kind=LocationKind.PRIMARY_SCHOOL, lrk_number__isnull=True,
                             brin_number__isnull=False, brin_number__regex=BRIN_PATTERN)
                    | (~models.Q(kind=LocationKind.PRIMARY_SCHOOL) & models.Q(
                        brin_number__isnull=True, lrk_number__isnull=False, lrk_number__regex=r"^[0-9]{9}$"))
                ),
                name="location_lrk_or_brin",
            ),
        ]
        verbose_name = _("location")
        verbose_name_plural = _("locations")

    def __str__(self):
        return self.name

    @property
    def is_school(self) -> bool:
        return self.kind == LocationKind.PRIMARY_SCHOOL

    def clean(self):
        errors = {}
        if self.is_school:
            if not self.brin_number:
                errors["brin_number"] = _("A primary school location needs its BRIN number, e.g. 12AB00.")
            if self.lrk_number:
                errors["lrk_number"] = _("A primary school has no LRK number: leave it empty.")
            if self.organisation_id and self.organisation.kind != OrganisationKind.SCHOOL_BOARD:
                errors["organisation"] = _("A primary school location belongs to a school board.")
        else:
            if not self.lrk_number:
                errors["lrk_number"] = _("A childcare location needs its 9-digit LRK number.")
            if self.brin_number:
                errors["brin_number"] = _("Only a primary school has a BRIN number: leave it empty.")
            if self.organisation_id and self.organisation.kind == OrganisationKind.SCHOOL_BOARD:
                errors["organisation"] = _("A school board runs primary school locations only.")
        if errors:
            raise ValidationError(errors)


MAX_GROUP_AGE_MONTHS = 144


class Group(models.Model):
    class Kind(models.TextChoices):
        REGULAR = "regular", _("Regular")
        VVE = "vve", _("Early childhood education (VVE)")

    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, related_name="groups", verbose_name=_("location")
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.REGULAR)
    # A class of a primary school is a group too; its ages reach 12 years (144 months).
    min_age_months = models.PositiveSmallIntegerField(
        _("youngest age (months)"), default=0, validators=[MaxValueValidator(MAX_GROUP_AGE_MONTHS)])
    max_age_months = models.PositiveSmallIntegerField(
        _("oldest age (months)"), default=48, validators=[MaxValueValidator(MAX_GROUP_AGE_MONTHS)])

    class Meta:
        ordering = ["location__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["location", "name"], name="group_unique_name"),
            models.CheckConstraint(
                condition=models.Q(min_age_months__lte=models.F("max_age_months")), name="group_age_range"
            ),
        ]
        verbose_name = _("group")
        verbose_name_plural = _("groups")

    def __str__(self):
        return f"{self.name} ({self.location})"

    def clean(self):
        ages = (self.min_age_months, self.max_age_months)
        if None not in ages and ages[0] > ages[1]:
            raise ValidationError({"max_age_months": _("The oldest age must not be below the youngest.")})


class CareProvider(models.Model):
    name = models.CharField(_("name"), max_length=150, unique=True)
    municipalities = models.ManyToManyField(
        Municipality, related_name="care_providers", blank=True, verbose_name=_("municipalities served")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("care provider")
        verbose_name_plural = _("care providers")

    def __str__(self):
        return self.name


class YouthHealthService(models.Model):
    name = models.CharField(_("name"), max_length=150, unique=True)
    municipalities = models.ManyToManyField(
        Municipality, related_name="youth_health_services", blank=True, verbose_name=_("municipalities served")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("youth health service")
        verbose_name_plural = _("youth health services")

    def __str__(self):
        return self.name
