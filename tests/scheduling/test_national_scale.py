"""Issue 13 for the coordinator's pages: the hour budgets read a year's hours of her districts from an
index (the day is kept on the hours row), and the month calendar shows one district at a time with
every district's month totals counted in SQL, and a way to all of them."""

import datetime
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from accounts.models import Membership, Role
from observations.models import Visit, VisitHours, VisitKind, VisitStatus
from scheduling.models import HourBudget, ScheduledVisit
from scheduling.selectors import budget_figures
from scheduling.services import scheduled_record_held, walk_in_hour_create
from tests.organisations.factories import DistrictFactory, LocationFactory

from .conftest import NEXT_YEAR
from .test_views import shown

pytestmark = pytest.mark.django_db
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
THIS_YEAR = timezone.localdate().year


def at(year, month, day, hour, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=AMSTERDAM)


def held_walk_in(w, held_at, hours=1):
    item = walk_in_hour_create(location=w.location_a, starts_at=timezone.now() + datetime.timedelta(days=2),
                               hours=hours, by=w.fixed_nurse)
    scheduled_record_held(item=item, held_at=held_at, hours=hours, by=w.fixed_nurse)
    return item


# --- hour budgets ----------------------------------------------------------------------------------

def test_hours_keep_the_day_their_visit_was_held_in_amsterdam_and_count_for_its_year(sw):
    budgets = [HourBudget.objects.create(district=sw.district, youth_health_service=sw.ggd, year=year, hours=10)
               for year in (THIS_YEAR - 1, THIS_YEAR)]
    # 23:30 on 31 December and 00:30 on 1 January in Amsterdam: both on 31 December in UTC.
    held_walk_in(sw, at(THIS_YEAR - 1, 12, 31, 23, 30), hours=1)
    held_walk_in(sw, at(THIS_YEAR, 1, 1, 0, 30), hours=2)
    assert sorted(VisitHours.objects.values_list("held_on", flat=True)) == [
        datetime.date(THIS_YEAR - 1, 12, 31), datetime.date(THIS_YEAR, 1, 1)]
    used = {f["budget"].year: f["used"] for f in budget_figures(budgets)}
    assert used == {THIS_YEAR - 1: 1, THIS_YEAR: 2}


def test_hours_inserted_in_bulk_as_a_load_would_get_their_day_too(sw):
    visit = Visit.objects.create(location=sw.location_a, kind=VisitKind.WALK_IN_HOUR, status=VisitStatus.HELD,
                                 starts_at=at(THIS_YEAR, 2, 3, 10))
    VisitHours.objects.bulk_create([VisitHours(visit=visit, professional=sw.fixed_nurse, hours=Decimal("1.5"),
                                               district=sw.district, youth_health_service=sw.ggd)])
    assert VisitHours.objects.get().held_on == datetime.date(THIS_YEAR, 2, 3)


def test_the_model_fills_the_day_itself_where_the_database_has_no_trigger(sw):
    """SQLite (the README's demo) has no trigger: save() and bulk_create give the day from the visit
    themselves, before the row reaches the database."""
    visit = Visit.objects.create(location=sw.location_a, kind=VisitKind.WALK_IN_HOUR, status=VisitStatus.HELD,
                                 starts_at=at(THIS_YEAR, 1, 1, 0, 30))
    saved = VisitHours(visit=visit, professional=sw.fixed_nurse, hours=1, district=sw.district,
                       youth_health_service=sw.ggd)
    saved.save()
    bulk = VisitHours(visit=visit, professional=sw.fixed_specialist, hours=1, district=sw.district,
                      care_provider=sw.care_provider)
    VisitHours.objects.bulk_create([bulk])
    # In memory, not read back: the trigger's value would only show after a refresh.
    assert saved.held_on == bulk.held_on == datetime.date(THIS_YEAR, 1, 1)


def test_the_used_hours_are_read_from_the_hours_rows_by_day_without_joining_the_visits(sw):
    with CaptureQueriesContext(connection) as captured:
        budget_figures([sw.budget])
    used = [q["sql"] for q in captured.captured_queries if 'FROM "observations_visithours"' in q["sql"]]
    assert len(used) == 1, used
    assert "observations_visit\"" not in used[0].split(" WHERE ")[0], used[0]
    assert '"held_on" >= ' in used[0] and '"held_on" < ' in used[0], used[0]


def test_the_transfer_form_offers_the_shown_years_budgets_and_still_moves_hours(sw, client_for):
    other = DistrictFactory(municipality=sw.municipality, name="Noord")
    target = HourBudget.objects.create(district=other, care_provider=sw.care_provider, year=NEXT_YEAR, hours=5)
    earlier = HourBudget.objects.create(district=other, care_provider=sw.care_provider, year=THIS_YEAR, hours=5)
    client = client_for(sw.coordinator)
    html = client.get(f"/schedule/budgets/?year={NEXT_YEAR}").content.decode()
    select = re.search(r'<select[^>]*name="transfer-from_budget".*?</select>', html, re.S).group(0)
    assert f'value="{target.pk}"' in select and f'value="{sw.budget.pk}"' in select
    assert f'value="{earlier.pk}"' not in select
    response = client.post("/schedule/budgets/transfer/", {
        "transfer-from_budget": sw.budget.pk, "transfer-to_budget": target.pk, "transfer-hours": "2,5",
        "transfer-reason": "Noord heeft meer nodig"})
    assert response.status_code == 302
    figures = {f["budget"].pk: f["total"] for f in budget_figures([sw.budget, target])}
    assert figures == {sw.budget.pk: Decimal("17.5"), target.pk: Decimal("7.5")}
    bad = client.post("/schedule/budgets/transfer/", {
        "transfer-from_budget": "999999", "transfer-to_budget": target.pk, "transfer-hours": "1",
        "transfer-reason": "x"})
    assert bad.status_code == 400 and "invalid-feedback" in bad.content.decode()


# --- the month calendar ----------------------------------------------------------------------------

@pytest.fixture
def two_districts(sw):
    """Walk-in hours in March next year in sw's district (location A) and in a second district."""
    sw.district.name = "Centrum"
    sw.district.save(update_fields=["name"])
    north = DistrictFactory(municipality=sw.municipality, name="Noord")
    far = LocationFactory(district=north, name="Kindcentrum Noorderlicht")
    Membership.objects.get(user=sw.fixed_nurse, role=Role.YOUTH_NURSE).fixed_contact_for.add(far)
    for day in (2, 3):
        walk_in_hour_create(location=sw.location_a, starts_at=at(NEXT_YEAR, 3, day, 10), hours=1, by=sw.fixed_nurse)
    walk_in_hour_create(location=far, starts_at=at(NEXT_YEAR, 3, 4, 10), hours=Decimal("1.5"), by=sw.fixed_nurse)
    sw.north, sw.far = north, far
    return sw


def items_on(html):
    return html.count('data-testid="schedule-item"')


def test_the_calendar_opens_on_one_district_with_every_districts_month_totals(two_districts, client_for):
    w = two_districts
    html = client_for(w.coordinator).get(f"/schedule/calendar/?month={NEXT_YEAR}-03").content.decode()
    assert items_on(html) == 2 and w.location_a.name in html
    assert w.far.name not in html.split('data-testid="district-totals"')[1]
    totals = html[html.index('data-testid="district-totals"'):]
    totals = totals[:totals.index("</nav>")]
    assert "Centrum" in totals and "Noord" in totals
    # The other district's month, counted in SQL, and all of them together.
    assert re.search(r"Noord\s*<span[^>]*>1 bezoek, 1,50 uur", totals), totals
    assert re.search(r"Alle wijken\s*<span[^>]*>3 bezoeken, 3,50 uur", totals), totals


def test_the_calendar_shows_another_district_or_all_of_them_when_she_asks(two_districts, client_for):
    w = two_districts
    client = client_for(w.coordinator)
    north = client.get(f"/schedule/calendar/?month={NEXT_YEAR}-03&district={w.north.pk}").content.decode()
    assert items_on(north) == 1 and w.far.name in north
    everything = client.get(f"/schedule/calendar/?month={NEXT_YEAR}-03&district=all").content.decode()
    assert items_on(everything) == 3
    # The next month keeps her choice of district.
    assert f"?month={NEXT_YEAR}-04&amp;district={w.north.pk}" in north
    assert f"?month={NEXT_YEAR}-04&amp;district=all" in everything
    # A location or a professional alone is looked for in every district.
    located = client.get(f"/schedule/calendar/?month={NEXT_YEAR}-03&location={w.far.pk}").content.decode()
    assert items_on(located) == 1
    nurse = client.get(f"/schedule/calendar/?month={NEXT_YEAR}-03&professional={w.fixed_nurse.pk}")
    assert items_on(nurse.content.decode()) == 3


@pytest.mark.parametrize("value", ["999999", "alle", "²", "-1", "1.5", "all all"])
def test_a_district_that_is_not_hers_gets_the_opening_district_with_a_message(two_districts, client_for,
                                                                             coordinator_c_district, value):
    w = two_districts
    value = str(coordinator_c_district.pk) if value == "999999" else value
    response = client_for(w.coordinator).get("/schedule/calendar/", {"month": f"{NEXT_YEAR}-03", "district": value})
    html = response.content.decode()
    assert response.status_code == 400
    assert escape(shown("This filter cannot be used; showing everything.")) in html
    assert items_on(html) == 2


@pytest.fixture
def coordinator_c_district(sw):
    return DistrictFactory(municipality=sw.other_municipality)


def test_a_municipality_of_one_district_shows_it_without_the_district_totals(sw, client_for):
    walk_in_hour_create(location=sw.location_a, starts_at=at(NEXT_YEAR, 3, 2, 10), hours=1, by=sw.fixed_nurse)
    assert sw.municipality.districts.count() == 1
    html = client_for(sw.coordinator).get(f"/schedule/calendar/?month={NEXT_YEAR}-03").content.decode()
    assert items_on(html) == 1 and 'data-testid="district-totals"' not in html


def test_the_calendars_month_is_read_for_the_district_alone(two_districts):
    """The item query names the district: a large city's month is not loaded to show one district."""
    from scheduling.selectors import municipal_schedule

    w = two_districts
    with CaptureQueriesContext(connection) as captured:
        items = municipal_schedule(w.coordinator, year=NEXT_YEAR, month=3, district_id=w.north.pk)
    assert [i.location_id for i in items] == [w.far.pk]
    month_query = next(q["sql"] for q in captured.captured_queries
                       if q["sql"].startswith('SELECT "scheduling_scheduledvisit"'))
    assert f'"district_id" = {w.north.pk}' in month_query
    assert ScheduledVisit.objects.count() == 3
