"""The audit view pages by "older events" from where she is (keyset), newest first, without counting
every row of the municipality; a page link she edited by hand gets a message, never a 500."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from audit import selectors
from audit.models import AuditAction, AuditBasis, AuditEvent, AuditPart

pytestmark = pytest.mark.django_db

PAGE = 5


@pytest.fixture
def many(world, monkeypatch):
    """13 reads of children of the officer's municipality, a minute apart, two of them at the very
    same moment (ties are paged by id), and one of another municipality in between."""
    monkeypatch.setattr(selectors, "PAGE_SIZE", PAGE)
    start = timezone.now() - timedelta(days=2)
    moments = [start + timedelta(minutes=i) for i in range(12)] + [start + timedelta(minutes=5)]
    rows = [AuditEvent(at=at, actor_id=world.pmer_a.pk, actor_name=f"Lezer {i}", municipality_id=world.municipality.pk,
                       child_id=world.children_a[0].pk, object_type="children.child", action=AuditAction.VIEW,
                       part=AuditPart.PROFILE, basis=AuditBasis.MEMBERSHIP, status_code=200)
            for i, at in enumerate(moments)]
    rows.append(AuditEvent(at=start + timedelta(minutes=3), actor_name="Elders",
                           municipality_id=world.other_municipality.pk,
                           child_id=world.child_c.pk, object_type="children.child", action=AuditAction.VIEW,
                           part=AuditPart.PROFILE, basis=AuditBasis.MEMBERSHIP, status_code=200))
    AuditEvent.objects.bulk_create(rows)
    mine = AuditEvent.objects.filter(municipality_id=world.municipality.pk, actor_name__startswith="Lezer")
    return world, list(mine.order_by("-at", "-pk").values_list("pk", flat=True))


def _older_link(html):
    found = re.search(r'href="\?([^"]*before=[^"]*)"', html)
    return found and found.group(1).replace("&amp;", "&")


def _shown(response):
    return [e.pk for e in response.context["page"].object_list if e.actor_name.startswith("Lezer")]


def test_she_sees_the_newest_first_and_reaches_the_oldest_by_older_links(many, client_for):
    world, expected = many
    client = client_for(world.privacy_officer)
    response = client.get(reverse("audit:event_list"), {"actor": "Lezer"})
    seen = _shown(response)
    assert seen == expected[:PAGE]
    pages = 1
    while link := _older_link(response.content.decode()):
        response = client.get(reverse("audit:event_list") + "?" + link)
        assert response.status_code == 200
        assert "actor=Lezer" in link  # the filter stays on
        seen += _shown(response)
        pages += 1
        assert pages < 10
    # Every event once, in order, the oldest last; the last page offers nothing older.
    assert seen == expected
    assert pages == 3


def test_the_first_page_says_there_is_more_and_the_last_page_links_back_to_the_newest(many, client_for):
    world, expected = many
    client = client_for(world.privacy_officer)
    response = client.get(reverse("audit:event_list"), {"actor": "Lezer"})
    html = response.content.decode()
    assert "Older events" in html or "Oudere gebeurtenissen" in html
    response = client.get(reverse("audit:event_list") + "?" + _older_link(html))
    html = response.content.decode()
    assert "Newest events" in html or "Nieuwste gebeurtenissen" in html


@pytest.mark.parametrize("value", ["abc", "1.2.3", "99999999999999999999.1", "-5.3", "1.", ".1", "²", "x" * 500,
                                   "0.0", "253402300800000000.1"])
def test_a_page_link_changed_by_hand_falls_back_to_the_newest_with_a_message(many, client_for, value):
    world, expected = many
    response = client_for(world.privacy_officer).get(reverse("audit:event_list"), {"actor": "Lezer", "before": value},
                                                     HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 200
    assert _shown(response) == expected[:PAGE]
    assert "nieuwste" in response.content.decode()


def test_an_old_page_number_link_still_shows_the_newest(many, client_for):
    world, expected = many
    response = client_for(world.privacy_officer).get(reverse("audit:event_list"), {"actor": "Lezer", "page": "3"})
    assert response.status_code == 200
    assert _shown(response) == expected[:PAGE]
