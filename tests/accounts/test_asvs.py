"""OWASP ASVS 5.0 level 2 requirements of V6 (authentication) and V7 (sessions) that no other test
proved yet (docs/security/asvs.md points here, requirement by requirement)."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from accounts.models import Role, User
from tests.accounts.factories import PASSWORD, member, totp_code, totp_device_for
from tests.conftest import verify_second_factor

pytestmark = pytest.mark.django_db


def log_in_with_password(client, user, password=PASSWORD):
    return client.post(reverse("login"), {"username": user.username, "password": password})


def test_v6_2_8_v6_2_9_a_long_password_is_accepted_and_checked_exactly(world, client_for):
    """80 characters of any kind are accepted, and only exactly those let her in: not upper-cased,
    not cut short at 72 (where bcrypt would stop), not with a space added."""
    client = client_for(world.pmer_a)
    long_password = "Mijn Fiets staat bij de Vecht, al sinds 2019 — en de bel doet het niet meer! 12345"
    assert len(long_password) >= 80
    response = client.post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": long_password, "new_password2": long_password})
    assert response.status_code == 302
    for wrong in (long_password.upper(), long_password[:72], long_password + " "):
        assert log_in_with_password(Client(), world.pmer_a, wrong).status_code == 200  # the form again
    # From another tablet: three wrong tries slow down this (username, address) pair (accounts/throttling.py).
    response = log_in_with_password(Client(REMOTE_ADDR="10.0.0.2"), world.pmer_a, long_password)
    assert response.status_code == 302 and response.url.startswith(reverse("second_factor_verify"))


def test_v6_2_6_v6_2_7_password_fields_are_masked_and_pasting_is_allowed(world, client_for, client):
    pages = [client.get(reverse("login")).content.decode(),
             client_for(world.pmer_a).get(reverse("password_change")).content.decode()]
    for html in pages:
        fields = re.findall(r"<input[^>]*name=\"(?:password|old_password|new_password\d)\"[^>]*>", html)
        assert fields
        for field in fields:
            assert 'type="password"' in field
            # A password manager may fill it and she may paste into it.
            assert "onpaste" not in field and 'autocomplete="off"' not in field


def test_v6_3_2_a_fresh_install_has_no_accounts():
    """No migration creates a default account (admin, root): the first one is made on purpose."""
    assert User.objects.count() == 0


def test_v6_5_1_a_code_from_the_app_works_once(world):
    device = totp_device_for(world.pmer_a)
    code = totp_code(device)
    assert device.verify_token(code)
    device.refresh_from_db()
    assert not device.verify_token(code)


def test_v6_5_5_the_apps_code_lives_one_30_second_step():
    from django_otp.plugins.otp_totp.models import TOTPDevice

    assert TOTPDevice._meta.get_field("step").default == 30


def test_v7_2_4_logging_in_gives_a_new_session(world):
    client = Client()
    client.get(reverse("login"))
    session = client.session
    session["seen_login_page"] = True  # an anonymous session exists before the login
    session.save()
    before = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert log_in_with_password(client, world.pmer_a).status_code == 302
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before
    # The old key opens nothing.
    stale = Client()
    stale.cookies[settings.SESSION_COOKIE_NAME] = before
    assert stale.get(reverse("home")).status_code == 302


def test_v7_4_1_logging_out_ends_the_session_on_the_server(world, client_for):
    client = client_for(world.pmer_a)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert client.get(reverse("home")).status_code == 200
    client.post(reverse("logout"))
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = key
    response = replay.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_v7_4_2_v7_4_5_a_deactivated_colleague_is_out_at_once(world, client_for):
    """The functional administrator switches an account off (the admin's "active" box): her open
    session ends on her next click."""
    client = client_for(world.pmer_a)
    assert client.get(reverse("home")).status_code == 200
    User.objects.filter(pk=world.pmer_a.pk).update(is_active=False)
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_v7_4_3_a_new_password_ends_her_other_sessions(world):
    tablet, phone = Client(), Client()
    for client in (tablet, phone):
        client.force_login(world.pmer_a)
        verify_second_factor(client, world.pmer_a)
        assert client.get(reverse("home")).status_code == 200
    new = "een heel ander wachtwoord"
    assert phone.post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": new, "new_password2": new}).status_code == 302
    assert phone.get(reverse("home")).status_code == 200
    response = tablet.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role", [Role.CHILDCARE_WORKER, Role.SPECIALIST, Role.YOUTH_NURSE, Role.COORDINATOR,
                                  Role.PRIVACY_OFFICER, Role.PROGRAMME_COORDINATOR, Role.FUNCTIONAL_ADMINISTRATOR])
def test_v7_4_4_every_home_page_offers_logout(world, client_for, role):
    user = {Role.CHILDCARE_WORKER: world.pmer_a, Role.COORDINATOR: world.coordinator,
            Role.PRIVACY_OFFICER: world.privacy_officer}.get(role) or member(role)
    html = client_for(user).get(reverse("home")).content.decode()
    assert f'action="{reverse("logout")}"' in html


def test_v14_2_2_no_page_is_kept_in_a_server_cache():
    """No per-site or per-view cache middleware: a page with a child's name is never stored in
    Redis or a proxy (pages are sent no-store too)."""
    assert not [m for m in settings.MIDDLEWARE if "cache" in m.lower()]


def test_v16_4_1_a_forged_line_in_an_address_stays_on_its_own_line_in_the_log(world, caplog):
    """A visitor who puts a line break in the address (%0A) cannot add a line of her own to the log
    (Django escapes the path in its request log since 5.2.2)."""
    import logging

    with caplog.at_level(logging.INFO):
        response = Client().get("/nergens%0A2026-01-01 INFO Login geslaagd voor admin/")
    assert response.status_code == 404
    records = [r for r in caplog.records if r.name == "django.request"]
    assert records
    for record in records:
        assert "\n" not in record.getMessage() and "\r" not in record.getMessage()
        assert "\\n2026-01-01" in record.getMessage()


def test_v16_2_1_v16_2_2_an_audit_row_says_who_what_when_and_where_in_utc(world, client_for):
    from django.db import connection

    from audit.models import AuditEvent

    client_for(world.pmer_a).get(reverse("children:detail", args=[world.children_a[0].pk]),
                                 REMOTE_ADDR="10.1.2.3", HTTP_USER_AGENT="Tablet groep Dreumesen")
    row = AuditEvent.objects.filter(child_id=world.children_a[0].pk).latest("pk")
    assert row.actor_id == world.pmer_a.pk and row.role and row.action and row.part
    assert row.ip_address == "10.1.2.3" and row.user_agent == "Tablet groep Dreumesen" and row.path
    with connection.cursor() as cursor:
        cursor.execute("SELECT data_type FROM information_schema.columns WHERE table_name = %s AND column_name = 'at'",
                       [AuditEvent._meta.db_table])
        assert cursor.fetchone()[0] == "timestamp with time zone"  # an instant, shown in any zone


def test_v7_2_4_the_second_factor_gives_a_new_session_too(world):
    client = Client()
    log_in_with_password(client, world.pmer_a)
    after_password = client.cookies[settings.SESSION_COOKIE_NAME].value
    device = totp_device_for(world.pmer_a)
    response = client.post(reverse("second_factor_verify"), {"token": totp_code(device)})
    assert response.status_code == 302
    after_second_factor = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after_second_factor != after_password
    assert len(after_second_factor) == 32  # Django's 32 random [a-z0-9] characters: about 165 bits


def test_v6_4_3_a_password_reset_does_not_skip_the_second_factor(world, client, mailoutbox):
    totp_device_for(world.pmer_a)  # she has her app
    client.post(reverse("password_reset"), {"email": world.pmer_a.email})
    link = re.search(r"https?://[^/]+(/password-reset/\S+/)", mailoutbox[-1].body).group(1)
    form_url = client.get(link).url
    new = "een nieuw en lang wachtwoord"
    assert client.post(form_url, {"new_password1": new, "new_password2": new}).status_code == 302
    # Not logged in by the reset; the new password leads to the second-factor step, not to a page.
    assert client.get(reverse("home")).url.startswith(reverse("login"))
    response = log_in_with_password(Client(), world.pmer_a, new)
    assert response.url.startswith(reverse("second_factor_verify"))


def test_v6_5_4_recovery_codes_carry_at_least_20_bits(world):
    from accounts.two_factor import recovery_codes_create

    codes = recovery_codes_create(user=world.pmer_a)
    assert len(codes) == settings.RECOVERY_CODE_COUNT and len(set(codes)) == len(codes)
    for code in codes:
        alphabet = set("abcdefghijklmnopqrstuvwxyz234567")
        assert len(code) >= 8 and set(code.lower()) <= alphabet  # 8 base32 characters: 40 bits


def test_v14_3_3_the_apps_scripts_keep_nothing_in_browser_storage():
    from pathlib import Path

    scripts = list((Path(settings.BASE_DIR) / "static" / "js").glob("*.js"))
    assert scripts
    for script in scripts:
        text = script.read_text()
        for storage in ("localStorage", "sessionStorage", "indexedDB", "document.cookie"):
            assert storage not in text, f"{script.name} uses {storage}"


def test_v16_2_3_logs_go_only_where_the_inventory_says():
    """docs/security/asvs.md, log inventory: the console (the container's output) and the database."""
    handlers = {h["class"] for h in settings.LOGGING["handlers"].values()}
    assert handlers == {"logging.StreamHandler"}


def test_v16_2_5_a_failed_login_does_not_log_the_password(world, caplog):
    import logging

    secret = "mijn-geheime-wachtwoord-123"
    with caplog.at_level(logging.DEBUG):
        response = log_in_with_password(Client(), world.pmer_a, secret)
    assert response.status_code == 200
    assert caplog.records  # the failure is logged (django-axes) ...
    assert not [r for r in caplog.records if secret in r.getMessage()]  # ... without the password


@pytest.mark.parametrize("password", ["Alert4you2026!!", "hoogeveen-hoogeveen", "Jeugdverpleegkundige1",
                                      "Peuteropvang Het Palet 1"])
def test_v6_1_2_v6_2_11_a_password_made_of_the_programmes_own_words_is_refused(world, client_for, password):
    """Words anyone near the programme would guess: the product, the municipalities, organisations and
    locations in the app, the roles (settings.PASSWORD_CONTEXT_WORDS and the organisation names)."""
    from organisations.models import Location

    Location.objects.filter(pk=world.location_a.pk).update(name="Peuteropvang Het Palet")
    response = client_for(world.pmer_a).post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": password, "new_password2": password})
    assert response.status_code == 200
    assert "programma" in str(response.context["form"].errors["new_password2"])


def test_v6_2_11_a_sentence_that_mentions_a_word_of_the_programme_is_fine(world, client_for):
    password = "ik fiets elke ochtend naar hoogeveen langs het kanaal"
    response = client_for(world.pmer_a).post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": password, "new_password2": password})
    assert response.status_code == 302
