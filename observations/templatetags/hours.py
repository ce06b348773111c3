"""Hours as people read them: ``{{ value|hours }}`` gives "1,5 uur", "1 uur", "387 uur" in Dutch
("1.5 hours" in English), without needless zeros. Load with ``{% load hours %}``; any app's
template may use it (it only formats a number)."""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils.translation import gettext

from alert4you.forms import format_dutch_decimal

register = template.Library()


@register.filter
def hours(value):
    if value in (None, ""):
        return ""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return value
    text = format_dutch_decimal(number)
    # Two messages rather than ngettext: Dutch says "uur" for one and for more.
    if number == 1:
        return gettext("%(hours)s hour") % {"hours": text}
    return gettext("%(hours)s hours") % {"hours": text}


@register.filter
def hours_number(value):
    """The number alone ("1,5"), for tables whose heading already says "uur"."""
    if value in (None, ""):
        return ""
    return format_dutch_decimal(value)
