from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Kind


class EmailPreferencesForm(forms.Form):
    email_kinds = forms.MultipleChoiceField(
        label=_("Also send me an e-mail for"),
        help_text=_("You always see every notification here in Alert4you. E-mails carry no child's name, "
                    "only a link."),
        choices=Kind.choices, required=False, widget=forms.CheckboxSelectMultiple,
    )
