"""Notifications in Chromium: the pm'er whose observation is tomorrow sees the badge, opens the
reminder to land on the request, and chooses which kinds also come by e-mail.

Texts are found by test id or by their element, not by wording: the Dutch catalog comes later."""

import datetime

import pytest

from notifications.models import EmailOptOut, Kind, Notification, Outbox
from notifications.producers import visit_tomorrow_enqueue
from notifications.services import outbox_sweep
from tests.browser.conftest import assert_accessible
from tests.browser.test_request_journey import sign_in
from tests.casework.conftest import cw, media_in_tmp  # noqa: F401 - fixtures shared with the casework tests
from tests.observations.factories import planned_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_pmer_opens_her_visit_reminder_and_sets_her_email_preferences(cw, page, screenshot, live_server):  # noqa: F811
    from django.utils import timezone

    case = planned_case(cw)
    a_day_later = timezone.now() + datetime.timedelta(days=1)
    visit_tomorrow_enqueue(now=a_day_later)
    due = Outbox.objects.filter(recipient=cw.pmer_a).get().due_at
    assert outbox_sweep(now=due + datetime.timedelta(minutes=1))

    sign_in(page, cw.pmer_a, live_server.url)
    link = page.get_by_test_id("notifications-link")
    assert link.locator(".badge").inner_text().startswith("1")
    link.click()
    page.wait_for_url("**/notifications/")
    items = page.get_by_test_id("notification")
    assert items.count() == 1
    assert case.child.first_name not in page.content()
    screenshot(page, "notifications-list")
    assert_accessible(page)

    items.first.locator("button").click()
    page.wait_for_url(f"**/requests/{case.pk}/")
    assert Notification.objects.get(recipient=cw.pmer_a).read_at is not None
    assert page.get_by_test_id("notifications-link").locator(".badge").count() == 0

    page.goto("/notifications/preferences/")
    page.locator(f'input[value="{Kind.CASE_NEWS}"]').uncheck()
    with page.expect_navigation():
        page.get_by_test_id("save-preferences").click()
    assert page.get_by_role("status").first.is_visible()
    assert not page.locator(f'input[value="{Kind.CASE_NEWS}"]').is_checked()
    assert page.locator(f'input[value="{Kind.VISIT_TOMORROW}"]').is_checked()
    assert list(EmailOptOut.objects.filter(user=cw.pmer_a).values_list("kind", flat=True)) == [Kind.CASE_NEWS]
    screenshot(page, "notifications-preferences")
    assert_accessible(page)
