"""The demo's cases tell a story that could be true (issue 12, finding 7): no visit is held before
its question was asked, so the bound the visit form applies holds for the demo data too."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from observations.models import Visit

pytestmark = pytest.mark.django_db


def test_no_demo_visit_is_held_before_its_question_was_asked(monkeypatch):
    monkeypatch.delenv("PORT", raising=False)
    call_command("load_demo_data", stdout=io.StringIO())
    held = Visit.objects.filter(status="held", case__isnull=False).select_related("case__request")
    assert held.exists()
    for visit in held:
        assert timezone.localdate(visit.starts_at) >= timezone.localdate(visit.case.request.created_at), visit.pk
