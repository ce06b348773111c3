from django import forms
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alert4you.forms import DateInput
from children.models import Guardian

from .models import SCAN_EXTENSIONS, ConsentParty, ConsentPurpose, GuardiansDisagree

# A name pasted a thousand times gets this, next to the field, in the reader's language.
# Translators: guardian
TOO_LONG = _("Keep it to at most %(limit_value)d characters (this has %(show_value)d).")
NAME_MAX_LENGTH = 200


def _short_text(**kwargs):
    kwargs.setdefault("max_length", NAME_MAX_LENGTH)
    kwargs["error_messages"] = {"max_length": TOO_LONG, **kwargs.get("error_messages", {})}
    return forms.CharField(**kwargs)


class PaperConsentForm(forms.Form):
    signed_by = _short_text(label=_("Signed by (name of the guardian)"))
    relation = forms.ChoiceField(label=_("Relation to the child"), choices=Guardian.Relation.choices)
    other_guardian_agrees = forms.BooleanField(
        label=_("The signer declares that the other guardian with authority agrees"), required=False
    )
    co_signed_by = _short_text(
        label=_("Also signed by (the other guardian with authority)"), required=False,
        help_text=_("A referral or the handover needs the signature of every guardian with authority."))
    co_relation = forms.ChoiceField(label=_("Relation of the second signer"), required=False,
                                    choices=[("", "---------"), *Guardian.Relation.choices])
    signed_on = forms.DateField(label=_("Signed on"), widget=DateInput())
    purposes = forms.MultipleChoiceField(label=_("Purposes"), choices=ConsentPurpose.choices,
                                         widget=forms.CheckboxSelectMultiple)
    parties = forms.MultipleChoiceField(label=_("Receiving parties"), choices=ConsentParty.choices,
                                        widget=forms.CheckboxSelectMultiple)
    scan = forms.FileField(label=_("Scan of the signed form"),
                           help_text=_("PDF, JPEG or PNG, at most 10 MB."),
                           widget=forms.ClearableFileInput(
                               attrs={"accept": ",".join(f".{e}" for e in SCAN_EXTENSIONS)}))

    def clean_signed_on(self):
        signed_on = self.cleaned_data["signed_on"]
        if signed_on > timezone.localdate():
            raise forms.ValidationError(_("The date of signing cannot be in the future."))
        return signed_on

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("co_signed_by") and not cleaned.get("co_relation"):
            self.add_error("co_relation", _("Choose how the second signer is related to the child."))
        return cleaned

    def clean_scan(self):
        from django.core.validators import FileExtensionValidator

        from .models import validate_scan

        scan = self.cleaned_data["scan"]
        FileExtensionValidator(SCAN_EXTENSIONS)(scan)
        validate_scan(scan)
        return scan


class AskConsentForm(forms.Form):
    """A pm'er sends a guardian her link (by e-mail when known; a printed letter otherwise), in the
    guardian's language: the one known for her, or the one the pm'er sets here (kept on her).

    The child's guardians are read once (the case page shows this form next to the consents): the
    choice is built from that list, and `cleaned_data["guardian"]` is the Guardian itself."""

    guardian = forms.TypedChoiceField(label=_("Guardian"), coerce=int)
    purposes = forms.MultipleChoiceField(label=_("Purposes"), choices=ConsentPurpose.choices,
                                         widget=forms.CheckboxSelectMultiple,
                                         initial=[ConsentPurpose.OBSERVATION])
    language = forms.ChoiceField(
        label=_("Language of the e-mail, letter and pages"), required=False,
        choices=[("", _("Her language as we know it (in brackets above)")), *Guardian.Language.choices],
        help_text=_("Choose another language only if she asked for it: it is kept for every later e-mail."))

    def __init__(self, *args, child, **kwargs):
        super().__init__(*args, **kwargs)
        # Whether the guardians disagree comes along (the case page's consent section shows it), one query less.
        disagree = GuardiansDisagree.objects.filter(child_id=OuterRef("child_id"))
        self.guardians = {g.pk: g for g in child.guardians.annotate(guardians_disagree=Exists(disagree))}
        # The pm'er sees which language the e-mail and letter will be in.
        self.fields["guardian"].choices = [(pk, f"{g.name} ({g.get_preferred_language_display()})")
                                           for pk, g in self.guardians.items()]
        if child.group.location.is_school:
            # The warm handover goes from childcare to primary school: a pupil has none to consent to.
            self.fields["purposes"].choices = [(value, label) for value, label in ConsentPurpose.choices
                                               if value != ConsentPurpose.HANDOVER]

    def clean_guardian(self):
        return self.guardians[self.cleaned_data["guardian"]]


class BirthDateForm(forms.Form):
    date_of_birth = forms.DateField(
        # Translators: guardian
        label=_("Your child's date of birth"),
        widget=DateInput(attrs={"autocomplete": "off"}),
        # Translators: guardian
        error_messages={"required": _("Type your child's date of birth."),
                        # Translators: guardian
                        "invalid": _("Type a date, for example 31-12-2022.")})

    def clean_date_of_birth(self):
        # A date in the future is a slip of the thumb: say so, and count it as no attempt at all.
        value = self.cleaned_data["date_of_birth"]
        if value > timezone.localdate():
            # Translators: guardian
            raise forms.ValidationError(_("That date is in the future. Type your child's date of birth."))
        return value


DECISION_CHOICES = [
    # Translators: guardian
    ("given", _("Yes, I give consent")),
    # Translators: guardian
    ("refused", _("No, I do not give consent")),
]


class DecisionForm(forms.Form):
    """Her decision per purpose, the scope she chooses, and, where her signature stands for both
    parents, the declaration that the other parent with authority agrees (DESIGN section 5)."""

    signer_name = _short_text(
        # Translators: guardian
        label=_("Your full name"),
        # Translators: guardian
        error_messages={"required": _("Type your full name.")})
    relation = forms.ChoiceField(
        # Translators: guardian
        label=_("Your relation to the child"), choices=Guardian.Relation.choices,
        # Translators: guardian
        error_messages={"required": _("Choose who you are to the child.")})

    def __init__(self, *args, purposes, nurse_choice=False, declaration_for=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.purposes = list(purposes)
        self.declaration_for = set(declaration_for)
        for purpose in self.purposes:
            self.fields[f"decision_{purpose}"] = forms.ChoiceField(
                label=ConsentPurpose(purpose).label, choices=DECISION_CHOICES, widget=forms.RadioSelect,
                # Translators: guardian
                error_messages={"required": _("Choose yes or no.")})
        if nurse_choice:
            # Her choice, not ours: unticked unless she ticks it.
            self.fields["share_youth_nurse"] = forms.BooleanField(
                # Translators: guardian
                label=_("The youth nurse may see my child's name and details too"), required=False,
                # Translators: guardian
                help_text=_("The youth nurse of the youth health service (GGD) works with the specialist in "
                            "your municipality. Leave this empty and only the specialist sees them."))
        if self.declaration_for:
            self.fields["other_guardian_agrees"] = forms.BooleanField(
                # Translators: guardian
                label=_("I declare that the other parent with authority agrees"), required=False,
                # Translators: guardian
                help_text=_("Your signature counts for both parents. Only tick this if the other parent with "
                            "authority agrees."))

    def decisions(self) -> dict:
        return {p: self.cleaned_data[f"decision_{p}"] for p in self.purposes}

    def declined_parties(self) -> set:
        if "share_youth_nurse" in self.fields and not self.cleaned_data.get("share_youth_nurse"):
            return {ConsentParty.YOUTH_NURSE}
        return set()

    def clean(self):
        cleaned = super().clean()
        gives = {p for p in self.declaration_for if cleaned.get(f"decision_{p}") == "given"}
        if gives and not cleaned.get("other_guardian_agrees"):
            # Translators: guardian
            self.add_error("other_guardian_agrees", _(
                "Your consent counts for both parents only if the other parent with authority agrees. Does the "
                "other parent agree? Then tick the box. If not, ask the childcare to send the other parent a "
                "link too."))
        return cleaned


class ShortCodeForm(forms.Form):
    code = _short_text(
        # Translators: guardian
        label=_("The short code from your letter"), max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
        # Translators: guardian
        error_messages={"required": _("Type the code from your letter.")})
