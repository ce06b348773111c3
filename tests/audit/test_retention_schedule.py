"""The audit log's periodic jobs are in the beat schedule, so a fresh install runs them."""

import pytest
from django.conf import settings

from audit.partitions import retention_years


@pytest.mark.parametrize("task", ["audit.tasks.audit_partitions_maintain", "audit.tasks.audit_retention",
                                  "dataprotection.tasks.erase_expired_case_data"])
def test_beat_runs_the_task(task):
    assert task in {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}


def test_the_log_is_kept_at_least_five_years_by_default():
    assert retention_years() >= 5
