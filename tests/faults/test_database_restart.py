"""PostgreSQL restarts while a nurse plans walk-in hours one after the other.

What she notices: the hours saved before the restart are all there; the one she sent while the
database was gone gets a Dutch page saying it was not saved (not the generic error page); the next
one saves again without anyone restarting the app, and sending the lost one again saves it once.
"""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from scheduling.models import ScheduledVisit

from .services import pg_restart, suite_has_postgres

pytestmark = [
    pytest.mark.services,
    pytest.mark.skipif(not suite_has_postgres(), reason="needs the PostgreSQL cluster scripts/test starts"),
    pytest.mark.django_db(transaction=True),
]


def walk_in(client, location, days_ahead):
    day = timezone.localdate() + datetime.timedelta(days=days_ahead)
    return client.post("/schedule/walk-in/new/", {"location": location.pk, "date": day.isoformat(),
                                                   "time": "14:00", "hours": "1"})


def planned_days():
    return sorted((timezone.localtime(s).date() - timezone.localdate()).days
                  for s in ScheduledVisit.objects.filter(kind="walk_in_hour").values_list("starts_at", flat=True))


def test_a_restart_between_saves_loses_nothing_committed_and_the_failed_save_is_told_in_dutch(sw, client_for):
    client = client_for(sw.fixed_nurse)
    # What a browser gets: the response, not the exception re-raised into the test.
    client.raise_request_exception = False
    assert walk_in(client, sw.location_a, 7).status_code == 302
    assert walk_in(client, sw.location_a, 8).status_code == 302

    pg_restart()  # the app's open connection is cut

    failed = walk_in(client, sw.location_a, 9)
    html = failed.content.decode()
    assert failed.status_code == 503
    assert "Opslaan is niet gelukt" in html
    assert "niet opgeslagen" in html and "Wat je eerder opsloeg is er nog" in html
    assert failed["Retry-After"]

    # The app reconnects by itself: the next save works, and the lost one sent again saves once.
    assert walk_in(client, sw.location_a, 10).status_code == 302
    assert walk_in(client, sw.location_a, 9).status_code == 302
    assert planned_days() == [7, 8, 9, 10]


def test_a_page_opened_during_the_restart_says_so_and_the_next_one_opens(sw, client_for):
    client = client_for(sw.fixed_nurse)
    client.raise_request_exception = False
    assert client.get("/schedule/agenda/").status_code == 200
    pg_restart()
    response = client.get("/schedule/agenda/")
    assert response.status_code == 503
    assert "Deze pagina kon niet worden geladen" in response.content.decode()
    # The page keeps the headers every page gets: no framing, no script from elsewhere, not cached.
    assert response["X-Frame-Options"] == "DENY" and "default-src 'self'" in response["Content-Security-Policy"]
    assert "no-store" in response.get("Cache-Control", "")
    assert client.get("/schedule/agenda/").status_code == 200
    assert connection.is_usable()
