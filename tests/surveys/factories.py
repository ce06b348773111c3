import datetime
import random

from django.utils import timezone

from surveys import services
from surveys.models import Answer, Question, QuestionKind, Questionnaire, Response, SurveyRound


def questionnaire(key="pmer"):
    return Questionnaire.objects.get(key=key, version=1)


def open_round(municipalities, *, keys=("pmer", "specialist"), by=None, reminder_days=(7,)):
    return services.round_open(
        title="Meting 2025", municipalities=municipalities, questionnaires=[questionnaire(k) for k in keys],
        closes_on=timezone.localdate() + datetime.timedelta(days=30), reminder_days=list(reminder_days),
        base_url="http://testserver/", by=by,
    )


def submitted_response(survey_round, municipality, key="pmer", *, rng=None, answers=None):
    """A submitted response with generated answers (or the given {code: value})."""
    rng = rng or random.Random()
    q = questionnaire(key)
    response = Response.objects.create(
        round=survey_round, questionnaire=q, municipality=municipality, started_on=timezone.localdate(),
        submitted_on=timezone.localdate(),
    )
    rows = []
    for question in Question.objects.filter(questionnaire=q):
        if answers is not None:
            if question.code in answers:
                rows.append(Answer(response=response, question=question, value=str(answers[question.code])))
            continue
        if question.kind == QuestionKind.LIKERT:
            rows.append(Answer(response=response, question=question, value=str(rng.randint(2, 5))))
        elif question.kind == QuestionKind.CHOICE:
            rows.append(Answer(response=response, question=question, value=rng.choice(question.options)["value"]))
    Answer.objects.bulk_create(rows)
    return response


__all__ = ["SurveyRound", "open_round", "questionnaire", "submitted_response"]
