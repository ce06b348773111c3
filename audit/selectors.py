import re
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from django.db.models import Count, Max, Min, Q, Value
from django.db.models.functions import ExtractHour, ExtractIsoWeekDay, ExtractMinute, Floor, TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ANONYMOUS, AuditEvent

# 50 rows a page: the table of a page is what the page spends its time on (rendering, not SQL).
PAGE_SIZE = 50


def audit_events_for(user, *, filters: dict):
    events = AuditEvent.objects.visible_to(user)
    if filters.get("child_id"):
        events = events.filter(child_id=filters["child_id"])
    if filters.get("actor_id"):
        events = events.filter(actor_id=filters["actor_id"])
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


# A place in the log, "older than this event": its moment in microseconds since 1970 and its id,
# so that events of the very same moment are paged by id and none is skipped or shown twice.
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
CURSOR = re.compile(r"(\d{1,18})\.(\d{1,18})")


def cursor_of(event) -> str:
    return f"{(event.at - EPOCH) // timedelta(microseconds=1)}.{event.pk}"


def parse_cursor(value: str, *, earliest: datetime, latest: datetime):
    """(moment, id) of a cursor, or None when it cannot have come from this page."""
    found = CURSOR.fullmatch(value)
    if not found:
        return None
    try:
        at = EPOCH + timedelta(microseconds=int(found.group(1)))
    except OverflowError:
        return None
    pk = int(found.group(2))
    if not (earliest <= at <= latest) or pk < 1:
        return None
    return at, pk


@dataclass
class EventPage:
    object_list: list
    older: str | None  # the cursor for the next, older page; None on the last page
    is_newest: bool

    def __iter__(self):
        return iter(self.object_list)


def audit_events_page(user, *, filters: dict, before=None, events=None) -> EventPage:
    """One page of the log, newest first, older than `before` (moment, id) when given. Keyset paging:
    the index on (municipality, moment) finds the page without counting the municipality's rows,
    however long the log has grown."""
    events = audit_events_for(user, filters=filters) if events is None else events
    if before is not None:
        at, pk = before
        events = events.filter(at__lte=at).exclude(at=at, pk__gte=pk)
    rows = list(events[:PAGE_SIZE + 1])
    older = cursor_of(rows[PAGE_SIZE - 1]) if len(rows) > PAGE_SIZE else None
    return EventPage(object_list=rows[:PAGE_SIZE], older=older, is_newest=before is None)


UNUSUAL_DEFAULT_DAYS = 30
UNUSUAL_LIMIT = 200


def _period(date_from, date_to):
    tz = timezone.get_current_timezone()
    end_day = (date_to or timezone.localdate()) + timedelta(days=1)
    start_day = date_from or end_day - timedelta(days=UNUSUAL_DEFAULT_DAYS + 1)
    return datetime.combine(start_day, time.min, tzinfo=tz), datetime.combine(end_day, time.min, tzinfo=tz)


def unusual_access(user, *, date_from=None, date_to=None) -> dict:
    """Access the privacy officer should look at, per municipality of hers and by its own thresholds,
    counted in the database (in the municipality's local time, Europe/Amsterdam):

    - bursts: one professional reading at least `audit_burst_children` different children within a
      slot of `audit_burst_minutes` minutes (slots counted from midnight: a burst across a slot's edge
      counts in two slots, so a threshold catches it at twice the window at worst);
    - after hours: her reads of a child's file before `working_hours_start`, from `working_hours_end`
      on, or on a Saturday or Sunday, per professional and day.
    Guardians (no actor id) and rows without a child are left out."""
    from accounts.models import Role
    from accounts.selectors import memberships_with_role
    from organisations.models import Municipality

    start, end = _period(date_from, date_to)
    ids = [m.municipality_id for m in memberships_with_role(user, Role.PRIVACY_OFFICER)]
    bursts, after_hours = [], []
    for municipality in Municipality.objects.filter(pk__in=ids).order_by("name"):
        base = AuditEvent.objects.visible_to(user).filter(
            municipality_id=municipality.pk, actor_id__isnull=False, child_id__isnull=False, at__gte=start, at__lt=end,
        ).annotate(day=TruncDate("at"), minute=ExtractHour("at") * 60 + ExtractMinute("at"))
        # PostgreSQL's EXTRACT gives a numeric: Floor makes the slot a whole number on either database.
        slots = (base.annotate(slot=Floor((ExtractHour("at") * 60 + ExtractMinute("at"))
                                          / Value(municipality.audit_burst_minutes)))
                 .order_by().values("actor_id", "day", "slot")
                 .annotate(children=Count("child_id", distinct=True), first=Min("at"), last=Max("at"),
                           name=Max("actor_name"))
                 .filter(children__gte=municipality.audit_burst_children)
                 .order_by("-children", "first")[:UNUSUAL_LIMIT])
        bursts += [dict(row, municipality=municipality, minutes=municipality.audit_burst_minutes) for row in slots]
        opens = municipality.working_hours_start.hour * 60 + municipality.working_hours_start.minute
        closes = municipality.working_hours_end.hour * 60 + municipality.working_hours_end.minute
        late = (base.annotate(weekday=ExtractIsoWeekDay("at"))
                .filter(Q(minute__lt=opens) | Q(minute__gte=closes) | Q(weekday__gte=6))
                .order_by().values("actor_id", "day")
                .annotate(accesses=Count("pk"), children=Count("child_id", distinct=True), first=Min("at"),
                          last=Max("at"), name=Max("actor_name"))
                .order_by("-day", "actor_id")[:UNUSUAL_LIMIT])
        after_hours += [dict(row, municipality=municipality) for row in late]
    return {"bursts": bursts, "after_hours": after_hours, "start": start, "end": end - timedelta(days=1)}
