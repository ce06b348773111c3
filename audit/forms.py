from datetime import date, datetime, time

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from alert4you.forms import DateInput

from .models import AuditAction

# The log starts with the app; nothing in it is older than this. The latest date that makes sense
# is the end of next year: later ones cannot match anything and, at the very end of the calendar,
# cannot even be turned into a moment to compare with.
EARLIEST = date(2000, 1, 1)
BIGINT_MAX = 2**63 - 1


def latest_date() -> date:
    return date(timezone.localdate().year + 1, 12, 31)


class PeriodForm(forms.Form):
    date_from = forms.DateField(label=_("From"), required=False)
    date_to = forms.DateField(label=_("Up to and including"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.latest = latest_date()
        for name in ("date_from", "date_to"):
            self.fields[name].widget = DateInput(attrs={"min": EARLIEST.isoformat(), "max": self.latest.isoformat()})

    def _bounded(self, name):
        value = self.cleaned_data.get(name)
        if value is not None and not EARLIEST <= value <= self.latest:
            raise forms.ValidationError(
                _("Choose a date between %(earliest)s and %(latest)s.") % {
                    "earliest": date_format(EARLIEST, "j F Y"), "latest": date_format(self.latest, "j F Y")},
                code="out_of_range")
        return value

    def clean_date_from(self):
        return self._bounded("date_from")

    def clean_date_to(self):
        return self._bounded("date_to")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date must not be before the start date."))
        return cleaned


class AuditFilterForm(PeriodForm):
    child_id = forms.IntegerField(label=_("Child id"), required=False, min_value=1, max_value=BIGINT_MAX)
    actor_id = forms.IntegerField(label=_("Professional id"), required=False, min_value=1, max_value=BIGINT_MAX)
    actor = forms.CharField(label=_("Who"), required=False, max_length=100)
    action = forms.ChoiceField(label=_("Action"), required=False,
                               choices=[("", _("All actions"))] + list(AuditAction.choices))
    refused_only = forms.BooleanField(label=_("Refused attempts only"), required=False)

    field_order = ["child_id", "actor_id", "actor", "action", "date_from", "date_to", "refused_only"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["child_id"].error_messages.update({
            "invalid": _("Enter a child id: a whole number such as 42."),
            "min_value": _("Enter a child id: a whole number such as 42."),
            "max_value": _("No child has an id this large."),
        })
        self.fields["actor_id"].error_messages.update({
            "invalid": _("Enter a professional's id: a whole number such as 42 (the link on her name fills it in)."),
            "min_value": _("Enter a professional's id: a whole number such as 42 (the link on her name fills it in)."),
            "max_value": _("No professional has an id this large."),
        })


class UnusualAccessForm(PeriodForm):
    """The period to look for unusual access in; empty: the last 30 days."""


class OlderForm(forms.Form):
    """Where in the log a page starts: the cursor of the "Older events" link (see selectors)."""

    before = forms.CharField(required=False, max_length=40)

    def clean_before(self):
        from .selectors import parse_cursor

        value = self.cleaned_data["before"]
        if not value:
            return None
        tz = timezone.get_current_timezone()
        cursor = parse_cursor(value, earliest=datetime.combine(EARLIEST, time.min, tzinfo=tz),
                              latest=datetime.combine(latest_date(), time.max, tzinfo=tz))
        if cursor is None:
            raise forms.ValidationError(_("This page of the log does not exist: here are the newest events."),
                                        code="invalid")
        return cursor
