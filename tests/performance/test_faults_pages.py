"""Issue 13 item 4, scheduling and notifications: the month calendar, the hour budgets, the agenda and
the notifications page run the same number of queries with a little and with much more data around
them (visits planned and held in the month, more districts with budgets, notifications of hers and of
others), and at most 20."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from notifications.models import Kind
from notifications.services import notification_enqueue, outbox_sweep
from scheduling.models import HourBudget
from scheduling.services import walk_in_hour_create
from tests.accounts.factories import UserFactory
from tests.casework.conftest import cw, media_in_tmp  # noqa: F401 - the casework world, staffed
from tests.organisations.factories import DistrictFactory, LocationFactory
from tests.performance.counting import assert_flat, queries_of
from tests.scheduling.conftest import NEXT_YEAR, sw  # noqa: F401 - with availability and a budget

pytestmark = pytest.mark.django_db
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
MONTH = 3


def walk_ins(w, n, *, start_day):
    """`n` walk-in hours of the nurse in March next year at location A, and as many in a new location
    of another district of the same municipality (planned hours counting against the budgets)."""
    other = LocationFactory(district=DistrictFactory(municipality=w.municipality))
    for i in range(n):
        day = datetime.datetime(NEXT_YEAR, MONTH, start_day + i, 9 + i % 6, tzinfo=AMSTERDAM)
        walk_in_hour_create(location=w.location_a, starts_at=day, hours=1, by=w.fixed_nurse)
        HourBudget.objects.get_or_create(district=other.district, youth_health_service=w.ggd, year=NEXT_YEAR,
                                         defaults={"hours": 40})


def notifications(w, n, *, for_user):
    due = timezone.now().replace(microsecond=0) - datetime.timedelta(minutes=1)
    for i in range(n):
        notification_enqueue(kind=Kind.CASE_NEWS, recipient=for_user, due_at=due, key=f"news:{for_user.pk}:{i}",
                             url="/")
        notification_enqueue(kind=Kind.VISIT_PUBLISHED, recipient=UserFactory(), due_at=due, key=f"other:{i}",
                             url="/")
    outbox_sweep()


PAGES = {
    "calendar_month": (lambda w: w.coordinator, f"/schedule/calendar/?month={NEXT_YEAR}-{MONTH:02d}"),
    "hour_budgets": (lambda w: w.coordinator, f"/schedule/budgets/?year={NEXT_YEAR}"),
    "agenda_nurse": (lambda w: w.fixed_nurse, "/schedule/agenda/"),
    "notifications": (lambda w: w.fixed_nurse, "/notifications/"),
}


@pytest.mark.parametrize("page", PAGES)
def test_the_page_runs_the_same_queries_with_ten_times_the_data(sw, client_for, page):  # noqa: F811
    who, url = PAGES[page]
    HourBudget.objects.create(district=sw.district, youth_health_service=sw.ggd, year=NEXT_YEAR, hours=40)
    walk_ins(sw, 2, start_day=2)
    notifications(sw, 2, for_user=sw.fixed_nurse)
    client = client_for(who(sw))
    small = queries_of(client, url)

    walk_ins(sw, 20, start_day=5)
    notifications(sw, 20, for_user=sw.fixed_nurse)
    large = queries_of(client, url)
    print(f"\n{page}: {small.count} queries small, {large.count} large")
    assert_flat(small, large)
    # The larger page shows the larger data (so the count is not flat because nothing was shown).
    assert len(large.response.content) > len(small.response.content)
