"""Second factors (django-otp: a TOTP authenticator app or a WebAuthn security key, plus single-use
recovery codes either way), trusted devices, security notices and the security log. Services in the
HackSoft shape: noun_verb(*, ..., by).
"""

import hashlib
import secrets
from base64 import b32encode
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from .models import SecurityEvent, TrustedDevice, User
from .throttling import client_ip

TOTP_NAME = "app"
RECOVERY_NAME = "recovery"
TRUSTED_COOKIE_SALT = "accounts.trusted-device"
TRUSTED_SESSION_KEY = "trusted_device_id"


def security_event_record(*, kind, subject=None, by=None, detail="", request=None) -> SecurityEvent:
    return SecurityEvent.objects.create(
        kind=kind,
        actor_id=by.pk if by is not None else None,
        actor_name=str(by) if by is not None else "",
        subject_id=subject.pk if subject is not None else None,
        subject_name=str(subject) if subject is not None else "",
        detail=detail[:400],
        ip_address=client_ip(request) if request is not None else None,
    )


def security_notice_send(*, user: User, what: str) -> None:
    """Tell the user by e-mail that her login security changed. No child data, ever."""
    if not user.email:
        return
    with translation.override(settings.LANGUAGE_CODE):
        body = _(
            "Hello %(name)s,\n\n%(what)s\n\nWhen: %(when)s.\n\nWas this not you? Tell your functional "
            "administrator at once: she can reset your second factor and you can choose a new password."
        ) % {"name": user.get_full_name() or user.username, "what": what,
             "when": timezone.localtime().strftime("%d-%m-%Y %H:%M")}
        subject = _("Alert4you: your login security changed")
    transaction.on_commit(lambda: send_mail(subject, body, None, [user.email]))


# --- TOTP app and recovery codes -------------------------------------------------------------

def has_second_factor(user) -> bool:
    return has_security_key(user) or TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def has_security_key(user) -> bool:
    return WebAuthnCredential.objects.filter(user=user, confirmed=True).exists()


def has_totp_app(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def primary_device(user):
    """The app or a key, whichever she has: what a trusted browser's session is marked verified with."""
    return (TOTPDevice.objects.filter(user=user, confirmed=True).first()
            or WebAuthnCredential.objects.filter(user=user, confirmed=True).first())


def totp_device_pending(*, user: User) -> TOTPDevice:
    """The not yet confirmed app the user is setting up; the same one on every reload."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False, name=TOTP_NAME).first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)


def totp_secret_display(device: TOTPDevice) -> str:
    """The base32 secret in groups of four, for typing into an app by hand."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


@transaction.atomic
def recovery_codes_create(*, user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(settings.RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@transaction.atomic
def totp_device_confirm(*, device: TOTPDevice, token: str, request) -> list[str] | None:
    """Confirm the app with a code from it: returns the new recovery codes, or None for a wrong code."""
    user = device.user
    if not device.verify_token(token.strip()):
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = recovery_codes_create(user=user)
    otp_login(request, device)
    security_event_record(kind=SecurityEvent.Kind.SECOND_FACTOR_ADDED, subject=user, by=user, request=request)
    security_notice_send(user=user, what=_("An authenticator app was set up as your second factor."))
    return codes


@transaction.atomic
def second_factor_verify(*, user: User, token: str, request):
    """Check a code from the app or a recovery code; on success mark the session verified."""
    token = token.strip().replace(" ", "")
    for device in TOTPDevice.objects.filter(user=user, confirmed=True).select_for_update():
        if device.verify_token(token):
            otp_login(request, device)
            return device
    for device in StaticDevice.objects.filter(user=user, confirmed=True).select_for_update():
        if device.verify_token(token.lower()):
            otp_login(request, device)
            left = device.token_set.count()
            security_event_record(kind=SecurityEvent.Kind.RECOVERY_CODE_USED, subject=user, by=user,
                                  detail=f"{left} left", request=request)
            security_notice_send(user=user, what=_("A recovery code was used to log in. %(left)s codes are left.")
                                 % {"left": left})
            return device
    return None


@transaction.atomic
def second_factors_reset(*, user: User, by: User, request=None) -> None:
    """A functional administrator resets a colleague's factors: she sets up a new app at her next login."""
    TOTPDevice.objects.filter(user=user).delete()
    WebAuthnCredential.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    revoked = TrustedDevice.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    from .sessions import sessions_end_others

    sessions_end_others(user=user)  # every session of hers: she logs in again with a new factor
    security_event_record(kind=SecurityEvent.Kind.SECOND_FACTORS_RESET, subject=user, by=by,
                          detail=f"{revoked} trusted device(s) revoked", request=request)
    security_notice_send(user=user, what=_(
        "Your second factor was reset by %(by)s. At your next login you set up an authenticator app or a "
        "security key again."
    ) % {"by": by})


# --- security keys (WebAuthn) -----------------------------------------------------------------

@transaction.atomic
def security_key_registered(*, credential: WebAuthnCredential, request) -> list[str] | None:
    """A key was just registered (django-otp-webauthn verified it). Logs and tells her; when she has no
    recovery codes yet (a first factor) she gets them, returned here to be shown once."""
    user = credential.user
    if not credential.name:
        number = WebAuthnCredential.objects.filter(user=user).count()
        credential.name = _("Security key %(number)s") % {"number": number}
        credential.save(update_fields=["name"])
    has_codes = StaticDevice.objects.filter(user=user, confirmed=True).exists()
    codes = None if has_codes else recovery_codes_create(user=user)
    if not has_totp_app(user):
        # An app she began to set up but never confirmed must not linger as a half-made factor.
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    from .sessions import sessions_end_others

    sessions_end_others(user=user, keep=request.session.session_key)
    security_event_record(kind=SecurityEvent.Kind.SECOND_FACTOR_ADDED, subject=user, by=user,
                          detail=f"security key: {credential.name}", request=request)
    security_notice_send(user=user, what=_("A security key was registered as your second factor."))
    return codes


@transaction.atomic
def security_key_remove(*, credential: WebAuthnCredential, by: User, request=None) -> None:
    """Her own key, and never the last factor: without one she could not log in again herself."""
    user = credential.user
    if not (has_totp_app(user) or WebAuthnCredential.objects.filter(user=user, confirmed=True)
            .exclude(pk=credential.pk).exists()):
        raise ValidationError(_("This is your only second factor. Add another security key or an "
                                "authenticator app first, then remove this one."))
    name = credential.name
    credential.delete()
    from .sessions import sessions_end_others

    sessions_end_others(user=user, keep=request.session.session_key if request is not None else None)
    security_event_record(kind=SecurityEvent.Kind.SECOND_FACTOR_REMOVED, subject=user, by=by,
                          detail=f"security key: {name}", request=request)
    security_notice_send(user=user, what=_("A security key was removed from your account."))


# --- trusted devices -------------------------------------------------------------------------

def trusted_cookie_name(user) -> str:
    return f"{settings.TRUSTED_DEVICE_COOKIE}_{user.pk}"


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def trusted_device_create(*, request, response, label: str = "") -> TrustedDevice:
    user = request.user
    secret = secrets.token_urlsafe(32)
    device = TrustedDevice.objects.create(
        user=user, secret_hash=_hash(secret), label=label[:200],
        expires_at=timezone.now() + timedelta(days=settings.TRUSTED_DEVICE_DAYS),
    )
    response.set_signed_cookie(
        trusted_cookie_name(user), f"{device.pk}:{secret}", salt=TRUSTED_COOKIE_SALT,
        max_age=settings.TRUSTED_DEVICE_DAYS * 24 * 60 * 60, secure=settings.SESSION_COOKIE_SECURE,
        httponly=True, samesite="Lax",
    )
    request.session[TRUSTED_SESSION_KEY] = device.pk
    security_event_record(kind=SecurityEvent.Kind.TRUSTED_DEVICE_ADDED, subject=user, by=user, detail=label,
                          request=request)
    return device


def trusted_device_of(request, user) -> TrustedDevice | None:
    """The valid trusted device this browser holds for this user, if any."""
    try:
        value = request.get_signed_cookie(
            trusted_cookie_name(user), salt=TRUSTED_COOKIE_SALT,
            max_age=timedelta(days=settings.TRUSTED_DEVICE_DAYS),
        )
        device_id, secret = value.split(":", 1)
    except (KeyError, signing.BadSignature, ValueError):
        return None
    device = TrustedDevice.objects.filter(
        pk=device_id, user=user, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).first()
    if device is None or not secrets.compare_digest(device.secret_hash, _hash(secret)):
        return None
    return device


def trusted_device_login(*, request, user) -> bool:
    """After the password: a trusted browser skips the second factor (an app or key must still exist)."""
    device = trusted_device_of(request, user)
    factor = primary_device(user)
    if device is None or factor is None:
        return False
    otp_login(request, factor)
    request.session[TRUSTED_SESSION_KEY] = device.pk
    TrustedDevice.objects.filter(pk=device.pk).update(last_used_at=timezone.now())
    return True


@transaction.atomic
def trusted_device_revoke(*, device: TrustedDevice, by: User, request=None) -> None:
    TrustedDevice.objects.filter(pk=device.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    security_event_record(kind=SecurityEvent.Kind.TRUSTED_DEVICE_REVOKED, subject=device.user, by=by,
                          detail=device.label, request=request)
