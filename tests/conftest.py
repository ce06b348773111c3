import pytest

from accounts.models import Role
from tests.accounts.factories import member, totp_device_for
from tests.children.factories import ChildFactory, GuardianFactory
from tests.organisations.factories import DistrictFactory, GroupFactory, LocationFactory, MunicipalityFactory


@pytest.fixture
def world(db):
    """Two municipalities; location A and B in the first, C in the second; a child or two each."""

    class World:
        pass

    w = World()
    w.municipality = MunicipalityFactory(name="Hoogeveen", preset="hoogeveen")
    w.other_municipality = MunicipalityFactory(name="Amersfoort", preset="amersfoort")
    district = DistrictFactory(municipality=w.municipality)
    w.location_a = LocationFactory(district=district, name="Locatie A")
    w.location_b = LocationFactory(district=district, name="Locatie B")
    w.location_c = LocationFactory(district=DistrictFactory(municipality=w.other_municipality), name="Locatie C")
    w.group_a = GroupFactory(location=w.location_a, name="Dreumesen")
    w.group_a2 = GroupFactory(location=w.location_a, name="Peuters")
    w.group_b = GroupFactory(location=w.location_b, name="Kikkers")
    w.group_c = GroupFactory(location=w.location_c, name="Vlinders")
    w.children_a = [ChildFactory(group=w.group_a), ChildFactory(group=w.group_a), ChildFactory(group=w.group_a2)]
    w.child_b = ChildFactory(group=w.group_b, first_name="Bram", last_name="Bakker")
    w.child_c = ChildFactory(group=w.group_c)
    for child in [*w.children_a, w.child_b, w.child_c]:
        GuardianFactory(child=child)
    w.pmer_a = member(Role.CHILDCARE_WORKER, location=w.location_a)
    w.pmer_b = member(Role.CHILDCARE_WORKER, location=w.location_b)
    w.coordinator = member(Role.COORDINATOR, municipality=w.municipality)
    w.privacy_officer = member(Role.PRIVACY_OFFICER, municipality=w.municipality)
    w.specialist = member(Role.SPECIALIST)
    w.youth_nurse = member(Role.YOUTH_NURSE)
    w.programme_coordinator = member(Role.PROGRAMME_COORDINATOR)
    w.safeguarding_officer = member(Role.SAFEGUARDING_OFFICER, childcare_organisation=w.location_a.organisation)
    w.functional_administrator = member(Role.FUNCTIONAL_ADMINISTRATOR)
    w.pedagogical_coach = member(Role.PEDAGOGICAL_COACH, childcare_organisation=w.location_a.organisation)
    return w


def verify_second_factor(client, user):
    """Mark the client's session as verified with the user's app, as django_otp.login does."""
    from django_otp import DEVICE_ID_SESSION_KEY

    session = client.session
    session[DEVICE_ID_SESSION_KEY] = totp_device_for(user).persistent_id
    session.save()


@pytest.fixture
def client_for(client):
    """Logged in with password and a verified second factor, as every professional is."""

    def login(user):
        client.force_login(user)
        verify_second_factor(client, user)
        return client

    return login


@pytest.fixture
def unverified_client_for(client):
    """Logged in with the password only: the second factor still to come."""

    def login(user):
        client.force_login(user)
        return client

    return login
