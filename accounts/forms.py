from crispy_forms.helper import FormHelper
from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from organisations.models import CareProvider, Group, Location, YouthHealthService

from .models import Membership, Role, User
from .permissions import COORDINATOR_GRANTABLE_ROLES
from .throttling import client_ip, login_wait_seconds


class MembershipForm(forms.ModelForm):
    """A coordinator adds a professional to her municipality. Every choice is limited to it."""

    # The lengths of the user's columns: longer input gets a message instead of a database error.
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
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


class LoginForm(AuthenticationForm):
    """Username and password. A (username, address) pair with recent failures must wait first."""

    def clean(self):
        username = self.cleaned_data.get("username")
        if username and self.request is not None:
            wait = login_wait_seconds(username=username, ip_address=client_ip(self.request))
            if wait:
                raise forms.ValidationError(
                    _("Too many failed attempts. Wait %(seconds)s seconds before you try again."),
                    code="throttled", params={"seconds": wait},
                )
        return super().clean()


TRUST_HELP = _(
    "Only on a tablet or computer of your own workplace. On it, you will not be asked for a code for "
    "%(days)s days; your session still ends when the device is left alone."
)


class SecondFactorForm(forms.Form):
    token = forms.CharField(
        label=_("Code"), max_length=16,
        help_text=_("The 6-digit code from your authenticator app, or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "autocapitalize": "off",
                                      "spellcheck": "false"}),
    )
    trust_device = forms.BooleanField(label=_("Trust this device"), required=False)

    def __init__(self, *args, has_app=True, has_key=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trust_device"].help_text = TRUST_HELP % {"days": settings.TRUSTED_DEVICE_DAYS}
        if has_key:
            # The key button is the first way in; focus on the code field would hide it on a small screen.
            self.fields["token"].widget.attrs.pop("autofocus", None)
        if not has_app:
            # Someone with only a security key types a code only when the key is not at hand.
            self.fields["token"].label = _("Recovery code")
            self.fields["token"].help_text = _("One of the recovery codes you stored when you registered your key.")


class TotpSetupForm(SecondFactorForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["token"].max_length = 6
        self.fields["token"].help_text = _("The 6-digit code your authenticator app shows now.")
        self.fields["token"].widget.attrs["inputmode"] = "numeric"


class ResetPasswordForm(PasswordResetForm):
    """Also for a new colleague whose account has no password yet: she sets her first one this way."""

    def get_users(self, email):
        return User.objects.filter(email__iexact=email, is_active=True)


class ChangePasswordForm(PasswordChangeForm):
    """Django's form, saying "je" like the rest of the app (its Dutch says "u")."""

    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": _("Your current password is not right. Type it again."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("Current password")
