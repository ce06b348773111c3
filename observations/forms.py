import datetime
from decimal import Decimal

from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import AdviceCategory, AdviceTarget, AdviceTried, AdviceWorked, Participant, VisitKind

HOURS_ERROR = _("Enter the hours spent: more than 0 and at most 24.")


def _hours_field(label, required=False):
    field = forms.DecimalField(label=label, max_digits=4, decimal_places=2, required=required,
                               help_text=_("For example 1.5"),
                               widget=forms.NumberInput(attrs={"step": "0.25", "inputmode": "decimal"}))
    field.error_messages["required"] = HOURS_ERROR
    return field


class _VisitForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of visit"))
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(label=_("Time"), initial=datetime.time(9, 0),
                           widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    place = forms.CharField(label=_("Where"), max_length=200, required=False,
                            help_text=_("For example the group room, at home, or a video call."))

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k, VisitKind(k).label) for k in kinds]
        self.helper = FormHelper()
        self.helper.form_tag = False

    def starts_at(self):
        return timezone.make_aware(datetime.datetime.combine(self.cleaned_data["date"], self.cleaned_data["time"]))


class VisitPlanForm(_VisitForm):
    def clean_date(self):
        date = self.cleaned_data["date"]
        if date < timezone.localdate():
            raise forms.ValidationError(_("A visit cannot be planned in the past."))
        return date


class VisitRecordForm(_VisitForm):
    participants = forms.MultipleChoiceField(label=_("Who took part"), choices=Participant.choices, required=False,
                                             widget=forms.CheckboxSelectMultiple)
    participant_names = forms.CharField(
        label=_("Names of those present"), max_length=300, required=False,
        help_text=_("Professionals and guardians only; never a child's name."))
    video_used = forms.BooleanField(label=_("The observation was done on video (no video is stored)"),
                                    required=False)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 6}),
                            help_text=_("What you saw and discussed. On a group visit, do not name a child."))
    hours = _hours_field(_("Your hours"), required=True)

    def __init__(self, *args, nurse=None, advice=(), video=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()
        self.nurse = nurse
        if nurse is not None:
            self.fields["nurse_hours"] = _hours_field(_("Hours of the youth nurse (%(name)s)") % {"name": nurse})
        self.advice = list(advice)
        for item in self.advice:
            self.fields[f"remark_{item.pk}"] = forms.CharField(
                label=_("How did this advice work out? “%(text)s”") % {"text": item.text[:80]},
                initial=item.follow_up_remark, required=False, widget=forms.Textarea(attrs={"rows": 2}))
        if not video or VisitKind.OBSERVATION not in dict(self.fields["kind"].choices):
            del self.fields["video_used"]

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("A visit that was held cannot be in the future."))
        return date

    def _clean_hours(self, name, required):
        value = self.cleaned_data.get(name)
        if value is None and not required:
            return None
        if value is None or not (Decimal(0) < value <= Decimal(24)):
            raise forms.ValidationError(HOURS_ERROR)
        return value

    def clean_hours(self):
        return self._clean_hours("hours", required=True)

    def clean_nurse_hours(self):
        return self._clean_hours("nurse_hours", required=False)

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


class AdviceItemForm(forms.Form):
    target = forms.ChoiceField(label=_("Aimed at"), choices=[("", "—"), *AdviceTarget.choices], required=False)
    category = forms.ChoiceField(label=_("About"), choices=[("", "—"), *AdviceCategory.choices], required=False)
    text = forms.CharField(label=_("Advice"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

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


class AdviceEvaluationForm(forms.Form):
    tried = forms.ChoiceField(label=_("Did you try this advice?"), choices=AdviceTried.choices,
                              widget=forms.RadioSelect)
    worked = forms.ChoiceField(label=_("How did it work?"), choices=[("", "—"), *AdviceWorked.choices],
                               required=False)
    remark = forms.CharField(label=_("Remark"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tried"].error_messages["required"] = _("Say whether you tried this advice.")
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("tried") == AdviceTried.TRIED and not cleaned.get("worked"):
            self.add_error("worked", _("Say how well it worked."))
        return cleaned
