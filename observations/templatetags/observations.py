"""The case page shows the case's visits and advice through this tag, so that casework needs no
import of observations (imports point one way: casework ← observations)."""

from django import template

from casework.models import CaseKind, CaseState

from ..models import VisitKind, VisitStatus, advice_target_label, participant_label
from ..permissions import may_evaluate_advice, may_record_held, may_record_own_visits, may_record_visits
from ..selectors import case_visits_and_advice, recent_group_visits
from ..services import NURSE_KINDS

register = template.Library()


def _record_actions(case):
    """The next visit to record on this case, as (kind, label) for the page's buttons."""
    if case.kind == CaseKind.GROUP:
        return [VisitKind.GROUP_VISIT] if case.state == CaseState.PLANNED else []
    return {
        CaseState.PLANNED: [VisitKind.OBSERVATION],
        CaseState.ADVISED: [VisitKind.FOLLOW_UP, VisitKind.REVIEW_TALK],
        CaseState.FOLLOW_UP: [VisitKind.FOLLOW_UP, VisitKind.REVIEW_TALK],
    }.get(case.state, [])


@register.inclusion_tag("observations/_case_visits.html", takes_context=True)
def case_visits(context):
    request, case = context["request"], context["case"]
    shown = case_visits_and_advice(request, case)
    if shown is None:
        return {"shown": False}
    user = request.user
    may_record = may_record_visits(user, case)
    individual = case.kind == CaseKind.INDIVIDUAL
    nurse_records = not may_record and may_record_own_visits(user, case)
    # Held visits without this professional's hours, where she may add her own.
    hours_missing = set()
    if may_record_held(user, case):
        hours_missing = {v.pk for v in shown["visits"] if v.status == VisitStatus.HELD
                         and all(row.professional_id != user.pk for row in v.hours.all())}
    return {
        "shown": True,
        "case": case,
        "visits": shown["visits"],
        "planned": [v for v in shown["visits"] if v.status == VisitStatus.PLANNED],
        "advice": shown["advice"],
        "may_record": may_record,
        "record_kinds": [(k, VisitKind(k).label) for k in _record_actions(case)] if may_record else [],
        "may_give_advice": may_record and (
            case.state in (CaseState.OBSERVED, CaseState.ADVISED, CaseState.FOLLOW_UP) if individual
            else case.state == CaseState.VISITED),
        "advice_first": may_record and individual and case.state == CaseState.OBSERVED,
        "may_evaluate": may_evaluate_advice(user, case),
        "nurse_kinds": [(k, VisitKind(k).label) for k in NURSE_KINDS] if nurse_records else [],
        "hours_missing": hours_missing,
        "user_id": user.pk,  # the advice's giver answers its evaluation with feedback (coaching)
    }


@register.inclusion_tag("observations/_group_visits.html", takes_context=True)
def group_visits(context):
    """Recent preventive group visits of the user's locations (or that she held), each with a link to
    its page and its advice: for a home page or an agenda. Names no child."""
    return {"visits": recent_group_visits(context["request"].user)}


@register.filter
def advice_target(advice, case):
    """Whom the advice is for, in the words of the case's place (the teacher at a primary school)."""
    return advice_target_label(advice.target, at_school=case.location.is_school)


@register.filter
def participant(value, case):
    return participant_label(value, at_school=case.location.is_school)
