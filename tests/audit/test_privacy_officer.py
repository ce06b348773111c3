"""The privacy officer's review of the log (issue 15, item 4): all access to one child, all access by
one professional, unusual access flagged (many children in a short time, outside working hours;
thresholds per municipality, computed in the database), a second factor given in this session,
and every read of the log logged itself."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import Role
from audit.models import AuditEvent, AuditPart
from tests.accounts.factories import member

pytestmark = pytest.mark.django_db
AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")


def nl(text):
    with translation.override("nl"):
        return translation.gettext(text)


def look(user, child, when, municipality, status=200):
    return AuditEvent.objects.create(
        at=when, actor_id=user.pk, actor_name=user.get_full_name() or user.username, child_id=child.pk,
        municipality_id=municipality.pk, object_type="children.child", object_id=str(child.pk), action="view",
        part="profile", basis="membership", status_code=status)


def weekday_at(hour, minute=0, days_ago=2):
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    while day.isoweekday() > 5:
        day -= datetime.timedelta(days=1)
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=AMS)


def listed(response):
    return list(response.context["page"].object_list)


class TestOneChildOneProfessional:
    def test_all_access_to_one_child(self, world, client_for):
        look(world.pmer_a, world.children_a[0], weekday_at(10), world.municipality)
        look(world.pmer_b, world.children_a[0], weekday_at(11), world.municipality)
        look(world.pmer_a, world.children_a[1], weekday_at(12), world.municipality)
        response = client_for(world.privacy_officer).get(reverse("audit:event_list"),
                                                         {"child_id": world.children_a[0].pk})
        assert {(e.actor_id, e.child_id) for e in listed(response)} == {
            (world.pmer_a.pk, world.children_a[0].pk), (world.pmer_b.pk, world.children_a[0].pk)}

    def test_all_access_by_one_professional_from_a_link_on_her_row(self, world, client_for):
        look(world.pmer_a, world.children_a[0], weekday_at(10), world.municipality)
        look(world.pmer_a, world.children_a[1], weekday_at(11), world.municipality)
        look(world.pmer_b, world.children_a[0], weekday_at(12), world.municipality)
        client = client_for(world.privacy_officer)
        page = client.get(reverse("audit:event_list")).content.decode()
        link = f"?actor_id={world.pmer_a.pk}"
        assert link in page
        response = client.get(reverse("audit:event_list") + link)
        assert {e.actor_id for e in listed(response)} == {world.pmer_a.pk}
        assert len(listed(response)) == 2

    @pytest.mark.parametrize("bad", ["abc", "-1", "99999999999999999999999", "1.5"])
    def test_a_bad_professional_gets_a_message_and_no_rows(self, world, client_for, bad):
        look(world.pmer_a, world.children_a[0], weekday_at(10), world.municipality)
        response = client_for(world.privacy_officer).get(reverse("audit:event_list"), {"actor_id": bad})
        assert response.status_code == 200
        assert listed(response) == []
        assert nl("Not filtered yet: please correct the fields marked below.") in response.content.decode()


class TestReadingTheLogIsLogged:
    def test_the_read_writes_one_row_of_its_own_naming_the_child_asked_about(self, world, client_for):
        look(world.pmer_a, world.children_a[0], weekday_at(10), world.municipality)
        client_for(world.privacy_officer).get(reverse("audit:event_list"), {"child_id": world.children_a[0].pk})
        row = AuditEvent.objects.get(actor_id=world.privacy_officer.pk)
        assert (row.part, row.action, row.child_id, row.municipality_id, row.basis, row.role) == (
            AuditPart.AUDIT_LOG, "view", world.children_a[0].pk, world.municipality.pk, "membership",
            "privacy_officer")

    def test_the_unusual_access_page_is_logged_too(self, world, client_for):
        client_for(world.privacy_officer).get(reverse("audit:unusual"))
        assert AuditEvent.objects.filter(actor_id=world.privacy_officer.pk, part=AuditPart.AUDIT_LOG).count() == 1

    def test_a_refused_read_writes_no_log_row_of_the_officer(self, world, client_for):
        client_for(world.pmer_a).get(reverse("audit:event_list"))
        assert not AuditEvent.objects.filter(part=AuditPart.AUDIT_LOG).exists()


class TestTwoFactors:
    @pytest.mark.parametrize("name", ["audit:event_list", "audit:unusual"])
    def test_password_alone_is_not_enough(self, world, client, name):
        client.force_login(world.privacy_officer)
        response = client.get(reverse(name))
        assert response.status_code == 302 and reverse("second_factor_verify") in response.url

    @pytest.mark.parametrize("name", ["audit:event_list", "audit:unusual"])
    def test_a_trusted_device_that_skipped_the_second_factor_must_give_it_for_the_log(self, world, client_for,
                                                                                         name):
        look(world.pmer_a, world.children_a[0], weekday_at(10), world.municipality)
        client = client_for(world.privacy_officer)
        session = client.session
        session["trusted_device_id"] = 1  # as accounts.two_factor.trusted_device_login leaves it
        session.save()
        response = client.get(reverse(name))
        assert response.status_code == 302 and reverse("second_factor_verify") in response.url
        assert not AuditEvent.objects.filter(part=AuditPart.AUDIT_LOG).exists()
        # She gives the factor (as second_factor_verify does) and is let in.
        from tests.conftest import verify_second_factor

        verify_second_factor(client, world.privacy_officer)
        assert client.get(reverse(name)).status_code == 200


class TestUnusualAccess:
    def test_many_children_in_a_short_time_is_flagged(self, world, client_for):
        world.municipality.audit_burst_children = 3
        world.municipality.audit_burst_minutes = 10
        world.municipality.save()
        for i, child in enumerate(world.children_a):
            look(world.pmer_a, child, weekday_at(10, i), world.municipality)
        look(world.pmer_a, world.child_b, weekday_at(10, 4), world.municipality)
        # Another pm'er looks at as many children, spread over the day: not flagged.
        for i, child in enumerate([*world.children_a, world.child_b]):
            look(world.pmer_b, child, weekday_at(9 + 2 * i), world.municipality)
        response = client_for(world.privacy_officer).get(reverse("audit:unusual"))
        assert response.status_code == 200
        bursts = response.context["bursts"]
        assert [(b["actor_id"], b["children"]) for b in bursts] == [(world.pmer_a.pk, 4)]
        assert world.pmer_a.get_full_name() in response.content.decode()

    def test_the_threshold_is_the_municipalitys(self, world, client_for):
        world.municipality.audit_burst_children = 5
        world.municipality.save()
        for i, child in enumerate(world.children_a):
            look(world.pmer_a, child, weekday_at(10, i), world.municipality)
        response = client_for(world.privacy_officer).get(reverse("audit:unusual"))
        assert response.context["bursts"] == []

    def test_access_outside_working_hours_is_flagged(self, world, client_for):
        look(world.pmer_a, world.children_a[0], weekday_at(23, 30), world.municipality)
        look(world.pmer_a, world.children_a[1], weekday_at(6, 15), world.municipality)
        look(world.pmer_b, world.children_a[0], weekday_at(14), world.municipality)
        response = client_for(world.privacy_officer).get(reverse("audit:unusual"))
        late = response.context["after_hours"]
        assert [(r["actor_id"], r["accesses"], r["children"]) for r in late] == [(world.pmer_a.pk, 2, 2)]

    def test_working_hours_are_the_municipalitys(self, world, client_for):
        world.municipality.working_hours_start = datetime.time(6, 0)
        world.municipality.save()
        look(world.pmer_a, world.children_a[1], weekday_at(6, 15), world.municipality)
        response = client_for(world.privacy_officer).get(reverse("audit:unusual"))
        assert response.context["after_hours"] == []

    def test_a_weekend_is_outside_working_hours(self, world, client_for):
        day = timezone.localdate() - datetime.timedelta(days=1)
        while day.isoweekday() != 6:
            day -= datetime.timedelta(days=1)
        look(world.pmer_a, world.children_a[0], datetime.datetime(day.year, day.month, day.day, 11, tzinfo=AMS),
             world.municipality)
        response = client_for(world.privacy_officer).get(reverse("audit:unusual"))
        assert [r["actor_id"] for r in response.context["after_hours"]] == [world.pmer_a.pk]

    def test_another_municipalitys_access_is_not_hers(self, world, client_for):
        other = member(Role.CHILDCARE_WORKER, location=world.location_c)
        look(other, world.child_c, weekday_at(23), world.other_municipality)
        response = client_for(world.privacy_officer).get(reverse("audit:unusual"))
        assert response.context["after_hours"] == []

    @pytest.mark.parametrize("bad", [{"date_from": "31-02-2026"}, {"date_from": "2999-01-01"},
                                     {"date_from": "2026-05-01", "date_to": "2026-04-01"}])
    def test_a_bad_period_gets_a_message_and_no_flags(self, world, client_for, bad):
        look(world.pmer_a, world.children_a[0], weekday_at(23), world.municipality)
        response = client_for(world.privacy_officer).get(reverse("audit:unusual"), bad)
        assert response.status_code == 200
        assert response.context["after_hours"] == [] and response.context["bursts"] == []
        assert nl("Not filtered yet: please correct the fields marked below.") in response.content.decode()

    @pytest.mark.parametrize("role", ["pmer_a", "coordinator", "functional_administrator", "specialist",
                                      "safeguarding_officer"])
    def test_other_roles_are_refused(self, world, client_for, role):
        assert client_for(getattr(world, role)).get(reverse("audit:unusual")).status_code == 403

    def test_anonymous_is_sent_to_log_in(self, world, client):
        response = client.get(reverse("audit:unusual"))
        assert response.status_code == 302 and "/login/" in response.url

    def test_the_home_page_links_to_it(self, world, client_for):
        page = client_for(world.privacy_officer).get(reverse("home")).content.decode()
        assert reverse("audit:unusual") in page


def test_a_trusted_device_session_gives_the_code_on_the_real_second_factor_page_and_comes_back(world, client_for):
    from tests.accounts.factories import totp_code, totp_device_for

    client = client_for(world.privacy_officer)
    session = client.session
    session["trusted_device_id"] = 1
    session.save()
    url = reverse("audit:event_list") + "?child_id=" + str(world.children_a[0].pk)
    step = client.get(url)
    assert step.status_code == 302
    page = client.get(step.url)
    assert page.status_code == 200 and 'name="token"' in page.content.decode()
    done = client.post(step.url, {"token": totp_code(totp_device_for(world.privacy_officer))})
    assert done.status_code == 302 and done.url == url
    assert client.get(url).status_code == 200
    assert AuditEvent.objects.filter(actor_id=world.privacy_officer.pk, part=AuditPart.AUDIT_LOG).count() == 1
