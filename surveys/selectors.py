"""What reads survey data: the one way in to a round, response rates, the analysis and the
wide export. Figures only, never who answered what; small cells show "<5"."""

import hashlib
from collections import defaultdict

from django.core.cache import cache
from django.db.models import Count, Max, Q, Sum
from django.http import Http404
from django.utils import translation

from alert4you.routers import reads_from_replica
from monitoring import disclosure

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
            # Every count is rounded to base 5 (monitoring/disclosure.py): the round's total minus
            # the municipalities shown would otherwise give back a small one exactly.
            rows.append({
                "municipality": municipality, "questionnaire": questionnaire,
                "invited": n_invited,
                "submitted_invitations": disclosure.count(n_submitted_inv),
                "rate": disclosure.share(n_submitted_inv, n_invited),
                "in_progress": disclosure.count(responses[key]["in_progress"]),
                "submitted": disclosure.count(responses[key]["submitted"]),
                "submitted_raw": responses[key]["submitted"],
            })
    total = sum(r["submitted_raw"] for r in rows)
    return rows, disclosure.count(total)


def _submitted(survey_round, questionnaire, municipality_ids):
    return Response.objects.filter(
        round=survey_round, questionnaire=questionnaire, submitted_on__isnull=False,
        municipality_id__in=municipality_ids,
    )


def _answer_matrix(responses, questions):
    """{response_id: {question_id: value}} for the numeric/choice answers, in one query."""
    matrix = defaultdict(dict)
    answers = Answer.objects.filter(response__in=responses, question__in=questions)
    # Two queries: decoding the JSON list of every answer cost more than half the analysis of a
    # large round; only the multiple-choice answers have one that is not empty.
    for response_id, question_id, value, text in (
        answers.filter(values=[]).values_list("response_id", "question_id", "value", "text")
    ):
        matrix[response_id][question_id] = text if text else value
    for response_id, question_id, values in (
        answers.exclude(values=[]).values_list("response_id", "question_id", "values")
    ):
        matrix[response_id][question_id] = values
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


class ViewCheck:
    """Whether a survey view (the round's responses in some of its municipalities) may show its
    figures, against every other view the pages offer (monitoring/disclosure.py): the pooled round
    minus this view, or minus the municipalities shown, must never leave 1 to 4 respondents, for
    the view as a whole and for each item's answers."""

    def __init__(self, survey_round, questionnaire, municipality_ids):
        everyone = Response.objects.filter(round=survey_round, questionnaire=questionnaire, submitted_on__isnull=False)
        self.sizes = dict.fromkeys(survey_round.municipalities.values_list("pk", flat=True), 0)
        for row in everyone.values("municipality_id").annotate(n=Count("pk")).order_by():
            self.sizes[row["municipality_id"]] = row["n"]
        self.chosen = set(municipality_ids)
        self.item_sizes = defaultdict(dict)
        answered = ~Q(value__in=["", *st.MISSING_CODES]) | ~Q(values=[])
        for row in (Answer.objects.filter(response__in=everyone).filter(answered)
                    .values("question_id", "response__municipality_id").annotate(n=Count("pk")).order_by()):
            self.item_sizes[row["question_id"]][row["response__municipality_id"]] = row["n"]

    def _allowed(self, sizes):
        return disclosure.union_allowed(sizes, self.chosen)

    @property
    def allowed(self):
        return self._allowed(self.sizes)

    def item_allowed(self, question_id):
        sizes = {m: self.item_sizes[question_id].get(m, 0) for m in self.sizes}
        return self._allowed(sizes)


# Kept analyses live this long in the cache at most (a round's figures are asked for in bursts).
ANALYSIS_KEEP_SECONDS = 24 * 60 * 60


def _responses_marker(survey_round, questionnaire):
    """What the figures rest on: every submitted response of the round to this questionnaire (all
    municipalities: ViewCheck compares with the others), as count, id sum and highest id."""
    m = (Response.objects.filter(round=survey_round, questionnaire=questionnaire, submitted_on__isnull=False)
         .aggregate(n=Count("pk"), s=Sum("pk"), last=Max("pk")))
    return f"{m['n']}:{m['s'] or 0}:{m['last'] or 0}"


def _analysis_key(survey_round, questionnaire, municipality_ids, marker):
    raw = repr((1, survey_round.pk, survey_round.opened_at.isoformat(), questionnaire.pk, sorted(municipality_ids),
                sorted(m.pk for m in survey_round.municipalities.all()), translation.get_language(), marker))
    return "surveys:analysis:" + hashlib.sha256(raw.encode()).hexdigest()


@reads_from_replica  # read-only statistics: the replica when one is configured (alert4you/routers.py)
def analysis(user, survey_round, *, municipality_ids, questionnaire):
    """The analysis of this view, kept in the cache until a response is submitted or removed:
    submitted answers never change (services.answers_save refuses), so while the responses are
    the same the kept figures are the figures, and a large round's statistics took most of the
    page's time. Computed by `analysis_compute`; "kept" says whether it came from the cache."""
    key = _analysis_key(survey_round, questionnaire, municipality_ids, _responses_marker(survey_round, questionnaire))
    kept = cache.get(key)
    if kept is not None:
        return kept | {"kept": True, "key": key}
    result = analysis_compute(user, survey_round, municipality_ids=municipality_ids, questionnaire=questionnaire)
    # Not kept while too few have answered: a questionnaire without answers may still change its wording.
    if result["withheld"] or not result["too_small"]:
        cache.set(key, result, ANALYSIS_KEEP_SECONDS)
    # The page keeps its rendered figures under the same key (templates/surveys/analysis.html).
    return result | {"kept": False, "key": key}


def analysis_compute(user, survey_round, *, municipality_ids, questionnaire):
    """Per item n, mean, SD and frequencies; per scale the listwise score and lambda-2; the
    before/now paired t-tests. Every figure resting on fewer than five respondents is withheld."""
    responses = list(_submitted(survey_round, questionnaire, municipality_ids).values_list("pk", flat=True))
    check = ViewCheck(survey_round, questionnaire, municipality_ids)
    withheld = len(responses) >= st.MIN_CELL and not check.allowed
    result = {"n": st.small(len(responses)) if not withheld else disclosure.WITHHELD,
              "too_small": len(responses) < st.MIN_CELL or withheld, "withheld": withheld, "items": [],
              "scales": [], "pairs": [], "questionnaire": questionnaire}
    if result["too_small"]:
        return result
    questions = list(
        Question.objects.filter(questionnaire=questionnaire).select_related("section", "scale")
        .order_by("section__position", "position")
    )
    matrix = _answer_matrix(responses, questions)
    # Each item's answers as one column, read once: the items, the scales and the before/now pairs
    # all use them (building them again per use was a third of a large round's time).
    raw_columns = {q.pk: [matrix[r].get(q.pk) for r in responses] for q in questions}
    numeric_columns = {}

    def numeric(question):
        if question.pk not in numeric_columns:
            numeric_columns[question.pk] = [_numeric(question, v) for v in raw_columns[question.pk]]
        return numeric_columns[question.pk]

    def rows_of(items):
        return [list(row) for row in zip(*(numeric(q) for q in items), strict=True)]

    for question in questions:
        raw = raw_columns[question.pk]
        if question.kind == QuestionKind.TEXT:
            continue
        if question.kind == QuestionKind.LIKERT:
            summary = st.describe(numeric(question))
            labels = dict(question.option_choices())
            result["items"].append(_item_row(question, summary, labels, allowed=check.item_allowed(question.pk)))
        else:
            counts = defaultdict(int)
            for value in raw:
                for v in (value if isinstance(value, list) else [value] if value else []):
                    counts[v] += 1
            answered = sum(1 for value in raw if value)
            enough = answered >= st.MIN_CELL and check.item_allowed(question.pk)
            result["items"].append({
                "question": question, "kind": "choice", "n": st.small(answered), "enough": enough,
                "message": "" if enough else str(st.NOT_ENOUGH),
                "frequencies": [
                    {"label": label, "count": disclosure.count(counts.get(value, 0)), "raw": counts.get(value, 0),
                     "percent": disclosure.share(counts.get(value, 0), answered)}
                    for value, label in question.option_choices()
                ],
            })
    scales = {}
    for question in questions:
        if question.scale_id:
            scales.setdefault(question.scale, []).append(question)
    for scale, items in scales.items():
        rows = rows_of(items)
        complete = st.listwise(rows)
        enough = len(complete) >= st.MIN_CELL and all(check.item_allowed(q.pk) for q in items)
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
            b, a = numeric(b_item), numeric(n_item)
            result["pairs"].append(_pair_row(b_item.text.rsplit(" — ", 1)[0], b, a,
                                             allowed=check.item_allowed(b_item.pk) and check.item_allowed(n_item.pk)))
        b_rows, a_rows = rows_of(scales[before]), rows_of(scales[now])
        b_scores = [_row_mean(row) for row in b_rows]
        a_scores = [_row_mean(row) for row in a_rows]
        result["pairs"].append(_pair_row(None, b_scores, a_scores, together=True,
                                         allowed=all(check.item_allowed(q.pk) for q in scales[before] + scales[now])))
    return result


def _row_mean(row):
    complete = st.listwise([row])
    return sum(complete[0]) / len(complete[0]) if complete else None


def _item_row(question, summary, labels, *, allowed=True):
    enough = summary.n >= st.MIN_CELL and allowed
    shown = {value: disclosure.rounded(n) for value, n in summary.frequencies.items()}
    top = max((v for v in shown.values() if v), default=0)
    return {
        "question": question, "kind": "likert", "n": st.small(summary.n), "enough": enough,
        "mean": _shown(summary.mean) if enough else None, "sd": _shown(summary.sd) if enough else None,
        "message": summary.message if enough else str(st.NOT_ENOUGH),
        "dont_know": disclosure.count(summary.dont_know), "not_applicable": disclosure.count(summary.not_applicable),
        "frequencies": [
            {"label": labels.get(value, value), "value": value,
             # Rounded to base 5: "n minus the other cells" gives no hidden cell back exactly.
             "count": disclosure.count(summary.frequencies.get(int(value), 0)),
             "raw": summary.frequencies.get(int(value), 0),
             # A bar's length would give away the count a "<5" hides: small cells get none, and
             # the others are drawn from the rounded count.
             "width": (round(100 * shown.get(int(value)) / top) if top and enough and shown.get(int(value)) else 0)}
            for value in (o["value"] for o in question.options)
        ],
        "bar": round(100 * (summary.mean - 1) / (len(question.options) - 1)) if enough and summary.mean else 0,
    }


def _pair_row(label, before, after, together=False, allowed=True):
    test = st.paired_t_test(before, after)
    enough = test.n >= st.MIN_CELL and allowed
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


def export_rows(survey_round, *, municipality_ids, questionnaire, open_text=False):
    """Wide format: one row per submitted response, one column per item (codes as in the data).

    The municipality column shows "<5" for a municipality with fewer than five responses; a
    selection in which those together are 1 to 4 is not exported at all ("the rows not named
    Hoogeveen are Amersfoort's three"). Open answers may name people: they are left out unless `open_text`, which
    the view allows only for a role in monitoring.disclosure.OPEN_TEXT_ROLES."""
    responses = list(
        _submitted(survey_round, questionnaire, municipality_ids).select_related("municipality").order_by("pk")
    )
    check = ViewCheck(survey_round, questionnaire, municipality_ids)
    if len(responses) < st.MIN_CELL or not check.allowed:
        return None
    questions = list(Question.objects.filter(questionnaire=questionnaire).order_by("section__position", "position"))
    if not open_text:
        questions = [q for q in questions if q.kind != QuestionKind.TEXT]
    matrix = _answer_matrix([r.pk for r in responses], questions)
    # The background question "In which municipality do you work?" would undo the withheld
    # municipality column, so it is withheld on the same rows.
    names_municipality = {q.pk for q in questions if q.code in MUNICIPALITY_ITEM_CODES}
    fixed = ["respondent", "municipality", "questionnaire", "version"]
    # SPSS refuses two variables with one name: an item named like a fixed column gets a prefix.
    header = fixed + [f"item_{q.code}" if q.code in fixed else q.code for q in questions]
    rows = [header]
    for number, response in enumerate(responses, start=1):
        # A municipality under 5 shows "<5"; `union_allowed` above made sure such rows are at
        # least 5 together, so they cannot be told apart as one municipality's.
        municipality = (response.municipality.name if check.sizes.get(response.municipality_id, 0) >= st.MIN_CELL
                        else st.SMALL_CELL)
        row = [number, municipality, questionnaire.key, questionnaire.version]
        for question in questions:
            value = matrix[response.pk].get(question.pk, "")
            if question.pk in names_municipality and municipality != response.municipality.name and value:
                value = municipality
            row.append(";".join(value) if isinstance(value, list) else value)
        rows.append(row)
    return rows


def questionnaires_for_round(survey_round):
    return list(survey_round.questionnaires.all())


def questionnaire_versions():
    return Questionnaire.objects.annotate(n_responses=Count("responses")).order_by("key", "version")
