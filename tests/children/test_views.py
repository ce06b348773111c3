import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditAction, AuditBasis, AuditEvent
from children.models import Child, Guardian

pytestmark = pytest.mark.django_db


def detail_url(child):
    return reverse("children:detail", args=[child.pk])


class TestChildList:
    def test_worker_sees_exactly_her_location_children(self, world, client_for):
        response = client_for(world.pmer_a).get(reverse("children:list"))
        assert response.status_code == 200
        assert {c.pk for c in response.context["children"]} == {c.pk for c in world.children_a}
        assert world.child_b.first_name not in response.content.decode()

    def test_filter_by_group_and_name_stays_within_her_location(self, world, client_for):
        client = client_for(world.pmer_a)
        response = client.get(reverse("children:list"), {"group": world.group_a2.pk})
        assert [c.pk for c in response.context["children"]] == [world.children_a[2].pk]
        response = client.get(reverse("children:list"), {"q": "Bram"})
        assert response.context["children"] == []

    def test_group_of_another_location_is_not_a_valid_filter(self, world, client_for):
        response = client_for(world.pmer_a).get(reverse("children:list"), {"group": world.group_b.pk})
        assert response.status_code == 200
        assert "group" in response.context["filter_form"].errors
        assert world.child_b not in response.context["children"]

    def test_list_writes_one_audit_row_per_child_in_one_insert(self, world, client_for):
        client = client_for(world.pmer_a)
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("children:list"))
        inserts = [q for q in queries.captured_queries if q["sql"].startswith('INSERT INTO "audit_auditevent"')]
        assert len(inserts) == 1
        events = AuditEvent.objects.filter(part="list")
        assert sorted(e.child_id for e in events) == sorted(c.pk for c in world.children_a)
        assert {e.actor_id for e in events} == {world.pmer_a.pk}
        assert {e.basis for e in events} == {AuditBasis.MEMBERSHIP}
        assert {e.role for e in events} == {"childcare_worker"}
        assert {e.organisation for e in events} == {"Locatie A"}

    def test_list_query_count_does_not_grow_with_children(self, world, client_for):
        from tests.children.factories import ChildFactory

        client = client_for(world.pmer_a)
        client.get(reverse("children:list"))
        with CaptureQueriesContext(connection) as few:
            client.get(reverse("children:list"))
        ChildFactory.create_batch(15, group=world.group_a)
        with CaptureQueriesContext(connection) as many:
            client.get(reverse("children:list"))
        assert len(many) == len(few)

    @pytest.mark.parametrize("role", ["coordinator", "privacy_officer", "specialist", "youth_nurse",
                                      "programme_coordinator", "safeguarding_officer", "functional_administrator"])
    def test_other_roles_are_refused(self, world, client_for, role):
        response = client_for(getattr(world, role)).get(reverse("children:list"))
        assert response.status_code == 403
        assert not AuditEvent.objects.filter(part="list").exists()

    def test_anonymous_is_sent_to_login(self, world, client):
        response = client.get(reverse("children:list"))
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


class TestChildDetail:
    def test_worker_opens_a_child_of_her_location_and_it_is_logged(self, world, client_for):
        child = world.children_a[0]
        response = client_for(world.pmer_a).get(detail_url(child), HTTP_USER_AGENT="Tablet/1.0",
                                                 REMOTE_ADDR="10.1.2.3")
        assert response.status_code == 200
        assert child.first_name in response.content.decode()
        event = AuditEvent.objects.get()
        assert (event.child_id, event.action, event.part, event.status_code) == (
            child.pk, AuditAction.VIEW, "profile", 200)
        assert event.municipality_id == world.municipality.pk
        assert event.basis == AuditBasis.MEMBERSHIP
        assert event.basis_ref == f"membership:{world.pmer_a.memberships.get().pk}"
        assert (event.ip_address, event.user_agent) == ("10.1.2.3", "Tablet/1.0")

    def test_child_of_another_location_is_404_and_the_attempt_is_logged(self, world, client_for):
        response = client_for(world.pmer_a).get(detail_url(world.child_b))
        assert response.status_code == 404
        assert world.child_b.first_name not in response.content.decode()
        event = AuditEvent.objects.get()
        assert (event.child_id, event.status_code, event.basis) == (world.child_b.pk, 404, AuditBasis.NONE)
        assert event.actor_id == world.pmer_a.pk
        assert event.municipality_id == world.municipality.pk

    def test_missing_and_forbidden_look_the_same(self, world, client_for):
        client = client_for(world.pmer_a)
        missing = client.get(reverse("children:detail", args=[999999]))
        forbidden = client.get(detail_url(world.child_c))
        assert missing.status_code == forbidden.status_code == 404

        def page(response, path):
            # Only the page's own address (in the language switch) and the masked CSRF token differ.
            html = response.content.decode().replace(path, "")
            return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)

        assert page(missing, "/children/999999/") == page(forbidden, f"/children/{world.child_c.pk}/")

    def test_coordinator_cannot_open_a_child(self, world, client_for):
        response = client_for(world.coordinator).get(detail_url(world.children_a[0]))
        assert response.status_code == 403

    def test_anonymous_is_sent_to_login(self, world, client):
        response = client.get(detail_url(world.children_a[0]))
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
        assert not AuditEvent.objects.exists()

    def test_ended_membership_gives_no_access(self, world, client_for):
        world.pmer_a.memberships.update(active=False)
        response = client_for(world.pmer_a).get(detail_url(world.children_a[0]))
        assert response.status_code == 403


def child_post_data(world, **overrides):
    data = {
        "first_name": "Noor", "last_name": "de Vries", "date_of_birth": "2024-03-01", "group": world.group_a.pk,
        "guardians-TOTAL_FORMS": "1", "guardians-INITIAL_FORMS": "0",
        "guardians-MIN_NUM_FORMS": "1", "guardians-MAX_NUM_FORMS": "4",
        "guardians-0-name": "Anna de Vries", "guardians-0-relation": "mother",
        "guardians-0-has_parental_authority": "on", "guardians-0-preferred_language": "nl",
        "guardians-0-email": "anna@example.org", "guardians-0-phone": "0612345678",
    }
    data.update(overrides)
    return data


class TestChildCreate:
    def test_worker_registers_a_child_with_a_guardian(self, world, client_for):
        response = client_for(world.pmer_a).post(reverse("children:create"), child_post_data(world), follow=True)
        child = Child.objects.get(first_name="Noor")
        assert response.redirect_chain[-1][0] == detail_url(child)
        assert child.guardians.get().email == "anna@example.org"
        assert AuditEvent.objects.filter(child_id=child.pk, action=AuditAction.CREATE).count() == 1

    def test_bad_input_gets_a_clear_message_and_keeps_what_was_typed(self, world, client_for):
        data = child_post_data(world, date_of_birth="2099-01-01", **{"guardians-0-email": "geen-adres"})
        response = client_for(world.pmer_a).post(reverse("children:create"), data)
        assert response.status_code == 200
        html = response.content.decode()
        assert "De geboortedatum kan niet in de toekomst liggen." in html
        assert 'value="Noor"' in html and 'value="Anna de Vries"' in html
        assert not Child.objects.filter(first_name="Noor").exists()
        assert not Guardian.objects.filter(name="Anna de Vries").exists()

    def test_a_child_of_twelve_or_older_is_refused_with_a_reason(self, world, client_for):
        response = client_for(world.pmer_a).post(reverse("children:create"),
                                                 child_post_data(world, date_of_birth="2010-01-01"))
        assert response.status_code == 200
        assert "onder de 12" in response.content.decode()
        assert not Child.objects.filter(first_name="Noor").exists()

    def test_a_group_of_another_location_cannot_be_chosen(self, world, client_for):
        response = client_for(world.pmer_a).post(reverse("children:create"),
                                                 child_post_data(world, group=world.group_b.pk))
        assert response.status_code == 200
        assert "group" in response.context["form"].errors
        assert not Child.objects.filter(first_name="Noor").exists()

    def test_other_role_and_anonymous_are_refused(self, world, client_for, client):
        assert client.post(reverse("children:create"), child_post_data(world)).status_code == 302
        response = client_for(world.coordinator).post(reverse("children:create"), child_post_data(world))
        assert response.status_code == 403
        assert not Child.objects.filter(first_name="Noor").exists()


class TestChildUpdate:
    def test_worker_changes_a_child_and_it_is_logged(self, world, client_for):
        child = world.children_a[0]
        guardian = child.guardians.get()
        data = child_post_data(world, first_name="Sanne", **{
            "guardians-INITIAL_FORMS": "1", "guardians-0-id": guardian.pk, "guardians-0-child": child.pk})
        response = client_for(world.pmer_a).post(reverse("children:update", args=[child.pk]), data)
        assert response.status_code == 302
        child.refresh_from_db()
        assert child.first_name == "Sanne"
        assert AuditEvent.objects.filter(child_id=child.pk, action=AuditAction.CHANGE).count() == 1

    def test_child_of_another_location_cannot_be_changed(self, world, client_for):
        response = client_for(world.pmer_a).post(reverse("children:update", args=[world.child_b.pk]),
                                                 child_post_data(world, first_name="Hacked"))
        assert response.status_code == 404
        world.child_b.refresh_from_db()
        assert world.child_b.first_name == "Bram"
