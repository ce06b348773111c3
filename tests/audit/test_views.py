import datetime

import pytest
from django.urls import reverse

from accounts.models import Role
from audit.models import AuditEvent
from tests.accounts.factories import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged(world, client_for):
    """Accesses in both municipalities: a view, a list and a refused attempt."""
    client = client_for(world.pmer_a)
    client.get(reverse("children:detail", args=[world.children_a[0].pk]))
    client.get(reverse("children:detail", args=[world.child_b.pk]))
    other = member(Role.CHILDCARE_WORKER, location=world.location_c)
    client_for(other).get(reverse("children:detail", args=[world.child_c.pk]))
    return world


def test_privacy_officer_sees_her_municipality_only(logged, client_for):
    response = client_for(logged.privacy_officer).get(reverse("audit:event_list"))
    assert response.status_code == 200
    shown = {e.child_id for e in response.context["page"].object_list}
    assert shown == {logged.children_a[0].pk, logged.child_b.pk}


def test_filters_on_child_and_refusals(logged, client_for):
    client = client_for(logged.privacy_officer)
    response = client.get(reverse("audit:event_list"), {"refused_only": "on"})
    assert [(e.child_id, e.status_code) for e in response.context["page"].object_list] == [(logged.child_b.pk, 404)]
    response = client.get(reverse("audit:event_list"), {"child_id": logged.children_a[0].pk})
    assert [e.child_id for e in response.context["page"].object_list] == [logged.children_a[0].pk]


def test_a_date_range_the_wrong_way_round_gets_a_message(logged, client_for):
    today = datetime.date.today()  # noqa: DTZ011
    response = client_for(logged.privacy_officer).get(
        reverse("audit:event_list"), {"date_from": today, "date_to": today - datetime.timedelta(days=3)})
    assert response.status_code == 200
    assert "date_to" in response.context["form"].errors


def test_reading_the_log_changes_none_of_it_and_adds_only_its_own_row(logged, client_for):
    """Issue 15: reading the log is logged itself (tests/audit/test_privacy_officer.py); nothing else changes."""
    before = list(AuditEvent.objects.order_by("pk").values())
    client_for(logged.privacy_officer).get(reverse("audit:event_list"))
    after = list(AuditEvent.objects.order_by("pk").values())
    assert after[:len(before)] == before
    assert [(row["actor_id"], row["part"]) for row in after[len(before):]] == [(logged.privacy_officer.pk, "audit_log")]


@pytest.mark.parametrize("role", ["pmer_a", "coordinator", "functional_administrator", "specialist"])
def test_other_roles_are_refused(logged, client_for, role):
    assert client_for(getattr(logged, role)).get(reverse("audit:event_list")).status_code == 403


def test_a_privacy_officer_of_another_municipality_sees_none_of_it(logged, client_for):
    officer = member(Role.PRIVACY_OFFICER, municipality=logged.other_municipality)
    response = client_for(officer).get(reverse("audit:event_list"))
    assert {e.child_id for e in response.context["page"].object_list} == {logged.child_c.pk}


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("audit:event_list"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
