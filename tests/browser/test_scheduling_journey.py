"""The scheduling journey in Chromium: a coordinator of Hoogeveen asks for the half-year plan of
preventive visits, reviews and publishes it; the fixed specialist sees the visits in her agenda and
records one with her hours; the district's budget figures move on the coordinator's budget page."""

import datetime

import pytest
from django.utils import timezone

from observations.models import Visit
from scheduling.models import HalfYearPlan, HourBudget, ScheduledVisit
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
    # Hours in Dutch (issue 12): "6,00 uur", never "6.00".
    assert row.get_by_test_id("planned").inner_text().strip() == "6,00 uur"
    assert row.get_by_test_id("remaining").inner_text().strip() == "14,00 uur"

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
    page.locator("#id_hours").fill("1,5")  # typed the Dutch way
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/visits/group-visit/*/advice/")  # her advice for the group follows the visit
    page.goto("/schedule/agenda/")
    screenshot(page, "scheduling-agenda-after-record")

    # The coordinator's budget page: this year's hours used went up, next year's planned went down.
    sign_in(page, sw.coordinator, live_server.url)
    page.goto(f"/schedule/budgets/?year={this_year}")
    row = page.get_by_test_id(f"budget-{sw.district.name.lower().replace(' ', '-')}")
    assert row.get_by_test_id("used").inner_text().strip().startswith("1,5")
    assert row.get_by_test_id("remaining").inner_text().strip() == "8,50 uur"
    screenshot(page, "scheduling-budgets")
    assert_accessible(page)
    page.goto(f"/schedule/budgets/?year={NEXT_YEAR}")
    assert row.get_by_test_id("planned").inner_text().strip() == "4,00 uur"


def test_nurse_plans_a_walk_in_hour_and_the_childcare_worker_prints_its_notice(sw, page, screenshot,  # noqa: F811
                                                                                live_server):
    sign_in(page, sw.fixed_nurse, live_server.url)
    page.locator("a[href='/schedule/walk-in/new/']").first.click()
    page.locator("#id_location").select_option(str(sw.location_a.pk))
    page.locator("#id_date").fill((timezone.localdate() + datetime.timedelta(days=10)).isoformat())
    page.locator("#id_time").fill("14:00")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/schedule/walk-in/*/")
    # Questions are recorded once the hour has begun (issue 12): ten days later, at the hour.
    assert page.get_by_test_id("questions-later").is_visible()
    item = ScheduledVisit.objects.get(kind="walk_in_hour")
    notice_path = page.locator("a[href$='/notice/']").get_attribute("href")
    begun = timezone.now() - datetime.timedelta(minutes=10)
    ScheduledVisit.objects.filter(pk=item.pk).update(starts_at=begun)
    Visit.objects.filter(pk=item.visit_id).update(starts_at=begun)
    page.reload()
    page.locator("input[name=asked_by][value=guardian]").check()
    page.locator("#id_topic").select_option("sleep_food")
    page.locator("input[name=follow_up][value=tip]").check()
    page.locator("#id_note").fill("Vaste bedtijd besproken")
    page.locator("main form[method=post] button[type=submit]").click()
    assert page.get_by_test_id("questions").get_by_text("Vaste bedtijd besproken").is_visible()
    screenshot(page, "scheduling-walk-in-questions")
    assert_accessible(page)

    sign_in(page, sw.pmer_a, live_server.url)
    page.goto(notice_path)
    assert page.get_by_test_id("notice").get_by_text(sw.location_a.name).is_visible()
    screenshot(page, "scheduling-walk-in-notice")
    assert_accessible(page)
    # The link for parents opens in a browser without an account, and shows no child.
    link = page.get_by_test_id("public-notice-link").input_value()
    assert link.startswith("http")
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    parent = page.context.browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-NL",
                                              base_url=live_server.url)
    try:
        phone = parent.new_page()
        phone.goto(path)
        assert phone.get_by_test_id("notice").get_by_text(sw.location_a.name).is_visible()
        text = phone.locator("body").inner_text()
        assert all(child.first_name not in text for child in sw.children_a)
        screenshot(phone, "scheduling-walk-in-notice-parent-phone")
    finally:
        parent.close()


def test_the_month_grid_has_seven_equal_columns_and_explains_a_conflict(sw, page, screenshot,  # noqa: F811
                                                                         live_server):
    """A long location name and a conflict on one day made its column (Tuesday's in the demo) far
    wider than the others."""
    from scheduling.services import plan_propose, plan_publish

    Location = sw.location_a.__class__
    Location.objects.filter(pk=sw.location_b.pk).update(name="Kindercentrum De Klimboom aan de Hoofdstraat")
    plan = plan_propose(plan=HalfYearPlan.objects.create(municipality=sw.municipality, year=NEXT_YEAR, half=1,
                                                         requested_by=sw.coordinator))
    plan_publish(plan=plan, by=sw.coordinator)
    first, second = plan.items.order_by("starts_at")[:2]
    ScheduledVisit.objects.filter(pk=second.pk).update(starts_at=first.starts_at + datetime.timedelta(hours=1))
    sign_in(page, sw.coordinator, live_server.url)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/schedule/calendar/?month={timezone.localtime(first.starts_at):%Y-%m}")
    widths = [box["width"] for box in (cell.bounding_box() for cell in
                                      page.locator("table.schedule-month thead th").all())]
    assert len(widths) == 7
    assert max(widths) - min(widths) < 2, widths
    mark = page.locator("table.schedule-month .schedule-conflict").first
    assert mark.is_visible() and "dubbel geboekt" in mark.inner_text()
    assert mark.get_attribute("title")
    screenshot(page, "scheduling-month-grid")
    assert_accessible(page)
