"""Login security (issue 4): second factor before any page, trusted devices, throttling per
(username, address), sessions that end, password reset, and the security log."""

import re
from datetime import datetime, timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.access import DECLARED_NAMESPACES, access_rule_of
from accounts.models import Role, SecurityEvent, TrustedDevice
from accounts.sessions import LAST_SEEN, LOGIN_AT
from tests.accounts.factories import PASSWORD, UserFactory, member, totp_code, totp_device_for
from tests.test_access_rules import all_patterns

pytestmark = pytest.mark.django_db

OPEN_RULES = {"public", "second_factor_step"}


DUMMY = {"StringConverter": "x", "SlugConverter": "x", "PathConverter": "x",
         "UUIDConverter": "00000000-0000-0000-0000-000000000000"}


def protected_paths():
    """A concrete path for every route that is not public, with 1 (or "x") for each parameter."""
    paths, unnamed = [], []
    for pattern, namespaces in all_patterns():
        if DECLARED_NAMESPACES & set(namespaces) or access_rule_of(pattern.callback) in OPEN_RULES:
            continue
        if not pattern.name:
            unnamed.append(str(pattern.pattern))
            continue
        converters = getattr(pattern.pattern, "converters", {})
        kwargs = {key: DUMMY.get(type(conv).__name__, 1) for key, conv in converters.items()}
        paths.append(reverse(":".join((*namespaces, pattern.name)), kwargs=kwargs))
    assert unnamed == [], "every protected route needs a name so that this test can reach it"
    return sorted(set(paths))


def every_role_user(world):
    """One user holding every role, so that no page refuses her for her role."""
    user = world.pmer_a
    member(Role.COORDINATOR, user=user, municipality=world.municipality)
    member(Role.PRIVACY_OFFICER, user=user, municipality=world.municipality)
    for role in (Role.SPECIALIST, Role.YOUTH_NURSE, Role.PROGRAMME_COORDINATOR, Role.FUNCTIONAL_ADMINISTRATOR):
        member(role, user=user)
    member(Role.SAFEGUARDING_OFFICER, user=user, childcare_organisation=world.location_a.organisation)
    return user


class TestSecondFactorBeforeAnyPage:
    def test_every_protected_url_sends_an_unverified_user_to_the_second_factor_step(
            self, world, unverified_client_for):
        client = unverified_client_for(every_role_user(world))
        paths = protected_paths()
        assert len(paths) >= 10 and "/children/" in paths and "/" in paths
        verify = reverse("second_factor_verify")
        reached = []
        for path in paths:
            for method in (client.get, client.post):
                response = method(path)
                if response.status_code == 405:
                    continue
                if not (response.status_code == 302 and response.url.startswith(verify + "?next=")):
                    reached.append((method.__name__, path, response.status_code))
        assert reached == []

    def test_the_admin_also_needs_the_second_factor(self, world, unverified_client_for, client_for):
        response = unverified_client_for(world.functional_administrator).get("/admin/")
        assert response.status_code == 302
        assert response.url.startswith(reverse("login")) or response.url.startswith("/admin/login/")
        follow = unverified_client_for(world.functional_administrator).get("/admin/login/?next=/admin/")
        assert follow.status_code == 302 and follow.url.startswith(reverse("second_factor_verify"))

    def test_anonymous_admin_login_uses_the_app_login(self, client):
        response = client.get("/admin/login/?next=/admin/")
        assert response.status_code == 302 and response.url.startswith(reverse("login"))

    def test_a_verified_user_reaches_her_pages(self, world, client_for):
        assert client_for(world.pmer_a).get(reverse("children:list")).status_code == 200

    def test_logout_works_before_the_second_factor(self, world, unverified_client_for):
        client = unverified_client_for(world.pmer_a)
        assert client.post(reverse("logout")).status_code == 302
        assert "_auth_user_id" not in client.session


def log_in_password(client, user, password=PASSWORD, **extra):
    return client.post(reverse("login"), {"username": user.username, "password": password}, **extra)


class TestSettingUpTheApp:
    def test_first_login_sets_up_the_app_and_shows_recovery_codes_once(
            self, world, client, django_capture_on_commit_callbacks):
        user = world.pmer_a
        response = log_in_password(client, user)
        assert response.url == reverse("second_factor_setup") + "?next=%2F"
        page = client.get(response.url)
        html = page.content.decode()
        assert 'src="data:image/svg+xml' in html and page.context["secret"]
        device = TOTPDevice.objects.get(user=user, confirmed=False)
        assert client.get(response.url).context["secret"] == page.context["secret"]  # same app on a reload

        wrong = client.post(response.url, {"token": "000000" if totp_code(device) != "000000" else "111111"})
        assert wrong.status_code == 200 and "token" in wrong.context["form"].errors
        assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        assert client.get(reverse("children:list")).status_code == 302

        # After a wrong code the app is throttled for a second (django-otp); let it pass.
        TOTPDevice.objects.filter(pk=device.pk).update(
            throttling_failure_timestamp=timezone.now() - timedelta(seconds=10))
        with django_capture_on_commit_callbacks(execute=True):
            done = client.post(response.url, {"token": totp_code(device)})
        assert done.status_code == 302 and done.url.startswith(reverse("recovery_codes"))
        codes = client.get(done.url).context["codes"]
        assert len(codes) == 10 and len(set(codes)) == 10
        assert client.get(reverse("recovery_codes")).context["codes"] is None
        assert client.get(reverse("children:list")).status_code == 200
        assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.SECOND_FACTOR_ADDED, subject_id=user.pk).exists()
        assert [m.to for m in mail.outbox] == [[user.email]]
        assert "authenticator" in mail.outbox[0].body

    def test_a_recovery_code_works_once(self, world, client):
        user = world.pmer_a
        totp_device_for(user)
        from accounts.two_factor import recovery_codes_create

        code = recovery_codes_create(user=user)[0]
        log_in_password(client, user)
        response = client.post(reverse("second_factor_verify"), {"token": code})
        assert response.status_code == 302 and response.url == "/"
        assert not StaticToken.objects.filter(token=code).exists()
        assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.RECOVERY_CODE_USED).count() == 1
        client.post(reverse("logout"))
        log_in_password(client, user)
        again = client.post(reverse("second_factor_verify"), {"token": code})
        assert again.status_code == 200 and "token" in again.context["form"].errors

    def test_a_user_with_an_app_cannot_set_up_another_before_verifying(self, world, client):
        totp_device_for(world.pmer_a)
        log_in_password(client, world.pmer_a)
        response = client.get(reverse("second_factor_setup"))
        assert response.status_code == 302 and response.url.startswith(reverse("second_factor_verify"))


class TestTrustedDevice:
    def verify(self, client, user, trust):
        device = totp_device_for(user)
        log_in_password(client, user)
        return client.post(reverse("second_factor_verify"), {"token": totp_code(device), "trust_device": trust})

    def test_a_trusted_browser_skips_the_code_and_an_untrusted_one_does_not(self, world, client, settings):
        user = world.pmer_a
        response = self.verify(client, user, "on")
        cookie = response.cookies[f"{settings.TRUSTED_DEVICE_COOKIE}_{user.pk}"]
        assert cookie["httponly"] and int(cookie["max-age"]) == 30 * 24 * 3600
        trusted = TrustedDevice.objects.get(user=user)
        assert cookie.value and trusted.secret_hash not in cookie.value
        client.post(reverse("logout"))

        again = log_in_password(client, user)
        assert again.status_code == 302 and again.url == "/"
        assert client.get(reverse("children:list")).status_code == 200

        from django.test import Client

        other_browser = Client()
        assert log_in_password(other_browser, user).url.startswith(reverse("second_factor_verify"))

    def test_not_marked_means_asked_every_time(self, world, client):
        user = world.pmer_a
        self.verify(client, user, "")
        assert not TrustedDevice.objects.exists()
        client.post(reverse("logout"))
        assert log_in_password(client, user).url.startswith(reverse("second_factor_verify"))

    def test_the_trust_expires(self, world, client):
        user = world.pmer_a
        self.verify(client, user, "on")
        client.post(reverse("logout"))
        TrustedDevice.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
        assert log_in_password(client, user).url.startswith(reverse("second_factor_verify"))

    def test_the_cookie_of_one_user_does_not_trust_another(self, world, client, settings):
        self.verify(client, world.pmer_a, "on")
        client.post(reverse("logout"))
        value = client.cookies[f"{settings.TRUSTED_DEVICE_COOKIE}_{world.pmer_a.pk}"].value
        client.cookies[f"{settings.TRUSTED_DEVICE_COOKIE}_{world.pmer_b.pk}"] = value
        totp_device_for(world.pmer_b)
        assert log_in_password(client, world.pmer_b).url.startswith(reverse("second_factor_verify"))

    def test_revoking_on_the_security_page_asks_the_code_again(self, world, client):
        user = world.pmer_a
        self.verify(client, user, "on")
        device = TrustedDevice.objects.get()
        page = client.get(reverse("security"))
        assert list(page.context["devices"]) == [device]
        client.post(reverse("trusted_device_revoke", args=[device.pk]))
        client.post(reverse("logout"))
        assert log_in_password(client, user).url.startswith(reverse("second_factor_verify"))
        assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.TRUSTED_DEVICE_REVOKED).exists()

    def test_nobody_revokes_another_users_device(self, world, client_for, client):
        self.verify(client, world.pmer_a, "on")
        device = TrustedDevice.objects.get()
        other = client_for(world.pmer_b)
        assert other.post(reverse("trusted_device_revoke", args=[device.pk])).status_code == 404
        device.refresh_from_db()
        assert device.revoked_at is None

    def test_a_factor_reset_revokes_trust_and_asks_for_a_new_app(self, world, client):
        from accounts.two_factor import second_factors_reset

        user = world.pmer_a
        self.verify(client, user, "on")
        client.post(reverse("logout"))
        second_factors_reset(user=user, by=world.functional_administrator)
        assert TrustedDevice.objects.get().revoked_at is not None
        assert log_in_password(client, user).url.startswith(reverse("second_factor_setup"))


class TestThrottling:
    def fail(self, client, user, address):
        return log_in_password(client, user, "verkeerd-wachtwoord", REMOTE_ADDR=address)

    def test_wrong_passwords_slow_down_then_block_the_pair_but_not_the_user_elsewhere(self, world, client, settings):
        user = world.pmer_a
        totp_device_for(user)
        for _ in range(settings.LOGIN_SLOWDOWN_AFTER):
            assert self.fail(client, user, "10.0.0.1").status_code == 200
        slowed = log_in_password(client, user, REMOTE_ADDR="10.0.0.1")
        assert slowed.status_code == 200  # even the right password has to wait now
        message = slowed.context["form"].non_field_errors()[0]
        assert re.search(r"\b5 seconden\b", message)
        assert "_auth_user_id" not in client.session

        # The waits grow: 5 s, 10 s, 20 s ...; pretend each one has passed before the next try.
        waits = []
        for _ in range(settings.AXES_FAILURE_LIMIT - settings.LOGIN_SLOWDOWN_AFTER):
            from accounts.throttling import login_wait_seconds

            waits.append(login_wait_seconds(username=user.username, ip_address="10.0.0.1"))
            AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=10))
            response = self.fail(client, user, "10.0.0.1")
        assert waits == sorted(waits) and waits[0] < waits[-1]
        assert response.status_code == 429
        assert "geblokkeerd" in response.content.decode()
        AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=10))
        assert log_in_password(client, user, REMOTE_ADDR="10.0.0.1").status_code == 429

        elsewhere = log_in_password(client, user, REMOTE_ADDR="10.0.0.2")
        assert elsewhere.status_code == 302 and elsewhere.url.startswith(reverse("second_factor_verify"))
        events = SecurityEvent.objects.filter(kind=SecurityEvent.Kind.LOCKED_OUT)
        assert events.count() == 1 and events.get().subject_id == user.pk

    def test_the_lockout_ends_after_the_cool_off(self, world, client, settings):
        user = world.pmer_a
        AccessAttempt.objects.create(username=user.username, ip_address="10.0.0.1", user_agent="<unknown>",
                                     failures_since_start=settings.AXES_FAILURE_LIMIT, get_data="", post_data="",
                                     http_accept="", path_info="/login/")
        assert log_in_password(client, user, REMOTE_ADDR="10.0.0.1").status_code == 429
        AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1))
        response = log_in_password(client, user, REMOTE_ADDR="10.0.0.1")
        assert response.status_code == 302, response.context["form"].errors

    def test_a_functional_administrator_sees_and_lifts_a_lockout(self, world, client, client_for, settings):
        user = world.pmer_a
        attempt = AccessAttempt.objects.create(
            username=user.username, ip_address="10.0.0.1", user_agent="<unknown>",
            failures_since_start=settings.AXES_FAILURE_LIMIT, get_data="", post_data="", http_accept="",
            path_info="/login/")
        assert log_in_password(client, user, REMOTE_ADDR="10.0.0.1").status_code == 429
        admin = client_for(world.functional_administrator)
        listing = admin.get("/admin/axes/accessattempt/")
        assert listing.status_code == 200 and user.username in listing.content.decode()
        admin.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
        assert not AccessAttempt.objects.exists()
        lifted = SecurityEvent.objects.get(kind=SecurityEvent.Kind.LOCKOUT_LIFTED)
        assert lifted.actor_id == world.functional_administrator.pk and lifted.subject_id == user.pk
        events = admin.get("/admin/accounts/securityevent/")
        assert events.status_code == 200 and "Inlogblokkade opgeheven" in events.content.decode()

    @pytest.mark.parametrize("role", ["pmer_a", "coordinator", "privacy_officer"])
    def test_other_roles_do_not_see_the_lockouts_or_the_security_log(self, world, client_for, role):
        client = client_for(getattr(world, role))
        assert client.get("/admin/axes/accessattempt/").status_code == 302
        assert client.get("/admin/accounts/securityevent/").status_code == 302


class TestSessionsEnd:
    def age(self, client, **seconds_ago):
        session = client.session
        now = int(timezone.now().timestamp())
        for key, ago in seconds_ago.items():
            session[key] = now - ago
        session.save()

    def test_an_idle_session_on_a_shared_device_ends_after_15_minutes(self, world, client_for):
        client = client_for(world.pmer_a)
        self.age(client, **{LAST_SEEN: 14 * 60})
        assert client.get(reverse("children:list")).status_code == 200
        self.age(client, **{LAST_SEEN: 15 * 60 + 1})
        response = client.get(reverse("children:list"))
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
        assert "_auth_user_id" not in client.session
        assert client.get(reverse("home")).url.startswith(reverse("login"))

    def test_on_a_trusted_device_it_ends_after_60_minutes(self, world, client_for):
        client = client_for(world.pmer_a)
        session = client.session
        session["trusted_device_id"] = 1
        session.save()
        self.age(client, **{LAST_SEEN: 59 * 60})
        assert client.get(reverse("children:list")).status_code == 200
        self.age(client, **{LAST_SEEN: 60 * 60 + 1})
        assert client.get(reverse("children:list")).status_code == 302

    def test_the_absolute_limit_ends_even_a_busy_session(self, world, client_for):
        client = client_for(world.pmer_a)
        self.age(client, **{LOGIN_AT: 10 * 3600 + 1, LAST_SEEN: 5})
        assert client.get(reverse("children:list")).status_code == 302

    def test_pages_are_not_kept_by_the_browser(self, world, client_for):
        response = client_for(world.pmer_a).get(reverse("children:list"))
        assert "no-store" in response["Cache-Control"]

    def test_the_page_knows_when_to_warn(self, world, client_for):
        html = client_for(world.pmer_a).get(reverse("home")).content.decode()
        assert 'data-idle-seconds="900"' in html and 'data-idle-warning="60"' in html
        assert 'id="idle-warning"' in html and "js/idle.js" in html

    def test_pages_within_half_a_minute_do_not_rewrite_the_session(self, world, client_for):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client = client_for(world.pmer_a)
        self.age(client, **{LAST_SEEN: 10})
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("children:list")).status_code == 200
        assert not [q for q in queries if q["sql"].startswith("UPDATE") and "django_session" in q["sql"]]
        assert client.session[LAST_SEEN] == int(timezone.now().timestamp()) - 10 or \
            client.session[LAST_SEEN] == int(timezone.now().timestamp()) - 11
        self.age(client, **{LAST_SEEN: 31})
        client.get(reverse("children:list"))
        assert client.session[LAST_SEEN] >= int(timezone.now().timestamp()) - 5

    def test_keepalive_counts_as_activity(self, world, client_for, client):
        logged_in = client_for(world.pmer_a)
        self.age(logged_in, **{LAST_SEEN: 14 * 60})
        assert logged_in.get(reverse("session_keepalive")).status_code == 204
        assert logged_in.session[LAST_SEEN] >= int(timezone.now().timestamp()) - 5


class TestPasswordReset:
    def ask(self, client, email):
        return client.post(reverse("password_reset"), {"email": email})

    def link(self):
        return re.search(r"https?://[^/]+(/password-reset/\S+/)", mail.outbox[-1].body).group(1)

    def test_a_reset_link_works_once(self, world, client, django_capture_on_commit_callbacks):
        user = world.pmer_a
        assert self.ask(client, user.email.upper()).url == reverse("password_reset_done")
        assert len(mail.outbox) == 1
        link = self.link()
        form_url = client.get(link).url
        new = "een heel nieuw wachtwoord"
        with django_capture_on_commit_callbacks(execute=True):
            done = client.post(form_url, {"new_password1": new, "new_password2": new})
        assert done.status_code == 302 and done.url == reverse("password_reset_complete")
        user.refresh_from_db()
        assert user.check_password(new)
        notice = mail.outbox[-1]
        assert len(mail.outbox) == 2 and "wachtwoord is gewijzigd" in notice.body and notice.to == [user.email]
        assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.PASSWORD_CHANGED, subject_id=user.pk).exists()

        again = client.get(link, follow=True)
        assert not again.context["validlink"]

    def test_a_reset_link_expires(self, world, client, settings, monkeypatch):
        self.ask(client, world.pmer_a.email)
        link = self.link()
        later = datetime.now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 1)  # noqa: DTZ005 - as Django's
        monkeypatch.setattr(default_token_generator, "_now", lambda: later)
        response = client.get(link, follow=True)
        assert not response.context["validlink"]
        assert "verlopen" in response.content.decode()

    def test_a_new_colleague_without_password_can_choose_one(self, db, client):
        user = UserFactory(email="nieuw@example.org")
        user.set_unusable_password()
        user.save()
        self.ask(client, "nieuw@example.org")
        assert len(mail.outbox) == 1

    def test_an_unknown_address_tells_nothing(self, db, client):
        assert self.ask(client, "niemand@example.org").url == reverse("password_reset_done")
        assert mail.outbox == []

    def test_reset_mails_carry_no_child_data(self, world, client):
        self.ask(client, world.pmer_a.email)
        body = mail.outbox[0].body + mail.outbox[0].subject
        for child in [*world.children_a, world.child_b]:
            assert child.last_name not in body

    @pytest.mark.parametrize(("password", "why"), [
        ("kort-wacht", "12"), ("password1234", "te algemeen"),
    ])
    def test_the_password_policy_is_length_and_not_common(self, world, client, password, why):
        self.ask(client, world.pmer_a.email)
        form_url = client.get(self.link()).url
        response = client.post(form_url, {"new_password1": password, "new_password2": password})
        assert response.status_code == 200
        assert why in str(response.context["form"].errors["new_password2"])

    def test_no_composition_rules(self, world, client):
        self.ask(client, world.pmer_a.email)
        form_url = client.get(self.link()).url
        phrase = "fietsen langs de vecht"  # lower case letters and spaces only
        assert client.post(form_url, {"new_password1": phrase, "new_password2": phrase}).status_code == 302


class TestPasswordChange:
    def test_changing_the_password_sends_a_notice(self, world, client_for, django_capture_on_commit_callbacks):
        client = client_for(world.pmer_a)
        new = "nog een nieuw wachtwoord"
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("password_change"), {
            "old_password": PASSWORD, "new_password1": new, "new_password2": new})
        assert response.status_code == 302 and response.url == reverse("security")
        assert mail.outbox[-1].to == [world.pmer_a.email]

    def test_a_wrong_old_password_is_marked_at_the_field(self, world, client_for):
        response = client_for(world.pmer_a).post(reverse("password_change"), {
            "old_password": "fout", "new_password1": "x" * 14, "new_password2": "x" * 14})
        assert response.status_code == 200 and "old_password" in response.context["form"].errors

    def test_anonymous_goes_to_login(self, client):
        assert client.get(reverse("password_change")).url.startswith(reverse("login"))


class TestFunctionalAdministrator:
    def test_resets_a_colleagues_factors_and_it_is_logged(self, world, client_for, django_capture_on_commit_callbacks):
        user = world.pmer_a
        totp_device_for(user)
        admin = client_for(world.functional_administrator)
        with django_capture_on_commit_callbacks(execute=True):
            # The action asks first (tests/accounts/test_real_use.py); this is the confirming POST.
            response = admin.post("/admin/accounts/user/", {
            "action": "reset_second_factors", "_selected_action": [user.pk], "post": "yes"})
        assert response.status_code == 302
        assert not TOTPDevice.objects.filter(user=user).exists()
        event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.SECOND_FACTORS_RESET)
        assert event.subject_id == user.pk and event.actor_id == world.functional_administrator.pk
        assert mail.outbox[-1].to == [user.email]

    def test_the_security_log_is_append_only(self, world):
        from accounts.two_factor import security_event_record

        event = security_event_record(kind=SecurityEvent.Kind.PASSWORD_CHANGED, subject=world.pmer_a)
        with pytest.raises(PermissionError):
            event.save()
        with pytest.raises(PermissionError):
            event.delete()

    def test_coordinator_membership_changes_are_logged(self, world, client_for):
        client = client_for(world.coordinator)
        client.post(reverse("accounts:membership_create"), {
            "email": "nieuw@example.org", "first_name": "Nieuwe", "last_name": "Collega",
            "role": Role.CHILDCARE_WORKER, "location": world.location_a.pk})
        added = SecurityEvent.objects.get(kind=SecurityEvent.Kind.MEMBERSHIP_ADDED)
        assert added.actor_id == world.coordinator.pk and added.subject_name == "Nieuwe Collega"
        membership = world.pmer_b.memberships.get()
        client.post(reverse("accounts:membership_end", args=[membership.pk]), {"confirm": "yes"})
        ended = SecurityEvent.objects.get(kind=SecurityEvent.Kind.MEMBERSHIP_ENDED)
        assert ended.subject_id == world.pmer_b.pk
