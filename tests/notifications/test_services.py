"""The outbox: a reminder exists once, delivers in-app exactly once and e-mail at least once."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from notifications.models import EmailOptOut, Kind, Notification, Outbox, State
from notifications.services import (
    email_preferences_set,
    notification_enqueue,
    outbox_claim_due,
    outbox_deliver,
    outbox_sweep,
)
from tests.accounts.factories import UserFactory
from tests.organisations.factories import LocationFactory

pytestmark = pytest.mark.django_db


def due_now():
    return timezone.now().replace(microsecond=0) - timedelta(minutes=1)


def test_the_same_reminder_enqueued_twice_exists_once():
    user, location, due = UserFactory(), LocationFactory(), due_now()
    with transaction.atomic():
        assert notification_enqueue(kind=Kind.VISIT_TOMORROW, recipient=user, due_at=due, obj=location) is True
        assert notification_enqueue(kind=Kind.VISIT_TOMORROW, recipient=user, due_at=due, obj=location) is False
    assert Outbox.objects.count() == 1
    # Another moment, another person or another kind is another reminder.
    assert notification_enqueue(kind=Kind.VISIT_TOMORROW, recipient=user, due_at=due + timedelta(days=1),
                                obj=location)
    assert notification_enqueue(kind=Kind.VISIT_TOMORROW, recipient=UserFactory(), due_at=due, obj=location)
    assert notification_enqueue(kind=Kind.CASE_NEWS, recipient=user, due_at=due, obj=location)
    assert Outbox.objects.count() == 4


def test_a_string_key_identifies_a_reminder_about_no_row():
    user, due = UserFactory(), due_now()
    assert notification_enqueue(kind=Kind.BUDGET_THRESHOLD, recipient=user, due_at=due, key="budget:7:80")
    assert not notification_enqueue(kind=Kind.BUDGET_THRESHOLD, recipient=user, due_at=due, key="budget:7:80")
    assert notification_enqueue(kind=Kind.BUDGET_THRESHOLD, recipient=user, due_at=due, key="budget:7:100")


def test_a_rolled_back_change_leaves_no_reminder():
    user = UserFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        notification_enqueue(kind=Kind.CASE_NEWS, recipient=user, due_at=due_now(), key="case:1")
        raise RuntimeError("the change failed")
    assert not Outbox.objects.exists()


def test_enqueue_refuses_an_unknown_kind_or_no_object():
    with pytest.raises(ValueError):
        notification_enqueue(kind="gossip", recipient=UserFactory(), due_at=due_now(), key="x")
    with pytest.raises(ValueError):
        notification_enqueue(kind=Kind.CASE_NEWS, recipient=UserFactory(), due_at=due_now())


def test_the_sweep_writes_one_in_app_notification_and_one_email_with_a_stable_message_id():
    user = UserFactory(email="pmer@example.org")
    notification_enqueue(kind=Kind.VISIT_TOMORROW, recipient=user, due_at=due_now(), key="visit:9",
                         url="/visits/9/")
    assert outbox_sweep() == {State.SENT: 1}
    outbox = Outbox.objects.get()
    assert outbox.state == State.SENT
    assert Notification.objects.filter(recipient=user, outbox=outbox).count() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["pmer@example.org"]
    assert message.extra_headers["Message-ID"] == outbox.message_id
    assert outbox.message_id.startswith(f"<outbox-{outbox.pk}-")
    assert "/visits/9/" in message.body
    # A second sweep finds nothing more to do.
    assert outbox_sweep() == {}
    assert Notification.objects.count() == 1 and len(mail.outbox) == 1


def test_the_email_is_in_the_recipients_language_and_names_no_child():
    user = UserFactory()
    notification_enqueue(kind=Kind.FOLLOW_UP_OVERDUE, recipient=user, due_at=due_now(), key="case:3")
    with override_settings(LANGUAGE_CODE="en"):
        outbox_sweep()
    assert mail.outbox[0].subject == "A follow-up is overdue"


def test_not_yet_due_is_left_alone_and_far_past_due_becomes_stale():
    user = UserFactory()
    notification_enqueue(kind=Kind.CASE_NEWS, recipient=user, due_at=timezone.now() + timedelta(hours=1), key="a")
    notification_enqueue(kind=Kind.CASE_NEWS, recipient=user, due_at=timezone.now() - timedelta(days=3), key="b")
    outbox_sweep()
    assert dict(Outbox.objects.values_list("object_key", "state")) == {"a": State.PENDING, "b": State.STALE}
    assert not Notification.objects.exists() and not mail.outbox


def test_a_claim_left_by_a_crashed_worker_is_taken_again_after_the_timeout():
    user = UserFactory()
    notification_enqueue(kind=Kind.CASE_NEWS, recipient=user, due_at=due_now(), key="c")
    assert len(outbox_claim_due()) == 1  # the worker that claimed it dies here
    assert outbox_claim_due() == []  # still within the claim timeout: nobody else takes it
    later = timezone.now() + timedelta(minutes=11)
    claimed = outbox_claim_due(now=later)
    assert len(claimed) == 1
    outbox_deliver(outbox_id=claimed[0])
    assert Notification.objects.count() == 1 and len(mail.outbox) == 1
    assert Outbox.objects.get().attempts == 2


def test_a_failing_mail_server_backs_off_and_the_retry_writes_no_second_in_app_notification(monkeypatch):
    user = UserFactory()
    notification_enqueue(kind=Kind.CASE_NEWS, recipient=user, due_at=due_now(), key="d")

    def broken(self, *args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    with monkeypatch.context() as patch:
        patch.setattr("django.core.mail.EmailMessage.send", broken)
        assert outbox_sweep() == {State.FAILED: 1}
    outbox = Outbox.objects.get()
    assert outbox.state == State.FAILED and "mail server down" in outbox.last_error
    first_wait = outbox.next_attempt_at - timezone.now()
    assert timedelta(seconds=50) < first_wait <= timedelta(minutes=1)
    assert outbox_sweep() == {}  # not before its next attempt

    with monkeypatch.context() as patch:
        patch.setattr("django.core.mail.EmailMessage.send", broken)
        assert outbox_sweep(now=outbox.next_attempt_at) == {State.FAILED: 1}
    outbox.refresh_from_db()
    # Exponential: the second wait is twice the first.
    assert outbox.next_attempt_at - timezone.now() > timedelta(seconds=110)

    assert outbox_sweep(now=outbox.next_attempt_at) == {State.SENT: 1}
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1


def test_she_chooses_which_kinds_come_by_email_and_in_app_always_comes():
    user = UserFactory()
    email_preferences_set(user=user, email_kinds=[Kind.VISIT_TOMORROW], by=user)
    assert EmailOptOut.objects.filter(user=user, kind=Kind.CASE_NEWS).exists()
    notification_enqueue(kind=Kind.CASE_NEWS, recipient=user, due_at=due_now(), key="e")
    notification_enqueue(kind=Kind.VISIT_TOMORROW, recipient=user, due_at=due_now(), key="f")
    outbox_sweep()
    assert Notification.objects.filter(recipient=user).count() == 2
    assert len(mail.outbox) == 1
    assert Outbox.objects.get(kind=Kind.CASE_NEWS).emailed_at is None
    assert Outbox.objects.get(kind=Kind.VISIT_TOMORROW).emailed_at is not None


def test_beat_sweeps_the_outbox_every_minute():
    from django.conf import settings

    from alert4you.celery import app
    from notifications.tasks import sweep_outbox

    entry = settings.CELERY_BEAT_SCHEDULE["notifications-sweep"]
    assert entry["task"] == sweep_outbox.name and entry["schedule"] == 60.0
    assert sweep_outbox.name in app.tasks


def test_every_kind_has_a_title_and_a_text_that_points_into_the_app():
    from notifications.texts import body_of, title_of

    for kind in Kind.values:
        assert str(title_of(kind)) and "Alert4you" in str(body_of(kind, "1 januari 2027, 10:00"))
