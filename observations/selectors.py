"""Reading a case's visits and advice. Each read writes the audit trail (parts VISIT and ADVICE)."""

import datetime

from django.db.models import Count
from django.http import Http404
from django.utils import timezone

from audit.models import AuditAction, AuditPart
from audit.services import audit_record_refusal
from casework.selectors import audit_rows, case_subject, latest_of

from .models import Advice, Visit, VisitKind, VisitStatus
from .permissions import audit_basis, group_visits_visible_filter, may_see_visits


def case_visits_and_advice(request, case) -> dict | None:
    """The case's latest visits (with hours) and advice, or all of them when the page's address asks
    (casework.selectors.latest_of), or None when this user may not see them."""
    user = request.user
    if not may_see_visits(user, case):
        return None
    visits = latest_of(request, Visit.objects.visible_to(user).of_case(case).with_related(), "visits")
    # With the specialist's feedback on how it was applied (coaching), in the same query.
    advice = latest_of(request, Advice.objects.visible_to(user).filter(case=case)
                       .select_related("given_by", "evaluated_by", "feedback__given_by"), "advice")
    membership, basis = audit_basis(user, case)
    subject = case_subject(case)
    audit_rows(request, [(subject, AuditPart.VISIT, membership, basis), (subject, AuditPart.ADVICE, membership, basis)])
    return {"visits": visits, "advice": advice}


def _refuse(request, case, part, action):
    audit_record_refusal(request, case_subject(case), action=action, part=part)
    raise Http404


def access_visit_by_id(request, case, visit_id, *, action=AuditAction.VIEW) -> Visit:
    """A visit of this case the user may see, or Http404 (logged) for missing and forbidden alike."""
    try:
        return Visit.objects.visible_to(request.user).of_case(case).with_related().get(pk=int(visit_id))
    except (Visit.DoesNotExist, ValueError, TypeError):
        _refuse(request, case, AuditPart.VISIT, action)


def access_advice_by_id(request, case, advice_id, *, action=AuditAction.VIEW) -> Advice:
    try:
        return Advice.objects.visible_to(request.user).filter(case=case).get(pk=int(advice_id))
    except (Advice.DoesNotExist, ValueError, TypeError):
        _refuse(request, case, AuditPart.ADVICE, action)


def advice_of_case(case) -> list[Advice]:
    """For a form that lists the advice to remark on; the caller has checked access and audits."""
    return list(Advice.objects.filter(case=case))


def access_group_visit_by_id(user, visit_id) -> Visit:
    """A preventive group visit (no case, no child) the user may see, or Http404 for missing and
    forbidden alike. No audit row: no child's data is read."""
    try:
        return (Visit.objects.filter(group_visits_visible_filter(user), kind=VisitKind.PREVENTIVE_VISIT)
                .with_related().distinct().get(pk=int(visit_id)))
    except (Visit.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def group_visit_advice(user, visit) -> list[Advice]:
    return list(Advice.objects.visible_to(user).filter(visit=visit, case__isnull=True)
                .select_related("given_by", "evaluated_by").distinct())


def access_group_visit_advice_by_id(user, visit, advice_id) -> Advice:
    try:
        return Advice.objects.visible_to(user).filter(visit=visit, case__isnull=True).distinct().get(
            pk=int(advice_id))
    except (Advice.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def recent_group_visits(user, *, days=365, limit=10) -> list[Visit]:
    """Held preventive group visits of the last year the user may see, newest first, with the number
    of advice items (`advice_count`)."""
    since = timezone.now() - datetime.timedelta(days=days)
    return list(Visit.objects.filter(group_visits_visible_filter(user), kind=VisitKind.PREVENTIVE_VISIT,
                                     status=VisitStatus.HELD, starts_at__gte=since)
                .select_related("location", "group").annotate(advice_count=Count("advice", distinct=True))
                .order_by("-starts_at", "-pk")[:limit])
