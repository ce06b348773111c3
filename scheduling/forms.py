import datetime
from decimal import Decimal

from crispy_forms.helper import FormHelper
from django import forms
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from alert4you.forms import DateInput, DutchDecimalField, ManyOptionsSelect, TimeInput, hours_field

from .models import WEEKDAYS, WalkInAsker, WalkInFollowUp, WalkInTopic
from .rules import (
    BUDGET_MAX_HOURS,
    EVALUATION_FIRST_DAY,
    away_errors,
    budget_years,
    default_plan_half,
    plan_years,
    recordable_days,
    walk_in_days,
)

HOURS_ERROR = _("Enter the hours spent: more than 0 and at most 24.")
# Only ASCII digits: "²".isdigit() is true, and int() reads other scripts' digits too.
ASCII_NUMBER = RegexValidator(r"^[0-9]{1,9}$")


def _visit_hours(label, **kwargs):
    """Hours typed the Dutch way ("1,5"), with the message the specialist knows for out of range."""
    field = hours_field(label, required=True, **kwargs)
    field.error_messages.update({"required": HOURS_ERROR, "min_value": HOURS_ERROR, "max_value": HOURS_ERROR,
                                 "max_digits": HOURS_ERROR, "max_whole_digits": HOURS_ERROR})
    return field


def _year_field(label, years):
    first, last = years
    message = _("Choose a year from %(first)s to %(last)s.") % {"first": first, "last": last}
    return forms.IntegerField(label=label, min_value=first, max_value=last, initial=timezone.localdate().year,
                              error_messages={"min_value": message, "max_value": message, "invalid": message})


class _Form(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class AvailabilityForm(_Form):
    weekdays = forms.TypedMultipleChoiceField(label=_("Days I work for the programme"), choices=WEEKDAYS,
                                              coerce=int, widget=forms.CheckboxSelectMultiple,
                                              error_messages={"required": _("Choose at least one working day.")})


class BlockedPeriodForm(_Form):
    starts_on = forms.DateField(label=_("First day away"), widget=DateInput())
    ends_on = forms.DateField(label=_("Last day away"), widget=DateInput())
    reason = forms.CharField(label=_("Reason (optional)"), max_length=200, required=False,
                             help_text=_("For example holiday or training."))

    def __init__(self, *args, earliest=None, **kwargs):
        super().__init__(*args, **kwargs)
        # When she changes a period that began longer ago, its own first day stays allowed.
        self.earliest = earliest

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on"):
            for field, message in away_errors(data["starts_on"], data["ends_on"], earliest=self.earliest):
                self.add_error(field, message)
        return data


class BudgetForm(_Form):
    district = forms.ModelChoiceField(label=_("District"), queryset=None, widget=ManyOptionsSelect)
    organisation = forms.ChoiceField(label=_("Organisation"), widget=ManyOptionsSelect)
    hours = DutchDecimalField(label=_("Hours in the year"), min_value=0, max_value=BUDGET_MAX_HOURS, max_digits=8,
                              decimal_places=2, help_text=_("For example 1.040 or 387,5"),
                              error_messages={"required": _("Enter the hours: zero or more."),
                                              "min_value": _("Enter the hours: zero or more."),
                                              "max_value": _("Enter at most 100.000 hours."),
                                              "max_digits": _("Enter at most 100.000 hours."),
                                              "max_whole_digits": _("Enter at most 100.000 hours."),
                                              "max_decimal_places": _("Enter the hours with at most two "
                                                                      "decimals, for example 1,25.")})

    def __init__(self, *args, districts, providers, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"] = _year_field(_("Year"), budget_years())
        self.order_fields(["district", "organisation", "year", "hours"])
        self.fields["district"].queryset = districts
        self.fields["organisation"].choices = (
            [(f"cp:{p.pk}", p.name) for p in providers] + [(f"yhs:{s.pk}", s.name) for s in services])
        self.providers = {p.pk: p for p in providers}
        self.services = {s.pk: s for s in services}

    def organisation_kwargs(self):
        kind, pk = self.cleaned_data["organisation"].split(":")
        if kind == "cp":
            return {"care_provider": self.providers[int(pk)]}
        return {"youth_health_service": self.services[int(pk)]}


class TransferForm(_Form):
    """Budgets as plain choices from a list the page already read: a ModelChoiceField reads its
    queryset again for each of the two selects."""

    from_budget = forms.TypedChoiceField(label=_("Take hours from"), coerce=int, widget=ManyOptionsSelect)
    to_budget = forms.TypedChoiceField(label=_("Give them to"), coerce=int, widget=ManyOptionsSelect)
    hours = DutchDecimalField(label=_("Hours"), max_digits=8, decimal_places=2, min_value=Decimal("0.01"),
                              max_value=BUDGET_MAX_HOURS, help_text=_("For example 12,5"),
                              error_messages={"required": _("Enter the hours to move: more than 0."),
                                              "min_value": _("Enter the hours to move: more than 0."),
                                              "max_value": _("Enter at most 100.000 hours."),
                                              "max_digits": _("Enter at most 100.000 hours."),
                                              "max_whole_digits": _("Enter at most 100.000 hours."),
                                              "max_decimal_places": _("Enter the hours with at most two "
                                                                      "decimals, for example 1,25.")})
    reason = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": _("Say why the hours move: the reason is kept.")})

    def __init__(self, *args, budgets, **kwargs):
        super().__init__(*args, **kwargs)
        self.budgets = {b.pk: b for b in budgets}
        choices = [("", "---------")] + [(b.pk, f"{b.district.name} · {b.organisation} · {b.year}")
                                         for b in self.budgets.values()]
        for name in ("from_budget", "to_budget"):
            self.fields[name].choices = choices

    def clean_from_budget(self):
        return self.budgets[self.cleaned_data["from_budget"]]

    def clean_to_budget(self):
        return self.budgets[self.cleaned_data["to_budget"]]


class PlanRequestForm(_Form):
    half = forms.TypedChoiceField(label=_("Half year"), coerce=int,
                                  choices=[(1, _("January to June")), (2, _("July to December"))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"] = _year_field(_("Year"), plan_years())
        self.order_fields(["year", "half"])
        self.fields["year"].initial, self.fields["half"].initial = default_plan_half()


class PlanItemForm(_Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    time = forms.TimeField(label=_("Time"), widget=TimeInput())
    professional = forms.ModelChoiceField(label=_("Specialist"), queryset=User.objects.none())

    def __init__(self, *args, professionals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["professional"].queryset = professionals

    def starts_at(self):
        return timezone.make_aware(datetime.datetime.combine(self.cleaned_data["date"], self.cleaned_data["time"]))


class RecordHeldForm(_Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    time = forms.TimeField(label=_("Time"), widget=TimeInput())
    hours = _visit_hours(_("Your hours"))
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
                            help_text=_("What you saw and discussed with the group's workers. Do not name a child."))

    def clean_date(self):
        date = self.cleaned_data["date"]
        first, last = recordable_days()
        if date < first:
            raise forms.ValidationError(_("Enter a date in this year or last year."))
        return date

    def held_at(self):
        return timezone.make_aware(datetime.datetime.combine(self.cleaned_data["date"], self.cleaned_data["time"]))

    def clean(self):
        data = super().clean()
        if data.get("date") and data.get("time") and self.held_at() > timezone.now():
            self.add_error("date", _("A visit that was held cannot be in the future."))
        return data


class WalkInForm(_Form):
    location = forms.ModelChoiceField(label=_("Location"), queryset=None,
                                      error_messages={"required": _("Choose the location.")})
    date = forms.DateField(label=_("Date"), widget=DateInput())
    time = forms.TimeField(label=_("Time"), widget=TimeInput())
    hours = _visit_hours(_("Hours"), initial=1)

    def __init__(self, *args, locations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = locations

    def clean_date(self):
        date = self.cleaned_data["date"]
        first, last = walk_in_days()
        if date < first:
            raise forms.ValidationError(_("A walk-in hour cannot be planned in the past."))
        if date > last:
            raise forms.ValidationError(_("Plan a walk-in hour in this year or the next."))
        return date

    def starts_at(self):
        return timezone.make_aware(datetime.datetime.combine(self.cleaned_data["date"], self.cleaned_data["time"]))


class WalkInQuestionForm(_Form):
    asked_by = forms.ChoiceField(label=_("Asked by"), choices=WalkInAsker.choices, widget=forms.RadioSelect)
    topic = forms.ChoiceField(label=_("Topic"), choices=WalkInTopic.choices)
    follow_up = forms.ChoiceField(label=_("Follow-up"), choices=WalkInFollowUp.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note"), max_length=300, required=False,
                           help_text=_("Without a child's name or anything that identifies the child."))


class EvaluationForm(_Form):
    first = forms.DateField(label=_("From"), widget=DateInput())
    last = forms.DateField(label=_("Until"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A GET form: no CSRF token, or it would land in the address (and the browser history).
        self.helper.form_method = "get"
        self.helper.disable_csrf = True
        today = timezone.localdate()
        self.fields["first"].initial = datetime.date(today.year, 1 if today.month <= 6 else 7, 1)
        self.fields["last"].initial = today

    def _bounded(self, name):
        day = self.cleaned_data[name]
        if not (EVALUATION_FIRST_DAY <= day <= timezone.localdate()):
            raise forms.ValidationError(_("Enter a date from 2000 up to today."))
        return day

    def clean_first(self):
        return self._bounded("first")

    def clean_last(self):
        return self._bounded("last")

    def clean(self):
        data = super().clean()
        if data.get("first") and data.get("last") and data["last"] < data["first"]:
            self.add_error("last", _("The last day cannot be before the first day."))
        return data


# --- query strings ----------------------------------------------------------------------------

class MonthForm(forms.Form):
    """?month=2027-03 on the municipal calendar."""

    month = forms.CharField(required=False, validators=[RegexValidator(r"^[0-9]{4}-[0-9]{1,2}$")])

    def clean_month(self):
        value = self.cleaned_data["month"]
        if not value:
            return None
        year, month = (int(part) for part in value.split("-"))
        first, last = budget_years()
        if not (first - 10 <= year <= last + 10) or not 1 <= month <= 12:
            raise forms.ValidationError("out of range")
        return datetime.date(year, month, 1)


def _district_field(districts):
    field = forms.TypedChoiceField(required=False, coerce=lambda value: value if value == "all" else int(value),
                                   empty_value=None)
    field.choices = [("", ""), ("all", "all")] + [(str(pk), label) for pk, label in districts]
    return field


class ScheduleDistrictForm(forms.Form):
    """The calendar's district, read first: it decides which locations and professionals the other
    filters offer. "all" is the whole municipality at once; empty lets the calendar choose one."""

    def __init__(self, *args, districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"] = _district_field(districts)


class ScheduleFilterForm(forms.Form):
    """The calendar's filters: only ids the coordinator is offered count."""

    FIELDS = ("district", "location", "provider", "professional")

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.FIELDS[1:]:
            self.fields[name] = forms.TypedChoiceField(
                required=False, coerce=int, empty_value=None,
                choices=[("", "")] + [(str(pk), label) for pk, label in choices[name]])
        self.fields["district"] = _district_field(choices["district"])


class YearForm(forms.Form):
    """?year=2027 on the budget page."""

    year = forms.CharField(required=False, validators=[ASCII_NUMBER])

    def clean_year(self):
        value = self.cleaned_data["year"]
        if not value:
            return None
        first, last = budget_years()
        if not (first - 10 <= int(value) <= last + 10):
            raise forms.ValidationError("out of range")
        return int(value)
