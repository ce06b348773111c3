"""The sweep delivers due reminders in batches: the same queries for one due reminder as for fifty,
with the outbox's guarantees kept (one in-app notification each, each e-mail with its own Message-ID)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from notifications.models import Kind, Notification, Outbox, State
from notifications.services import email_preferences_set, notification_enqueue, outbox_sweep
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def enqueue(n, *, due=None, prefix="visit"):
    due = due or timezone.now().replace(microsecond=0) - timedelta(minutes=1)
    users = [UserFactory() for _ in range(n)]
    for i, user in enumerate(users):
        notification_enqueue(kind=Kind.VISIT_TOMORROW, recipient=user, due_at=due, key=f"{prefix}:{i}",
                             url="/schedule/agenda/")
    return users


def sweep_queries():
    with CaptureQueriesContext(connection) as queries:
        counts = outbox_sweep()
    return counts, len(queries)


def test_one_due_reminder_and_fifty_cost_the_same_queries():
    enqueue(1, prefix="one")
    one, one_queries = sweep_queries()
    assert one == {State.SENT: 1}
    enqueue(50, prefix="fifty")
    fifty, fifty_queries = sweep_queries()
    assert fifty == {State.SENT: 50}
    assert fifty_queries == one_queries, (one_queries, fifty_queries)
    assert one_queries <= 12
    assert Notification.objects.count() == 51 and len(mail.outbox) == 51
    assert len({m.extra_headers["Message-ID"] for m in mail.outbox}) == 51


def test_ten_times_more_rows_not_due_cost_no_extra_query():
    enqueue(3, prefix="due")
    later = timezone.now() + timedelta(days=3)
    enqueue(30, due=later, prefix="later")
    counts, queries = sweep_queries()
    assert counts == {State.SENT: 3}
    assert Outbox.objects.filter(state=State.PENDING).count() == 30
    enqueue(3, prefix="due-again")
    enqueue(300, due=later, prefix="later-again")
    assert sweep_queries() == ({State.SENT: 3}, queries)


@override_settings(NOTIFICATIONS_SWEEP_BATCH=20)
def test_more_than_a_batch_goes_out_in_batches_of_fixed_cost():
    costs = []
    for n, prefix in ((20, "a"), (40, "b"), (45, "c")):
        enqueue(n, prefix=prefix)
        counts, queries = sweep_queries()
        assert counts == {State.SENT: n}
        costs.append(queries)
    one_batch, two_batches, three_batches = costs
    # Each further batch of (up to) 20 adds the same few queries, whatever it holds.
    assert two_batches - one_batch == three_batches - two_batches > 0
    assert Notification.objects.count() == 105 and len(mail.outbox) == 105


def test_a_batch_keeps_each_ones_email_choice_and_a_failure_backs_off_only_that_one(monkeypatch):
    users = enqueue(4, prefix="mixed")
    email_preferences_set(user=users[0], email_kinds=[], by=users[0])
    original = mail.EmailMessage.send

    def flaky(self, *args, **kwargs):
        if self.to == [users[1].email]:
            raise ConnectionRefusedError("mail server refused this one")
        return original(self, *args, **kwargs)

    monkeypatch.setattr("django.core.mail.EmailMessage.send", flaky)
    assert outbox_sweep() == {State.SENT: 3, State.FAILED: 1}
    states = {o.recipient_id: o for o in Outbox.objects.all()}
    assert states[users[0].pk].state == State.SENT and states[users[0].pk].emailed_at is None
    assert states[users[1].pk].state == State.FAILED and "refused" in states[users[1].pk].last_error
    assert all(states[u.pk].emailed_at is not None for u in users[2:])
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in users[2:])
    # Every one of the four has her in-app notification, the failed one too, and only once.
    assert Notification.objects.count() == 4
    monkeypatch.setattr("django.core.mail.EmailMessage.send", original)
    assert outbox_sweep(now=states[users[1].pk].next_attempt_at) == {State.SENT: 1}
    assert Notification.objects.count() == 4 and len(mail.outbox) == 3
