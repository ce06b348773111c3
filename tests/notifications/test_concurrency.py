"""Two sweeps at once never take the same item: SELECT ... FOR UPDATE SKIP LOCKED on PostgreSQL."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone

from notifications.models import Kind, Outbox, State
from notifications.services import notification_enqueue, outbox_claim_due
from tests.accounts.factories import UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="SKIP LOCKED is PostgreSQL's"),
]


def test_a_second_sweep_skips_the_items_a_first_sweep_holds():
    user = UserFactory()
    due = timezone.now() - timedelta(minutes=1)
    for key in ("a", "b"):
        notification_enqueue(kind=Kind.CASE_NEWS, recipient=user, due_at=due, key=key)
    held, release = threading.Event(), threading.Event()

    def first_sweep():
        # Another worker, mid-claim: it holds row "a" locked in its open transaction.
        try:
            with transaction.atomic():
                list(Outbox.objects.select_for_update().filter(object_key="a"))
                held.set()
                release.wait(timeout=20)
        finally:
            connections.close_all()

    other = threading.Thread(target=first_sweep)
    other.start()
    try:
        assert held.wait(timeout=10)
        claimed = outbox_claim_due()
    finally:
        release.set()
        other.join()
    assert [Outbox.objects.get(pk=pk).object_key for pk in claimed] == ["b"]
    assert Outbox.objects.get(object_key="a").state == State.PENDING
