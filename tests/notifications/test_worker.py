"""The outbox against the real Redis and a real Celery worker process.

- killed in the middle of a sweep (a checkpoint hook, not a timer) and started again, every due
  reminder ends with exactly one in-app notification and at least one e-mail;
- with the broker down a change still saves, and its reminder goes out once the broker is back.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
from datetime import timedelta
from email import message_from_string
from pathlib import Path

import pytest
from celery import Celery
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from notifications.models import Kind, Notification, Outbox, State
from notifications.services import notification_enqueue
from tests.accounts.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.services,
    pytest.mark.skipif(not settings.CELERY_BROKER_URL.startswith("redis://"),
                       reason="needs the Redis started by scripts/test"),
    pytest.mark.django_db(transaction=True),
]
SWEEP = "notifications.tasks.sweep_outbox"


def start_worker(mail_dir, broker_url, **env):
    environment = {
        **os.environ,
        "CELERY_BROKER_URL": broker_url,
        "NOTIFICATIONS_TEST_DB_NAME": connection.settings_dict["NAME"],
        "NOTIFICATIONS_TEST_MAIL_DIR": str(mail_dir),
        **env,
    }
    return subprocess.Popen(
        [sys.executable, "-m", "tests.notifications.worker"], cwd=ROOT, env=environment,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


def stop(process):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until(condition, timeout=40):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def sent_message_ids(mail_dir):
    ids = []
    for path in Path(mail_dir).glob("*.log"):
        # The file backend appends every message with a line of dashes after it.
        for chunk in path.read_text().split("-" * 79):
            if chunk.strip():
                ids.append(message_from_string(chunk.strip())["Message-ID"])
    return ids


def enqueue_due(users, key):
    due = timezone.now().replace(microsecond=0) - timedelta(minutes=1)
    with transaction.atomic():
        for user in users:
            notification_enqueue(kind=Kind.VISIT_TOMORROW, recipient=user, due_at=due, key=key, url="/visits/")


def test_a_worker_killed_mid_sweep_and_restarted_leaves_one_in_app_notification_and_an_email_each(tmp_path):
    users = [UserFactory() for _ in range(3)]
    enqueue_due(users, "visit:1")
    probe = Celery("probe", broker=settings.CELERY_BROKER_URL)
    worker = start_worker(tmp_path, settings.CELERY_BROKER_URL, NOTIFICATIONS_TEST_CRASH_AT="email_sent:2")
    try:
        probe.send_task(SWEEP)
        # The hook kills the worker right after the second e-mail of the batch left, before the batch
        # was marked sent.
        assert worker.wait(timeout=60) == 137
    finally:
        stop(worker)
    states = sorted(Outbox.objects.values_list("state", flat=True))
    assert states == [State.CLAIMED, State.CLAIMED, State.CLAIMED]
    # The batch's in-app notifications were written, once each, before any e-mail left.
    assert Notification.objects.count() == 3
    assert len(sent_message_ids(tmp_path)) == 2

    # Started again with a short claim timeout, so the dead worker's claims count as abandoned.
    worker = start_worker(tmp_path, settings.CELERY_BROKER_URL, NOTIFICATIONS_TEST_CLAIM_TIMEOUT="0")
    try:
        probe.send_task(SWEEP)
        assert wait_until(lambda: Outbox.objects.filter(state=State.SENT).count() == 3), \
            list(Outbox.objects.values_list("state", flat=True))
    finally:
        stop(worker)
    for user in users:
        assert Notification.objects.filter(recipient=user).count() == 1
    ids = sent_message_ids(tmp_path)
    outbox_ids = set(Outbox.objects.values_list("message_id", flat=True))
    assert set(ids) == outbox_ids, "every reminder got at least one e-mail"
    # The two that left before the crash go again (the batch was not yet marked), each with the same
    # Message-ID, so the copy is recognisable; the third goes once.
    assert len(ids) == 5
    assert len(set(ids)) == 3


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_with_the_broker_down_a_change_saves_and_its_reminder_goes_out_when_it_is_back(tmp_path):
    port = free_port()
    broker_url = f"redis://127.0.0.1:{port}/0"
    # The probe gets its connection explicitly: Celery lets the CELERY_BROKER_URL variable win over
    # any configuration, and changing that variable in this process would point every later test's
    # Celery app (and its pooled connections) at this port after the throwaway Redis is gone.
    probe = Celery("probe", set_as_current=False)
    probe.conf.broker_connection_timeout = 1

    def send_sweep(**options):
        with probe.connection_for_write(broker_url, connect_timeout=1) as connection:
            return probe.send_task(SWEEP, connection=connection, **options)

    user = UserFactory()
    enqueue_due([user], "visit:2")  # the change, while nothing listens on the broker's port
    assert Outbox.objects.filter(recipient=user, state=State.PENDING).count() == 1
    with pytest.raises(OperationalError):
        send_sweep(retry=False)  # beat could not reach the broker either

    redis = subprocess.Popen(
        [shutil.which("redis-server"), "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    worker = None
    try:
        assert wait_until(lambda: _listening(port), timeout=10)
        mail_dir = tmp_path / "mail"
        worker = start_worker(mail_dir, broker_url)
        send_sweep()
        assert wait_until(lambda: Notification.objects.filter(recipient=user).exists())
        assert wait_until(lambda: Outbox.objects.filter(recipient=user, state=State.SENT).exists())
        assert len(sent_message_ids(mail_dir)) == 1
    finally:
        if worker is not None:
            stop(worker)
        redis.terminate()
        redis.wait(timeout=10)


def _listening(port):
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def _start_redis(port, folder):
    return subprocess.Popen(
        [shutil.which("redis-server"), "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", str(folder)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


def _queue_length(port):
    out = subprocess.run([shutil.which("redis-cli"), "-p", str(port), "llen", "celery"],  # noqa: S603
                         capture_output=True, text=True, timeout=10)
    return int(out.stdout.strip() or -1)


def test_redis_gone_for_a_while_then_a_worker_killed_mid_sweep_still_delivers_each_reminder_once(tmp_path):
    """The broker stops while a worker runs; reminders fall due during the outage (their changes save);
    the broker comes back on its own address; the same worker reconnects without a restart, takes
    the sweep and is killed in the middle of it; a new worker finishes the job. Each reminder ends with
    exactly one in-app notification and its e-mail, the copies carrying the same Message-ID."""
    port = free_port()
    broker_url = f"redis://127.0.0.1:{port}/0"
    probe = Celery("probe", set_as_current=False)
    probe.conf.broker_connection_timeout = 1

    def send_sweep(**options):
        with probe.connection_for_write(broker_url, connect_timeout=1) as connection:
            return probe.send_task(SWEEP, connection=connection, **options)

    redis = _start_redis(port, tmp_path)
    workers = []
    try:
        assert wait_until(lambda: _listening(port), timeout=10)
        mail_dir = tmp_path / "mail"
        workers.append(start_worker(mail_dir, broker_url, NOTIFICATIONS_TEST_CRASH_AT="email_sent:2"))
        send_sweep()  # nothing due yet: the worker takes it once it listens
        assert wait_until(lambda: _queue_length(port) == 0, timeout=60)

        redis.terminate()
        redis.wait(timeout=10)
        assert not _listening(port)
        # During the outage: three changes save with their reminders, due half an hour ago by the time
        # the broker is back; beat cannot reach the broker.
        users = [UserFactory() for _ in range(3)]
        due = timezone.now().replace(microsecond=0) - timedelta(minutes=30)
        with transaction.atomic():
            for user in users:
                notification_enqueue(kind=Kind.CASE_NEWS, recipient=user, due_at=due, key="case:7", url="/")
        with pytest.raises(OperationalError):
            send_sweep(retry=False)
        time.sleep(3)
        assert workers[0].poll() is None, "the worker outlives the broker's outage"

        redis = _start_redis(port, tmp_path)
        assert wait_until(lambda: _listening(port), timeout=10)
        send_sweep()
        # The same worker reconnected and took the sweep: its hook kills it after the second e-mail.
        assert workers[0].wait(timeout=120) == 137
        assert Notification.objects.count() == 3
        assert sorted(Outbox.objects.values_list("state", flat=True)) == [State.CLAIMED] * 3

        workers.append(start_worker(mail_dir, broker_url, NOTIFICATIONS_TEST_CLAIM_TIMEOUT="0"))
        send_sweep()
        assert wait_until(lambda: Outbox.objects.filter(state=State.SENT).count() == 3, timeout=60), \
            list(Outbox.objects.values_list("state", flat=True))
    finally:
        for worker in workers:
            stop(worker)
        redis.terminate()
        redis.wait(timeout=10)
    for user in users:
        assert Notification.objects.filter(recipient=user).count() == 1
    ids = sent_message_ids(mail_dir)
    assert set(ids) == set(Outbox.objects.values_list("message_id", flat=True))
    assert len(ids) == 5 and len(set(ids)) == 3
