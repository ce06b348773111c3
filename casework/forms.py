from crispy_forms.helper import FormHelper
from django import forms
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from children.forms import TOO_LONG
from children.models import MAX_AGE_YEARS
from organisations.models import Group, ProgrammeConfiguration

from .models import QUESTION_MAX_LENGTH, ObservationRequest, QuestionKind, RequestSubject, Urgency


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
        for name in ("question", "already_tried"):
            self.fields[name].max_length = QUESTION_MAX_LENGTH
            self.fields[name].widget.attrs["maxlength"] = str(QUESTION_MAX_LENGTH)
            self.fields[name].validators.append(MaxLengthValidator(QUESTION_MAX_LENGTH))
            self.fields[name].error_messages["max_length"] = TOO_LONG
        # The group comes from the child when the question is about one child (she chooses only for
        # a question about the group, among the groups of her own location(s)).
        group = self.fields["group"]
        group.required = False
        group.empty_label = _("Choose a group")
        group.help_text = _("For a question about one child you may leave this empty: her own group is used.")
        group.error_messages["invalid_choice"] = _("Choose a group of your own location.")
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_question(self):
        question = (self.cleaned_data.get("question") or "").strip()
        if not question:
            raise forms.ValidationError(_("Describe your question in your own words."))
        return question

    def _get_validation_exclusions(self):
        # The group of a request about one child is the child's, set in clean(); the service
        # checks it again. The model's own "required" would only repeat the child's message.
        exclusions = super()._get_validation_exclusions()
        exclusions.add("group")
        return exclusions

    def clean(self):
        cleaned = super().clean()
        child, group = cleaned.get("child"), cleaned.get("group")
        about_child = cleaned.get("subject") == RequestSubject.CHILD and "child" in self.fields
        if about_child:
            if child is None:
                if "child" not in self.errors:
                    self.add_error("child", _("Choose the child your question is about."))
            elif child.age_on(timezone.localdate()) >= MAX_AGE_YEARS:
                self.add_error("child", _(
                    "Alert4you serves children under 12; from 12 the child must consent too, so this "
                    "request cannot be made here."))
            elif group is not None and group.pk != child.group_id:
                self.add_error("group", _(
                    "This is not the child's group (%(group)s): choose her own group, or leave it empty.")
                    % {"group": child.group.name})
            else:
                cleaned["group"] = child.group
        elif group is None and "group" not in self.errors:
            self.add_error("group", _("Choose the group your question is about."))
        return cleaned


class RequestPrefillForm(forms.Form):
    """The query string of the "ask for help" page (a link from the group's page): what to fill in
    beforehand. Read through a form, so that anything else is ignored with a message, never a 500."""

    subject = forms.ChoiceField(choices=RequestSubject.choices, required=False)
    group = forms.ModelChoiceField(queryset=Group.objects.none(), required=False)

    def __init__(self, *args, locations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = Group.objects.filter(location__in=locations)

    def initial_for_request(self) -> dict:
        initial = {"subject": RequestSubject.CHILD, "urgency": Urgency.NORMAL}
        if self.is_valid():
            if self.cleaned_data["subject"]:
                initial["subject"] = self.cleaned_data["subject"]
            if self.cleaned_data["group"] is not None:
                initial["group"] = self.cleaned_data["group"].pk
        return initial


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label=_("Assign to"), queryset=None, empty_label=_("Choose a specialist"))

    def __init__(self, *args, specialists, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = specialists
