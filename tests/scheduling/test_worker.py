"""The plan is proposed by a real Celery worker over Redis: the request only saves the plan and,
after its commit, sends the task."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings

from alert4you.celery import app
from scheduling.models import HalfYearPlan, PlanStatus
from scheduling.services import plan_request

from .conftest import NEXT_YEAR

pytestmark = [pytest.mark.django_db(transaction=True),
              pytest.mark.skipif(not settings.CELERY_BROKER_URL.startswith("redis://"),
                                 reason="needs the Redis started by scripts/test")]


def test_a_worker_proposes_the_requested_plan(sw):
    assert app.conf.task_always_eager is False
    plan = plan_request(municipality=sw.municipality, year=NEXT_YEAR, half=1, by=sw.coordinator)
    assert HalfYearPlan.objects.get(pk=plan.pk).status == PlanStatus.REQUESTED  # saved, not yet worked out
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            plan.refresh_from_db()
            if plan.status == PlanStatus.PROPOSED:
                break
            time.sleep(0.2)
    assert plan.status == PlanStatus.PROPOSED, "the worker did not propose the plan within 20 s"
    assert plan.items.count() == 3 and plan.unplaced == []
