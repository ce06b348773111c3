from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from .models import QuestionKind, Questionnaire, RespondentGroup


class QuestionnaireChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.get_respondent_group_display()}: {obj}"


class RoundForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Municipalities"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    questionnaires = QuestionnaireChoiceField(
        label=_("Questionnaires (one per respondent group)"), queryset=Questionnaire.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    closes_on = forms.DateField(label=_("Closes on"), widget=forms.DateInput(attrs={"type": "date"}))
    reminder_days = forms.CharField(
        label=_("Reminders after (days)"), required=False, initial="7, 14",
        help_text=_("Days after opening, separated by commas, e.g. 7, 14."),
    )

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipalities"].queryset = municipalities

    def clean_questionnaires(self):
        chosen = self.cleaned_data["questionnaires"]
        groups = [q.respondent_group for q in chosen]
        if len(groups) != len(set(groups)):
            raise ValidationError(_("Choose one questionnaire per respondent group."))
        return chosen

    def clean_reminder_days(self):
        raw = self.cleaned_data["reminder_days"].replace(";", ",")
        days = []
        for part in filter(None, (p.strip() for p in raw.split(","))):
            if not part.isdigit() or not 1 <= int(part) <= 90:
                raise ValidationError(_("Give whole numbers of days between 1 and 90, separated by commas."))
            days.append(int(part))
        return days


class _RoundTargetForm(forms.Form):
    questionnaire = forms.ModelChoiceField(label=_("Respondent group"), queryset=None)
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=None)

    def __init__(self, *args, survey_round, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["questionnaire"].queryset = survey_round.questionnaires.all()
        self.fields["questionnaire"].label_from_instance = lambda q: q.get_respondent_group_display()
        self.fields["municipality"].queryset = municipalities


class InvitationForm(_RoundTargetForm):
    emails = forms.CharField(
        label=_("E-mail addresses"), widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line. Each person gets a personal link; the e-mail contains only that link."),
    )

    def clean_emails(self):
        emails, wrong = [], []
        for line in self.cleaned_data["emails"].replace(",", "\n").splitlines():
            line = line.strip()
            if not line:
                continue
            try:
                validate_email(line)
            except ValidationError:
                wrong.append(line)
            else:
                emails.append(line.lower())
        if wrong:
            raise ValidationError(_("Not an e-mail address: %(wrong)s") % {"wrong": ", ".join(wrong)})
        if not emails:
            raise ValidationError(_("Give at least one e-mail address."))
        return sorted(set(emails))


class ShareLinkForm(_RoundTargetForm):
    pass


class AnalysisFilterForm(forms.Form):
    group = forms.ChoiceField(label=_("Respondent group"), required=False)
    municipality = forms.ChoiceField(label=_("Municipality"), required=False)

    def __init__(self, *args, questionnaires, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [(q.respondent_group, q.get_respondent_group_display()) for q in questionnaires]
        self.fields["municipality"].choices = [("", _("All municipalities"))] + [
            (str(m.pk), m.name) for m in municipalities
        ]


def section_form_class(section, questions):
    """A form for one page of a questionnaire; every item may be left open (stop and resume)."""
    fields = {}
    for question in questions:
        name = f"q_{question.pk}"
        label = question.text
        if question.kind in (QuestionKind.LIKERT, QuestionKind.CHOICE):
            fields[name] = forms.ChoiceField(
                label=label, required=False, choices=question.option_choices(), widget=forms.RadioSelect
            )
        elif question.kind == QuestionKind.MULTI:
            fields[name] = forms.MultipleChoiceField(
                label=label, required=False, choices=question.option_choices(), widget=forms.CheckboxSelectMultiple
            )
        else:
            fields[name] = forms.CharField(
                label=label, required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
            )
    return type("SectionForm", (forms.Form,), fields)


def initial_for(questions, answers):
    initial = {}
    for question in questions:
        answer = answers.get(question.pk)
        if answer is None:
            continue
        if question.kind == QuestionKind.MULTI:
            initial[f"q_{question.pk}"] = answer.values
        elif question.kind == QuestionKind.TEXT:
            initial[f"q_{question.pk}"] = answer.text
        else:
            initial[f"q_{question.pk}"] = answer.value
    return initial


class WordingForm(forms.Form):
    """Wording and translations of a questionnaire version; nothing else can be changed here."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[f"nl_{question.pk}"] = forms.CharField(
                label=_("%(code)s (Dutch)") % {"code": question.code}, initial=question.text_nl,
                widget=forms.Textarea(attrs={"rows": 2}), max_length=2000,
            )
            self.fields[f"en_{question.pk}"] = forms.CharField(
                label=_("%(code)s (English)") % {"code": question.code}, initial=question.text_en,
                widget=forms.Textarea(attrs={"rows": 2}), max_length=2000,
            )

    def texts(self):
        return {q.pk: (self.cleaned_data[f"nl_{q.pk}"], self.cleaned_data[f"en_{q.pk}"]) for q in self.questions}


RESPONDENT_GROUPS = RespondentGroup
