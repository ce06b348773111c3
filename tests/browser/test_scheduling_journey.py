"""The scheduling journey in Chromium: a coordinator of Hoogeveen asks for the half-year plan of
preventive visits, reviews and publishes it; the fixed specialist sees the visits in her agenda and
records one with her hours; the district's budget figures move on the coordinator's budget page."""

import pytest
from django.utils import timezone

from scheduling.models import HalfYearPlan, HourBudget
from scheduling.tasks import plan_propose_task
from tests.browser.conftest import assert_accessible
from tests.browser.test_request_journey import sign_in
from tests.casework.conftest import cw, media_in_tmp  # noqa: F401 - fixtures shared with the casework tests
from tests.scheduling.conftest import NEXT_YEAR, sw  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_plans_specialist_records_budget_moves(sw, page, screenshot, live_server):  # noqa: F811
    this_year = timezone.localdate().year
    HourBudget.objects.create(district=sw.district, care_provider=sw.care_provider, year=this_year, hours=10)

    # The coordinator asks for next year's first half.
    sign_in(page, sw.coordinator, live_server.url)
    page.locator("a[href='/schedule/plans/']").first.click()
    page.locator("#id_year").fill(str(NEXT_YEAR))
    page.locator("#id_half").select_option("1")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/schedule/plans/*/")
    plan = HalfYearPlan.objects.get()
    # The Celery task's body, run here as the worker would (the worker path is the outbox's test).
    plan_propose_task(plan.pk)
    page.reload()
    rows = page.locator("[data-testid=plan-items] tbody tr")
    assert rows.count() == 3
    for group in ("Dreumesen", "Peuters", "Kikkers"):
        assert page.locator("[data-testid=plan-items]").get_by_role("cell", name=group, exact=True).is_visible()
    screenshot(page, "scheduling-plan-proposed")
    assert_accessible(page)
    page.locator("main form[action$='/publish/'] button").click()
    page.wait_for_url(f"**/schedule/plans/{plan.pk}/")
    assert page.locator("[data-testid=plan-items] tbody tr").count() == 3
    screenshot(page, "scheduling-plan-published")

    # The municipal schedule shows the month of the first visit.
    first = plan.items.order_by("starts_at").first()
    page.goto(f"/schedule/calendar/?month={timezone.localtime(first.starts_at):%Y-%m}")
    assert page.locator("table.schedule-month").get_by_text(first.location.name).first.is_visible()
    screenshot(page, "scheduling-municipal-schedule")
    assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 844})  # a phone: the list instead of the grid
    assert page.get_by_test_id("schedule-item").first.is_visible()
    screenshot(page, "scheduling-municipal-schedule-phone")
    page.set_viewport_size({"width": 1024, "height": 768})

    page.goto(f"/schedule/budgets/?year={NEXT_YEAR}")
    row = page.get_by_test_id(f"budget-{sw.district.name.lower().replace(' ', '-')}")
    assert row.get_by_test_id("planned").inner_text().strip() == "6"
    assert row.get_by_test_id("remaining").inner_text().strip() == "14"

    # The fixed specialist sees the visits in her agenda and records one with her hours.
    sign_in(page, sw.fixed_specialist, live_server.url)
    agenda = page.get_by_test_id("agenda")
    assert agenda.get_by_text(sw.location_a.name).first.is_visible()
    assert agenda.get_by_text(sw.location_b.name).first.is_visible()
    screenshot(page, "scheduling-specialist-home-agenda")
    page.locator("a[href='/schedule/agenda/']").first.click()
    assert_accessible(page)
    page.get_by_test_id("agenda").locator("a[href$='/record/']").first.click()
    page.locator("#id_date").fill(timezone.localdate().isoformat())
    page.locator("#id_time").fill("00:01")
    page.locator("#id_hours").fill("30")
    page.locator("#id_notes").fill("Rustige groep, veel samenspel.")
    page.locator("main form button[type=submit]").click()
    assert page.locator(".invalid-feedback").first.is_visible()  # too many hours: refused, notes kept
    assert page.locator("#id_notes").input_value() == "Rustige groep, veel samenspel."
    screenshot(page, "scheduling-record-errors")
    page.locator("#id_hours").fill("1.5")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/schedule/agenda/")
    screenshot(page, "scheduling-agenda-after-record")

    # The coordinator's budget page: this year's hours used went up, next year's planned went down.
    sign_in(page, sw.coordinator, live_server.url)
    page.goto(f"/schedule/budgets/?year={this_year}")
    row = page.get_by_test_id(f"budget-{sw.district.name.lower().replace(' ', '-')}")
    assert row.get_by_test_id("used").inner_text().strip().startswith("1,5")
    assert row.get_by_test_id("remaining").inner_text().strip() == "8,50"
    screenshot(page, "scheduling-budgets")
    assert_accessible(page)
    page.goto(f"/schedule/budgets/?year={NEXT_YEAR}")
    assert row.get_by_test_id("planned").inner_text().strip() == "4"


def test_nurse_plans_a_walk_in_hour_and_the_childcare_worker_prints_its_notice(sw, page, screenshot,  # noqa: F811
                                                                                live_server):
    import datetime

    sign_in(page, sw.fixed_nurse, live_server.url)
    page.locator("a[href='/schedule/walk-in/new/']").first.click()
    page.locator("#id_location").select_option(str(sw.location_a.pk))
    page.locator("#id_date").fill((timezone.localdate() + datetime.timedelta(days=10)).isoformat())
    page.locator("#id_time").fill("14:00")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/schedule/walk-in/*/")
    page.locator("input[name=asked_by][value=guardian]").check()
    page.locator("#id_topic").select_option("sleep_food")
    page.locator("input[name=follow_up][value=tip]").check()
    page.locator("#id_note").fill("Vaste bedtijd besproken")
    page.locator("main form[method=post] button[type=submit]").click()
    assert page.get_by_test_id("questions").get_by_text("Vaste bedtijd besproken").is_visible()
    screenshot(page, "scheduling-walk-in-questions")
    assert_accessible(page)
    notice_path = page.locator("a[href$='/notice/']").get_attribute("href")

    sign_in(page, sw.pmer_a, live_server.url)
    page.goto(notice_path)
    assert page.get_by_test_id("notice").get_by_text(sw.location_a.name).is_visible()
    screenshot(page, "scheduling-walk-in-notice")
    assert_accessible(page)
