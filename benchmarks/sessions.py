"""Logged-in, second-factor-verified sessions made directly in the session store: bench and load
runs only (the bench settings install this app; production never does).

A benchmark measures pages, not the login form, and a TOTP code cannot be typed 30 times a
second; so the session a real login leaves behind is written here: the user's id, backend and
hash, django-otp's verified device, and the timestamps the session-timeout middleware reads.
"""

import time
from importlib import import_module

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django_otp import DEVICE_ID_SESSION_KEY


def verified_device(user):
    """The user's confirmed TOTP device, made when she has none (bench users only)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="bench", confirmed=True)


def verified_session_key(user) -> str:
    """A session key of a session in which `user` has logged in with password and second factor."""
    engine = import_module(settings.SESSION_ENGINE)
    session = engine.SessionStore()
    now = int(time.time())
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[DEVICE_ID_SESSION_KEY] = verified_device(user).persistent_id
    session["login_at"] = now
    session["last_seen"] = now
    session.create()
    return session.session_key


def guardian_session_key(consent_request) -> str:
    """A session of a guardian who passed the date-of-birth check on this request's link."""
    engine = import_module(settings.SESSION_ENGINE)
    session = engine.SessionStore()
    session["consent-verified"] = [consent_request.pk]
    session.create()
    return session.session_key
