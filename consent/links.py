"""The guardian's link: signed, bound to one request (and so one child), expiring for deciding.

The token carries the request id and the child id, signed with the project key; a token whose
child does not match its request shows nothing. A link's validity is separate from the
consent's: after it expires for deciding, the guardian can still ask for a fresh one, sent to
the address on record.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone

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


def link_blocked(consent_request) -> bool:
    from .models import LinkLock

    return LinkLock.objects.filter(request=consent_request, blocked_until__gt=timezone.now()).exists()


def link_failure(consent_request) -> int:
    """Count a wrong answer; the fifth within the window blocks the link for BLOCK_SECONDS."""
    from .models import LinkLock

    with transaction.atomic():
        lock, _created = LinkLock.objects.select_for_update().get_or_create(request=consent_request)
        if lock.blocked_until and lock.blocked_until <= timezone.now():
            lock.failures = 0  # the block ran out: a fresh start
            lock.blocked_until = None
        lock.failures += 1
        if lock.failures >= MAX_FAILURES:
            lock.blocked_until = timezone.now() + timedelta(seconds=BLOCK_SECONDS)
        lock.save()
        return lock.failures


def link_success(consent_request) -> None:
    from .models import LinkLock

    LinkLock.objects.filter(request=consent_request).delete()
