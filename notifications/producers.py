"""Reminders that come from the passing of time rather than from a change: a visit tomorrow, advice
waiting for its evaluation, a follow-up past its due date. A periodic task runs these; each reads
only the window that can still be due (older items would be stale anyway), so the work grows with
what is due, not with every visit or advice ever recorded. The outbox's unique key makes a rerun
harmless.

They read case and visit metadata (dates, who asked, who is assigned), never a child's data, so
there is no audit row to write; the texts they produce name no child.
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from casework.models import Case, CaseState
from observations.models import Advice, Visit, VisitStatus

from .models import Kind
from .services import notification_enqueue, notifications_withdraw, stale_after

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def reminder_hour():
    # The moment of day a reminder about a date goes out, in Amsterdam time.
    return getattr(settings, "NOTIFICATIONS_REMINDER_HOUR", 8)


def advice_evaluation_days():
    return getattr(settings, "NOTIFICATIONS_ADVICE_EVALUATION_DAYS", 14)


def at_reminder_hour(day):
    return datetime.combine(day, time(reminder_hour()), tzinfo=AMSTERDAM)


def _active(users):
    seen, result = set(), []
    for user in users:
        if user is not None and user.is_active and user.pk not in seen:
            seen.add(user.pk)
            result.append(user)
    return result


def _case_url(case_id):
    return reverse("casework:detail", args=[case_id]) if case_id else reverse("home")


def visit_tomorrow_enqueue(*, now=None) -> int:
    """Planned visits on tomorrow's date (Amsterdam) → the professionals on them and the pm'er who asked."""
    now = now or timezone.now()
    tomorrow = timezone.localtime(now, AMSTERDAM).date() + timedelta(days=1)
    start = datetime.combine(tomorrow, time.min, tzinfo=AMSTERDAM)
    visits = (
        Visit.objects.filter(status=VisitStatus.PLANNED, starts_at__gte=start, starts_at__lt=start + timedelta(days=1))
        .select_related("planned_by", "case__assigned_to", "case__nurse", "case__request__requested_by")
    )
    created = 0
    for visit in visits:
        case = visit.case
        people = [visit.planned_by]
        if case is not None:
            people += [case.assigned_to, case.nurse, case.request.requested_by]
        due = at_reminder_hour(tomorrow - timedelta(days=1))
        with transaction.atomic():
            # A visit moved to another day keeps no reminder for its old day.
            notifications_withdraw(kind=Kind.VISIT_TOMORROW, obj=visit, keep_due_at=due)
            for user in _active(people):
                created += notification_enqueue(
                    kind=Kind.VISIT_TOMORROW, recipient=user, due_at=due, obj=visit,
                    url=_case_url(visit.case_id), about_at=visit.starts_at,
                )
    return created


def advice_evaluation_enqueue(*, now=None) -> int:
    """Advice given more than N days ago and not yet evaluated, on an open case → the pm'er who asked."""
    now = now or timezone.now()
    days = timedelta(days=advice_evaluation_days())
    advice = (
        Advice.objects.filter(evaluated_at__isnull=True, given_at__lte=now - days,
                              given_at__gt=now - days - stale_after())
        .exclude(case__state=CaseState.CLOSED)
        .select_related("case__request__requested_by")
    )
    created = 0
    for item in advice:
        with transaction.atomic():
            for user in _active([item.case.request.requested_by]):
                created += notification_enqueue(
                    kind=Kind.ADVICE_EVALUATION_DUE, recipient=user, due_at=item.given_at + days, obj=item,
                    url=_case_url(item.case_id),
                )
    return created


def follow_up_overdue_enqueue(*, now=None) -> int:
    """Cases advised or in follow-up whose due date has passed → the assigned professional."""
    now = now or timezone.now()
    today = timezone.localtime(now, AMSTERDAM).date()
    oldest = today - timedelta(days=stale_after().days + 1)
    cases = (
        Case.objects.filter(state__in=[CaseState.ADVISED, CaseState.FOLLOW_UP], due_date__lt=today,
                            due_date__gte=oldest, assigned_to__isnull=False)
        .select_related("assigned_to")
    )
    created = 0
    for case in cases:
        due = at_reminder_hour(case.due_date + timedelta(days=1))
        with transaction.atomic():
            for user in _active([case.assigned_to]):
                created += notification_enqueue(
                    kind=Kind.FOLLOW_UP_OVERDUE, recipient=user, due_at=due, obj=case,
                    url=_case_url(case.pk),
                )
    return created


def reminders_enqueue_due(*, now=None) -> dict:
    return {
        Kind.VISIT_TOMORROW: visit_tomorrow_enqueue(now=now),
        Kind.ADVICE_EVALUATION_DUE: advice_evaluation_enqueue(now=now),
        Kind.FOLLOW_UP_OVERDUE: follow_up_overdue_enqueue(now=now),
    }
