"""Permissions-Policy (issue 15, item 7): the browser features the app never uses are off for it and
for anything it might frame; only WebAuthn (the security key) stays on, for the app's own origin.
Checked on every kind of response: a page, the login page, a redirect, 400, 403, 404, 500, JSON,
a calendar feed, the admin and (over gunicorn) a static file."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Role
from tests.accounts.factories import member

pytestmark = pytest.mark.django_db

OFF = ["camera", "microphone", "geolocation", "payment", "usb", "serial", "hid", "midi",
       "display-capture", "clipboard-read", "accelerometer", "gyroscope", "magnetometer", "browsing-topics",
       "interest-cohort", "xr-spatial-tracking", "idle-detection", "screen-wake-lock", "otp-credentials"]
SELF_ONLY = ["publickey-credentials-get", "publickey-credentials-create"]


def assert_policy(response):
    header = response.headers.get("Permissions-Policy")
    assert header, f"no Permissions-Policy on a {response.status_code} response"
    directives = dict(part.strip().split("=", 1) for part in header.split(","))
    for feature in OFF:
        assert directives.get(feature) == "()", f"{feature}: {directives.get(feature)}"
    for feature in SELF_ONLY:
        assert directives.get(feature) == "(self)", f"{feature}: {directives.get(feature)}"


def test_the_policy_on_a_page_a_redirect_and_the_login_page(world, client_for):
    anonymous = Client()
    redirect = anonymous.get(reverse("home"))
    assert redirect.status_code == 302
    assert_policy(redirect)
    login = anonymous.get(reverse("login"))
    assert login.status_code == 200
    assert_policy(login)
    page = client_for(world.pmer_a).get(reverse("home"))
    assert page.status_code == 200
    assert_policy(page)


def test_the_policy_on_refusals(world, client_for):
    client = client_for(world.pmer_a)
    refused = client.get(reverse("audit:event_list"))
    assert refused.status_code == 403
    assert_policy(refused)
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404
    assert_policy(missing)
    bad_host = Client(HTTP_HOST="evil.example").get(reverse("health"))
    assert bad_host.status_code == 400
    assert_policy(bad_host)


@pytest.mark.urls("tests.alert4you.urls_failing")
def test_the_policy_on_the_500_page(world):
    response = Client(raise_request_exception=False).get("/failing/")
    assert response.status_code == 500
    assert_policy(response)


def test_the_policy_on_json_a_calendar_feed_and_the_admin(world, client_for):
    from scheduling.services import feed_renew

    health = Client().get(reverse("health"))
    assert health["Content-Type"] == "application/json"
    assert_policy(health)
    nurse = member(Role.YOUTH_NURSE)
    feed = feed_renew(professional=nurse, by=nurse)
    calendar = Client().get(reverse("scheduling:feed", args=[feed.token]))
    assert calendar.status_code == 200
    assert calendar["Content-Type"].startswith("text/calendar")
    assert_policy(calendar)
    admin = client_for(world.functional_administrator).get(reverse("admin:accounts_user_add"))
    assert admin.status_code == 200
    assert_policy(admin)
