import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from alert4you.forms import DateInput

from .models import QuestionKind, Questionnaire, RespondentGroup, closing_day_bounds, closing_day_error

MAX_REMINDERS = 10
MAX_EMAIL_LENGTH = 254  # the column's length, and what mail servers accept
MAX_INVITATIONS = 1000  # addresses in one go; more is a mistake (or a list pasted twice)


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
    closes_on = forms.DateField(label=_("Closes on"))
    reminder_days = forms.CharField(
        label=_("Reminders after (days)"), required=False, initial="7, 14", max_length=100,
        help_text=_("Days after opening, separated by commas, e.g. 7, 14."),
    )

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipalities"].queryset = municipalities
        self.earliest, self.latest = closing_day_bounds()
        self.fields["closes_on"].widget = DateInput(attrs={"min": self.earliest.isoformat(),
                                                           "max": self.latest.isoformat()})

    def clean_closes_on(self):
        closes_on = self.cleaned_data["closes_on"]
        error = closing_day_error(closes_on)
        if error:
            raise ValidationError(error, code="out_of_range")
        return closes_on

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
            # ASCII digits only: "²".isdigit() is true, yet int("²") fails.
            if not re.fullmatch(r"[0-9]{1,3}", part) or not 1 <= int(part) <= 90:
                raise ValidationError(_("Give whole numbers of days between 1 and 90, separated by commas."))
            days.append(int(part))
        if len(set(days)) > MAX_REMINDERS:
            raise ValidationError(_("Give at most %(count)s reminder days.") % {"count": MAX_REMINDERS})
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
                if len(line) > MAX_EMAIL_LENGTH:
                    raise ValidationError("too long")
                validate_email(line)
            except ValidationError:
                wrong.append(line if len(line) <= 60 else f"{line[:57]}…")
            else:
                emails.append(line.lower())
        if wrong:
            raise ValidationError(_("Not an e-mail address: %(wrong)s") % {"wrong": ", ".join(wrong[:20])})
        if not emails:
            raise ValidationError(_("Give at least one e-mail address."))
        if len(set(emails)) > MAX_INVITATIONS:
            raise ValidationError(_("Send at most %(count)s invitations at once.") % {"count": MAX_INVITATIONS})
        return sorted(set(emails))


class ShareLinkForm(_RoundTargetForm):
    pass


class AnalysisFilterForm(forms.Form):
    group = forms.ChoiceField(label=_("Respondent group"), required=False)
    municipality = forms.ChoiceField(label=_("Municipality"), required=False)
    # Only the export reads it: open answers leave only in an export that says it holds them.
    open_text = forms.BooleanField(required=False, widget=forms.HiddenInput)

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
    """Wording and translations of a questionnaire version: its title and introduction, each
    page's title and stem, each item's text. Which items, their order, scales and answer options
    cannot be changed here."""

    def __init__(self, *args, questions, sections=(), questionnaire=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.sections = list(sections)
        self.questionnaire = questionnaire
        if questionnaire is not None:
            for name, label, rows, required in (("title", _("Title"), 1, True), ("intro", _("Introduction"), 3, False)):
                self._pair(f"{name}_{{}}", label, getattr(questionnaire, f"{name}_nl"),
                           getattr(questionnaire, f"{name}_en"), rows, required)
        for section in self.sections:
            self._pair(f"section_title_{{}}_{section.pk}", _("Page title"), section.title_nl, section.title_en, 1, True)
            self._pair(f"section_stem_{{}}_{section.pk}", _("Question above the page's items"), section.stem_nl,
                       section.stem_en, 2, False)
        for question in questions:
            if question.reconstructed:
                origin = _("Written from a label in the report (reconstructed): %(source)s")
            else:
                origin = _("Verbatim from the report: %(source)s")
            help_text = origin % {"source": question.source} if question.source else ""
            self.fields[f"nl_{question.pk}"] = forms.CharField(
                label=_("%(code)s (Dutch)") % {"code": question.code}, initial=question.text_nl,
                widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, help_text=help_text,
            )
            self.fields[f"en_{question.pk}"] = forms.CharField(
                label=_("%(code)s (English)") % {"code": question.code}, initial=question.text_en,
                widget=forms.Textarea(attrs={"rows": 2}), max_length=2000,
            )

    def _pair(self, pattern, label, nl, en, rows, required):
        # A one-line field is a title: its column holds 200 characters.
        max_length = 200 if rows == 1 else 4000
        for lang, text, suffix in (("nl", nl, _("Dutch")), ("en", en, _("English"))):
            widget = forms.TextInput() if rows == 1 else forms.Textarea(attrs={"rows": rows})
            self.fields[pattern.format(lang)] = forms.CharField(
                label=f"{label} ({suffix})", initial=text, required=required, widget=widget, max_length=max_length,
            )

    def groups(self):
        """(heading, bound fields) per part of the questionnaire, for a page that follows its order."""
        result = []
        if self.questionnaire is not None:
            names = [f"{n}_{lang}" for n in ("title", "intro") for lang in ("nl", "en")]
            result.append((_("Questionnaire"), [self[name] for name in names]))
        by_section = {}
        for question in self.questions:
            by_section.setdefault(question.section_id, []).append(question)
        for section in self.sections:
            fields = [self[f"section_{part}_{lang}_{section.pk}"]
                      for part in ("title", "stem") for lang in ("nl", "en")]
            for question in by_section.get(section.pk, []):
                fields += [self[f"nl_{question.pk}"], self[f"en_{question.pk}"]]
            result.append((section.title, fields))
        return result

    def texts(self):
        return {q.pk: (self.cleaned_data[f"nl_{q.pk}"], self.cleaned_data[f"en_{q.pk}"]) for q in self.questions}

    def section_texts(self):
        data = self.cleaned_data
        return {
            s.pk: {field: data[f"section_{part}_{lang}_{s.pk}"] for part in ("title", "stem") for lang in ("nl", "en")
                   for field in [f"{part}_{lang}"]}
            for s in self.sections
        }

    def questionnaire_texts(self):
        if self.questionnaire is None:
            return {}
        return {f"{n}_{lang}": self.cleaned_data[f"{n}_{lang}"] for n in ("title", "intro") for lang in ("nl", "en")}


RESPONDENT_GROUPS = RespondentGroup
