"""The guardian's link: signed, bound to one request (and so one child), expiring for deciding.

The token carries the request id and the child id, signed with the project key; a token whose
child does not match its request shows nothing. A link's validity is separate from the
consent's: after it expires for deciding, the guardian can still ask for a fresh one, sent to
the address on record.
"""

from django.conf import settings
from django.core import signing
from django.core.cache import cache

SALT = "consent.guardian-link"
MAX_FAILURES = 5
BLOCK_SECONDS = 15 * 60


def link_days() -> int:
    return getattr(settings, "CONSENT_LINK_DAYS", 14)


def link_token(consent_request) -> str:
    return signing.TimestampSigner(salt=SALT).sign_object({"r": consent_request.pk, "c": consent_request.child_id})


def link_read(token: str):
    """(request, expired) for a good token, or (None, False) for a tampered or foreign one."""
    from .models import ConsentRequest

    signer = signing.TimestampSigner(salt=SALT)
    expired = False
    try:
        data = signer.unsign_object(token, max_age=link_days() * 24 * 3600)
    except signing.SignatureExpired:
        expired = True
        data = signer.unsign_object(token)
    except signing.BadSignature:
        return None, False
    if not isinstance(data, dict):
        return None, False
    consent_request = (ConsentRequest.objects.select_related("child", "guardian")
                       .filter(pk=data.get("r"), child_id=data.get("c")).first())
    return consent_request, expired


def _failures_key(consent_request) -> str:
    return f"consent-link-failures:{consent_request.pk}"


def link_blocked(consent_request) -> bool:
    return cache.get(_failures_key(consent_request), 0) >= MAX_FAILURES


def link_failure(consent_request) -> int:
    key = _failures_key(consent_request)
    cache.add(key, 0, BLOCK_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:
        cache.set(key, 1, BLOCK_SECONDS)
        return 1


def link_success(consent_request) -> None:
    cache.delete(_failures_key(consent_request))
