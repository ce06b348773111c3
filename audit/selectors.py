from datetime import datetime, time, timedelta

from django.utils import timezone

from .models import AuditEvent

PAGE_SIZE = 100


def audit_events_for(user, *, filters: dict):
    events = AuditEvent.objects.visible_to(user)
    if filters.get("child_id"):
        events = events.filter(child_id=filters["child_id"])
    if filters.get("actor"):
        events = events.filter(actor_name__icontains=filters["actor"])
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
