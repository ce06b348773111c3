"""Each youth health service of the demo has its own safeguarding officer (issue 12, finding 12):
a youth nurse's reporting-code path reaches someone."""

import io

import pytest
from django.core.management import call_command

from accounts.models import Membership, Role
from organisations.models import YouthHealthService

pytestmark = pytest.mark.django_db


def test_every_youth_health_service_has_a_safeguarding_officer(monkeypatch):
    monkeypatch.delenv("PORT", raising=False)
    out = io.StringIO()
    call_command("load_demo_data", stdout=out)
    services = YouthHealthService.objects.all()
    assert services.count() == 3
    for service in services:
        officer = Membership.objects.get(role=Role.SAFEGUARDING_OFFICER, youth_health_service=service, active=True)
        officer.full_clean()
        assert officer.user.username in out.getvalue()
