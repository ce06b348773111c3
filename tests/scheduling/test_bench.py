"""The plan benchmark runs on a database that has its plan already (one plan per half year)."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from scheduling.models import HalfYearPlan

pytestmark = pytest.mark.django_db


def test_bench_plan_runs_where_the_half_year_has_a_plan_and_leaves_it(sw):
    today = timezone.localdate()
    year, half = (today.year, 2) if today.month <= 6 else (today.year + 1, 1)
    plan = HalfYearPlan.objects.create(municipality=sw.municipality, year=year, half=half, requested_by=sw.coordinator)
    out = io.StringIO()
    call_command("bench_plan", locations=3, stdout=out)
    assert "visits placed" in out.getvalue()
    assert list(HalfYearPlan.objects.values_list("pk", "status")) == [(plan.pk, plan.status)]
