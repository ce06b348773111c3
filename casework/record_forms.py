from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alert4you.forms import DateInput
from children.forms import TOO_LONG, limit_messages
from consent.forms import PaperConsentForm

from .models import (
    ANSWER_REASON_MAX_LENGTH,
    MESSAGE_MAX_LENGTH,
    NAME_MAX_LENGTH,
    PLAN_TEXT_MAX_LENGTH,
    REFERRAL_REASON_MAX_LENGTH,
    ReferralTarget,
)
from .records import signed_on_refusal


class _Form(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_messages(self)
        self.helper = FormHelper()
        self.helper.form_tag = False


def _text(label, required=False, rows=3, help_text="", max_length=PLAN_TEXT_MAX_LENGTH):
    return forms.CharField(label=label, required=required, help_text=help_text, max_length=max_length,
                           error_messages={"max_length": TOO_LONG}, widget=forms.Textarea(attrs={"rows": rows}))


def _day_field(label):
    """A day a person enters; prefilled with today in the ISO form the browser's date field reads."""
    return forms.DateField(label=label, widget=DateInput(), initial=timezone.localdate)


class ApproachPlanForm(_Form):
    goals_group = _text(_("Goals in the group"), required=True)
    agreements_group = _text(_("Agreements in the group"), help_text=_("Who does what, and when."))
    goals_home = _text(_("Goals at home"))
    agreements_home = _text(_("Agreements at home"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goals_group"].error_messages["required"] = _("Write at least one goal for the group.")


class ApproachPlanEvaluateForm(ApproachPlanForm):
    evaluation = _text(_("How did the plan work?"), required=True, rows=4,
                       help_text=_("The evaluation of this cycle. Below, adjust the plan for the next one."))
    field_order = ["evaluation", "goals_group", "agreements_group", "goals_home", "agreements_home"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evaluation"].error_messages["required"] = _("Write how the plan worked before adjusting it.")


class ReferralStartForm(_Form):
    target = forms.ChoiceField(label=_("Refer to"), choices=ReferralTarget.choices, widget=forms.RadioSelect)
    receiving_party = forms.CharField(label=_("Receiving party"), max_length=NAME_MAX_LENGTH,
                                      help_text=_("The organisation or practice that receives the referral."))
    reason = _text(_("Why this referral?"), required=True, rows=4, max_length=REFERRAL_REASON_MAX_LENGTH,
                   help_text=_("What the receiving party needs to know to answer."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].error_messages["required"] = _("Choose where the child is referred to.")
        self.fields["receiving_party"].error_messages["required"] = _("Name the receiving party.")
        self.fields["reason"].error_messages["required"] = _("Write why the child is referred.")


class ReferralAnswerForm(_Form):
    ANSWERS = (("accepted", _("Accepted")), ("declined", _("Declined")))
    answer = forms.ChoiceField(label=_("The receiving party's answer"), choices=ANSWERS, widget=forms.RadioSelect)
    reason = _text(_("Reason given"), help_text=_("Required when the referral was declined."),
                   max_length=ANSWER_REASON_MAX_LENGTH)
    answered_on = _day_field(_("Answered on"))

    def __init__(self, *args, referral=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.referral = referral
        self.fields["answered_on"].error_messages["required"] = _("Fill in the day of the answer.")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("answer") == "declined" and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Write the reason the receiving party gave for declining."))
        answered_on = cleaned.get("answered_on")
        if answered_on and answered_on > timezone.localdate():
            self.add_error("answered_on", _("The answer cannot be dated in the future."))
        elif answered_on and self.referral is not None and self.referral.sent_at is not None and (
                answered_on < timezone.localtime(self.referral.sent_at).date()):
            self.add_error("answered_on", _("The answer cannot be dated before the referral was sent."))
        return cleaned


class ReferralStartedForm(_Form):
    started_on = _day_field(_("The help started on"))

    def __init__(self, *args, referral=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.referral = referral
        self.fields["started_on"].error_messages["required"] = _("Fill in the day the help started.")

    def clean_started_on(self):
        started_on = self.cleaned_data["started_on"]
        if started_on > timezone.localdate():
            raise forms.ValidationError(_("The help cannot have started in the future."))
        if self.referral is not None and self.referral.answered_at is not None and (
                started_on < timezone.localtime(self.referral.answered_at).date()):
            raise forms.ValidationError(_("The help cannot have started before the referral was accepted."))
        return started_on


class _SignedOnBounded:
    """The signed paper form, bounded to what can be true: not in the future (the consent form's
    own rule), not before the child was born, and not so long ago that it has already expired.
    Prefilled with today in the ISO form the browser's date field reads."""

    def _bound_signed_on(self, child, validity_days):
        field = self.fields["signed_on"]
        field.widget = DateInput()
        if not self.is_bound and "signed_on" not in self.initial:
            self.initial["signed_on"] = timezone.localdate()
        self._signed_on_child, self._validity_days = child, validity_days

    def _check_signed_on(self, child=None):
        signed_on = self.cleaned_data.get("signed_on")
        child = child or self._signed_on_child
        if signed_on and child is not None and "signed_on" not in self.errors:
            refusal = signed_on_refusal(child=child, signed_on=signed_on, validity_days=self._validity_days)
            if refusal:
                self.add_error("signed_on", refusal)


class CasePaperConsentForm(_SignedOnBounded, PaperConsentForm):
    """The guardians' signed form for the observation, recorded on the case."""

    def __init__(self, *args, child, validity_days, **kwargs):
        super().__init__(*args, **kwargs)
        limit_messages(self)
        self._bound_signed_on(child, validity_days)

    def clean(self):
        cleaned = super().clean()
        self._check_signed_on()
        return cleaned


class ReferralChildForm(_SignedOnBounded, PaperConsentForm):
    """Name the child on a referral, with the guardians' signed consent for the referral (the
    form's purposes and parties are fixed: this referral, to its receiving party)."""

    child = forms.ModelChoiceField(label=_("Which child?"), queryset=None, empty_label=_("Choose a child"))
    field_order = ["child", "signed_by", "relation", "other_guardian_agrees", "co_signed_by", "co_relation",
                   "signed_on", "scan"]

    def __init__(self, *args, children, validity_days, **kwargs):
        super().__init__(*args, **kwargs)
        limit_messages(self)
        del self.fields["purposes"]
        del self.fields["parties"]
        self._bound_signed_on(None, validity_days)
        # Left empty when the consent for the referral has already been recorded.
        self.initial.pop("signed_on", None)
        self.fields["child"].queryset = children
        self.fields["child"].error_messages["required"] = _("Choose the child this referral is about.")
        for name in ("signed_by", "relation", "signed_on", "scan"):
            self.fields[name].required = False
        self.fields["signed_by"].help_text = _(
            "Fill in the signed consent form for this referral, unless it has already been recorded.")
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_signed_on(self):
        if self.cleaned_data.get("signed_on") is None:
            return None
        return super().clean_signed_on()

    def clean_scan(self):
        if not self.cleaned_data.get("scan"):
            return None
        return super().clean_scan()

    def clean(self):
        cleaned = super().clean()
        consent_fields = ("signed_by", "relation", "signed_on", "scan")
        if any(cleaned.get(f) for f in ("signed_by", "signed_on", "scan")):
            for name in consent_fields:
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, _("Needed to record the signed consent form."))
        if cleaned.get("child") is not None:
            self._check_signed_on(cleaned["child"])
        return cleaned

    def paper_consent(self) -> dict | None:
        cleaned = self.cleaned_data
        if not cleaned.get("signed_by"):
            return None
        return {name: cleaned[name] for name in ("signed_by", "relation", "signed_on", "scan",
                                                 "other_guardian_agrees")} | {
            # A referral needs every guardian with authority: the second signature on the same form.
            "co_signed_by": cleaned.get("co_signed_by") or "", "co_relation": cleaned.get("co_relation") or ""}


class FurtherConsentForm(_SignedOnBounded, PaperConsentForm):
    """The guardians' signed form for a referral or the handover (not for the observation: that
    one is recorded when the case begins)."""

    def __init__(self, *args, child, validity_days, at_school=False, **kwargs):
        from consent.models import ConsentParty, ConsentPurpose

        super().__init__(*args, **kwargs)
        limit_messages(self)
        self._bound_signed_on(child, validity_days)
        # A pupil's case has no handover to primary school: only the referral is left to sign for.
        purposes = [ConsentPurpose.REFERRAL] + ([] if at_school else [ConsentPurpose.HANDOVER])
        parties = [ConsentParty.REFERRAL_PARTY] + ([] if at_school else [ConsentParty.PRIMARY_SCHOOL])
        self.fields["purposes"].choices = [(p.value, p.label) for p in purposes]
        self.fields["parties"].choices = [(p.value, p.label) for p in parties]
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        cleaned = super().clean()
        self._check_signed_on()
        return cleaned


class HandoverForm(_Form):
    """A participating school location of the municipality (its teachers receive the handover in the
    app), or the name of a school that does not take part (the PDF then goes on paper)."""

    school_location = forms.ModelChoiceField(
        label=_("Primary school taking part"), queryset=None, required=False,
        empty_label=_("Not in the list: type the name below"),
        help_text=_("Its teachers receive the handover in Alert4you."))
    school_name = forms.CharField(label=_("Other primary school"), max_length=NAME_MAX_LENGTH, required=False,
                                  help_text=_("The school the child goes to, if it is not in the list."))

    def __init__(self, *args, school_locations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school_location"].queryset = school_locations
        self.fields["school_location"].error_messages["invalid_choice"] = _(
            "Choose a primary school of this municipality that takes part.")
        if not school_locations.exists():
            del self.fields["school_location"]
            self.fields["school_name"].label = _("Primary school")

    def clean(self):
        cleaned = super().clean()
        location = cleaned.get("school_location")
        if location is not None:
            cleaned["school_name"] = location.name
        elif not cleaned.get("school_name") and not self.errors:
            self.add_error("school_name", _("Name the primary school."))
        return cleaned


class MessageForm(_Form):
    body = forms.CharField(
        label=_("New message"), max_length=MESSAGE_MAX_LENGTH, error_messages={"max_length": TOO_LONG},
        help_text=_("Short and to the point. Everyone on the case reads it; e-mail only says there is a new message."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].error_messages["required"] = _("Write a message.")
