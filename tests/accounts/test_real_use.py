"""Accounts as people meet them: Dutch password rules, the admin's login-attempt pages in Dutch, a
reset of a colleague's factors that asks first, and a membership form sent twice."""

import re

import pytest
from axes.models import AccessAttempt, AccessLog
from django.core import mail
from django.urls import reverse
from django.utils.html import escape
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Membership, Role, SecurityEvent
from tests.accounts.factories import PASSWORD, MembershipFactory, totp_device_for

pytestmark = pytest.mark.django_db

ENGLISH_PASSWORD_WORDS = ["This password", "Your password", "too short", "too common", "entirely numeric",
                          "too similar", "didn’t match", "didn't match", "old password"]


def english_in(html):
    return [w for w in ENGLISH_PASSWORD_WORDS if w in html]


@pytest.mark.parametrize(("password", "dutch"), [
    ("kort-wacht", "Dit wachtwoord is te kort: gebruik minstens 12 tekens."),
    ("password1234", "Dit wachtwoord is te algemeen"),
    ("123456789012345", "Dit wachtwoord bestaat alleen uit cijfers"),
])
def test_the_password_rules_are_dutch_when_changing_it(world, client_for, password, dutch):
    response = client_for(world.pmer_a).post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": password, "new_password2": password},
        HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 200
    html = response.content.decode()
    assert dutch in html
    assert english_in(html) == []


def test_the_password_rules_are_dutch_and_informal_on_the_form(world, client_for):
    html = client_for(world.pmer_a).get(reverse("password_change"), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "minstens 12 tekens" in html
    assert english_in(html) == []
    # One register: "je", never "u"/"uw".
    assert not re.search(r"\b[Uu]w?\b", re.sub(r"<[^>]+>", " ", html))


def test_a_wrong_old_password_is_said_in_dutch_with_je(world, client_for):
    response = client_for(world.pmer_a).post(reverse("password_change"), {
        "old_password": "fout", "new_password1": "x" * 14 + "a1", "new_password2": "x" * 14 + "a1"},
        HTTP_ACCEPT_LANGUAGE="nl")
    html = response.content.decode()
    assert "Je huidige wachtwoord klopt niet" in html
    assert english_in(html) == []


def test_a_password_like_her_name_is_refused_in_dutch(world, client_for):
    user = world.pmer_a
    user.first_name, user.last_name = "Annemarie", "Vandenberghe"
    user.save()
    password = "annemarievandenberghe"
    response = client_for(user).post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": password, "new_password2": password},
        HTTP_ACCEPT_LANGUAGE="nl")
    html = response.content.decode()
    assert "lijkt te veel op je" in html
    assert english_in(html) == []


AXES_ENGLISH = ["Attempt Time", "IP Address", "User Agent", "Failed Logins", "Path", "Attempt Remaining",
                "Locked Out", "access attempts", "Access attempts", "access logs", "Access logs", "Logout Time",
                "Form Data", "Meta Data", "GET Data", "POST Data", "HTTP Accept", "Axes",
                "Clean up expired attempts"]


def test_the_admins_login_attempt_pages_are_dutch(world, client_for):
    AccessAttempt.objects.create(username="iemand", ip_address="10.0.0.1", user_agent="Firefox", http_accept="*/*",
                                 path_info="/login/", get_data="", post_data="", failures_since_start=8)
    AccessLog.objects.create(username="iemand", ip_address="10.0.0.1", user_agent="Firefox", http_accept="*/*",
                             path_info="/login/")
    client = client_for(world.functional_administrator)
    pages = ["/admin/", "/admin/axes/accessattempt/", "/admin/axes/accesslog/",
             f"/admin/axes/accessattempt/{AccessAttempt.objects.get().pk}/change/",
             f"/admin/axes/accesslog/{AccessLog.objects.filter(username='iemand').get().pk}/change/"]
    for page in pages:
        response = client.get(page, HTTP_ACCEPT_LANGUAGE="nl")
        assert response.status_code == 200, page
        text = re.sub(r"<[^>]+>", " ", response.content.decode())
        found = [w for w in AXES_ENGLISH if re.search(rf"\b{re.escape(w)}\b", text)]
        assert found == [], (page, found)
    listing = client.get("/admin/axes/accessattempt/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Geblokkeerd" in listing and "Mislukte inlogpogingen" in listing


def test_resetting_a_colleagues_factors_asks_for_confirmation_first(world, client_for):
    user = world.pmer_a
    totp_device_for(user)
    admin = client_for(world.functional_administrator)
    response = admin.post("/admin/accounts/user/", {"action": "reset_second_factors", "_selected_action": [user.pk]},
                          HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Weet je zeker" in html
    assert escape(user.get_full_name()) in html  # names such as "van 't Hof" are escaped in HTML
    assert TOTPDevice.objects.filter(user=user).exists()  # nothing reset yet
    assert not SecurityEvent.objects.filter(kind=SecurityEvent.Kind.SECOND_FACTORS_RESET).exists()
    response = admin.post("/admin/accounts/user/", {"action": "reset_second_factors", "_selected_action": [user.pk],
                                                     "post": "yes"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.SECOND_FACTORS_RESET, subject_id=user.pk).exists()


def test_a_membership_form_sent_twice_adds_one_membership(world, client_for):
    client = client_for(world.coordinator)
    data = {"email": "nieuw@example.org", "first_name": "Nieuwe", "last_name": "Collega",
            "role": Role.CHILDCARE_WORKER, "location": world.location_a.pk}
    first = client.post(reverse("accounts:membership_create"), data)
    second = client.post(reverse("accounts:membership_create"), data)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert Membership.objects.filter(user__email="nieuw@example.org").count() == 1


@pytest.mark.parametrize(("field", "value"), [("first_name", "x" * 151), ("last_name", "x" * 151),
                                              ("email", "a" * 250 + "@example.org")])
def test_the_membership_form_refuses_overlong_text_with_a_dutch_message(world, client_for, field, value):
    data = {"email": "nieuw@example.org", "first_name": "Nieuwe", "last_name": "Collega",
            "role": Role.CHILDCARE_WORKER, "location": world.location_a.pk, field: value}
    response = client_for(world.coordinator).post(reverse("accounts:membership_create"), data,
                                                  HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert "niet meer dan" in str(response.context["form"].errors[field])
    assert not Membership.objects.filter(user__first_name="Nieuwe").exists()


ABSURD = ["²", "99999999999999999999", "9999-12-31", "0001-01-01", "", "-1", "x" * 3000]


@pytest.mark.parametrize("value", ABSURD)
def test_no_accounts_page_gives_a_server_error_on_odd_query_strings(world, client_for, value):
    coordinator = client_for(world.coordinator)
    for name in ("accounts:membership_list", "accounts:membership_create", "home", "security"):
        response = coordinator.get(reverse(name), {"page": value, "next": value, "q": value})
        assert response.status_code == 200, (name, value)


def test_a_youth_health_service_has_its_own_safeguarding_officer(world):
    from tests.organisations.factories import YouthHealthServiceFactory

    service = YouthHealthServiceFactory()
    membership = MembershipFactory(role=Role.SAFEGUARDING_OFFICER, youth_health_service=service)
    membership.full_clean()  # the role may be tied to a youth health service (GGD)
    assert membership.scope == service


def test_the_password_reset_mail_links_on_site_url_not_on_the_requests_host(world, client, settings):
    settings.SITE_URL = "https://alert4you.example.nl"
    response = client.post(reverse("password_reset"), {"email": world.pmer_a.email}, HTTP_HOST="127.0.0.1")
    assert response.status_code == 302
    [message] = [m for m in mail.outbox if world.pmer_a.email in m.to]
    links = re.findall(r"https?://\S+", message.body)
    assert links and all(link.startswith("https://alert4you.example.nl/password-reset/") for link in links)
    path = links[0].removeprefix(settings.SITE_URL)
    opened = client.get(path)
    assert opened.status_code == 302 and client.get(opened["Location"]).status_code == 200


def admin_text(client, url):
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<script.*?</script>|<style.*?</style>|<[^>]+>", " ", html, flags=re.S))


def test_the_admin_speaks_dutch_to_screen_readers_too_and_says_je(world, client_for):
    client = client_for(world.functional_administrator)
    index = admin_text(client, "/admin/")
    # Django 5.2's table headings for screen readers are not in its Dutch catalog yet.
    for english in ("Model name", "Add link", "Change or view list link"):
        assert english not in index
    change = admin_text(client, f"/admin/accounts/user/{world.pmer_a.pk}/change/")
    assert not re.search(r"\b(U|Uw|u|uw)\b", change), re.findall(r".{40}\b(?:U|Uw|u|uw)\b.{40}", change)
    add = admin_text(client, "/admin/accounts/user/add/")
    assert "After you" not in add


def test_the_user_list_filters_on_what_matters_not_on_staff_flags(world, client_for):
    listing = admin_text(client_for(world.functional_administrator), "/admin/accounts/user/")
    assert "stafstatus" not in listing and "supergebruiker" not in listing


LOGIN_ODD = ["²", "99999999999999999999", "9999-12-31", "0001-01-01", "", "//evil.example/", "javascript:alert(1)",
             "x" * 3000, "\x00", "/\\evil.example"]


@pytest.mark.parametrize("value", LOGIN_ODD)
def test_the_login_pages_take_any_next_value_without_a_server_error(world, client, unverified_client_for, value):
    assert client.get(reverse("login"), {"next": value}).status_code == 200
    response = client.post(f"{reverse('login')}?next=x", {"username": world.pmer_a.username, "password": "fout",
                                                         "next": value})
    assert response.status_code == 200
    assert client.get(reverse("password_reset"), {"next": value}).status_code == 200
    session = unverified_client_for(world.pmer_a)
    for name in ("second_factor_verify", "second_factor_setup"):
        response = session.get(reverse(name), {"next": value})
        assert response.status_code in (200, 302), (name, value)
        if response.status_code == 302:
            assert not response["Location"].startswith(("//", "http", "javascript"))


@pytest.mark.parametrize("uid, token", [("²", "x"), ("MTE", "x" * 500), ("99999999999999999999", "a-b")])
def test_an_odd_reset_link_says_the_link_is_invalid(world, client, uid, token):
    response = client.get(reverse("password_reset_confirm", args=[uid, token]), follow=True)
    assert response.status_code == 200
    assert response.context["validlink"] is False


def test_ending_a_membership_asks_first(world, client_for):
    membership = world.pmer_b.memberships.get()
    client = client_for(world.coordinator)
    url = reverse("accounts:membership_end", args=[membership.pk])
    asked = client.post(url, HTTP_ACCEPT_LANGUAGE="nl")
    assert asked.status_code == 200
    html = asked.content.decode()
    assert "Weet je zeker" in html and escape(str(world.pmer_b)) in html
    membership.refresh_from_db()
    assert membership.active
    done = client.post(url, {"confirm": "yes"})
    assert done.status_code == 302
    membership.refresh_from_db()
    assert not membership.active
