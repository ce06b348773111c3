"""What reads survey data: the one way in to a round, response rates, the analysis and the
wide export. Figures only, never who answered what; small cells show "<5"."""

from collections import defaultdict

from django.db.models import Count, Q
from django.http import Http404

from . import statistics as st
from .models import Answer, Invitation, Question, QuestionKind, Questionnaire, Response, SurveyRound
from .permissions import municipality_ids_for


def access_round_by_id(user, round_id) -> SurveyRound:
    """The round, or 404 for both "does not exist" and "not yours"."""
    survey_round = (
        SurveyRound.objects.visible_to(user).filter(pk=round_id)
        .prefetch_related("municipalities", "questionnaires").first()
    )
    if survey_round is None:
        raise Http404
    return survey_round


def rounds_for_list(user):
    ids = municipality_ids_for(user)
    submitted = Q(responses__submitted_on__isnull=False)
    if ids is not None:
        submitted &= Q(responses__municipality_id__in=ids)
    return (
        SurveyRound.objects.visible_to(user)
        .prefetch_related("municipalities", "questionnaires")
        .annotate(submitted=Count("responses", filter=submitted, distinct=True))
        .order_by("-opened_at")
    )


def round_municipalities(user, survey_round):
    ids = municipality_ids_for(user)
    return [m for m in survey_round.municipalities.all() if ids is None or m.pk in ids]


def response_rates(user, survey_round):
    """Per municipality and questionnaire: invited, started, submitted invitations, and all
    submitted responses (personal invitations and shareable links together)."""
    municipalities = round_municipalities(user, survey_round)
    m_ids = [m.pk for m in municipalities]
    invited = defaultdict(lambda: defaultdict(int))
    for row in (Invitation.objects.filter(round=survey_round, municipality_id__in=m_ids)
                .values("municipality_id", "questionnaire_id", "status").annotate(n=Count("pk"))):
        invited[(row["municipality_id"], row["questionnaire_id"])][row["status"]] += row["n"]
    responses = defaultdict(lambda: defaultdict(int))
    for row in (Response.objects.filter(round=survey_round, municipality_id__in=m_ids)
                .values("municipality_id", "questionnaire_id")
                .annotate(submitted=Count("pk", filter=Q(submitted_on__isnull=False)),
                          in_progress=Count("pk", filter=Q(submitted_on__isnull=True)))):
        key = (row["municipality_id"], row["questionnaire_id"])
        responses[key]["submitted"] = row["submitted"]
        responses[key]["in_progress"] = row["in_progress"]
    rows = []
    for municipality in municipalities:
        for questionnaire in survey_round.questionnaires.all():
            key = (municipality.pk, questionnaire.pk)
            inv = invited[key]
            n_invited = sum(inv.values())
            n_submitted_inv = inv[Invitation.Status.SUBMITTED]
            rows.append({
                "municipality": municipality, "questionnaire": questionnaire,
                "invited": n_invited,
                "submitted_invitations": st.small(n_submitted_inv),
                "rate": (round(100 * n_submitted_inv / n_invited) if n_invited and n_submitted_inv >= st.MIN_CELL
                         else None),
                "in_progress": st.small(responses[key]["in_progress"]),
                "submitted": st.small(responses[key]["submitted"]),
                "submitted_raw": responses[key]["submitted"],
            })
    total = sum(r["submitted_raw"] for r in rows)
    return rows, st.small(total)


def _submitted(survey_round, questionnaire, municipality_ids):
    return Response.objects.filter(
        round=survey_round, questionnaire=questionnaire, submitted_on__isnull=False,
        municipality_id__in=municipality_ids,
    )


def _answer_matrix(responses, questions):
    """{response_id: {question_id: value}} for the numeric/choice answers, in one query."""
    matrix = defaultdict(dict)
    for response_id, question_id, value, values, text in (
        Answer.objects.filter(response__in=responses, question__in=questions)
        .values_list("response_id", "question_id", "value", "values", "text")
    ):
        matrix[response_id][question_id] = values if values else (text if text else value)
    return matrix


def _numeric(question, raw):
    if raw is None or raw == "":
        return None
    if raw in st.MISSING_CODES:
        return raw
    try:
        return float(raw)
    except (TypeError, ValueError):
        return None


def _shown(value, digits=2):
    return None if value is None else round(value, digits)


def analysis(user, survey_round, *, municipality_ids, questionnaire):
    """Per item n, mean, SD and frequencies; per scale the listwise score and lambda-2; the
    before/now paired t-tests. Every figure resting on fewer than five respondents is withheld."""
    responses = list(_submitted(survey_round, questionnaire, municipality_ids).values_list("pk", flat=True))
    result = {"n": st.small(len(responses)), "too_small": len(responses) < st.MIN_CELL, "items": [],
              "scales": [], "pairs": [], "questionnaire": questionnaire}
    if result["too_small"]:
        return result
    questions = list(
        Question.objects.filter(questionnaire=questionnaire).select_related("section", "scale")
        .order_by("section__position", "position")
    )
    matrix = _answer_matrix(responses, questions)
    for question in questions:
        raw = [matrix[r].get(question.pk) for r in responses]
        if question.kind == QuestionKind.TEXT:
            continue
        if question.kind == QuestionKind.LIKERT:
            summary = st.describe([_numeric(question, v) for v in raw])
            labels = dict(question.option_choices())
            result["items"].append(_item_row(question, summary, labels))
        else:
            counts = defaultdict(int)
            for value in raw:
                for v in (value if isinstance(value, list) else [value] if value else []):
                    counts[v] += 1
            answered = sum(1 for value in raw if value)
            result["items"].append({
                "question": question, "kind": "choice", "n": st.small(answered), "enough": answered >= st.MIN_CELL,
                "message": "" if answered >= st.MIN_CELL else str(st.NOT_ENOUGH),
                "frequencies": [
                    {"label": label, "count": st.small(counts.get(value, 0)), "raw": counts.get(value, 0),
                     "percent": _percent(counts.get(value, 0), answered)}
                    for value, label in question.option_choices()
                ],
            })
    scales = {}
    for question in questions:
        if question.scale_id:
            scales.setdefault(question.scale, []).append(question)
    for scale, items in scales.items():
        rows = [[_numeric(q, matrix[r].get(q.pk)) for q in items] for r in responses]
        complete = st.listwise(rows)
        enough = len(complete) >= st.MIN_CELL
        scores = st.scale_scores(rows)
        lam = st.guttman_lambda2(rows) if enough else None
        result["scales"].append({
            "scale": scale, "items": len(items), "n": st.small(len(complete)), "enough": enough,
            "mean": _shown(st.mean(scores)) if enough else None,
            "sd": _shown(st.sample_sd(scores)) if enough else None,
            "lambda2": _shown(lam.value) if lam else None,
            "message": (lam.message if lam else str(st.NOT_ENOUGH)),
        })
    befores = [s for s in scales if s.before_of_id]
    for before in befores:
        now = next((s for s in scales if s.pk == before.before_of_id), None)
        if now is None:
            continue
        for b_item, n_item in zip(scales[before], scales[now], strict=False):
            b = [_numeric(b_item, matrix[r].get(b_item.pk)) for r in responses]
            a = [_numeric(n_item, matrix[r].get(n_item.pk)) for r in responses]
            result["pairs"].append(_pair_row(b_item.text.rsplit(" — ", 1)[0], b, a))
        b_rows = [[_numeric(q, matrix[r].get(q.pk)) for q in scales[before]] for r in responses]
        a_rows = [[_numeric(q, matrix[r].get(q.pk)) for q in scales[now]] for r in responses]
        b_scores = [_row_mean(row) for row in b_rows]
        a_scores = [_row_mean(row) for row in a_rows]
        result["pairs"].append(_pair_row(None, b_scores, a_scores, together=True))
    return result


def _row_mean(row):
    complete = st.listwise([row])
    return sum(complete[0]) / len(complete[0]) if complete else None


def _percent(count, total):
    return round(100 * count / total) if total and count >= st.MIN_CELL else None


def _item_row(question, summary, labels):
    enough = summary.n >= st.MIN_CELL
    top = max(summary.frequencies.values(), default=0)
    return {
        "question": question, "kind": "likert", "n": st.small(summary.n), "enough": enough,
        "mean": _shown(summary.mean) if enough else None, "sd": _shown(summary.sd) if enough else None,
        "message": summary.message if enough else str(st.NOT_ENOUGH),
        "dont_know": st.small(summary.dont_know), "not_applicable": st.small(summary.not_applicable),
        "frequencies": [
            {"label": labels.get(value, value), "value": value,
             "count": st.small(summary.frequencies.get(int(value), 0)),
             "raw": summary.frequencies.get(int(value), 0),
             # A bar's length would give away the count a "<5" hides: small cells get none.
             "width": (round(100 * summary.frequencies.get(int(value), 0) / top)
                       if top and enough and summary.frequencies.get(int(value), 0) >= st.MIN_CELL else 0)}
            for value in (o["value"] for o in question.options)
        ],
        "bar": round(100 * (summary.mean - 1) / (len(question.options) - 1)) if enough and summary.mean else 0,
    }


def _pair_row(label, before, after, together=False):
    test = st.paired_t_test(before, after)
    enough = test.n >= st.MIN_CELL
    b_mean = st.mean([b for b, a in zip(before, after, strict=True) if b is not None and a is not None])
    a_mean = st.mean([a for b, a in zip(before, after, strict=True) if b is not None and a is not None])
    return {
        "label": label, "together": together, "n": st.small(test.n), "enough": enough,
        "before": _shown(b_mean) if enough else None, "after": _shown(a_mean) if enough else None,
        "before_width": round(20 * b_mean) if enough and b_mean else 0,
        "after_width": round(20 * a_mean) if enough and a_mean else 0,
        "t": _shown(test.t) if enough else None, "df": test.df if enough else None,
        "p": test.p if enough else None,
        "message": test.message if enough else str(st.NOT_ENOUGH),
    }


MUNICIPALITY_ITEM_CODES = {"municipality"}


def export_rows(survey_round, *, municipality_ids, questionnaire):
    """Wide format: one row per submitted response, one column per item (codes as in the data).
    A row whose municipality has fewer than five responses shows "<5" for the municipality."""
    responses = list(
        _submitted(survey_round, questionnaire, municipality_ids).select_related("municipality").order_by("pk")
    )
    if len(responses) < st.MIN_CELL:
        return None
    per_municipality = defaultdict(int)
    for response in responses:
        per_municipality[response.municipality_id] += 1
    questions = list(Question.objects.filter(questionnaire=questionnaire).order_by("section__position", "position"))
    matrix = _answer_matrix([r.pk for r in responses], questions)
    # The background question "In which municipality do you work?" would undo the "<5" in the
    # municipality column, so it is withheld on the same rows.
    names_municipality = {q.pk for q in questions if q.code in MUNICIPALITY_ITEM_CODES}
    fixed = ["respondent", "municipality", "questionnaire", "version"]
    # SPSS refuses two variables with one name: an item named like a fixed column gets a prefix.
    header = fixed + [f"item_{q.code}" if q.code in fixed else q.code for q in questions]
    rows = [header]
    for number, response in enumerate(responses, start=1):
        municipality = (response.municipality.name if per_municipality[response.municipality_id] >= st.MIN_CELL
                        else st.SMALL_CELL)
        row = [number, municipality, questionnaire.key, questionnaire.version]
        for question in questions:
            value = matrix[response.pk].get(question.pk, "")
            if question.pk in names_municipality and municipality == st.SMALL_CELL and value:
                value = st.SMALL_CELL
            row.append(";".join(value) if isinstance(value, list) else value)
        rows.append(row)
    return rows


def questionnaires_for_round(survey_round):
    return list(survey_round.questionnaires.all())


def questionnaire_versions():
    return Questionnaire.objects.annotate(n_responses=Count("responses")).order_by("key", "version")
