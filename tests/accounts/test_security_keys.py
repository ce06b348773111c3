"""Security keys (WebAuthn) as the second factor, server side, with a software key (tests/accounts/soft_key.py).
The same journeys with Chromium's virtual authenticator are in tests/browser/test_login_security.py."""

import json

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp_webauthn.models import WebAuthnCredential

from accounts.models import SecurityEvent, TrustedDevice
from tests.accounts.factories import PASSWORD, totp_code, totp_device_for
from tests.accounts.soft_key import SoftKey

pytestmark = pytest.mark.django_db


def post_json(client, name, body=None, **query):
    url = reverse(name)
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return client.post(url, json.dumps(body) if body is not None else "", content_type="application/json")


def log_in_password(client, user):
    return client.post(reverse("login"), {"username": user.username, "password": PASSWORD})


def register(client, key, **query):
    options = post_json(client, "security_key_register_begin").json()
    return post_json(client, "security_key_register_complete", key.register(options), **query)


def sign_in(client, key, **query):
    options = post_json(client, "security_key_verify_begin").json()
    return post_json(client, "security_key_verify_complete", key.sign(options), **query)


def reaches_children(client) -> bool:
    return client.get(reverse("children:list")).status_code == 200


@pytest.fixture
def keyed(world, django_capture_on_commit_callbacks):
    """pmer_a after choosing a security key at her first login; logged out again."""
    client, key = Client(), SoftKey()
    log_in_password(client, world.pmer_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = register(client, key, next="/children/")
    assert response.status_code == 200, response.content
    client.post(reverse("logout"))
    return client, key


class TestRegistering:
    def test_a_first_key_verifies_the_session_and_comes_with_recovery_codes(
            self, world, client, django_capture_on_commit_callbacks):
        user = world.pmer_a
        assert log_in_password(client, user).url.startswith(reverse("second_factor_setup"))
        client.get(reverse("second_factor_setup"))  # an app set-up begun and then left for a key
        options = post_json(client, "security_key_register_begin").json()
        assert options["rp"] == {"id": "localhost", "name": "Alert4you"}
        with django_capture_on_commit_callbacks(execute=True):
            response = post_json(client, "security_key_register_complete", SoftKey().register(options),
                                 next="/children/")
        assert response.status_code == 200
        assert response.json()["redirect_url"] == reverse("recovery_codes") + "?next=%2Fchildren%2F"
        assert len(client.get(response.json()["redirect_url"]).context["codes"]) == 10
        assert reaches_children(client)
        key = WebAuthnCredential.objects.get(user=user)
        assert key.confirmed and key.name
        assert not user.totpdevice_set.exists()
        event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.SECOND_FACTOR_ADDED)
        assert event.subject_id == user.pk and "security key" in event.detail
        assert [m.to for m in mail.outbox] == [[user.email]]

    def test_with_only_a_password_nobody_adds_a_key_to_an_account_that_has_a_factor(self, world, client):
        """Otherwise a stolen password alone would be enough to add one's own key."""
        totp_device_for(world.pmer_a)
        log_in_password(client, world.pmer_a)
        response = post_json(client, "security_key_register_begin")
        assert response.status_code == 403
        assert not WebAuthnCredential.objects.exists()
        assert not reaches_children(client)

    def test_a_verified_user_adds_a_key_and_keeps_her_recovery_codes(self, world, client_for):
        from accounts.two_factor import recovery_codes_create

        user = world.specialist
        totp_device_for(user)
        codes = recovery_codes_create(user=user)
        client = client_for(user)
        response = register(client, SoftKey())
        assert response.status_code == 200 and response.json()["redirect_url"] == reverse("security")
        assert StaticDevice.objects.get(user=user).token_set.filter(token=codes[0]).exists()
        page = client.get(reverse("security"))
        assert [k.user_id for k in page.context["keys"]] == [user.pk]

    def test_a_key_from_another_site_is_refused(self, world, client):
        log_in_password(client, world.pmer_a)
        options = post_json(client, "security_key_register_begin").json()
        response = post_json(client, "security_key_register_complete",
                             SoftKey().register(options, origin="https://phishing.example"))
        assert response.status_code in (400, 422) and "detail" in response.json()
        assert not WebAuthnCredential.objects.exists()
        assert not reaches_children(client)

    def test_anonymous_is_sent_to_the_login(self, client):
        for name in ("security_key_register_begin", "security_key_register_complete",
                     "security_key_verify_begin", "security_key_verify_complete"):
            response = post_json(client, name)
            assert response.status_code == 302 and response.url.startswith(reverse("login")), name


class TestLoggingInWithAKey:
    def test_the_key_is_the_second_step_after_the_password(self, world, keyed):
        client, key = keyed
        assert log_in_password(client, world.pmer_a).url.startswith(reverse("second_factor_verify"))
        page = client.get(reverse("second_factor_verify"))
        assert page.context["has_key"] and not page.context["has_app"]
        assert 'data-security-key="verify"' in page.content.decode()
        assert "autofocus" not in str(page.context["form"]["token"])  # the key button comes first
        assert not reaches_children(client)
        before = client.session.session_key
        response = sign_in(client, key, next="/children/")
        assert response.status_code == 200 and response.json()["redirect_url"] == "/children/"
        assert client.session.session_key != before
        assert reaches_children(client)
        assert not TrustedDevice.objects.exists()

    def test_a_key_is_no_way_in_without_the_password(self, world, keyed):
        client, key = keyed
        response = post_json(client, "security_key_verify_begin")
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
        assert not reaches_children(client)

    def test_trusting_the_device_with_the_key_skips_it_next_time(self, world, keyed, settings):
        client, key = keyed
        log_in_password(client, world.pmer_a)
        response = sign_in(client, key, trust="1")
        assert f"{settings.TRUSTED_DEVICE_COOKIE}_{world.pmer_a.pk}" in response.cookies
        client.post(reverse("logout"))
        again = log_in_password(client, world.pmer_a)
        assert again.status_code == 302 and again.url == "/"
        assert reaches_children(client)

    def test_a_colleagues_key_does_not_open_her_account(self, world, keyed):
        _, key_a = keyed
        other = Client()
        totp_device_for(world.pmer_b)
        WebAuthnCredential.objects.create(user=world.pmer_b, credential_id=b"b-key", public_key=b"x", confirmed=True)
        log_in_password(other, world.pmer_b)
        response = sign_in(other, key_a)
        assert response.status_code in (400, 403) and "detail" in response.json()
        assert not reaches_children(other)

    def test_a_signature_is_not_accepted_twice(self, world, keyed):
        client, key = keyed
        log_in_password(client, world.pmer_a)
        options = post_json(client, "security_key_verify_begin").json()
        signed = key.sign(options)
        assert post_json(client, "security_key_verify_complete", signed).status_code == 200
        client.post(reverse("logout"))
        log_in_password(client, world.pmer_a)
        replay = post_json(client, "security_key_verify_complete", signed)
        assert replay.status_code == 400 and "detail" in replay.json()
        assert not reaches_children(client)

    def test_garbage_is_refused_with_a_message(self, world, keyed):
        client, key = keyed
        log_in_password(client, world.pmer_a)
        post_json(client, "security_key_verify_begin")
        response = client.post(reverse("security_key_verify_complete"), "{not json",
                               content_type="application/json")
        assert response.status_code == 400 and response.json()["detail"]
        assert not reaches_children(client)

    def test_a_recovery_code_still_works_without_the_key(self, world, keyed):
        client, key = keyed
        from accounts.two_factor import recovery_codes_create

        code = recovery_codes_create(user=world.pmer_a)[0]
        log_in_password(client, world.pmer_a)
        page = client.get(reverse("second_factor_verify"))
        assert str(page.context["form"]["token"].label) != "Code"  # she has no app: it asks for a recovery code
        response = client.post(reverse("second_factor_verify"), {"token": code})
        assert response.status_code == 302 and reaches_children(client)


class TestRemovingAndResetting:
    def test_she_removes_a_key_when_another_factor_remains(self, world, keyed, client_for,
                                                           django_capture_on_commit_callbacks):
        user = world.pmer_a
        device = totp_device_for(user)
        client = client_for(user)
        key = WebAuthnCredential.objects.get(user=user)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("security_key_remove", args=[key.pk]), follow=True)
        assert response.status_code == 200 and not WebAuthnCredential.objects.exists()
        assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.SECOND_FACTOR_REMOVED, subject_id=user.pk).exists()
        assert mail.outbox[-1].to == [user.email]
        assert totp_code(device)

    def test_the_last_factor_cannot_be_removed(self, world, keyed):
        client, soft_key = keyed
        log_in_password(client, world.pmer_a)
        assert sign_in(client, soft_key).status_code == 200
        key = WebAuthnCredential.objects.get(user=world.pmer_a)
        response = client.post(reverse("security_key_remove", args=[key.pk]), follow=True)
        assert WebAuthnCredential.objects.filter(pk=key.pk).exists()
        assert [m.level_tag for m in response.context["messages"]] == ["error"]
        assert "enige tweede factor" in response.content.decode()

    def test_nobody_removes_a_colleagues_key(self, world, keyed, client_for):
        key = WebAuthnCredential.objects.get(user=world.pmer_a)
        other = client_for(world.pmer_b)
        assert other.post(reverse("security_key_remove", args=[key.pk])).status_code == 404
        assert WebAuthnCredential.objects.filter(pk=key.pk).exists()

    def test_removing_needs_a_verified_login(self, world, keyed, unverified_client_for, client):
        key = WebAuthnCredential.objects.get(user=world.pmer_a)
        assert client.post(reverse("security_key_remove", args=[key.pk])).url.startswith(reverse("login"))
        unverified = unverified_client_for(world.pmer_a)
        response = unverified.post(reverse("security_key_remove", args=[key.pk]))
        assert response.url.startswith(reverse("second_factor_verify"))
        assert WebAuthnCredential.objects.filter(pk=key.pk).exists()

    def test_a_factor_reset_removes_her_keys(self, world, keyed):
        from accounts.two_factor import second_factors_reset

        client, _ = keyed
        second_factors_reset(user=world.pmer_a, by=world.functional_administrator)
        assert not WebAuthnCredential.objects.exists()
        assert log_in_password(client, world.pmer_a).url.startswith(reverse("second_factor_setup"))


def test_production_binds_keys_to_its_own_https_host(tmp_path):
    """Without WEBAUTHN_* set, keys belong to the first allowed host and are accepted over HTTPS only."""
    import subprocess
    import sys

    from tests.deployment.production import production_env
    from tests.deployment.test_compose import REPO

    env = production_env(tmp_path / "var", "postgres://alert4you:unused@127.0.0.1:9/alert4you",
                         hosts="alert4you.example.nl,www.alert4you.example.nl")
    env["CELERY_BROKER_URL"] = "redis://127.0.0.1:9/0"
    code = ("from django.conf import settings as s; "
            "print(s.OTP_WEBAUTHN_RP_ID, ' '.join(s.OTP_WEBAUTHN_ALLOWED_ORIGINS), "
            "s.OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN)")
    result = subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == ["alert4you.example.nl", "https://alert4you.example.nl",
                                     "https://www.alert4you.example.nl", "False"]


def test_asvs_7_4_3_removing_a_key_ends_her_other_sessions(world, keyed, client_for):
    """She lost a key and removes it on her phone: the session on the tablet (where the key may have
    been used by someone else) ends; the phone stays logged in."""
    from tests.conftest import verify_second_factor

    user = world.pmer_a
    totp_device_for(user)
    tablet = Client()
    tablet.force_login(user)
    verify_second_factor(tablet, user)
    assert tablet.get(reverse("home")).status_code == 200
    phone = client_for(user)
    key = WebAuthnCredential.objects.get(user=user)
    assert phone.post(reverse("security_key_remove", args=[key.pk])).status_code == 302
    assert phone.get(reverse("home")).status_code == 200
    response = tablet.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
