from django import template
from django.utils import timezone

from scheduling.rules import hours_text
from scheduling.selectors import agenda_of

register = template.Library()


@register.simple_tag(takes_context=True)
def my_agenda(context, limit=10):
    """The home page's next visits of the logged-in professional."""
    user = context["request"].user
    start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    return list(agenda_of(user, upcoming_from=start)[:limit])


@register.filter
def hours(value):
    """"387,00 uur" in Dutch; never "387.00"."""
    return hours_text(value)
