"""Hour budgets count a year in Amsterdam time, through a range on the visit's start (issue 13): the
year filter must not EXTRACT the year from every visit in the country."""

import datetime
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from scheduling.models import HourBudget
from scheduling.selectors import budget_figures, municipal_schedule
from scheduling.services import walk_in_hour_create

from .conftest import NEXT_YEAR

pytestmark = pytest.mark.django_db
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
THIS_YEAR = NEXT_YEAR - 1


def at(year, month, day, hour, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=AMSTERDAM)


def test_a_walk_in_hour_on_either_side_of_new_year_counts_for_its_own_year_in_amsterdam(sw):
    ggd = sw.ggd
    budgets = [HourBudget.objects.create(district=sw.district, youth_health_service=ggd, year=year, hours=10)
               for year in (THIS_YEAR, NEXT_YEAR)]
    # 23:00 on 31 December and 00:30 on 1 January in Amsterdam: both on 31 December in UTC.
    walk_in_hour_create(location=sw.location_a, starts_at=at(THIS_YEAR, 12, 31, 23), hours=1, by=sw.fixed_nurse)
    walk_in_hour_create(location=sw.location_a, starts_at=at(NEXT_YEAR, 1, 1, 0, 30), hours=2, by=sw.fixed_nurse)
    planned = {f["budget"].year: f["planned"] for f in budget_figures(budgets)}
    assert planned == {THIS_YEAR: 1, NEXT_YEAR: 2}


def test_the_budget_queries_filter_on_a_range_of_the_start_not_on_an_extracted_year(sw):
    with CaptureQueriesContext(connection) as captured:
        budget_figures([sw.budget])
    wheres = [q["sql"].split(" WHERE ", 1)[1].split(" GROUP BY ")[0] for q in captured.captured_queries
              if ("starts_at" in q["sql"] or "held_on" in q["sql"]) and " WHERE " in q["sql"]]
    # used (held visits' hours, by the day kept on the hours row) and planned (published visits)
    assert len(wheres) == 3, wheres  # the third: coaching hours, by the day they were held
    for where in wheres:
        assert "EXTRACT" not in where.upper(), where
        assert re.search(r'"(starts_at|held_on)" >= ', where) and re.search(r'"(starts_at|held_on)" < ', where), where
    assert sum('"observations_visithours"."held_on" >= ' in where for where in wheres) == 1


def test_the_calendar_month_is_a_range_of_the_start_in_amsterdam(sw):
    walk_in_hour_create(location=sw.location_a, starts_at=at(NEXT_YEAR, 3, 31, 23, 30), hours=1,
                        by=sw.fixed_nurse)
    walk_in_hour_create(location=sw.location_a, starts_at=at(NEXT_YEAR, 4, 1, 0, 30), hours=1, by=sw.fixed_nurse)
    with CaptureQueriesContext(connection) as captured:
        march = municipal_schedule(sw.coordinator, year=NEXT_YEAR, month=3)
    assert [item.local_start.day for item in march] == [31]
    assert [item.local_start.day for item in municipal_schedule(sw.coordinator, year=NEXT_YEAR, month=4)] == [1]
    month_query = next(q["sql"] for q in captured.captured_queries
                       if q["sql"].startswith('SELECT "scheduling_scheduledvisit"'))
    assert "::date" not in month_query and '"starts_at" >= ' in month_query


def test_the_calendar_offers_each_professional_of_the_municipality_once_without_sorting_every_visit(sw):
    from scheduling.selectors import schedule_filter_choices

    for day in (2, 3, 4):
        walk_in_hour_create(location=sw.location_a, starts_at=at(NEXT_YEAR, 3, day, 10), hours=1, by=sw.fixed_nurse)
    with CaptureQueriesContext(connection) as captured:
        choices = schedule_filter_choices(sw.coordinator)
    assert choices["professional"] == [(sw.fixed_nurse.pk, str(sw.fixed_nurse))]
    assert schedule_filter_choices(sw.coordinator_c)["professional"] == []
    users_query = next(q["sql"] for q in captured.captured_queries if 'FROM "accounts_user"' in q["sql"])
    assert "DISTINCT" not in users_query.upper()


def test_a_specialists_coaching_books_to_her_providers_budget_and_a_pedagogical_coachs_to_none(sw):
    from accounts.models import Membership, Role
    from coaching.models import CoachingMoment, Occasion
    from tests.accounts.factories import member
    from tests.organisations.factories import LocationFactory

    specialist = Membership.objects.get(user=sw.fixed_specialist)
    coach_user = member(Role.PEDAGOGICAL_COACH, childcare_organisation=sw.location_a.organisation)
    coach = Membership.objects.get(user=coach_user)
    other_district = LocationFactory()

    def coaching(membership, location, day, hours):
        CoachingMoment.objects.create(location=location, coach=membership.user, coach_membership=membership,
                                      held_on=day, occasion=Occasion.ON_CALL, discussed="Samen spelen",
                                      hours=hours)

    coaching(specialist, sw.location_a, datetime.date(NEXT_YEAR, 2, 3), "1.5")
    coaching(specialist, sw.location_b, datetime.date(NEXT_YEAR, 12, 31), "2")
    coaching(specialist, sw.location_a, datetime.date(NEXT_YEAR + 1, 1, 1), "4")  # another year
    coaching(specialist, other_district, datetime.date(NEXT_YEAR, 2, 3), "8")  # another district
    coaching(coach, sw.location_a, datetime.date(NEXT_YEAR, 2, 3), "16")  # no provider's budget
    figure = budget_figures([sw.budget])[0]
    assert figure["used"] == Decimal("3.5")
    assert figure["remaining"] == Decimal("16.5")
