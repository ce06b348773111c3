from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisations.models import Group

MAX_AGE_YEARS = 12


class ChildQuerySet(models.QuerySet):
    def visible_to(self, user):
        from .permissions import visible_children_filter

        return self.filter(visible_children_filter(user))

    def with_location(self):
        return self.select_related("group__location__district")


class Child(models.Model):
    """A child in childcare. No BSN: the programme does not need it (data minimisation)."""

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    date_of_birth = models.DateField(_("date of birth"))
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="children", verbose_name=_("group"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ChildQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("child")
        verbose_name_plural = _("children")

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def location(self):
        return self.group.location

    def age_on(self, day: date) -> int:
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    def clean(self):
        today = timezone.localdate()
        if self.date_of_birth and self.date_of_birth > today:
            raise ValidationError({"date_of_birth": _("The date of birth cannot be in the future.")})
        if self.date_of_birth and self.age_on(today) >= MAX_AGE_YEARS:
            raise ValidationError(
                {"date_of_birth": _("Alert4you serves children under 12; from 12 the child must consent too.")}
            )


class Guardian(models.Model):
    class Relation(models.TextChoices):
        MOTHER = "mother", _("Mother")
        FATHER = "father", _("Father")
        CARER = "carer", _("Carer")
        OTHER = "other", _("Other")

    class Language(models.TextChoices):
        DUTCH = "nl", "Nederlands"
        ENGLISH = "en", "English"
        ARABIC = "ar", "العربية"
        TURKISH = "tr", "Türkçe"
        POLISH = "pl", "Polski"
        UKRAINIAN = "uk", "Українська"

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="guardians", verbose_name=_("child"))
    name = models.CharField(_("name"), max_length=200)
    relation = models.CharField(_("relation to the child"), max_length=10, choices=Relation.choices)
    has_parental_authority = models.BooleanField(_("has parental authority"), default=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=5, choices=Language.choices, default=Language.DUTCH
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone number"), max_length=30, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("guardian")
        verbose_name_plural = _("guardians")

    def __str__(self):
        return self.name
