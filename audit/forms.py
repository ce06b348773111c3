from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AuditAction


class AuditFilterForm(forms.Form):
    child_id = forms.IntegerField(label=_("Child id"), required=False, min_value=1)
    actor = forms.CharField(label=_("Who"), required=False, max_length=100)
    action = forms.ChoiceField(label=_("Action"), required=False,
                               choices=[("", _("All actions"))] + list(AuditAction.choices))
    refused_only = forms.BooleanField(label=_("Refused attempts only"), required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("Up to and including"), required=False,
                              widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date must not be before the start date."))
        return cleaned
