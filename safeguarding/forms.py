import datetime

from crispy_forms.helper import FormHelper
from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from alert4you.forms import DateInput

from .models import TEXT_MAX_LENGTH, ConsultedWith, Decision, Step, Unsafety
from .services import HELD_ON_BEFORE_START, earliest_held_on

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def _yes_no(label, required_message):
    return forms.TypedChoiceField(
        label=label, choices=YES_NO, widget=forms.RadioSelect, coerce=lambda v: v == "yes",
        error_messages={"required": required_message},
    )


class _StepForm(forms.Form):
    text_label = _("Notes")
    text_required = _("This field is required.")

    def __init__(self, *args, path=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"] = forms.CharField(
            label=self.text_label, widget=forms.Textarea(attrs={"rows": 4}), max_length=TEXT_MAX_LENGTH,
            error_messages={"required": self.text_required, "max_length": _(
                "Keep this to at most %(limit_value)d characters (it now has %(show_value)d).")},
        )
        # A talk or consultation lies between a year before the path was started and today.
        self.earliest = earliest_held_on(path) if path is not None else \
            timezone.localdate() - datetime.timedelta(days=HELD_ON_BEFORE_START)
        if "held_on" in self.fields:
            self.fields["held_on"].widget.attrs.update(min=self.earliest.isoformat(),
                                                       max=timezone.localdate().isoformat())
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_text(self):
        text = (self.cleaned_data.get("text") or "").strip()
        if not text:
            raise forms.ValidationError(self.text_required)
        return text

    def clean_held_on(self):
        held_on = self.cleaned_data.get("held_on")
        if held_on and held_on > timezone.localdate():
            raise forms.ValidationError(_("A talk that was held cannot be in the future."))
        if held_on and held_on < self.earliest:
            raise forms.ValidationError(_("This date lies more than a year before the path was started (%(date)s).")
                                        % {"date": formats.date_format(self.earliest, "j F Y")})
        return held_on


class SignalsForm(_StepForm):
    text_label = _("Which signals did you notice?")
    text_required = _("Describe the signals you noticed: what you saw or heard, and when.")


class ConsultationForm(_StepForm):
    consulted_with = forms.ChoiceField(
        label=_("Whom did you consult?"), choices=ConsultedWith.choices, widget=forms.RadioSelect,
        error_messages={"required": _("Choose whom you consulted.")},
    )
    held_on = forms.DateField(label=_("Date of the consultation"), required=False, widget=DateInput)
    text_label = _("What was discussed and advised?")
    text_required = _("Write down what was discussed and advised.")


class AdviceForm(_StepForm):
    text_label = _("Your advice")
    text_required = _("Write down your advice.")


class TalkForm(_StepForm):
    talk_held = forms.TypedChoiceField(
        label=_("Was the talk with the parents held?"), widget=forms.RadioSelect, coerce=lambda v: v == "yes",
        choices=[("yes", _("Yes, the talk was held")), ("no", _("No: it was not safe to talk with the parents"))],
        error_messages={"required": _("Say whether the talk was held.")},
    )
    held_on = forms.DateField(label=_("Date of the talk"), required=False, widget=DateInput,
                              help_text=_("Only when the talk was held."))
    text_label = _("What was said, or why it was not safe to talk")
    text_required = _("Write down what was said, or why it was not safe to talk with the parents.")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("talk_held") and not cleaned.get("held_on") and "held_on" not in self.errors:
            self.add_error("held_on", _("Say when the talk was held."))
        return cleaned


class WeighingForm(_StepForm):
    suspicion = _yes_no(_("Is there a suspicion of domestic violence or child abuse?"),
                        _("Answer this question of the weighing."))
    unsafety = forms.ChoiceField(
        label=_("Is there acute or structural unsafety?"), choices=Unsafety.choices, widget=forms.RadioSelect,
        error_messages={"required": _("Answer this question of the weighing.")},
    )
    help_possible = _yes_no(_("Can you or your organisation offer or arrange adequate help?"),
                            _("Answer this question of the weighing."))
    text_label = _("Explain your weighing")
    text_required = _("Explain how you weighed the signals.")


class DecisionForm(_StepForm):
    decision = forms.ChoiceField(
        label=_("Your decision"), choices=Decision.choices, widget=forms.RadioSelect,
        error_messages={"required": _("Choose your decision.")},
    )
    text_label = _("Explain your decision")
    text_required = _("Explain your decision.")


FORM_OF_STEP = {
    Step.SIGNALS: SignalsForm,
    Step.CONSULTATION: ConsultationForm,
    Step.ADVICE: AdviceForm,
    Step.TALK: TalkForm,
    Step.WEIGHING: WeighingForm,
    Step.DECISION: DecisionForm,
}
