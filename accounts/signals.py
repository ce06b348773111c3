from axes.signals import user_locked_out
from django.conf import settings
from django.dispatch import receiver
from django.utils import timezone

from . import sessions  # noqa: F401  (records when a session started)
from .models import SecurityEvent, User
from .two_factor import security_event_record


@receiver(user_locked_out)
def record_lockout(sender, request, username, ip_address, **kwargs):
    # Axes also sends this for every attempt refused while locked out; only the lockout itself is news.
    detail = f"{username} @ {ip_address}"
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    if SecurityEvent.objects.filter(kind=SecurityEvent.Kind.LOCKED_OUT, detail=detail, at__gte=since).exists():
        return
    security_event_record(kind=SecurityEvent.Kind.LOCKED_OUT, subject=User.objects.filter(username=username).first(),
                          detail=detail, request=request)
