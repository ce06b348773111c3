from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from children.models import Guardian

from .models import SCAN_EXTENSIONS, ConsentParty, ConsentPurpose


class PaperConsentForm(forms.Form):
    signed_by = forms.CharField(label=_("Signed by (name of the guardian)"), max_length=200)
    relation = forms.ChoiceField(label=_("Relation to the child"), choices=Guardian.Relation.choices)
    other_guardian_agrees = forms.BooleanField(
        label=_("The signer declares that the other guardian with authority agrees"), required=False
    )
    signed_on = forms.DateField(label=_("Signed on"), widget=forms.DateInput(attrs={"type": "date"}))
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

    def clean_scan(self):
        from django.core.validators import FileExtensionValidator

        from .models import validate_scan

        scan = self.cleaned_data["scan"]
        FileExtensionValidator(SCAN_EXTENSIONS)(scan)
        validate_scan(scan)
        return scan
