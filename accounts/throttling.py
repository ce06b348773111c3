"""Failed logins are throttled per (username, address) pair, never per username alone.

django-axes counts the failures and locks the pair out at AXES_FAILURE_LIMIT. Before that,
`login_wait_seconds` slows the pair down: from LOGIN_SLOWDOWN_AFTER failures on, the next
attempt must wait LOGIN_SLOWDOWN_SECONDS, then twice as long after each further failure. The
wait is refused with a message, not slept, so nobody can tie up the server with it.
"""

from django.conf import settings
from django.db.models import Max, Sum
from django.utils import timezone


def client_ip(request) -> str | None:
    """REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT proxies the address they saw the client at."""
    hops = settings.TRUSTED_PROXY_COUNT
    if hops:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR") or None


def login_wait_seconds(*, username: str, ip_address: str | None) -> int:
    """How many seconds this pair must still wait before its next attempt (0: go ahead)."""
    from axes.models import AccessAttempt

    since = timezone.now() - settings.AXES_COOLOFF_TIME
    found = AccessAttempt.objects.filter(
        username=username, ip_address=ip_address, attempt_time__gte=since
    ).aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
    failures = found["failures"] or 0
    if failures < settings.LOGIN_SLOWDOWN_AFTER or failures >= settings.AXES_FAILURE_LIMIT:
        return 0  # not slowed yet, or locked out: django-axes answers with the lockout page
    wait = settings.LOGIN_SLOWDOWN_SECONDS * 2 ** (failures - settings.LOGIN_SLOWDOWN_AFTER)
    remaining = (found["last"] - timezone.now()).total_seconds() + wait
    return max(0, int(remaining + 0.999))
