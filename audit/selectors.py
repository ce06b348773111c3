from datetime import datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ANONYMOUS, AuditEvent

PAGE_SIZE = 100


def audit_events_for(user, *, filters: dict):
    events = AuditEvent.objects.visible_to(user)
    if filters.get("child_id"):
        events = events.filter(child_id=filters["child_id"])
    if filters.get("actor"):
        actor = filters["actor"].strip()
        who = Q(actor_name__icontains=actor)
        # The page shows ANONYMOUS as "niet ingelogd": searching for what she sees must find it.
        if actor and actor.casefold() in str(_("not logged in")).casefold():
            who |= Q(actor_id__isnull=True, actor_name=ANONYMOUS)
        events = events.filter(who)
    if filters.get("action"):
        events = events.filter(action=filters["action"])
    if filters.get("refused_only"):
        events = events.filter(status_code__gte=400)
    tz = timezone.get_current_timezone()
    if filters.get("date_from"):
        events = events.filter(at__gte=datetime.combine(filters["date_from"], time.min, tzinfo=tz))
    if filters.get("date_to"):
        events = events.filter(at__lt=datetime.combine(filters["date_to"] + timedelta(days=1), time.min, tzinfo=tz))
    return events.order_by("-at", "-pk")
