import datetime

from crispy_forms.bootstrap import InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alert4you.forms import DateInput, TimeInput, hours_field
from organisations.models import Group

from .models import Competence, Method, Occasion
from .permissions import coachable_locations, plannable_locations, workers_at

SCORES = [(str(n), str(n)) for n in range(1, 6)]


class LocationChoiceForm(forms.Form):
    """The first step: where she coached (a GET parameter, parsed like any other input)."""

    location = forms.ModelChoiceField(queryset=None, label=_("Location"),
                                      error_messages={"invalid_choice": _("Choose one of your locations.")})

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = coachable_locations(user)


class _WhoForm(forms.Form):
    """With whom coaching is held (recorded or planned): a group of the location or the whole location,
    and its pm'ers; the view sets both querysets to the location's."""

    group = forms.ModelChoiceField(queryset=None, required=False, label=_("Group"),
                                   empty_label=_("The whole location"))
    participants = forms.ModelMultipleChoiceField(
        queryset=None, label=_("With whom"), widget=forms.CheckboxSelectMultiple,
        help_text=_("One childcare worker, or the group's team."),
        error_messages={"required": _("Choose at least one childcare worker.")})


class CoachingMomentForm(_WhoForm):
    field_order = ["held_on", "occasion", "group", "participants"]
    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    occasion = forms.ChoiceField(label=_("Occasion"), choices=Occasion.choices, widget=forms.RadioSelect)
    competences = forms.MultipleChoiceField(
        label=_("Competences you worked on"), choices=Competence.choices, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one competence you worked on.")})
    methods = forms.MultipleChoiceField(
        label=_("How"), choices=Method.choices, widget=forms.CheckboxSelectMultiple, required=False,
        help_text=_("Video stays with the childcare organisation: other children are in view, so the app "
                    "stores no video. Describe what you saw together."))
    discussed = forms.CharField(label=_("What was discussed"), widget=forms.Textarea(attrs={"rows": 3}),
                                max_length=4000)
    will_try = forms.CharField(label=_("What the childcare worker will try"), required=False, max_length=4000,
                               widget=forms.Textarea(attrs={"rows": 2}))
    look_back_on = forms.DateField(label=_("Look back on it on"), required=False, widget=DateInput())
    hours = hours_field(_("Hours"), required=True, max_value=12)

    def __init__(self, *args, location, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = Group.objects.filter(location=location).order_by("name")
        workers = workers_at(location)
        self.fields["participants"].queryset = workers
        self.fields["participants"].label_from_instance = lambda u: u.get_full_name() or u.username


class SelfAssessmentForm(forms.Form):
    assessed_on = forms.DateField(label=_("Date"), widget=DateInput())
    child_development = forms.TypedChoiceField(label=Competence.CHILD_DEVELOPMENT.label, choices=SCORES, coerce=int,
                                               widget=forms.RadioSelect)
    striking_behaviour = forms.TypedChoiceField(label=Competence.STRIKING_BEHAVIOUR.label, choices=SCORES,
                                                coerce=int, widget=forms.RadioSelect)
    asking_for_help = forms.TypedChoiceField(label=Competence.ASKING_FOR_HELP.label, choices=SCORES, coerce=int,
                                             widget=forms.RadioSelect)
    parents = forms.TypedChoiceField(label=Competence.PARENTS.label, choices=SCORES, coerce=int,
                                     widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note to yourself"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))

    SCORE_FIELDS = ("child_development", "striking_behaviour", "asking_for_help", "parents")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # 1 to 5 side by side, as on the questionnaire: five short choices fit one line on a phone.
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout("assessed_on", *(InlineRadios(f) for f in self.SCORE_FIELDS), "note")


class AdviceFeedbackForm(forms.Form):
    text = forms.CharField(label=_("Your feedback"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}),
                           help_text=_("What went well in how she applied it, and what she could try next."))


def _moment(date, time):
    # The wall-clock time in Amsterdam as typed; an hour that occurs twice (October) is its first.
    return datetime.datetime.combine(date, time, tzinfo=timezone.get_current_timezone())


class PlannableLocationForm(LocationChoiceForm):
    """The pedagogical coach's first step: one of her organisation's locations."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["location"].queryset = plannable_locations(user)


class AppointmentForm(_WhoForm):
    field_order = ["date", "time", "hours", "group", "participants"]
    date = forms.DateField(label=_("Date"), widget=DateInput())
    time = forms.TimeField(label=_("Time"), widget=TimeInput())
    hours = hours_field(_("How long (hours)"), required=True, max_value=12)
    competences = forms.MultipleChoiceField(
        label=_("Competences to work on"), choices=Competence.choices, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one competence you worked on.")})
    note = forms.CharField(label=_("What you would like to work on"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, location, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = Group.objects.filter(location=location).order_by("name")
        self.fields["participants"].queryset = workers_at(location)
        self.fields["participants"].label_from_instance = lambda u: u.get_full_name() or u.username

    def starts_at(self):
        return _moment(self.cleaned_data["date"], self.cleaned_data["time"])


class AnswerForm(forms.Form):
    ACCEPT, DECLINE, OTHER_TIME = "accept", "decline", "other_time"
    answer = forms.ChoiceField(label=_("Your answer"), widget=forms.RadioSelect, choices=[
        (ACCEPT, _("Accept")), (DECLINE, _("Decline")), (OTHER_TIME, _("Propose another time"))],
        error_messages={"required": _("Choose your answer.")})
    date = forms.DateField(label=_("Other date"), required=False, widget=DateInput())
    time = forms.TimeField(label=_("Other time"), required=False, widget=TimeInput())
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("For example why, or what suits you better."))

    def clean(self):
        data = super().clean()
        if data.get("answer") == self.OTHER_TIME:
            if not data.get("date") and "date" not in self.errors:
                self.add_error("date", _("Enter the date you propose."))
            if not data.get("time") and "time" not in self.errors:
                self.add_error("time", _("Enter the time you propose."))
        return data

    def starts_at(self):
        return _moment(self.cleaned_data["date"], self.cleaned_data["time"])


class CancelForm(forms.Form):
    """Withdrawing or cancelling planned coaching: a short reason (the service says when it is needed)."""

    reason = forms.CharField(label=_("Reason for calling it off"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("Short, and without a child's name."))
