"""A closed demo round with generated answers in every municipality (idempotent)."""

import datetime
import random

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from organisations.models import Municipality
from surveys.models import Answer, Question, QuestionKind, Questionnaire, Response, SurveyRound

DEMO_TITLE = "Demo: meting kerncompetenties 2024"
# Respondents per municipality and questionnaire, about the report's group sizes.
SIZES = {"pmer": 30, "specialist": 9, "youth_nurse": 7}
# Share of "don't know" / "not applicable" per item: kept low so that the small professional
# groups still have five complete respondents for most scales (listwise).
MISSING_RATE = 0.04


class Command(BaseCommand):
    help = "Loads a closed questionnaire round with generated answers in all municipalities (idempotent)."

    def handle(self, *args, **options):
        if SurveyRound.objects.filter(title=DEMO_TITLE).exists():
            self.stdout.write("Demo questionnaire round already loaded: nothing to add.")
            return
        municipalities = list(Municipality.objects.order_by("name"))
        if not municipalities:
            self.stdout.write("No municipalities yet: load the demo data first.")
            return
        rng = random.Random(2020)  # noqa: S311 - reproducible demo answers, not a secret
        with transaction.atomic():
            questionnaires = list(Questionnaire.objects.filter(version=1, key__in=SIZES))
            today = timezone.localdate()
            survey_round = SurveyRound.objects.create(
                title=DEMO_TITLE, status=SurveyRound.Status.CLOSED,
                opened_at=timezone.now() - datetime.timedelta(days=60), closes_on=today - datetime.timedelta(days=30),
                reminder_days=[7, 14],
            )
            survey_round.municipalities.set(municipalities)
            survey_round.questionnaires.set(questionnaires)
            count = 0
            for questionnaire in questionnaires:
                questions = list(Question.objects.filter(questionnaire=questionnaire))
                for municipality in municipalities:
                    for _ in range(SIZES[questionnaire.key]):
                        self._respondent(survey_round, questionnaire, municipality, questions, rng, today)
                        count += 1
        self.stdout.write(f"Demo questionnaire round loaded: {count} responses.")

    def _respondent(self, survey_round, questionnaire, municipality, questions, rng, today):
        response = Response.objects.create(
            round=survey_round, questionnaire=questionnaire, municipality=municipality,
            started_on=today - datetime.timedelta(days=50), submitted_on=today - datetime.timedelta(days=45),
        )
        level = rng.gauss(0, 0.8)  # one respondent's general tendency, so scales hang together
        growth = max(0.0, rng.gauss(0.55, 0.6))
        answers = []
        for question in questions:
            if question.kind == QuestionKind.LIKERT:
                top = len(question.options)
                if question.missing_option and rng.random() < MISSING_RATE:
                    answers.append(Answer(response=response, question=question, value=question.missing_option))
                    continue
                centre = (top + 1) / 2 + 0.4 + level
                if question.code.startswith("competence_before"):
                    centre -= growth / 2
                elif question.code.startswith("competence_now"):
                    centre += growth / 2
                value = min(top, max(1, round(centre + rng.gauss(0, 0.6))))
                answers.append(Answer(response=response, question=question, value=str(value)))
            elif question.kind == QuestionKind.CHOICE:
                # The background question names the municipality the response belongs to.
                value = municipality.name if question.code == "municipality" else rng.choice(question.options)["value"]
                answers.append(Answer(response=response, question=question, value=value))
            elif question.kind == QuestionKind.MULTI:
                picks = rng.sample(question.options, k=rng.randint(1, 3))
                answers.append(Answer(response=response, question=question, values=[o["value"] for o in picks]))
        Answer.objects.bulk_create(answers)
