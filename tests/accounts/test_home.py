import pytest
from django.urls import reverse

from accounts.models import Role

pytestmark = pytest.mark.django_db

ROLE_ATTR = {
    Role.CHILDCARE_WORKER: "pmer_a", Role.SPECIALIST: "specialist", Role.YOUTH_NURSE: "youth_nurse",
    Role.COORDINATOR: "coordinator", Role.PROGRAMME_COORDINATOR: "programme_coordinator",
    Role.PRIVACY_OFFICER: "privacy_officer", Role.SAFEGUARDING_OFFICER: "safeguarding_officer",
    Role.FUNCTIONAL_ADMINISTRATOR: "functional_administrator", Role.PEDAGOGICAL_COACH: "pedagogical_coach",
    Role.TEACHER: None,  # made below, at a school location (the shared world has none)
}
# The navigation link each role gets, and that no other role gets.
ROLE_LINK = {
    (Role.CHILDCARE_WORKER, Role.TEACHER): "children:list", (Role.COORDINATOR,): "accounts:membership_list",
    (Role.PRIVACY_OFFICER,): "audit:event_list", (Role.FUNCTIONAL_ADMINISTRATOR,): "admin:index",
}


@pytest.mark.parametrize("role", list(Role))
def test_each_role_gets_its_own_home_section_and_navigation(world, client_for, role):
    from tests.accounts.factories import member

    user = getattr(world, ROLE_ATTR[role]) if ROLE_ATTR[role] else member(role)
    response = client_for(user).get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert [s["role"] for s in response.context["sections"]] == [role]
    assert f'data-role="{role.value}"' in html
    for roles, url_name in ROLE_LINK.items():
        assert (f'href="{reverse(url_name)}"' in html) == (role in roles), url_name


def test_a_user_with_two_roles_sees_both_sections(world, client_for):
    from tests.accounts.factories import member

    member(Role.PRIVACY_OFFICER, user=world.coordinator, municipality=world.municipality)
    response = client_for(world.coordinator).get(reverse("home"))
    assert [s["role"] for s in response.context["sections"]] == [Role.COORDINATOR, Role.PRIVACY_OFFICER]


def test_home_is_in_dutch_by_default_and_english_on_request(world, client_for):
    client = client_for(world.pmer_a)
    assert 'lang="nl"' in client.get(reverse("home")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("home")).content.decode()
    assert 'lang="en"' in html and "Children of my location" in html


def test_anonymous_home_goes_to_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_login_with_password_and_code_lands_on_home(world, client):
    # Login security (issue 4): the password alone leads to the second-factor step, not home.
    from tests.accounts.factories import PASSWORD, totp_code, totp_device_for

    device = totp_device_for(world.pmer_a)
    response = client.post(reverse("login"), {"username": world.pmer_a.username, "password": PASSWORD})
    assert response.status_code == 302 and response.url == reverse("second_factor_verify") + "?next=%2F"
    response = client.post(response.url, {"token": totp_code(device)})
    assert response.status_code == 302 and response.url == reverse("home")


def test_wrong_password_gets_a_clear_message(world, client):
    response = client.post(reverse("login"), {"username": world.pmer_a.username, "password": "fout"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not response.wsgi_request.user.is_authenticated


def test_logout_is_one_post(world, client_for):
    client = client_for(world.pmer_a)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("children:list")).status_code == 302


def test_the_pmer_reaches_her_agenda_from_home_for_the_coaching_planned_with_her(world, client_for):
    html = client_for(world.pmer_a).get(reverse("home")).content.decode()
    assert f'href="{reverse("scheduling:agenda")}"' in html
    assert "Mijn agenda" in html
