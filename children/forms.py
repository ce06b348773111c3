from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from alert4you.forms import DateInput
from organisations.models import Group

from .models import Child, Guardian

# The message for a text that is too long: how long it may be and how long it is now (the
# same words the other apps use). Django's default names neither in words a pm'er reads.
TOO_LONG = _("Keep this to at most %(limit_value)d characters (it now has %(show_value)d).")


def limit_messages(form):
    """Every text field of the form says how long it may be, in the same words."""
    for field in form.fields.values():
        if isinstance(field, forms.CharField) and field.max_length:
            field.error_messages["max_length"] = TOO_LONG


class ChildForm(forms.ModelForm):
    class Meta:
        model = Child
        fields = ["first_name", "last_name", "date_of_birth", "group"]
        widgets = {"date_of_birth": DateInput()}

    def __init__(self, *args, location_ids, **kwargs):
        super().__init__(*args, **kwargs)
        limit_messages(self)
        self.fields["first_name"].error_messages["required"] = _("Fill in the child's first name.")
        self.fields["last_name"].error_messages["required"] = _("Fill in the child's last name.")
        self.fields["date_of_birth"].error_messages["required"] = _("Fill in the child's date of birth.")
        # Only groups of the locations the worker belongs to: she cannot move a child elsewhere.
        self.fields["group"].queryset = Group.objects.filter(location_id__in=location_ids).select_related("location")
        self.helper = FormHelper()
        self.helper.form_tag = False


class GuardianForm(forms.ModelForm):
    class Meta:
        model = Guardian
        fields = ["name", "relation", "has_parental_authority", "preferred_language", "email", "phone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_messages(self)


class BaseGuardianFormSet(forms.BaseInlineFormSet):
    default_error_messages = {
        "too_few_forms": _("Fill in at least one guardian."),
        "too_many_forms": _("At most four guardians can be recorded."),
    }


# One guardian is required; the second form is there for the other parent and may stay empty.
GuardianFormSet = forms.inlineformset_factory(
    Child, Guardian, form=GuardianForm, formset=BaseGuardianFormSet, extra=1, max_num=4, min_num=1,
    validate_min=True, validate_max=True, can_delete=True, can_delete_extra=False,
)


class ChildFilterForm(forms.Form):
    q = forms.CharField(label=_("Search by name"), required=False, max_length=100)
    group = forms.ModelChoiceField(label=_("Group"), queryset=Group.objects.none(), required=False,
                                   empty_label=_("All groups"))

    def __init__(self, *args, location_ids, **kwargs):
        super().__init__(*args, **kwargs)
        limit_messages(self)
        self.fields["group"].queryset = Group.objects.filter(location_id__in=location_ids).select_related("location")
