"""The teacher asks like a pm'er, at her own school only (issue 17 item 5; accounts.models.LOCATION_ROLES)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import Membership, Role
from audit.models import AuditEvent
from casework.models import Case, CaseState
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.casework.factories import ask

pytestmark = pytest.mark.django_db


def ask_about(client, child, question="Hij kan zich slecht concentreren in de klas."):
    return client.post(reverse("casework:request_create"), {
        "subject": "child", "group": child.group_id, "child": child.pk, "kind": "behaviour",
        "question": question, "already_tried": "Een vaste plek vooraan", "urgency": "normal"})


class TestChildrenOfHerSchool:
    def test_the_teacher_sees_the_children_of_her_school_and_no_others(self, sw, client_for):
        html = client_for(sw.teacher).get(reverse("children:list")).content.decode()
        assert sw.pupil.first_name in html and sw.pupil.last_name in html
        for other in (*sw.children_a, sw.child_b, sw.pupil_c):
            assert f"{other.first_name} {other.last_name}" not in html

    def test_her_pupil_opens_and_is_logged_on_her_membership(self, sw, client_for):
        response = client_for(sw.teacher).get(reverse("children:detail", args=[sw.pupil.pk]))
        assert response.status_code == 200 and sw.pupil.first_name in response.content.decode()
        event = AuditEvent.objects.filter(child_id=sw.pupil.pk, actor_id=sw.teacher.pk).get()
        assert event.role == Role.TEACHER

    def test_a_child_of_a_childcare_location_is_not_found(self, sw, client_for):
        response = client_for(sw.teacher).get(reverse("children:detail", args=[sw.children_a[0].pk]))
        assert response.status_code == 404

    def test_a_child_of_a_school_in_another_municipality_is_not_found(self, sw, client_for):
        response = client_for(sw.teacher).get(reverse("children:detail", args=[sw.pupil_c.pk]))
        assert response.status_code == 404

    def test_the_pmer_does_not_see_the_school_children(self, sw, client_for):
        client = client_for(sw.pmer_a)
        assert sw.pupil.first_name not in client.get(reverse("children:list")).content.decode()
        assert client.get(reverse("children:detail", args=[sw.pupil.pk])).status_code == 404

    def test_anonymous_goes_to_login(self, sw, client):
        response = client.get(reverse("children:list"))
        assert response.status_code == 302 and reverse("login") in response.url

    @pytest.mark.parametrize("role", ["specialist", "coordinator", "pedagogical_coach"])
    def test_other_roles_get_no_child_list(self, sw, client_for, role):
        assert client_for(getattr(sw, role)).get(reverse("children:list")).status_code == 403


class TestHerRequests:
    def test_she_asks_about_a_pupil_and_sees_the_request_in_her_list(self, sw, client_for):
        client = client_for(sw.teacher)
        response = ask_about(client, sw.pupil)
        case = Case.objects.get()
        assert response.status_code == 302 and response.url == reverse("casework:detail", args=[case.pk])
        assert case.child == sw.pupil and case.state == CaseState.AWAITING_CONSENT
        assert case.assigned_to == sw.fixed_specialist
        page = client.get(reverse("casework:detail", args=[case.pk])).content.decode()
        assert sw.pupil.first_name in page

    def test_her_request_is_in_her_list(self, sw, client_for):
        ask(sw, by=sw.teacher, child=sw.pupil)
        listing = client_for(sw.teacher).get(reverse("casework:my_requests")).content.decode()
        assert sw.pupil.first_name in listing

    def test_a_child_of_a_childcare_location_is_not_a_choice(self, sw, client_for):
        response = ask_about(client_for(sw.teacher), sw.children_a[0])
        assert response.status_code == 200 and "child" in response.context["form"].errors
        assert not Case.objects.exists()

    def test_the_pmer_cannot_ask_about_a_pupil(self, sw, client_for):
        response = ask_about(client_for(sw.pmer_a), sw.pupil)
        assert response.status_code == 200 and not Case.objects.exists()

    def test_a_pmers_case_is_not_found_for_the_teacher_and_hers_not_for_the_pmer(self, sw, client_for):
        pmer_case = ask(sw)
        teacher_case = ask(sw, by=sw.teacher, child=sw.pupil)
        assert client_for(sw.teacher).get(reverse("casework:detail", args=[pmer_case.pk])).status_code == 404
        assert client_for(sw.pmer_a).get(reverse("casework:detail", args=[teacher_case.pk])).status_code == 404

    def test_she_acts_as_the_childcare_worker_party_on_her_case(self, sw, client_for):
        case = ask(sw, by=sw.teacher, child=sw.pupil)
        page = client_for(sw.teacher).get(reverse("casework:detail", args=[case.pk])).content.decode()
        assert "Hulpvraag annuleren" in page  # "cancel", an action of the childcare worker party

    def test_she_sends_the_guardians_the_consent_link(self, sw, client_for, mailoutbox,
                                                     django_capture_on_commit_callbacks):
        case = ask(sw, by=sw.teacher, child=sw.pupil)
        guardian = sw.pupil.guardians.get()
        with django_capture_on_commit_callbacks(execute=True):
            response = client_for(sw.teacher).post(reverse("consent:request_create", args=[case.pk]), {
                "guardian": guardian.pk, "purposes": ["observation"], "language": ""})
        assert response.status_code == 302
        assert [m.to for m in mailoutbox] == [[guardian.email]]


class TestNotHers:
    """What stays the pm'er's: coaching, and (for the school's own routine) the meldcode."""

    def test_no_growth_page(self, sw, client_for):
        assert client_for(sw.teacher).get(reverse("coaching:growth")).status_code == 403

    def test_no_reporting_code_paths(self, sw, client_for):
        assert client_for(sw.teacher).get(reverse("safeguarding:list")).status_code == 403


class TestMembership:
    def test_a_teacher_works_at_a_school_location(self, sw):
        membership = MembershipFactory.build(user=UserFactory(), role=Role.TEACHER, location=sw.location_a)
        with pytest.raises(ValidationError) as error:
            membership.full_clean()
        assert "Een leerkracht werkt op een basisschoollocatie." in str(error.value.messages)

    def test_a_pmer_does_not_work_at_a_school(self, sw):
        membership = MembershipFactory.build(user=UserFactory(), role=Role.CHILDCARE_WORKER, location=sw.school)
        with pytest.raises(ValidationError):
            membership.full_clean()

    def test_a_teacher_needs_her_location(self, sw):
        membership = MembershipFactory.build(user=UserFactory(), role=Role.TEACHER, municipality=sw.municipality)
        with pytest.raises(ValidationError):
            membership.full_clean()
        assert Membership.objects.filter(role=Role.TEACHER).count() == 2


class TestThroughToAdvice:
    def test_a_teachers_request_reaches_advice_and_she_evaluates_it(self, sw, client_for):
        """Service level: her request, the guardians' consent, the specialist's observation and advice; the
        teacher (the case's "childcare worker" party) sees the advice on her case and says how it worked."""
        from observations.models import Advice
        from observations.services import advice_evaluate
        from tests.casework.factories import fake_request

        from .test_school_words import advised_case

        case = advised_case(sw, by=sw.teacher, child=sw.pupil)
        assert case.state == CaseState.ADVISED
        page = client_for(sw.teacher).get(reverse("casework:detail", args=[case.pk])).content.decode()
        assert "Geef hem een taakje." in page
        advice = Advice.objects.get(case=case)
        advice_evaluate(request=fake_request(sw.teacher), advice=advice, tried="tried", worked="worked",
                        remark="Werkt.", by=sw.teacher)
        advice.refresh_from_db()
        assert (advice.tried, advice.worked) == ("tried", "worked")
        # The pm'er of the same municipality sees nothing of it.
        assert client_for(sw.pmer_a).get(reverse("casework:detail", args=[case.pk])).status_code == 404
