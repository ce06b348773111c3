"""The admin is the functional administrator's tool; access comes from her membership."""

import pytest

from organisations.models import Location

pytestmark = pytest.mark.django_db


def test_functional_administrator_manages_organisations(world, client_for):
    client = client_for(world.functional_administrator)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/organisations/location/").status_code == 200
    response = client.get(f"/admin/organisations/location/{world.location_a.pk}/change/")
    assert response.status_code == 200


def test_functional_administrator_gets_a_clear_message_for_a_bad_lrk_number(world, client_for):
    client = client_for(world.functional_administrator)
    response = client.post("/admin/organisations/location/add/", {
        "organisation": world.location_a.organisation_id, "district": world.location_a.district_id,
        "name": "Nieuwe locatie", "kind": "day_care", "lrk_number": "1234",
        "groups-TOTAL_FORMS": "0", "groups-INITIAL_FORMS": "0",
    })
    assert response.status_code == 200
    assert "lrk_number" in response.context["adminform"].form.errors
    assert not Location.objects.filter(name="Nieuwe locatie").exists()


@pytest.mark.parametrize("role", ["pmer_a", "coordinator", "privacy_officer", "programme_coordinator"])
def test_other_roles_cannot_use_the_admin(world, client_for, role):
    client = client_for(getattr(world, role))
    response = client.get("/admin/organisations/location/")
    assert response.status_code == 302
    assert "/admin/login/" in response.url


def test_children_are_not_in_the_admin(world, client_for):
    # Child data has its audit trail in the app; the admin would bypass it.
    assert client_for(world.functional_administrator).get("/admin/children/child/").status_code == 404


def test_anonymous_goes_to_the_admin_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_functional_administrator_gives_a_colleague_a_membership_and_it_is_logged(world, client_for):
    from accounts.models import Role, SecurityEvent
    from tests.accounts.factories import UserFactory

    colleague = UserFactory(first_name="Nieuwe", last_name="Collega")
    client = client_for(world.functional_administrator)
    response = client.post(f"/admin/accounts/user/{colleague.pk}/change/", {
        "username": colleague.username, "first_name": "Nieuwe", "last_name": "Collega",
        "email": colleague.email, "is_active": "on",
        "memberships-TOTAL_FORMS": "1", "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0", "memberships-MAX_NUM_FORMS": "1000",
        "memberships-0-role": Role.CHILDCARE_WORKER, "memberships-0-location": world.location_a.pk,
        "memberships-0-active": "on",
    })
    assert response.status_code == 302, response.context["errors"] if response.context else response
    assert colleague.memberships.get().location == world.location_a
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.MEMBERSHIP_ADDED)
    assert event.subject_id == colleague.pk and event.actor_id == world.functional_administrator.pk

    membership = colleague.memberships.get()
    client.post(f"/admin/accounts/user/{colleague.pk}/change/", {
        "username": colleague.username, "first_name": "Nieuwe", "last_name": "Collega",
        "email": colleague.email, "is_active": "on",
        "memberships-TOTAL_FORMS": "1", "memberships-INITIAL_FORMS": "1",
        "memberships-MIN_NUM_FORMS": "0", "memberships-MAX_NUM_FORMS": "1000",
        "memberships-0-id": membership.pk, "memberships-0-user": colleague.pk,
        "memberships-0-role": Role.CHILDCARE_WORKER, "memberships-0-location": world.location_a.pk,
        "memberships-0-DELETE": "on",
    })
    assert not colleague.memberships.exists()
    ended = SecurityEvent.objects.get(kind=SecurityEvent.Kind.MEMBERSHIP_ENDED)
    assert ended.subject_id == colleague.pk and ended.actor_id == world.functional_administrator.pk
