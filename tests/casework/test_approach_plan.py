import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditAction, AuditEvent, AuditPart
from casework.models import ApproachPlan, ApproachPlanCycle
from casework.records import CaseRecordError, approach_plan_create, approach_plan_evaluate
from tests.casework.factories import fake_request
from tests.casework.record_helpers import ask_about_distinct_child, close, closed_message, consented_case

pytestmark = pytest.mark.django_db

PLAN = {"goals_group": "Samen spelen in de bouwhoek", "agreements_group": "Pm'er benoemt wat goed gaat",
        "goals_home": "Vaste bedtijd", "agreements_home": "Ouders lezen elke avond voor"}


def make_plan(cw, case, by=None):
    by = by or cw.fixed_specialist
    return approach_plan_create(request=fake_request(by), case=case, by=by, **PLAN)


class TestServices:
    def test_the_assignee_writes_the_plan_as_its_first_cycle_and_it_is_audited(self, cw):
        case = consented_case(cw)
        plan = make_plan(cw, case)
        cycle = plan.cycles.get()
        assert cycle.number == 1 and cycle.goals_group == PLAN["goals_group"] and cycle.evaluation == ""
        row = AuditEvent.objects.get(part=AuditPart.APPROACH_PLAN)
        assert row.action == AuditAction.CREATE and row.child_id == case.child_id
        assert case.events.filter(kind="approach_plan").exists()

    def test_each_evaluation_adds_a_cycle_and_keeps_the_earlier_ones(self, cw):
        case = consented_case(cw)
        make_plan(cw, case)
        approach_plan_evaluate(request=fake_request(cw.fixed_nurse), case=case, by=cw.fixed_nurse,
                               evaluation="Bouwhoek lukt, bedtijd nog niet",
                               **(PLAN | {"goals_home": "Bedtijd om 19:00"}))
        approach_plan_evaluate(request=fake_request(cw.fixed_specialist), case=case, by=cw.fixed_specialist,
                               evaluation="Bedtijd lukt nu ook", **PLAN)
        cycles = list(ApproachPlanCycle.objects.order_by("number"))
        assert [c.number for c in cycles] == [1, 2, 3]
        assert cycles[0].goals_home == "Vaste bedtijd" and cycles[0].evaluation == ""
        assert cycles[1].goals_home == "Bedtijd om 19:00" and cycles[1].by == cw.fixed_nurse
        assert cycles[2].evaluation == "Bedtijd lukt nu ook"

    def test_an_evaluation_needs_words(self, cw):
        case = consented_case(cw)
        make_plan(cw, case)
        with pytest.raises(ValidationError) as error:
            approach_plan_evaluate(request=fake_request(cw.fixed_specialist), case=case, by=cw.fixed_specialist,
                                   evaluation="  ", **PLAN)
        assert "evaluation" in error.value.message_dict
        assert ApproachPlanCycle.objects.count() == 1

    def test_a_plan_needs_a_goal_for_the_group(self, cw):
        case = consented_case(cw)
        with pytest.raises(ValidationError) as error:
            approach_plan_create(request=fake_request(cw.fixed_specialist), case=case, by=cw.fixed_specialist,
                                 **(PLAN | {"goals_group": ""}))
        assert "goals_group" in error.value.message_dict and not ApproachPlan.objects.exists()

    def test_before_consent_the_specialist_may_not_write_a_plan(self, cw):
        case = ask_about_distinct_child(cw)
        with pytest.raises(CaseRecordError):
            make_plan(cw, case)
        assert not ApproachPlan.objects.exists()

    def test_the_childcare_worker_reads_but_does_not_write_the_plan(self, cw):
        case = consented_case(cw)
        with pytest.raises(CaseRecordError):
            make_plan(cw, case, by=cw.pmer_a)

    def test_a_closed_case_is_read_only(self, cw):
        case = consented_case(cw)
        make_plan(cw, case)
        close(case, cw.pmer_a)
        with pytest.raises(CaseRecordError, match=closed_message()):
            approach_plan_evaluate(request=fake_request(cw.fixed_specialist), case=case, by=cw.fixed_specialist,
                                   evaluation="Nog een ronde", **PLAN)
        assert ApproachPlanCycle.objects.count() == 1


class TestViews:
    def url(self, case):
        return reverse("casework:approach_plan", args=[case.pk])

    def test_the_assignee_writes_then_evaluates_the_plan_and_the_case_page_shows_it(self, cw, client_for):
        case = consented_case(cw)
        client = client_for(cw.fixed_specialist)
        response = client.post(self.url(case), PLAN)
        assert response.status_code == 302
        page = client.get(self.url(case)).content.decode()
        assert "Samen spelen in de bouwhoek" in page  # the form starts from the current cycle
        client.post(self.url(case), PLAN | {"evaluation": "Gaat beter", "goals_group": "Samen opruimen"})
        html = client.get(reverse("casework:detail", args=[case.pk])).content.decode()
        assert "Samen opruimen" in html and "Gaat beter" in html and "Samen spelen in de bouwhoek" in html

    def test_bad_input_gets_a_message_next_to_the_field_and_keeps_what_was_typed(self, cw, client_for):
        case = consented_case(cw)
        response = client_for(cw.fixed_specialist).post(self.url(case), PLAN | {"goals_group": " "})
        assert response.status_code == 200
        html = response.content.decode()
        assert 'id="error_1_id_goals_group"' in html and "Ouders lezen elke avond voor" in html
        assert not ApproachPlan.objects.exists()

    def test_the_pmer_of_the_location_sees_the_plan_on_the_case_page(self, cw, client_for):
        case = consented_case(cw)
        make_plan(cw, case)
        html = client_for(cw.pmer_a).get(reverse("casework:detail", args=[case.pk])).content.decode()
        assert "Vaste bedtijd" in html

    def test_other_location_pmer_unassigned_specialist_and_anonymous_are_kept_out(self, cw, client_for, client):
        case = consented_case(cw)
        make_plan(cw, case)
        assert client.get(self.url(case)).status_code == 302  # anonymous: to the login page
        assert "login" in client.get(self.url(case)).url
        assert client_for(cw.other_specialist).get(self.url(case)).status_code == 404
        assert client_for(cw.pmer_b).get(reverse("casework:detail", args=[case.pk])).status_code == 404

    def test_the_coordinator_never_sees_the_plan(self, cw, client_for):
        case = consented_case(cw)
        make_plan(cw, case)
        client = client_for(cw.coordinator)
        assert client.get(self.url(case)).status_code == 403
        html = client.get(reverse("casework:detail", args=[case.pk])).content.decode()
        assert "Vaste bedtijd" not in html and case.child.last_name not in html

    def test_before_consent_the_assignee_cannot_open_the_plan_form(self, cw, client_for):
        case = ask_about_distinct_child(cw)
        response = client_for(cw.fixed_specialist).get(self.url(case))
        assert response.status_code == 302 and response.url == reverse("casework:detail", args=[case.pk])
