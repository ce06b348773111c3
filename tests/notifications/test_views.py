"""The notifications page: hers only, opened and marked read, e-mail preferences kept."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from notifications.models import EmailOptOut, Kind, Notification
from tests.accounts.factories import member

pytestmark = pytest.mark.django_db


def notify(user, kind=Kind.VISIT_TOMORROW, url="/visits/"):
    return Notification.objects.create(
        recipient=user, kind=kind, url=url, about_at=timezone.now() + timedelta(days=1)
    )


def checkbox(body, value):
    return re.search(rf'<input[^>]*value="{value}"[^>]*>', body).group(0)


@pytest.fixture
def pmer():
    return member(Role.CHILDCARE_WORKER)


def test_the_list_shows_her_notifications_only(client_for, pmer):
    other = member(Role.SPECIALIST)
    notify(pmer, Kind.VISIT_TOMORROW)
    notify(other, Kind.FOLLOW_UP_OVERDUE)
    response = client_for(pmer).get(reverse("notifications:list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('data-testid="notification"') == 1
    # The nav badge counts her unread one.
    assert re.search(r'data-testid="notifications-link".*?text-bg-warning">1<', body, re.S)


def test_the_list_is_empty_with_a_clear_line(client_for, pmer):
    response = client_for(pmer).get(reverse("notifications:list"))
    assert b'data-testid="no-notifications"' in response.content


def test_opening_marks_it_read_and_follows_its_link(client_for, pmer):
    notification = notify(pmer, url="/visits/")
    response = client_for(pmer).post(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 302 and response["Location"] == "/visits/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_a_link_to_another_site_is_not_followed(client_for, pmer):
    notification = notify(pmer, url="https://evil.example/")
    response = client_for(pmer).post(reverse("notifications:open", args=[notification.pk]))
    assert response["Location"] == reverse("notifications:list")


def test_another_users_notification_is_404_and_stays_unread(client_for, pmer):
    theirs = notify(member(Role.CHILDCARE_WORKER))
    response = client_for(pmer).post(reverse("notifications:open", args=[theirs.pk]))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert client_for(pmer).post(reverse("notifications:open", args=[999999])).status_code == 404


def test_opening_needs_a_post(client_for, pmer):
    notification = notify(pmer)
    assert client_for(pmer).get(reverse("notifications:open", args=[notification.pk])).status_code == 405


def test_mark_all_read_touches_hers_only(client_for, pmer):
    other = member(Role.CHILDCARE_WORKER)
    notify(pmer)
    notify(pmer)
    theirs = notify(other)
    client_for(pmer).post(reverse("notifications:read_all"))
    assert not Notification.objects.filter(recipient=pmer, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.parametrize("name,args", [("notifications:list", []), ("notifications:preferences", []),
                                       ("notifications:open", [1]), ("notifications:read_all", [])])
def test_anonymous_is_sent_to_login(client, name, args):
    url = reverse(name, args=args)
    response = client.post(url) if name in ("notifications:open", "notifications:read_all") else client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_without_the_second_factor_she_is_sent_to_verify(unverified_client_for, pmer):
    response = unverified_client_for(pmer).get(reverse("notifications:list"))
    assert response.status_code == 302 and reverse("second_factor_verify") in response["Location"]


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.SPECIALIST, Role.YOUTH_NURSE, Role.PRIVACY_OFFICER])
def test_every_role_sees_her_own_page(client_for, role):
    user = member(role)
    notify(user)
    response = client_for(user).get(reverse("notifications:list"))
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="notification"') == 1


def test_preferences_start_with_every_kind_and_save_her_choice(client_for, pmer):
    client = client_for(pmer)
    response = client.get(reverse("notifications:preferences"))
    assert response.status_code == 200
    assert list(response.context["form"].initial["email_kinds"]) == list(Kind.values)
    response = client.post(reverse("notifications:preferences"),
                           {"email_kinds": [Kind.VISIT_TOMORROW, Kind.CASE_NEWS]}, follow=True)
    assert response.status_code == 200
    assert set(EmailOptOut.objects.filter(user=pmer).values_list("kind", flat=True)) == (
        set(Kind.values) - {Kind.VISIT_TOMORROW, Kind.CASE_NEWS})
    again = client.get(reverse("notifications:preferences"))
    assert set(again.context["form"].initial["email_kinds"]) == {Kind.VISIT_TOMORROW, Kind.CASE_NEWS}


def test_an_unknown_kind_is_refused_next_to_the_field_and_her_choice_is_kept(client_for, pmer):
    response = client_for(pmer).post(reverse("notifications:preferences"),
                                     {"email_kinds": [Kind.VISIT_TOMORROW, "gossip"]})
    assert response.status_code == 200
    form = response.context["form"]
    assert "email_kinds" in form.errors
    body = response.content.decode()
    assert "gossip" in str(form.errors["email_kinds"])
    assert "checked" in checkbox(body, Kind.VISIT_TOMORROW)
    assert "checked" not in checkbox(body, Kind.CASE_NEWS)
    assert not EmailOptOut.objects.filter(user=pmer).exists()


def test_one_users_preferences_do_not_touch_anothers(client_for, pmer):
    other = member(Role.CHILDCARE_WORKER)
    client_for(pmer).post(reverse("notifications:preferences"), {"email_kinds": []})
    assert not EmailOptOut.objects.filter(user=other).exists()
