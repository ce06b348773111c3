"""The municipal coordinator and the programme coordinator open the programme figures in Chromium
(nl-NL), filter on a district, and download a table as CSV and the whole page as PDF."""

import csv
import io

import pytest

from tests.browser.conftest import REPO, assert_accessible
from tests.monitoring.builders import YEAR, Known, add_advice, add_consents, add_hours_and_walk_ins, add_referrals

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = REPO / "test-artifacts"


def _log_in(page, user):
    """A session made on the server side (the login pages are tested in test_home_pages.py)."""
    from django.test import Client

    from tests.conftest import verify_second_factor

    client = Client()
    client.force_login(user)
    verify_second_factor(client, user)
    session = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": session.value, "domain": "localhost", "path": "/"}])


@pytest.fixture
def known(world):
    known = Known(world)
    add_consents(known, [(["asked", "given"], 1)] * 6 + [(["asked", "refused"], 1)] * 2 + [(["asked"], 1)] * 5)
    add_advice(known, [("group", "day_programme", "tried", "worked", 8), ("childcare_worker", "child_approach",
                                                                          "tried", "not", 6)])
    add_referrals(known, [("speech_therapy", 6), ("audiology", 2)])
    add_hours_and_walk_ins(known)
    return known


def test_the_coordinator_filters_a_district_and_downloads_csv_and_pdf(world, known, page, screenshot):
    _log_in(page, world.coordinator)
    page.goto("/")
    page.get_by_role("link", name="Programmacijfers").click()
    page.wait_for_url("**/monitoring/")
    page.get_by_label("Periode", exact=True).select_option(str(YEAR))
    page.get_by_role("button", name="Tonen").click()
    page.wait_for_url(f"**period={YEAR}**")
    assert page.get_by_test_id("headline").inner_text() == "50%"
    screenshot(page, "monitoring-coordinator-year")
    assert_accessible(page)

    page.get_by_label("Wijk", exact=True).select_option(label="Wijk Twee")
    page.get_by_role("button", name="Tonen").click()
    page.wait_for_url("**district=**")
    assert "Wijk Twee" in page.get_by_test_id("scope").inner_text()
    waiting = page.get_by_test_id("table-waiting")
    waiting.locator("summary").click()
    assert "15,5" in waiting.inner_text()  # the median of 10..21 days, with a Dutch decimal comma
    assert "svg" in waiting.inner_html() and "<title" in waiting.inner_html()
    screenshot(page, "monitoring-coordinator-district")
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_test_id("csv-outcomes").click()
    text = download.value.path().read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert "Wijk Twee" in rows[0][0]
    assert rows[2][1] == "5"  # resolved within childcare: 6 in district 2, rounded
    assert any(r[1:] == ["<5"] for r in rows[2:])  # the guardians who declined: 1

    page.get_by_label("Taal van de pdf", exact=True).select_option("en")
    with page.expect_download() as download:
        page.get_by_test_id("pdf-export").click()
    pdf = download.value.path().read_bytes()
    assert pdf.startswith(b"%PDF") and b"Alert4you programme figures" in pdf
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "monitoring-dashboard-en.pdf").write_bytes(pdf)


def test_the_programme_coordinator_sees_municipalities_side_by_side(world, known, page, screenshot):
    _log_in(page, world.programme_coordinator)
    page.goto("/")
    page.get_by_role("link", name="Programmacijfers").click()
    page.get_by_label("Periode", exact=True).select_option(str(YEAR))
    page.get_by_role("button", name="Tonen").click()
    page.wait_for_url(f"**period={YEAR}**")
    side = page.get_by_test_id("table-municipalities")
    side.locator("summary").click()
    amersfoort = side.get_by_role("row").filter(has_text="Amersfoort").inner_text()
    assert "<5" in amersfoort and "×" in amersfoort
    screenshot(page, "monitoring-programme-coordinator")
    assert_accessible(page)

    page.get_by_label("Wijk", exact=True).select_option(label="Hoogeveen: Wijk Twee")
    page.get_by_role("button", name="Tonen").click()
    page.wait_for_url("**district=**")
    screenshot(page, "monitoring-programme-coordinator-district")
    with page.expect_download() as download:
        page.get_by_test_id("pdf-export").click()
    pdf = download.value.path().read_bytes()
    assert b"Cijfers van het Alert4you-programma" in pdf
    (ARTIFACTS / "monitoring-dashboard-nl.pdf").write_bytes(pdf)
