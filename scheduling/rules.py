"""Which dates and amounts the programme's planning can hold, in one place for forms and services.

Planning looks at most a year ahead (a budget year, a half-year plan), so a date in 2999 is a
typing error, not a plan: walk-in hours and plan visits lie in this year or the next, days away
are at most a year long and recorded from a month back (a sick week entered afterwards), and a
visit recorded as held lies in this year or the last. Bounded dates also keep every sum of a date
and a duration (a calendar event's end, a month's last day) within what Python can represent.
"""

import datetime
from decimal import Decimal

from django.utils import formats, timezone
from django.utils.translation import gettext as _

# A budget is typed for a year: "1.000" (a thousand) up to a large municipality's yearly hours.
BUDGET_MAX_HOURS = Decimal(100_000)
EVALUATION_FIRST_DAY = datetime.date(2000, 1, 1)
AWAY_MAX_DAYS = 366
AWAY_BACKDATE_DAYS = 31


def _today():
    return timezone.localdate()


def plan_years() -> tuple[int, int]:
    year = _today().year
    return year, year + 1


def default_plan_half() -> tuple[int, int]:
    """The half year a coordinator most likely plans now: the current one, or the next when the
    current one has less than two months left."""
    today = _today()
    year, half = today.year, 1 if today.month <= 6 else 2
    if today.month in (5, 6, 11, 12):
        year, half = (year, 2) if half == 1 else (year + 1, 1)
    return year, half


def budget_years() -> tuple[int, int]:
    year = _today().year
    return year - 1, year + 1


def walk_in_days() -> tuple[datetime.date, datetime.date]:
    today = _today()
    return today, datetime.date(today.year + 1, 12, 31)


def recordable_days() -> tuple[datetime.date, datetime.date]:
    today = _today()
    return datetime.date(today.year - 1, 1, 1), today


def away_earliest() -> datetime.date:
    return _today() - datetime.timedelta(days=AWAY_BACKDATE_DAYS)


def away_errors(starts_on, ends_on, *, earliest=None) -> list[tuple[str | None, str]]:
    """What is wrong with a period away, as (field, message) pairs; empty when it may be saved."""
    errors = []
    earliest = earliest or away_earliest()
    latest = datetime.date(_today().year + 1, 12, 31)
    if ends_on < starts_on:
        errors.append(("ends_on", _("The last day cannot be before the first day.")))
    if starts_on < earliest:
        errors.append(("starts_on", _("Enter days away from a month ago onwards.")))
    if starts_on > latest or ends_on > latest:
        errors.append(("ends_on" if starts_on <= latest else "starts_on",
                       _("Enter days away in this year or the next.")))
    if (ends_on - starts_on).days >= AWAY_MAX_DAYS:
        errors.append((None, _("Days away are at most a year at a time.")))
    return errors


def hours_text(value) -> str:
    """Hours as a Dutch reader reads them: "387,00 uur", "1.040,50 uur"."""
    number = formats.number_format(Decimal(value or 0), 2, use_l10n=True, force_grouping=True)
    return _("%(hours)s hours") % {"hours": number}


def date_text(day) -> str:
    return formats.date_format(day, "j F Y")
