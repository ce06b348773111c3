import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditAction, AuditEvent, AuditPart
from casework.models import CaseState
from observations.models import Advice, Visit, VisitHours, VisitStatus
from tests.casework.factories import ask
from tests.observations.factories import advised_case, observed_case, planned_case, ready_case

pytestmark = pytest.mark.django_db

NOTES = "Speelt vooral alleen bij de bouwhoek."


def detail(case):
    return reverse("casework:detail", args=[case.pk])


def url(name, case, *args):
    return reverse(f"observations:{name}", args=[case.pk, *args])


def today(days=0):
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def an_hour_ago():
    return timezone.localtime() - datetime.timedelta(hours=1)


def record_data(**overrides):
    return {"kind": "observation", "date": an_hour_ago().date().isoformat(),
            "time": an_hour_ago().strftime("%H:%M"), "place": "Groepsruimte",
            "participants": ["specialist", "childcare_worker"], "participant_names": "Sanne (pm'er)",
            "notes": NOTES, "hours": "2.5", **overrides}


class TestPlanning:
    def test_the_case_page_links_planning_to_the_visit_form(self, cw, client_for):
        case = ready_case(cw)
        html = client_for(cw.fixed_specialist).get(detail(case)).content.decode()
        assert url("plan", case) in html

    def test_the_specialist_plans_the_observation(self, cw, client_for):
        case = ready_case(cw)
        response = client_for(cw.fixed_specialist).post(url("plan", case), {
            "kind": "observation", "date": today(3), "time": "10:00", "place": "Groepsruimte"})
        assert response.status_code == 302 and response.url == detail(case)
        case.refresh_from_db()
        visit = Visit.objects.get()
        assert case.state == CaseState.PLANNED and visit.status == VisitStatus.PLANNED
        assert timezone.localtime(visit.starts_at).hour == 10

    def test_a_past_date_gets_a_message_next_to_the_field_and_keeps_what_was_typed(self, cw, client_for):
        case = ready_case(cw)
        response = client_for(cw.fixed_specialist).post(url("plan", case), {
            "kind": "observation", "date": today(-1), "time": "10:00", "place": "Speelzaal boven"})
        assert response.status_code == 200 and "date" in response.context["form"].errors
        html = response.content.decode()
        assert 'id="error_1_id_date"' in html and "Speelzaal boven" in html and today(-1) in html
        assert not Visit.objects.exists()


class TestRecording:
    def test_the_held_observation_is_recorded_and_shown_on_the_case_page(self, cw, client_for):
        case = planned_case(cw)
        client = client_for(cw.fixed_specialist)
        assert f"{url('record', case)}?kind=observation" in client.get(detail(case)).content.decode()
        response = client.post(url("record", case), record_data(video_used="on", nurse_hours="1"))
        assert response.status_code == 302
        case.refresh_from_db()
        assert case.state == CaseState.OBSERVED
        visit = Visit.objects.get()
        assert visit.status == VisitStatus.HELD and visit.video_used and visit.notes == NOTES
        assert {row.professional for row in VisitHours.objects.all()} == {cw.fixed_specialist, cw.fixed_nurse}
        html = client_for(cw.pmer_a).get(detail(case)).content.decode()
        assert NOTES in html

    @pytest.mark.parametrize("overrides, field", [
        ({"date": today(1)}, "date"),
        ({"date": today(), "time": "23:59"}, "time"),
        ({"hours": "-1"}, "hours"),
        ({"hours": "0"}, "hours"),
        ({"hours": "25"}, "hours"),
        ({"hours": ""}, "hours"),
        ({"nurse_hours": "30"}, "nurse_hours"),
    ])
    def test_bad_input_gets_a_message_next_to_the_field_and_keeps_the_notes(self, cw, client_for, overrides, field):
        case = planned_case(cw)
        response = client_for(cw.fixed_specialist).post(url("record", case), record_data(**overrides))
        assert response.status_code == 200 and field in response.context["form"].errors
        html = response.content.decode()
        assert f'id="error_1_id_{field}"' in html and NOTES in html
        case.refresh_from_db()
        assert case.state == CaseState.PLANNED and not VisitHours.objects.exists()

    def test_the_sixth_follow_up_is_refused_with_a_message_saying_why(self, cw, client_for):
        case = advised_case(cw)
        configuration = case.configuration
        configuration.max_follow_ups = 1
        configuration.save()
        client = client_for(cw.fixed_specialist)
        data = record_data(kind="follow_up", notes="Gaat beter.", hours="1")
        assert client.post(url("record", case), data).status_code == 302
        # A second talk, not the first one sent again (that one the resubmission guard absorbs).
        response = client.post(url("record", case), {**data, "notes": "Tweede gesprek."})
        assert response.status_code == 200
        assert "hoogstens 1" in response.content.decode()
        case.refresh_from_db()
        assert case.follow_ups == 1 and Visit.objects.filter(kind="follow_up").count() == 1

    def test_the_follow_up_form_asks_how_each_advice_worked(self, cw, client_for):
        case = advised_case(cw)
        advice = Advice.objects.first()
        client = client_for(cw.fixed_specialist)
        page = client.get(url("record", case) + "?kind=follow_up")
        assert f"remark_{advice.pk}" in page.context["form"].fields
        client.post(url("record", case), record_data(kind="follow_up", **{f"remark_{advice.pk}": "Werkt."}))
        advice.refresh_from_db()
        assert advice.follow_up_remark == "Werkt."

    def test_a_planned_follow_up_is_recorded_from_its_own_button(self, cw, client_for):
        from observations.services import visit_plan
        from tests.casework.factories import fake_request
        from tests.observations.factories import days_from_now

        case = advised_case(cw)
        planned = visit_plan(request=fake_request(cw.fixed_specialist), case=case, kind="follow_up",
                             starts_at=days_from_now(1, 14), place="Kantoor locatie", by=cw.fixed_specialist)
        client = client_for(cw.fixed_specialist)
        assert f"{url('record', case)}?visit={planned.pk}" in client.get(detail(case)).content.decode()
        page = client.get(f"{url('record', case)}?visit={planned.pk}")
        assert page.context["form"].initial["place"] == "Kantoor locatie"
        assert page.context["form"].initial["kind"] == "follow_up"
        response = client.post(url("record", case), record_data(kind="follow_up", place="", visit=planned.pk))
        assert response.status_code == 302
        planned.refresh_from_db()
        assert planned.status == VisitStatus.HELD and planned.place == "Kantoor locatie"
        assert Visit.objects.filter(kind="follow_up").count() == 1

    def test_hoogeveen_review_talk_proposes_guardians_pmer_nurse_and_specialist(self, cw, client_for):
        case = advised_case(cw)
        form = client_for(cw.fixed_specialist).get(url("record", case) + "?kind=review_talk").context["form"]
        assert set(form.initial["participants"]) == {"guardians", "childcare_worker", "youth_nurse", "specialist"}


class TestAdvice:
    def test_the_specialist_gives_advice_and_the_case_is_advised(self, cw, client_for):
        case = observed_case(cw)
        response = client_for(cw.fixed_specialist).post(url("advice", case), {
            "advice-TOTAL_FORMS": "3", "advice-INITIAL_FORMS": "0",
            "advice-0-target": "childcare_worker", "advice-0-category": "child_approach",
            "advice-0-text": "Benoem wat hij goed doet.",
            "advice-1-target": "", "advice-1-category": "", "advice-1-text": "",
            "advice-2-target": "", "advice-2-category": "", "advice-2-text": ""})
        assert response.status_code == 302
        case.refresh_from_db()
        assert case.state == CaseState.ADVISED and Advice.objects.get().text == "Benoem wat hij goed doet."

    def test_a_half_filled_advice_gets_a_message_and_keeps_the_text(self, cw, client_for):
        case = observed_case(cw)
        response = client_for(cw.fixed_specialist).post(url("advice", case), {
            "advice-TOTAL_FORMS": "1", "advice-INITIAL_FORMS": "0",
            "advice-0-target": "", "advice-0-category": "room", "advice-0-text": "Maak een rustige hoek."})
        assert response.status_code == 200
        assert "target" in response.context["formset"].forms[0].errors
        assert "Maak een rustige hoek." in response.content.decode()
        assert not Advice.objects.exists()

    def test_no_advice_at_all_is_refused(self, cw, client_for):
        case = observed_case(cw)
        response = client_for(cw.fixed_specialist).post(url("advice", case), {
            "advice-TOTAL_FORMS": "1", "advice-INITIAL_FORMS": "0",
            "advice-0-target": "", "advice-0-category": "", "advice-0-text": ""})
        assert response.status_code == 200 and response.context["formset"].non_form_errors()
        case.refresh_from_db()
        assert case.state == CaseState.OBSERVED


class TestEvaluation:
    def test_the_pmer_evaluates_advice_from_the_case_page(self, cw, client_for):
        case = advised_case(cw)
        advice = Advice.objects.first()
        client = client_for(cw.pmer_a)
        assert url("evaluate", case, advice.pk) in client.get(detail(case)).content.decode()
        response = client.post(url("evaluate", case, advice.pk),
                               {"tried": "tried", "worked": "worked", "remark": "Hij reageert goed."})
        assert response.status_code == 302
        html = client.get(detail(case)).content.decode()
        assert "Hij reageert goed." in html
        assert AuditEvent.objects.filter(part=AuditPart.ADVICE, action=AuditAction.CHANGE,
                                         actor_id=cw.pmer_a.pk).exists()

    def test_tried_without_how_it_worked_gets_a_message_and_keeps_the_remark(self, cw, client_for):
        case = advised_case(cw)
        advice = Advice.objects.first()
        response = client_for(cw.pmer_a).post(url("evaluate", case, advice.pk),
                                              {"tried": "tried", "worked": "", "remark": "Soms lastig."})
        assert response.status_code == 200 and "worked" in response.context["form"].errors
        assert "Soms lastig." in response.content.decode()
        advice.refresh_from_db()
        assert advice.tried == ""


class TestAccess:
    def test_a_pmer_of_another_location_gets_404_and_the_attempt_is_logged(self, cw, client_for):
        case = advised_case(cw)
        advice = Advice.objects.first()
        client = client_for(cw.pmer_b)
        assert client.get(url("evaluate", case, advice.pk)).status_code == 404
        assert client.get(detail(case)).status_code == 404
        assert AuditEvent.objects.filter(actor_id=cw.pmer_b.pk, status_code=404).exists()

    def test_advice_of_another_case_is_404(self, cw, client_for):
        case = advised_case(cw)
        other = ask(cw, child=cw.children_a[1])
        assert client_for(cw.pmer_a).get(url("evaluate", other, Advice.objects.first().pk)).status_code == 404
        assert case.state == CaseState.ADVISED

    @pytest.mark.parametrize("name", ["plan", "record", "advice"])
    def test_an_unassigned_specialist_gets_404(self, cw, client_for, name):
        case = observed_case(cw)
        assert client_for(cw.other_specialist).get(url(name, case)).status_code == 404

    @pytest.mark.parametrize("name", ["plan", "record", "advice"])
    def test_a_pmer_cannot_plan_or_record(self, cw, client_for, name):
        case = observed_case(cw)
        assert client_for(cw.pmer_a).get(url(name, case)).status_code == 403

    def test_the_specialist_cannot_evaluate_for_the_pmer(self, cw, client_for):
        case = advised_case(cw)
        response = client_for(cw.fixed_specialist).get(url("evaluate", case, Advice.objects.first().pk))
        assert response.status_code == 403

    def test_the_coordinator_sees_no_notes_or_advice(self, cw, client_for):
        case = advised_case(cw)
        response = client_for(cw.coordinator).get(detail(case))
        html = response.content.decode()
        assert response.status_code == 200
        assert "Speelt vooral alleen." not in html and "Benoem wat je ziet." not in html
        assert not AuditEvent.objects.filter(actor_id=cw.coordinator.pk, part=AuditPart.VISIT).exists()
        assert client_for(cw.coordinator).get(url("record", case)).status_code == 403

    @pytest.mark.parametrize("name", ["plan", "record", "advice"])
    def test_anonymous_goes_to_the_login_page(self, cw, client, name):
        case = observed_case(cw)
        response = client.get(url(name, case))
        assert response.status_code == 302 and reverse("login") in response.url

    def test_without_consent_the_specialist_sees_no_visits_and_cannot_record(self, cw, client_for):
        case = ask(cw)
        client = client_for(cw.fixed_specialist)
        assert client.get(detail(case)).context is not None
        assert 'id="visits-heading"' not in client.get(detail(case)).content.decode()
        assert client.get(url("plan", case)).status_code == 403

    def test_the_case_nurse_sees_the_visits_under_consent_and_it_is_audited(self, cw, client_for):
        case = observed_case(cw)
        html = client_for(cw.fixed_nurse).get(detail(case)).content.decode()
        assert "Speelt vooral alleen." in html
        row = AuditEvent.objects.get(actor_id=cw.fixed_nurse.pk, part=AuditPart.VISIT)
        assert row.child_id == case.child_id and row.basis == "consent"

    def test_the_pmer_reading_visits_is_audited(self, cw, client_for):
        case = observed_case(cw)
        client_for(cw.pmer_a).get(detail(case))
        assert AuditEvent.objects.filter(actor_id=cw.pmer_a.pk, part=AuditPart.VISIT, action=AuditAction.VIEW,
                                         child_id=case.child_id).exists()


class TestGroupVisit:
    def test_a_group_request_is_planned_and_held_through_the_visit_forms(self, cw, client_for):
        case = ask(cw, subject="group", child=None, group=cw.group_a, kind="group_processes")
        case.assigned_to = cw.fixed_specialist
        case.save()
        client = client_for(cw.fixed_specialist)
        html = client.get(detail(case)).content.decode()
        assert url("plan", case) in html
        form = client.get(url("plan", case)).context["form"]
        assert [k for k, _label in form.fields["kind"].choices] == ["group_visit"]
        planned = client.post(url("plan", case), {"kind": "group_visit", "date": today(1), "time": "10:00"})
        assert planned.status_code == 302
        case.refresh_from_db()
        assert case.state == CaseState.PLANNED
        record = client.get(url("record", case))
        assert "video_used" not in record.context["form"].fields
        response = client.post(url("record", case), record_data(kind="group_visit", notes="Overgangen besproken."))
        assert response.status_code == 302
        case.refresh_from_db()
        assert case.state == CaseState.VISITED
        assert Visit.objects.get().status == VisitStatus.HELD
        guardians = client.post(url("advice", case), {
            "advice-TOTAL_FORMS": "1", "advice-INITIAL_FORMS": "0",
            "advice-0-target": "guardian", "advice-0-category": "guardian_talk", "advice-0-text": "Bel ouders."})
        assert guardians.status_code == 200 and not Advice.objects.exists()
