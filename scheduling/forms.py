import datetime

from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User

from .models import WEEKDAYS, HourBudget, WalkInAsker, WalkInFollowUp, WalkInTopic

HOURS_ERROR = _("Enter the hours spent: more than 0 and at most 24.")


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
    starts_on = forms.DateField(label=_("First day away"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Last day away"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Reason (optional)"), max_length=200, required=False,
                             help_text=_("For example holiday or training."))

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The last day cannot be before the first day."))
        return data


class BudgetForm(_Form):
    district = forms.ModelChoiceField(label=_("District"), queryset=None)
    organisation = forms.ChoiceField(label=_("Organisation"))
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    hours = forms.DecimalField(label=_("Hours in the year"), min_value=0, max_digits=8, decimal_places=2,
                               error_messages={"required": _("Enter the hours: zero or more."),
                                               "min_value": _("Enter the hours: zero or more.")})

    def __init__(self, *args, districts, providers, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts
        self.fields["organisation"].choices = (
            [(f"cp:{p.pk}", p.name) for p in providers] + [(f"yhs:{s.pk}", s.name) for s in services])
        self.fields["year"].initial = timezone.localdate().year
        self.providers = {p.pk: p for p in providers}
        self.services = {s.pk: s for s in services}

    def organisation_kwargs(self):
        kind, pk = self.cleaned_data["organisation"].split(":")
        if kind == "cp":
            return {"care_provider": self.providers[int(pk)]}
        return {"youth_health_service": self.services[int(pk)]}


class TransferForm(_Form):
    from_budget = forms.ModelChoiceField(label=_("Take hours from"), queryset=HourBudget.objects.none())
    to_budget = forms.ModelChoiceField(label=_("Give them to"), queryset=HourBudget.objects.none())
    hours = forms.DecimalField(label=_("Hours"), max_digits=8, decimal_places=2,
                               error_messages={"required": _("Enter the hours to move: more than 0.")})
    reason = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": _("Say why the hours move: the reason is kept.")})

    def __init__(self, *args, budgets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_budget"].queryset = budgets
        self.fields["to_budget"].queryset = budgets
        label = lambda b: f"{b.district.name} · {b.organisation} · {b.year}"  # noqa: E731
        self.fields["from_budget"].label_from_instance = label
        self.fields["to_budget"].label_from_instance = label


class PlanRequestForm(_Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    half = forms.TypedChoiceField(label=_("Half year"), coerce=int,
                                  choices=[(1, _("January to June")), (2, _("July to December"))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["year"].initial = today.year
        self.fields["half"].initial = 1 if today.month <= 6 else 2


class PlanItemForm(_Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(label=_("Time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    professional = forms.ModelChoiceField(label=_("Specialist"), queryset=User.objects.none())

    def __init__(self, *args, professionals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["professional"].queryset = professionals

    def starts_at(self):
        return timezone.make_aware(datetime.datetime.combine(self.cleaned_data["date"], self.cleaned_data["time"]))


class RecordHeldForm(_Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(label=_("Time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    hours = forms.DecimalField(label=_("Your hours"), max_digits=4, decimal_places=2, help_text=_("For example 1.5"),
                               widget=forms.NumberInput(attrs={"step": "0.25", "inputmode": "decimal"}),
                               error_messages={"required": HOURS_ERROR})
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
                            help_text=_("What you saw and discussed with the group's workers. Do not name a child."))

    def clean_hours(self):
        hours = self.cleaned_data["hours"]
        if not (0 < hours <= 24):
            raise forms.ValidationError(HOURS_ERROR)
        return hours

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
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(label=_("Time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    hours = forms.DecimalField(label=_("Hours"), max_digits=4, decimal_places=2, initial=1,
                               widget=forms.NumberInput(attrs={"step": "0.25", "inputmode": "decimal"}),
                               error_messages={"required": HOURS_ERROR})

    def __init__(self, *args, locations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = locations

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date < timezone.localdate():
            raise forms.ValidationError(_("A walk-in hour cannot be planned in the past."))
        return date

    def clean_hours(self):
        hours = self.cleaned_data["hours"]
        if not (0 < hours <= 24):
            raise forms.ValidationError(HOURS_ERROR)
        return hours

    def starts_at(self):
        return timezone.make_aware(datetime.datetime.combine(self.cleaned_data["date"], self.cleaned_data["time"]))


class WalkInQuestionForm(_Form):
    asked_by = forms.ChoiceField(label=_("Asked by"), choices=WalkInAsker.choices, widget=forms.RadioSelect)
    topic = forms.ChoiceField(label=_("Topic"), choices=WalkInTopic.choices)
    follow_up = forms.ChoiceField(label=_("Follow-up"), choices=WalkInFollowUp.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note"), max_length=300, required=False,
                           help_text=_("Without a child's name or anything that identifies the child."))


class EvaluationForm(_Form):
    first = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    last = forms.DateField(label=_("Until"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("first") and data.get("last") and data["last"] < data["first"]:
            self.add_error("last", _("The last day cannot be before the first day."))
        return data
