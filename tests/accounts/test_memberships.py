import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import Membership, Role, User
from tests.accounts.factories import MembershipFactory, UserFactory, member
from tests.organisations.factories import CareProviderFactory, LocationFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db


class TestMembershipScope:
    def test_childcare_worker_needs_a_location(self):
        with pytest.raises(ValidationError) as error:
            MembershipFactory.build(role=Role.CHILDCARE_WORKER, user=UserFactory()).full_clean()
        assert "role" in error.value.message_dict

    def test_coordinator_cannot_be_tied_to_a_location(self, db):
        membership = MembershipFactory.build(role=Role.COORDINATOR, user=UserFactory(), location=LocationFactory(),
                                             municipality=MunicipalityFactory())
        with pytest.raises(ValidationError):
            membership.full_clean()

    def test_functional_administrator_has_no_organisation(self, db):
        with pytest.raises(ValidationError):
            MembershipFactory.build(role=Role.FUNCTIONAL_ADMINISTRATOR, user=UserFactory(),
                                    municipality=MunicipalityFactory()).full_clean()

    def test_only_a_specialist_plans(self, db):
        with pytest.raises(ValidationError) as error:
            MembershipFactory.build(role=Role.CHILDCARE_WORKER, user=UserFactory(), location=LocationFactory(),
                                    is_planner=True).full_clean()
        assert "is_planner" in error.value.message_dict

    def test_one_user_holds_several_memberships(self, db):
        user = member(Role.CHILDCARE_WORKER)
        member(Role.SAFEGUARDING_OFFICER, user=user)
        assert user.memberships.count() == 2


def form_data(world, **overrides):
    data = {"email": "nieuw@example.org", "first_name": "Fleur", "last_name": "Jansen",
            "role": Role.CHILDCARE_WORKER, "location": world.location_a.pk, "groups": [world.group_a.pk]}
    data.update(overrides)
    return data


class TestCoordinatorManagesMemberships:
    def test_list_shows_only_her_municipality(self, world, client_for):
        member(Role.CHILDCARE_WORKER, location=world.location_c)
        response = client_for(world.coordinator).get(reverse("accounts:membership_list"))
        assert response.status_code == 200
        shown = {m.user_id for m in response.context["memberships"]}
        assert shown == {world.pmer_a.pk, world.pmer_b.pk}

    def test_adds_a_new_professional_at_her_location(self, world, client_for):
        response = client_for(world.coordinator).post(reverse("accounts:membership_create"), form_data(world))
        assert response.status_code == 302
        user = User.objects.get(email="nieuw@example.org")
        membership = user.memberships.get()
        assert (membership.role, membership.location) == (Role.CHILDCARE_WORKER, world.location_a)
        assert list(membership.groups.all()) == [world.group_a]
        assert not user.has_usable_password()

    def test_adds_a_specialist_as_fixed_contact(self, world, client_for):
        provider = CareProviderFactory()
        provider.municipalities.add(world.municipality)
        data = form_data(world, role=Role.SPECIALIST, location="", groups=[], care_provider=provider.pk,
                         fixed_contact_for=[world.location_a.pk, world.location_b.pk])
        response = client_for(world.coordinator).post(reverse("accounts:membership_create"), data)
        assert response.status_code == 302
        membership = Membership.objects.get(user__email="nieuw@example.org")
        assert set(membership.fixed_contact_for.all()) == {world.location_a, world.location_b}

    def test_a_location_of_another_municipality_is_refused(self, world, client_for):
        response = client_for(world.coordinator).post(reverse("accounts:membership_create"),
                                                      form_data(world, location=world.location_c.pk, groups=[]))
        assert response.status_code == 200
        assert "location" in response.context["form"].errors
        assert not User.objects.filter(email="nieuw@example.org").exists()

    def test_a_role_without_its_organisation_gets_a_clear_message_and_keeps_the_input(self, world, client_for):
        response = client_for(world.coordinator).post(reverse("accounts:membership_create"),
                                                      form_data(world, location="", groups=[]))
        assert response.status_code == 200
        assert response.context["form"].errors
        assert 'value="Fleur"' in response.content.decode()
        assert not User.objects.filter(email="nieuw@example.org").exists()

    def test_the_same_role_twice_is_refused_with_a_message(self, world, client_for):
        data = form_data(world, email=world.pmer_a.email, groups=[])
        response = client_for(world.coordinator).post(reverse("accounts:membership_create"), data)
        assert response.status_code == 200
        assert "role" in response.context["form"].errors
        assert world.pmer_a.memberships.count() == 1

    def test_she_cannot_hand_out_a_coordinator_role(self, world, client_for):
        response = client_for(world.coordinator).post(
            reverse("accounts:membership_create"),
            form_data(world, role=Role.COORDINATOR, location="", groups=[]))
        assert "role" in response.context["form"].errors
        assert not Membership.objects.filter(user__email="nieuw@example.org").exists()

    def test_ends_a_membership_in_her_municipality(self, world, client_for):
        membership = world.pmer_b.memberships.get()
        response = client_for(world.coordinator).post(reverse("accounts:membership_end", args=[membership.pk]),
                                                      {"confirm": "yes"})  # asked first (test_real_use.py)
        assert response.status_code == 302
        membership.refresh_from_db()
        assert membership.active is False

    def test_cannot_end_a_membership_elsewhere(self, world, client_for):
        other = member(Role.CHILDCARE_WORKER, location=world.location_c).memberships.get()
        response = client_for(world.coordinator).post(reverse("accounts:membership_end", args=[other.pk]),
                                                      {"confirm": "yes"})
        assert response.status_code == 404
        other.refresh_from_db()
        assert other.active is True

    @pytest.mark.parametrize("url_name,method", [("accounts:membership_list", "get"),
                                                 ("accounts:membership_create", "post")])
    def test_other_roles_and_anonymous_are_refused(self, world, client_for, client, url_name, method):
        assert getattr(client, method)(reverse(url_name)).status_code == 302
        for user in (world.pmer_a, world.privacy_officer, world.functional_administrator):
            response = getattr(client_for(user), method)(reverse(url_name), form_data(world))
            assert response.status_code == 403
        assert not User.objects.filter(email="nieuw@example.org").exists()

    def test_ending_needs_post(self, world, client_for):
        membership = world.pmer_b.memberships.get()
        response = client_for(world.coordinator).get(reverse("accounts:membership_end", args=[membership.pk]))
        assert response.status_code == 405
