from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consent.forms import PaperConsentForm

from .models import ReferralTarget
from .records import MESSAGE_MAX_LENGTH


class _Form(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


def _text(label, required=False, rows=3, help_text=""):
    return forms.CharField(label=label, required=required, help_text=help_text,
                           widget=forms.Textarea(attrs={"rows": rows}))


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
    receiving_party = forms.CharField(label=_("Receiving party"), max_length=200,
                                      help_text=_("The organisation or practice that receives the referral."))
    reason = _text(_("Why this referral?"), required=True, rows=4,
                   help_text=_("What the receiving party needs to know to answer."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].error_messages["required"] = _("Choose where the child is referred to.")
        self.fields["receiving_party"].error_messages["required"] = _("Name the receiving party.")
        self.fields["reason"].error_messages["required"] = _("Write why the child is referred.")


class ReferralAnswerForm(_Form):
    ANSWERS = (("accepted", _("Accepted")), ("declined", _("Declined")))
    answer = forms.ChoiceField(label=_("The receiving party's answer"), choices=ANSWERS, widget=forms.RadioSelect)
    reason = _text(_("Reason given"), help_text=_("Required when the referral was declined."))
    answered_on = forms.DateField(label=_("Answered on"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("answer") == "declined" and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Write the reason the receiving party gave for declining."))
        answered_on = cleaned.get("answered_on")
        if answered_on and answered_on > timezone.localdate():
            self.add_error("answered_on", _("The answer cannot be dated in the future."))
        return cleaned


class ReferralStartedForm(_Form):
    started_on = forms.DateField(label=_("The help started on"), widget=forms.DateInput(attrs={"type": "date"}))


class ReferralChildForm(PaperConsentForm):
    """Name the child on a referral, with the guardians' signed consent for the referral (the
    form's purposes and parties are fixed: this referral, to its receiving party)."""

    child = forms.ModelChoiceField(label=_("Which child?"), queryset=None, empty_label=_("Choose a child"))
    field_order = ["child", "signed_by", "relation", "other_guardian_agrees", "co_signed_by", "co_relation",
                   "signed_on", "scan"]

    def __init__(self, *args, children, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["purposes"]
        del self.fields["parties"]
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
        return cleaned

    def paper_consent(self) -> dict | None:
        cleaned = self.cleaned_data
        if not cleaned.get("signed_by"):
            return None
        return {name: cleaned[name] for name in ("signed_by", "relation", "signed_on", "scan",
                                                 "other_guardian_agrees")} | {
            # A referral needs every guardian with authority: the second signature on the same form.
            "co_signed_by": cleaned.get("co_signed_by") or "", "co_relation": cleaned.get("co_relation") or ""}


class FurtherConsentForm(PaperConsentForm):
    """The guardians' signed form for a referral or the handover (not for the observation: that
    one is recorded when the case begins)."""

    def __init__(self, *args, **kwargs):
        from consent.models import ConsentParty, ConsentPurpose

        super().__init__(*args, **kwargs)
        self.fields["purposes"].choices = [(p.value, p.label) for p in (ConsentPurpose.REFERRAL,
                                                                        ConsentPurpose.HANDOVER)]
        self.fields["parties"].choices = [(p.value, p.label) for p in (ConsentParty.REFERRAL_PARTY,
                                                                       ConsentParty.PRIMARY_SCHOOL)]
        self.helper = FormHelper()
        self.helper.form_tag = False


class HandoverForm(_Form):
    school_name = forms.CharField(label=_("Primary school"), max_length=200,
                                  help_text=_("The school the child goes to."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school_name"].error_messages["required"] = _("Name the primary school.")


class MessageForm(_Form):
    body = forms.CharField(
        label=_("New message"), max_length=MESSAGE_MAX_LENGTH,
        help_text=_("Short and to the point. Everyone on the case reads it; e-mail only says there is a new message."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].error_messages["required"] = _("Write a message.")
