"""Reminders time makes due: visit tomorrow, advice evaluation due, follow-up overdue."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from casework.models import Case, CaseState
from notifications.models import Kind, Notification, Outbox, State
from notifications.producers import (
    advice_evaluation_enqueue,
    follow_up_overdue_enqueue,
    reminders_enqueue_due,
    visit_tomorrow_enqueue,
)
from notifications.services import outbox_sweep
from observations.models import Advice, Visit
from tests.observations.factories import advised_case, planned_case

pytestmark = pytest.mark.django_db
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def recipients(kind):
    return sorted(Outbox.objects.filter(kind=kind).values_list("recipient_id", flat=True))


def test_a_visit_planned_for_tomorrow_reminds_its_professionals_and_the_pmer_who_asked(cw):
    case = planned_case(cw)  # its observation is planned the day after tomorrow
    visit = Visit.objects.get(case=case)
    assert visit_tomorrow_enqueue() == 0  # not tomorrow yet
    a_day_later = timezone.now() + datetime.timedelta(days=1)
    created = visit_tomorrow_enqueue(now=a_day_later)
    expected = {cw.fixed_specialist.pk, cw.pmer_a.pk} | ({case.nurse_id} if case.nurse_id else set())
    assert set(recipients(Kind.VISIT_TOMORROW)) == expected
    assert created == len(expected)
    # The producer runs every quarter: a rerun adds nothing.
    assert visit_tomorrow_enqueue(now=a_day_later) == 0
    due = Outbox.objects.filter(kind=Kind.VISIT_TOMORROW).values_list("due_at", flat=True).first()
    # The reminder goes out at eight in the morning, Amsterdam time, the day before the visit.
    local_due = timezone.localtime(due, AMSTERDAM)
    assert local_due.hour == 8
    assert local_due.date() == timezone.localtime(visit.starts_at, AMSTERDAM).date() - datetime.timedelta(days=1)

    with override_settings(LANGUAGE_CODE="en"):
        outbox_sweep(now=due + datetime.timedelta(minutes=1))
    assert Notification.objects.filter(recipient=cw.pmer_a, kind=Kind.VISIT_TOMORROW).count() == 1
    message = next(m for m in mail.outbox if m.to == [cw.pmer_a.email])
    assert message.subject == "You have a visit tomorrow"
    assert f"/requests/{case.pk}/" in message.body
    # The time is the visit's own, as an Amsterdam clock shows it; the child is never named.
    assert f"{timezone.localtime(visit.starts_at, AMSTERDAM):%H:%M}" in message.body
    for text in (message.subject, message.body):
        assert case.child.first_name not in text and case.child.last_name not in text
        assert case.request.question not in text


def test_a_visit_moved_to_another_day_withdraws_the_reminder_for_the_old_day(cw):
    case = planned_case(cw)
    visit = Visit.objects.get(case=case)
    visit_tomorrow_enqueue(now=timezone.now() + datetime.timedelta(days=1))
    Visit.objects.filter(pk=visit.pk).update(starts_at=visit.starts_at + datetime.timedelta(days=2))
    visit_tomorrow_enqueue(now=timezone.now() + datetime.timedelta(days=3))
    states = Outbox.objects.filter(kind=Kind.VISIT_TOMORROW, recipient=cw.pmer_a).order_by("due_at")
    assert [o.state for o in states] == [State.WITHDRAWN, State.PENDING]


def test_advice_not_evaluated_after_two_weeks_reminds_the_pmer_once_per_advice(cw):
    case = advised_case(cw)
    first, second = Advice.objects.filter(case=case)
    Advice.objects.filter(pk=first.pk).update(evaluated_at=timezone.now(), tried="tried", worked="worked")
    assert advice_evaluation_enqueue() == 0  # too early
    later = timezone.now() + datetime.timedelta(days=15)
    assert advice_evaluation_enqueue(now=later) == 1
    outbox = Outbox.objects.get(kind=Kind.ADVICE_EVALUATION_DUE)
    assert outbox.recipient == cw.pmer_a and outbox.object_id == second.pk
    assert advice_evaluation_enqueue(now=later) == 0


def test_a_case_past_its_due_date_reminds_its_assignee(cw):
    case = advised_case(cw)
    assert case.state == CaseState.ADVISED and case.assigned_to is not None
    Case.objects.filter(pk=case.pk).update(due_date=timezone.localdate() - datetime.timedelta(days=1))
    assert follow_up_overdue_enqueue() == 1
    assert recipients(Kind.FOLLOW_UP_OVERDUE) == [case.assigned_to_id]
    Case.objects.filter(pk=case.pk).update(due_date=timezone.localdate() + datetime.timedelta(days=1))
    Outbox.objects.all().delete()
    assert follow_up_overdue_enqueue() == 0


def test_the_periodic_task_runs_every_producer(cw):
    case = advised_case(cw)
    Case.objects.filter(pk=case.pk).update(due_date=timezone.localdate() - datetime.timedelta(days=1))
    counts = reminders_enqueue_due()
    assert counts[Kind.FOLLOW_UP_OVERDUE] == 1
    assert set(counts) == {Kind.VISIT_TOMORROW, Kind.ADVICE_EVALUATION_DUE, Kind.FOLLOW_UP_OVERDUE}
