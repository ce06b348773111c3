import datetime

from crispy_forms.helper import FormHelper
from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from alert4you.forms import DateInput, TimeInput, hours_field

from .models import (
    ADVICE_MAX_LENGTH,
    NOTES_MAX_LENGTH,
    REMARK_MAX_LENGTH,
    AdviceCategory,
    AdviceTarget,
    AdviceTried,
    AdviceWorked,
    Participant,
    VisitKind,
    advice_target_label,
    participant_label,
)
from .services import GROUP_VISIT_CATEGORIES, GROUP_VISIT_TARGETS, PLAN_AHEAD_DAYS

NOT_TRIED_BUT_WORKED = _("You did not try this advice, so you cannot say how it worked: choose “Tried” or "
                         "leave “How did it work?” empty.")
TOO_LONG = _("Keep this to at most %(limit_value)d characters (it now has %(show_value)d).")


def _text(label, max_length, *, rows=None, **kwargs):
    """A text field with its limit told to the browser (maxlength) and a Dutch message when it is
    passed anyway (a paste, or a form sent by other means)."""
    widget = forms.Textarea(attrs={"rows": rows}) if rows else None
    field = forms.CharField(label=label, max_length=max_length, **({"widget": widget} if widget else {}), **kwargs)
    field.error_messages["max_length"] = TOO_LONG
    return field


def _hours_field(label, required=False):
    # Typed the Dutch way ("1,5") in a text field: a number field lets the browser drop the comma
    # and send "15" (see the note of issue 12).
    return hours_field(label, required=required)


class _VisitForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of visit"))
    date = forms.DateField(label=_("Date"), widget=DateInput)
    time = forms.TimeField(label=_("Time"), initial=datetime.time(9, 0), widget=TimeInput)
    place = _text(_("Where"), 200, required=False,
                  help_text=_("For example the group room, at home, or a video call."))

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k, VisitKind(k).label) for k in kinds]
        self.helper = FormHelper()
        self.helper.form_tag = False

    def starts_at(self):
        return timezone.make_aware(datetime.datetime.combine(self.cleaned_data["date"], self.cleaned_data["time"]))


class VisitPlanForm(_VisitForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["date"].widget.attrs.update(
            min=today.isoformat(), max=(today + datetime.timedelta(days=PLAN_AHEAD_DAYS)).isoformat())

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date < timezone.localdate():
            raise forms.ValidationError(_("A visit cannot be planned in the past."))
        if date > timezone.localdate() + datetime.timedelta(days=PLAN_AHEAD_DAYS):
            raise forms.ValidationError(_("Plan a visit at most a year ahead."))
        return date


class VisitRecordForm(_VisitForm):
    participants = forms.MultipleChoiceField(label=_("Who took part"), choices=Participant.choices, required=False,
                                             widget=forms.CheckboxSelectMultiple)
    participant_names = _text(_("Names of those present"), 300, required=False,
                              help_text=_("Professionals and guardians only; never a child's name."))
    video_used = forms.BooleanField(label=_("The observation was done on video (no video is stored)"),
                                    required=False)
    notes = _text(_("Notes"), NOTES_MAX_LENGTH, rows=6,
                  help_text=_("What you saw and discussed. On a group visit, do not name a child."))
    hours = _hours_field(_("Your hours"), required=True)

    def __init__(self, *args, nurse=None, advice=(), video=True, earliest=None, planned_at=None, at_school=False,
                 **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].choices = [(v, participant_label(v, at_school=at_school))
                                               for v in Participant.values]
        held = self.held_default(planned_at)
        self.fields["date"].initial, self.fields["time"].initial = held.date(), held.time()
        self.earliest = earliest
        self.fields["date"].widget.attrs["max"] = timezone.localdate().isoformat()
        if earliest is not None:
            self.fields["date"].widget.attrs["min"] = earliest.isoformat()
        self.nurse = nurse
        if nurse is not None:
            self.fields["nurse_hours"] = _hours_field(_("Hours of the youth nurse (%(name)s)") % {"name": nurse})
        self.advice = list(advice)
        for item in self.advice:
            self.fields[f"remark_{item.pk}"] = _text(
                _("How did this advice work out? “%(text)s”") % {"text": item.text[:80]}, REMARK_MAX_LENGTH,
                rows=2, initial=item.follow_up_remark, required=False)
        if not video or VisitKind.OBSERVATION not in dict(self.fields["kind"].choices):
            del self.fields["video_used"]

    @staticmethod
    def held_default(planned_at=None) -> datetime.datetime:
        """When the visit was held, as the form proposes it: the planned moment once it has passed,
        otherwise now (to the quarter hour before), so that the proposal is never in the future."""
        now = timezone.localtime()
        if planned_at is not None and planned_at <= now:
            return timezone.localtime(planned_at).replace(second=0, microsecond=0)
        return now.replace(minute=now.minute - now.minute % 15, second=0, microsecond=0)

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("A visit that was held cannot be in the future."))
        if self.earliest is not None and date < self.earliest:
            raise forms.ValidationError(_("A visit cannot be held before the question was asked (%(date)s).") % {
                "date": formats.date_format(self.earliest, "j F Y")})
        return date

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date") and cleaned.get("time") and self.starts_at() > timezone.now():
            self.add_error("time", _("A visit that was held cannot be in the future."))
        if cleaned.get("video_used") and cleaned.get("kind") != VisitKind.OBSERVATION:
            self.add_error("video_used", _("Only an observation can be done on video."))
        return cleaned

    def clean_notes(self):
        notes = self.cleaned_data["notes"].strip()
        if not notes:
            raise forms.ValidationError(_("Write down what you saw and discussed."))
        return notes

    def hours_rows(self, by):
        rows = [(by, self.cleaned_data["hours"])]
        if self.nurse is not None and self.cleaned_data.get("nurse_hours"):
            rows.append((self.nurse, self.cleaned_data["nurse_hours"]))
        return rows

    def advice_remarks(self):
        return {item.pk: self.cleaned_data.get(f"remark_{item.pk}", "") for item in self.advice}

    def advice_fields(self):
        return [self[f"remark_{item.pk}"] for item in self.advice]


class VisitHoursForm(forms.Form):
    hours = _hours_field(_("Your hours"), required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class AdviceItemForm(forms.Form):
    target = forms.ChoiceField(label=_("Aimed at"), choices=[("", "—"), *AdviceTarget.choices], required=False)
    category = forms.ChoiceField(label=_("About"), choices=[("", "—"), *AdviceCategory.choices], required=False)
    text = _text(_("Advice"), ADVICE_MAX_LENGTH, rows=3, required=False)

    def __init__(self, *args, at_school=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [("", "—"), *((v, advice_target_label(v, at_school=at_school))
                                                     for v in AdviceTarget.values)]

    def clean(self):
        cleaned = super().clean()
        filled = [f for f in ("target", "category", "text") if (cleaned.get(f) or "").strip()]
        if filled and len(filled) < 3:
            if not cleaned.get("target"):
                self.add_error("target", _("Choose whom the advice is aimed at."))
            if not cleaned.get("category"):
                self.add_error("category", _("Choose what the advice is about."))
            if not (cleaned.get("text") or "").strip():
                self.add_error("text", _("Write the advice."))
        cleaned["filled"] = len(filled) == 3
        return cleaned


class _AdviceFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        if not self.items():
            raise forms.ValidationError(_("Write at least one piece of advice."))

    def items(self):
        return [{k: f.cleaned_data[k] for k in ("target", "category", "text")}
                for f in self.forms if f.cleaned_data.get("filled")]


AdviceFormSet = forms.formset_factory(AdviceItemForm, formset=_AdviceFormSet, extra=3, max_num=10)

NO_CHILD_ON_GROUP_VISIT = _(
    "Advice on a group visit is for the group or the childcare workers and names no child: choose the group or "
    "the childcare worker, about the group, the day programme or the room.")


class GroupVisitAdviceItemForm(AdviceItemForm):
    """Advice on a preventive group visit: for the group or its childcare workers only."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [("", "—"), *((k, AdviceTarget(k).label) for k in GROUP_VISIT_TARGETS)]
        self.fields["category"].choices = [("", "—"),
                                           *((k, AdviceCategory(k).label) for k in GROUP_VISIT_CATEGORIES)]
        for name in ("target", "category"):
            self.fields[name].error_messages["invalid_choice"] = NO_CHILD_ON_GROUP_VISIT


GroupVisitAdviceFormSet = forms.formset_factory(GroupVisitAdviceItemForm, formset=_AdviceFormSet, extra=3,
                                                max_num=10)


class AdviceEvaluationForm(forms.Form):
    tried = forms.ChoiceField(label=_("Did you try this advice?"), choices=AdviceTried.choices,
                              widget=forms.RadioSelect)
    worked = forms.ChoiceField(label=_("How did it work?"), choices=[("", "—"), *AdviceWorked.choices],
                               required=False)
    remark = _text(_("Remark"), REMARK_MAX_LENGTH, rows=3, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tried"].error_messages["required"] = _("Say whether you tried this advice.")
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("tried") == AdviceTried.TRIED and not cleaned.get("worked"):
            self.add_error("worked", _("Say how well it worked."))
        if cleaned.get("tried") == AdviceTried.NOT_TRIED and cleaned.get("worked"):
            # Saying it worked without trying it contradicts itself: ask which one she meant.
            self.add_error("worked", NOT_TRIED_BUT_WORKED)
        return cleaned
