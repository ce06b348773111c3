"""Issue 13 item 4, the privacy officer's audit view: the same number of queries with a short and a
much longer log, at most 20, and no query counts the municipality's rows (keyset paging: a page is
found on the index however long the log has grown)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from audit import selectors
from audit.models import AuditAction, AuditBasis, AuditEvent, AuditPart
from tests.performance.counting import assert_flat, queries_of

pytestmark = pytest.mark.django_db


def more_log(world, n):
    start = timezone.now() - timedelta(days=3)
    AuditEvent.objects.bulk_create(
        AuditEvent(at=start + timedelta(seconds=i), actor_id=world.pmer_a.pk, actor_name="Lezer",
                   municipality_id=world.municipality.pk, child_id=world.children_a[i % 2].pk,
                   object_type="children.child", action=AuditAction.VIEW, part=AuditPart.PROFILE,
                   basis=AuditBasis.MEMBERSHIP, status_code=200)
        for i in range(n))


@pytest.mark.parametrize("older", [False, True], ids=["newest", "older page"])
def test_the_audit_view_runs_the_same_queries_with_a_longer_log_and_counts_nothing(world, client_for, older):
    client = client_for(world.privacy_officer)
    more_log(world, 120)

    def url():
        if not older:
            return reverse("audit:event_list")
        first = client.get(reverse("audit:event_list"))
        return reverse("audit:event_list") + "?before=" + first.context["page"].older

    small = queries_of(client, url())
    more_log(world, 600)
    large = queries_of(client, url())
    assert_flat(small, large)
    assert not [sql for sql in large.sql if "COUNT(" in sql.upper() and "audit_auditevent" in sql], str(large)
    assert len(large.response.context["page"].object_list) == selectors.PAGE_SIZE
