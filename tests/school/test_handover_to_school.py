"""The warm handover reaches the school's teacher (issue 17 item 5): the specialist picks a school that
takes part, its teachers get a notification and can open that one handover, under the guardians'
consent for the handover, audited; nothing else of the case. A school that does not take part is typed."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import Role
from audit.models import AuditAction, AuditBasis, AuditEvent, AuditPart
from casework.models import Handover
from casework.records import approach_plan_create, handover_create
from consent.models import PaperConsent
from consent.services import paper_consent_withdraw
from notifications.models import Outbox
from tests.accounts.factories import member
from tests.casework.factories import ask, fake_request
from tests.casework.record_helpers import consented_case
from tests.organisations.school_factories import SchoolLocationFactory

pytestmark = pytest.mark.django_db

PLAN = {"goals_group": "Zegt wat ze wil met woorden", "agreements_group": "Twee keuzes geven",
        "goals_home": "Samen lezen", "agreements_home": "Elke avond tien minuten"}


def with_plan(sw):
    case = consented_case(sw)
    approach_plan_create(request=fake_request(sw.fixed_specialist), case=case, by=sw.fixed_specialist, **PLAN)
    return case


def hand_over(sw, case, **kwargs):
    return handover_create(request=fake_request(sw.fixed_specialist), case=case, by=sw.fixed_specialist,
                           **({"school_name": ""} | kwargs))


def received(client, handover):
    return client.get(reverse("casework:handover_received", args=[handover.case_id, handover.pk]))


class TestPickingTheSchool:
    def test_the_form_offers_the_participating_schools_of_the_municipality(self, sw, client_for):
        case = with_plan(sw)
        html = client_for(sw.fixed_specialist).get(reverse("casework:handover_create", args=[case.pk])).content.decode()
        assert "De Regenboog" in html and "De Wilgen" not in html  # Amersfoort's school: another municipality

    def test_picked_in_the_form_the_handover_names_the_school_and_reaches_its_teachers(self, sw, client_for):
        case = with_plan(sw)
        second_teacher = member(Role.TEACHER, location=sw.school)
        response = client_for(sw.fixed_specialist).post(reverse("casework:handover_create", args=[case.pk]),
                                                        {"school_location": sw.school.pk, "school_name": ""})
        assert response.status_code == 302
        handover = Handover.objects.get()
        assert (handover.school_location, handover.school_name) == (sw.school, "De Regenboog")
        notified = set(Outbox.objects.filter(object_id=handover.pk).values_list("recipient_id", flat=True))
        assert notified == {sw.teacher.pk, second_teacher.pk}
        note = Outbox.objects.filter(recipient=sw.teacher).get()
        assert note.kind == "handover_received"
        assert note.url == reverse("casework:handover_received", args=[handover.case_id, handover.pk])

    def test_a_school_that_does_not_take_part_is_typed_and_nobody_is_notified(self, sw, client_for):
        case = with_plan(sw)
        response = client_for(sw.fixed_specialist).post(reverse("casework:handover_create", args=[case.pk]),
                                                        {"school_location": "", "school_name": "Cbs Het Anker"})
        assert response.status_code == 302
        handover = Handover.objects.get()
        assert (handover.school_location, handover.school_name) == (None, "Cbs Het Anker")
        assert not Outbox.objects.filter(object_id=handover.pk).exists()

    def test_neither_picked_nor_typed_gets_a_message(self, sw, client_for):
        case = with_plan(sw)
        response = client_for(sw.fixed_specialist).post(reverse("casework:handover_create", args=[case.pk]),
                                                        {"school_location": "", "school_name": "  "})
        assert response.status_code == 200 and "Noem de basisschool." in response.content.decode()
        assert not Handover.objects.exists()

    def test_a_school_of_another_municipality_is_refused(self, sw, client_for):
        case = with_plan(sw)
        response = client_for(sw.fixed_specialist).post(reverse("casework:handover_create", args=[case.pk]),
                                                        {"school_location": sw.school_c.pk, "school_name": ""})
        assert response.status_code == 200
        assert "Kies een basisschool van deze gemeente die meedoet." in response.content.decode()
        assert not Handover.objects.exists()
        with pytest.raises(ValidationError):
            hand_over(sw, case, school_location=sw.school_c)

    def test_when_the_schools_stopped_taking_part_none_is_offered_or_accepted(self, sw, client_for):
        case = with_plan(sw)
        configuration = sw.municipality.configuration
        configuration.primary_schools_take_part = False
        configuration.save()
        html = client_for(sw.fixed_specialist).get(reverse("casework:handover_create", args=[case.pk])).content.decode()
        assert "De Regenboog" not in html
        with pytest.raises(ValidationError):
            hand_over(sw, case, school_location=sw.school)


class TestTheTeacherReceives:
    def test_she_opens_the_handover_and_the_read_is_audited_on_consent(self, sw, client_for):
        case = with_plan(sw)
        handover = hand_over(sw, case, school_location=sw.school)
        response = received(client_for(sw.teacher), handover)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert bytes(response.content) == bytes(handover.pdf)
        row = AuditEvent.objects.filter(actor_id=sw.teacher.pk).get()
        assert (row.action, row.part, row.basis, row.child_id, row.role) == (
            AuditAction.EXPORT, AuditPart.HANDOVER, AuditBasis.CONSENT, case.child_id, Role.TEACHER)

    def test_her_home_page_lists_it_with_the_childs_name(self, sw, client_for):
        case = with_plan(sw)
        handover = hand_over(sw, case, school_location=sw.school)
        html = client_for(sw.teacher).get(reverse("home")).content.decode()
        assert f"{case.child.first_name} {case.child.last_name}" in html
        assert reverse("casework:handover_received", args=[handover.case_id, handover.pk]) in html
        assert AuditEvent.objects.filter(actor_id=sw.teacher.pk, action=AuditAction.VIEW,
                                         part=AuditPart.HANDOVER, child_id=case.child_id).count() == 1

    def test_nothing_else_of_the_case(self, sw, client_for):
        case = with_plan(sw)
        hand_over(sw, case, school_location=sw.school)
        client = client_for(sw.teacher)
        assert client.get(reverse("casework:detail", args=[case.pk])).status_code == 404
        assert client.get(reverse("children:detail", args=[case.child_id])).status_code == 404
        assert client.get(reverse("casework:approach_plan", args=[case.pk])).status_code in (403, 404)
        handover = Handover.objects.get()
        assert client.get(reverse("casework:handover_download", args=[case.pk, handover.pk])).status_code == 404
        assert case.child.first_name not in client.get(reverse("children:list")).content.decode()

    def test_a_teacher_of_another_school_gets_404(self, sw, client_for):
        handover = hand_over(sw, with_plan(sw), school_location=sw.school)
        other_school = SchoolLocationFactory(district=sw.location_a.district, name="De Linde")
        assert received(client_for(member(Role.TEACHER, location=other_school)), handover).status_code == 404
        assert received(client_for(sw.teacher_c), handover).status_code == 404

    def test_a_handover_typed_for_a_school_reaches_no_teacher(self, sw, client_for):
        handover = hand_over(sw, with_plan(sw), school_name="De Regenboog")
        assert received(client_for(sw.teacher), handover).status_code == 404

    def test_withdrawn_consent_closes_it_for_her(self, sw, client_for):
        case = with_plan(sw)
        handover = hand_over(sw, case, school_location=sw.school)
        paper_consent_withdraw(consent=PaperConsent.objects.get(child=case.child), by=sw.pmer_a)
        client = client_for(sw.teacher)
        assert received(client, handover).status_code == 404
        assert case.child.first_name not in client.get(reverse("home")).content.decode()

    @pytest.mark.parametrize("role", ["pmer_a", "specialist", "coordinator", "youth_nurse"])
    def test_other_roles_are_refused(self, sw, client_for, role):
        handover = hand_over(sw, with_plan(sw), school_location=sw.school)
        assert received(client_for(getattr(sw, role)), handover).status_code == 403

    def test_anonymous_goes_to_login(self, sw, client):
        handover = hand_over(sw, with_plan(sw), school_location=sw.school)
        response = received(client, handover)
        assert response.status_code == 302 and reverse("login") in response.url

    def test_a_missing_handover_is_the_same_404(self, sw, client_for):
        handover = hand_over(sw, with_plan(sw), school_location=sw.school)
        client = client_for(sw.teacher)
        assert client.get(reverse("casework:handover_received", args=[handover.case_id, 999999])).status_code == 404
        # Its own id under another case's number is the same 404.
        other = ask(sw, child=sw.children_a[2])
        assert client.get(reverse("casework:handover_received", args=[other.pk, handover.pk])).status_code == 404
