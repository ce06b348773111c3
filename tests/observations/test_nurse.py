"""Issue 12 finding 12: the youth nurse records her own visits and hours on a case she is part of,
booked to her own youth health service (DESIGN 4), instead of the specialist typing them for her."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership, Role
from audit.models import AuditAction, AuditEvent, AuditPart
from casework.models import CaseState
from observations.models import Visit, VisitHours, VisitStatus
from tests.accounts.factories import member
from tests.casework.factories import ask
from tests.consent.factories import consent_for
from tests.observations.browserlike import page_form, submit
from tests.observations.factories import advised_case, observed_case

pytestmark = pytest.mark.django_db


def url(name, case, *args):
    return reverse(f"observations:{name}", args=[case.pk, *args])


def detail(case):
    return reverse("casework:detail", args=[case.pk])


def an_hour_ago():
    return timezone.localtime() - datetime.timedelta(hours=1)


def home_visit(**overrides):
    moment = an_hour_ago()
    return {"kind": "home_visit", "date": moment.date().isoformat(), "time": moment.strftime("%H:%M"),
            "place": "Thuis", "participants": ["youth_nurse", "guardians"], "participant_names": "Moeder",
            "notes": "Slaapritme besproken met moeder.", "hours": "1,5", **overrides}


class TestTheNurseRecordsHerOwnVisit:
    def test_she_records_a_home_visit_with_her_hours_booked_to_her_youth_health_service(self, cw, client_for):
        case = advised_case(cw)
        client = client_for(cw.fixed_nurse)
        page = client.get(detail(case)).content.decode()
        assert f"{url('record', case)}?kind=home_visit" in page
        response = client.post(url("record", case), home_visit())
        assert response.status_code == 302 and response.url == detail(case)
        visit = Visit.objects.get(kind="home_visit")
        assert visit.status == VisitStatus.HELD and visit.recorded_by == cw.fixed_nurse
        row = VisitHours.objects.get(visit=visit)
        assert (row.professional, row.hours, row.youth_health_service, row.care_provider, row.district) == (
            cw.fixed_nurse, Decimal("1.5"), cw.ggd, None, cw.location_a.district)
        case.refresh_from_db()
        assert case.state == CaseState.ADVISED
        assert AuditEvent.objects.filter(actor_id=cw.fixed_nurse.pk, part=AuditPart.VISIT,
                                         action=AuditAction.CREATE, basis="consent").exists()

    def test_the_page_as_she_gets_it_can_be_sent_back_with_only_notes_and_hours(self, cw, client_for):
        case = advised_case(cw)
        client = client_for(cw.fixed_nurse)
        page = client.get(url("record", case) + "?kind=review_talk").content.decode()
        response = submit(client, url("record", case), page, field="notes", notes="Evaluatie met ouders.",
                          hours="0,75")
        assert response.status_code == 302
        assert VisitHours.objects.get(visit__kind="review_talk").hours == Decimal("0.75")

    def test_her_form_offers_her_kinds_and_only_her_own_hours(self, cw, client_for):
        case = advised_case(cw)
        response = client_for(cw.fixed_nurse).get(url("record", case) + "?kind=home_visit")
        form = response.context["form"]
        assert [k for k, _label in form.fields["kind"].choices] == ["intake_talk", "review_talk", "home_visit"]
        assert "nurse_hours" not in form.fields
        inputs = page_form(response.content.decode(), "hours")["inputs"]
        assert inputs["hours"]["type"] == "text" and inputs["hours"]["inputmode"] == "decimal"

    @pytest.mark.parametrize("kind", ["observation", "follow_up"])
    def test_a_visit_that_moves_the_case_stays_the_specialists(self, cw, client_for, kind):
        case = advised_case(cw)
        response = client_for(cw.fixed_nurse).post(url("record", case), home_visit(kind=kind))
        assert response.status_code == 200 and "kind" in response.context["form"].errors
        assert not Visit.objects.filter(kind=kind, recorded_by=cw.fixed_nurse).exists()
        case.refresh_from_db()
        assert case.state == CaseState.ADVISED and case.follow_ups == 0

    def test_she_cannot_book_hours_for_someone_else(self, cw):
        from django.core.exceptions import ValidationError

        from observations.services import visit_record_held
        from tests.casework.factories import fake_request

        case = advised_case(cw)
        with pytest.raises(ValidationError):
            visit_record_held(request=fake_request(cw.fixed_nurse), case=case, kind="home_visit",
                              held_at=an_hour_ago(), hours=[(cw.fixed_nurse, 1), (cw.fixed_specialist, 5)],
                              notes="x", by=cw.fixed_nurse)
        assert not VisitHours.objects.filter(professional=cw.fixed_specialist, visit__kind="home_visit").exists()

    @pytest.mark.parametrize(("overrides", "field"), [
        ({"hours": "0"}, "hours"), ({"hours": "vijf"}, "hours"), ({"hours": ""}, "hours"),
        ({"date": "2999-01-01"}, "date"), ({"date": "1900-01-01"}, "date"), ({"notes": ""}, "notes"),
    ])
    def test_bad_input_gets_a_message_and_keeps_what_she_wrote(self, cw, client_for, overrides, field):
        case = advised_case(cw)
        response = client_for(cw.fixed_nurse).post(url("record", case), home_visit(place="Bij oma thuis",
                                                                                      **overrides))
        assert response.status_code == 200 and field in response.context["form"].errors
        assert "Bij oma thuis" in response.content.decode()
        assert not Visit.objects.filter(kind="home_visit").exists()

    def test_sent_twice_it_is_one_visit(self, cw, client_for):
        case = advised_case(cw)
        client = client_for(cw.fixed_nurse)
        assert client.post(url("record", case), home_visit()).status_code == 302
        assert client.post(url("record", case), home_visit()).status_code == 302
        assert Visit.objects.filter(kind="home_visit").count() == 1


class TestTheNurseAddsHerHoursToAVisitSheJoined:
    def test_she_adds_her_hours_to_the_observation_the_specialist_recorded(self, cw, client_for):
        case = observed_case(cw)
        visit = Visit.objects.get(kind="observation")
        VisitHours.objects.filter(visit=visit, professional=cw.fixed_nurse).delete()
        client = client_for(cw.fixed_nurse)
        hours_url = url("hours", case, visit.pk)
        assert hours_url in client.get(detail(case)).content.decode()
        response = client.post(hours_url, {"hours": "1,5"})
        assert response.status_code == 302 and response.url == detail(case)
        row = VisitHours.objects.get(visit=visit, professional=cw.fixed_nurse)
        assert (row.hours, row.youth_health_service) == (Decimal("1.5"), cw.ggd)
        assert "1,5 uur" in client.get(detail(case)).content.decode()

    def test_her_hours_already_there_are_not_added_twice(self, cw, client_for):
        case = observed_case(cw)
        visit = Visit.objects.get(kind="observation")
        client = client_for(cw.fixed_nurse)
        VisitHours.objects.create(visit=visit, professional=cw.fixed_nurse, youth_health_service=cw.ggd,
                                  district=cw.location_a.district, hours=Decimal("1"))
        assert url("hours", case, visit.pk) not in client.get(detail(case)).content.decode()
        response = client.post(url("hours", case, visit.pk), {"hours": "2"})
        assert response.status_code == 200 and "al" in response.content.decode()
        assert VisitHours.objects.get(visit=visit, professional=cw.fixed_nurse).hours == Decimal("1")

    @pytest.mark.parametrize("typed", ["0", "25", "x", ""])
    def test_impossible_hours_get_a_message(self, cw, client_for, typed):
        case = observed_case(cw)
        visit = Visit.objects.get(kind="observation")
        VisitHours.objects.filter(visit=visit, professional=cw.fixed_nurse).delete()
        response = client_for(cw.fixed_nurse).post(url("hours", case, visit.pk), {"hours": typed})
        assert response.status_code == 200 and "hours" in response.context["form"].errors
        assert not VisitHours.objects.filter(visit=visit, professional=cw.fixed_nurse).exists()

    def test_a_planned_visit_takes_no_hours_yet(self, cw, client_for):
        from observations.services import visit_plan
        from tests.casework.factories import fake_request
        from tests.observations.factories import days_from_now

        case = advised_case(cw)
        planned = visit_plan(request=fake_request(cw.fixed_specialist), case=case, kind="review_talk",
                             starts_at=days_from_now(2), by=cw.fixed_specialist)
        response = client_for(cw.fixed_nurse).post(url("hours", case, planned.pk), {"hours": "1"})
        assert response.status_code in (200, 404)
        assert not VisitHours.objects.filter(visit=planned).exists()


class TestWhoMay:
    """Every nurse page refuses: another nurse, a nurse of another location, another role, anonymous."""

    @pytest.fixture
    def other_location_nurse(self, cw):
        nurse = member(Role.YOUTH_NURSE, youth_health_service=cw.ggd)
        Membership.objects.get(user=nurse).fixed_contact_for.add(cw.location_b)
        return nurse

    def pages(self, case):
        visit = Visit.objects.get(kind="observation")
        return [(url("record", case) + "?kind=home_visit", home_visit()),
                (url("hours", case, visit.pk), {"hours": "1"})]

    @pytest.mark.parametrize(("who", "status"), [
        ("youth_nurse", 404), ("other_location_nurse", 404), ("other_specialist", 404),
        ("pmer_a", 403), ("pmer_b", 403), ("coordinator", 403), ("privacy_officer", 403),
        ("programme_coordinator", 403),
    ])
    def test_refused(self, cw, client_for, other_location_nurse, who, status):
        cw.other_location_nurse = other_location_nurse
        case = observed_case(cw)
        before = VisitHours.objects.count(), Visit.objects.count()
        client = client_for(getattr(cw, who))
        for page, data in self.pages(case):
            assert client.get(page).status_code == status, page
            assert client.post(page, data).status_code == status, page
        assert (VisitHours.objects.count(), Visit.objects.count()) == before

    def test_anonymous_goes_to_the_login_page(self, cw, client):
        case = observed_case(cw)
        for page, data in self.pages(case):
            for response in (client.get(page), client.post(page, data)):
                assert response.status_code == 302 and reverse("login") in response.url

    def test_without_the_guardians_consent_for_her_she_records_nothing(self, cw, client_for):
        case = ask(cw, child=cw.children_a[1])
        consent_for(case.child, parties=("specialist",))
        from casework.services import case_advance

        case = case_advance(case=case, to=CaseState.READY_TO_PLAN, by=cw.pmer_a)
        assert case.nurse == cw.fixed_nurse
        response = client_for(cw.fixed_nurse).post(url("record", case), home_visit())
        assert response.status_code in (403, 404)
        assert not Visit.objects.filter(kind="home_visit").exists()

    def test_she_cannot_plan_or_give_advice(self, cw, client_for):
        case = observed_case(cw)
        client = client_for(cw.fixed_nurse)
        assert client.get(url("plan", case)).status_code == 403
        assert client.get(url("advice", case)).status_code == 403
