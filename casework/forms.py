from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from children.models import MAX_AGE_YEARS
from organisations.models import Group, ProgrammeConfiguration

from .models import ObservationRequest, QuestionKind, RequestSubject, Urgency


class ChildChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.first_name} {obj.last_name} ({obj.group.name})"


class ObservationRequestForm(forms.ModelForm):
    child = ChildChoiceField(label=_("Which child?"), queryset=None, required=False,
                             empty_label=_("Choose a child"))

    class Meta:
        model = ObservationRequest
        fields = ["subject", "group", "child", "kind", "question", "already_tried", "urgency"]
        widgets = {
            "subject": forms.RadioSelect,
            "kind": forms.RadioSelect,
            "urgency": forms.RadioSelect,
            "question": forms.Textarea(attrs={"rows": 4}),
            "already_tried": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, locations, children, **kwargs):
        super().__init__(*args, **kwargs)
        from children.models import Child

        self.fields["group"].queryset = Group.objects.filter(location__in=locations).select_related("location")
        self.fields["child"].queryset = Child.objects.filter(pk__in=[c.pk for c in children]).select_related("group")
        self.fields["subject"].choices = RequestSubject.choices
        self.fields["kind"].choices = QuestionKind.choices
        self.fields["urgency"].choices = Urgency.choices
        self.becomes_group_visit = bool(locations) and all(
            loc.district.municipality.configuration.individual_observation
            == ProgrammeConfiguration.IndividualObservation.GROUP_VISIT for loc in locations
        )
        if self.becomes_group_visit:
            # No individual child file in this municipality: the child is never named.
            del self.fields["child"]
            self.fields["subject"].help_text = _(
                "A question about one child becomes a group visit about your own approach; "
                "the child is not named. Do not write the child's name in your question.")
        self.fields["question"].required = True
        self.fields["question"].error_messages["required"] = _("Describe your question in your own words.")
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_question(self):
        question = (self.cleaned_data.get("question") or "").strip()
        if not question:
            raise forms.ValidationError(_("Describe your question in your own words."))
        return question

    def clean(self):
        cleaned = super().clean()
        if "child" not in self.fields:
            return cleaned
        child, group = cleaned.get("child"), cleaned.get("group")
        if cleaned.get("subject") == RequestSubject.CHILD:
            if child is None:
                self.add_error("child", _("Choose the child your question is about."))
            elif child.age_on(timezone.localdate()) >= MAX_AGE_YEARS:
                self.add_error("child", _(
                    "Alert4you serves children under 12; from 12 the child must consent too, so this "
                    "request cannot be made here."))
            elif group is not None and child.group.location_id != group.location_id:
                self.add_error("child", _("Choose a child of the same location as the group."))
        return cleaned


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label=_("Assign to"), queryset=None, empty_label=_("Choose a specialist"))

    def __init__(self, *args, specialists, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = specialists
