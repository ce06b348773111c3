"""The audit trail is append-only: in the app, and in the database itself."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(world, client_for):
    client_for(world.pmer_a).get(reverse("children:detail", args=[world.children_a[0].pk]))
    return AuditEvent.objects.get()


def test_an_update_in_the_database_is_refused(event):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET actor_name = 'someone else' WHERE id = %s", [event.pk])
    event.refresh_from_db()
    assert event.actor_name != "someone else"


def test_a_delete_in_the_database_is_refused(event):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_the_orm_refuses_changes_and_deletes(event):
    event.actor_name = "someone else"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(actor_name="x")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()


def test_erasing_a_child_leaves_the_log_untouched(world, event):
    child_id = world.children_a[0].pk
    world.children_a[0].delete()
    assert AuditEvent.objects.filter(child_id=child_id).count() == 1


def test_the_admin_does_not_offer_the_audit_trail(world, client_for):
    client = client_for(world.functional_administrator)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/audit/auditevent/").status_code == 404


@pytest.mark.skipif(connection.vendor != "postgresql", reason="flushing needs TRUNCATE, which the trigger allows")
@pytest.mark.django_db(transaction=True)
def test_a_refused_attempt_is_committed_on_its_own(world, client_for):
    """Outside a test transaction: the refusal row is really in the database after the 404."""
    response = client_for(world.pmer_a).get(reverse("children:detail", args=[world.child_b.pk]))
    assert response.status_code == 404
    with connection.cursor() as cursor:
        cursor.execute("SELECT status_code, child_id FROM audit_auditevent")
        assert cursor.fetchall() == [(404, world.child_b.pk)]


def test_several_parts_of_one_page_go_in_one_insert(world, rf, django_assert_num_queries):
    from audit.models import AuditBasis, AuditPart
    from audit.services import AuditSubject, audit_record_rows

    request = rf.get("/requests/1/")
    request.user = world.pmer_a
    subject = AuditSubject("casework.case", "1", world.children_a[0].pk, world.municipality.pk)
    rows = [(subject, AuditPart.CASE, None, AuditBasis.MEMBERSHIP),
            (subject, AuditPart.VISIT, None, AuditBasis.CONSENT)]
    with django_assert_num_queries(1):
        assert audit_record_rows(request, rows, action="view") == 2
    assert sorted(AuditEvent.objects.values_list("part", "basis")) == [("case", "membership"), ("visit", "consent")]
