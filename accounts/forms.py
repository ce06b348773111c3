from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from organisations.models import CareProvider, Group, Location, YouthHealthService

from .models import Membership, Role
from .permissions import COORDINATOR_GRANTABLE_ROLES


class MembershipForm(forms.ModelForm):
    """A coordinator adds a professional to her municipality. Every choice is limited to it."""

    email = forms.EmailField(label=_("E-mail address"))
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)

    class Meta:
        model = Membership
        fields = ["role", "location", "groups", "care_provider", "youth_health_service", "fixed_contact_for",
                  "is_planner"]
        widgets = {"groups": forms.CheckboxSelectMultiple, "fixed_contact_for": forms.CheckboxSelectMultiple}

    def __init__(self, *args, municipality_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(r.value, r.label) for r in COORDINATOR_GRANTABLE_ROLES]
        locations = Location.objects.filter(district__municipality_id__in=municipality_ids)
        self.fields["location"].queryset = locations
        self.fields["fixed_contact_for"].queryset = locations
        self.fields["groups"].queryset = Group.objects.filter(location__in=locations).select_related("location")
        self.fields["care_provider"].queryset = CareProvider.objects.filter(
            municipalities__in=municipality_ids).distinct()
        self.fields["youth_health_service"].queryset = YouthHealthService.objects.filter(
            municipalities__in=municipality_ids).distinct()
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        cleaned = super().clean()
        groups, location = cleaned.get("groups"), cleaned.get("location")
        if groups and location and any(g.location_id != location.pk for g in groups):
            self.add_error("groups", _("Choose groups of the chosen location only."))
        if cleaned.get("fixed_contact_for") and cleaned.get("role") not in (Role.SPECIALIST, Role.YOUTH_NURSE):
            self.add_error("fixed_contact_for", _("Only a specialist or youth nurse can be a fixed contact."))
        return cleaned
