"""Celery really runs over the configured broker (Redis in the suite), not eagerly in-process."""

import threading

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_success
from django.conf import settings

from alert4you.celery import app
from alert4you.tasks import heartbeat


@pytest.mark.skipif(not settings.CELERY_BROKER_URL.startswith("redis://"),
                    reason="needs the Redis started by scripts/test")
def test_a_task_sent_through_redis_is_run_by_a_worker():
    assert app.conf.task_always_eager is False
    done = threading.Event()
    results = []

    def record(sender=None, result=None, **kwargs):
        if sender.name == heartbeat.name:
            results.append(result)
            done.set()

    task_success.connect(record, weak=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            heartbeat.delay()
            assert done.wait(timeout=20), "the worker did not run the task within 20 s"
    finally:
        task_success.disconnect(record)
    assert results and results[0].startswith("20")


def test_beat_schedules_the_heartbeat():
    assert settings.CELERY_BEAT_SCHEDULE["heartbeat"]["task"] == heartbeat.name
    assert heartbeat.name in app.tasks
