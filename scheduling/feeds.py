"""The professional's personal calendar: her published visits, by place and kind only. No child's
name or case content goes into it, as agenda programs sync it to phones and other services."""

import datetime

from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .models import CalendarFeed, ScheduledVisit


def feed_for_token(token: str) -> bytes | None:
    feed = CalendarFeed.objects.filter(token=token).select_related("professional").first()
    if feed is None or not token:
        return None
    calendar = Calendar()
    calendar.add("prodid", "-//Alert4you//scheduling//NL")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Alert4you")
    for item in (ScheduledVisit.objects.published().filter(professional=feed.professional)
                 .exclude(visit__status="cancelled").select_related("location", "group", "visit")):
        try:
            ends_at = item.starts_at + datetime.timedelta(hours=float(item.expected_hours))
        except OverflowError:
            # A date at the end of time (saved before dates were bounded) cannot end: leave it out
            # rather than fail the whole feed on every fetch.
            continue
        event = Event()
        event.add("uid", f"scheduled-{item.pk}@alert4you")
        event.add("dtstamp", item.visit.created_at)
        event.add("dtstart", item.starts_at)
        event.add("dtend", ends_at)
        event.add("summary", f"{item.visit.get_kind_display()}: {item.location.name}")
        event.add("location", item.location.street_address or item.location.name)
        if item.group is not None:
            event.add("description", _("Group: %(group)s") % {"group": item.group.name})
        calendar.add_component(event)
    _add_coaching(calendar, feed.professional)
    return calendar.to_ical()


def _add_coaching(calendar, user):
    """Coaching planned with the pedagogical coach: place and time only, as for visits (no names)."""
    from coaching.selectors import agenda_appointments_of

    for appointment in agenda_appointments_of(user):
        try:
            ends_at = appointment.ends_at
        except OverflowError:
            continue
        event = Event()
        event.add("uid", f"coaching-{appointment.pk}@alert4you")
        event.add("dtstamp", appointment.created_at)
        event.add("dtstart", appointment.starts_at)
        event.add("dtend", ends_at)
        event.add("summary", _("Coaching: %(location)s") % {"location": appointment.location.name})
        event.add("location", appointment.location.street_address or appointment.location.name)
        calendar.add_component(event)
