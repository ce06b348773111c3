"""A teacher's request is refused, with its reason and nothing saved, when her municipality's schools do
not take part (read when she asks) and for a child of 12 or older (issue 17 item 5)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditEvent
from casework.models import Case, ObservationRequest
from tests.casework.factories import ask
from tests.school.test_teacher_access import ask_about

pytestmark = pytest.mark.django_db

NOT_TAKING_PART = "De basisscholen van je gemeente doen niet (meer) mee aan Alert4you"
UNDER_12 = "Alert4you is er voor kinderen onder de 12"


def stop_schools(municipality):
    configuration = municipality.configuration
    configuration.primary_schools_take_part = False
    configuration.save()


class TestSchoolsDoNotTakePart:
    def test_amersfoorts_teacher_is_told_on_the_form_and_when_sending(self, sw, client_for):
        client = client_for(sw.teacher_c)
        assert NOT_TAKING_PART in client.get(reverse("casework:request_create")).content.decode()
        response = ask_about(client, sw.pupil_c, question="Ze huilt vaak in de pauze.")
        html = response.content.decode()
        assert response.status_code == 200 and NOT_TAKING_PART in html
        assert "Ze huilt vaak in de pauze." in html  # what she typed stays
        assert not Case.objects.exists() and not ObservationRequest.objects.exists()
        assert not AuditEvent.objects.filter(child_id=sw.pupil_c.pk, action="create").exists()

    def test_the_municipality_stopping_after_her_account_was_made_refuses_her_next_request(self, sw, client_for):
        ask(sw, by=sw.teacher, child=sw.pupil)  # while the schools took part
        stop_schools(sw.municipality)
        response = ask_about(client_for(sw.teacher), sw.pupil)
        assert NOT_TAKING_PART in response.content.decode()
        assert Case.objects.count() == 1

    def test_the_service_refuses_too(self, sw):
        stop_schools(sw.municipality)
        with pytest.raises(ValidationError) as error:
            ask(sw, by=sw.teacher, child=sw.pupil)
        assert NOT_TAKING_PART in " ".join(error.value.messages)
        assert not Case.objects.exists()

    def test_the_pmers_of_that_municipality_ask_as_before(self, sw):
        stop_schools(sw.municipality)
        assert ask(sw).pk

    def test_the_form_says_nothing_while_the_schools_take_part(self, sw, client_for):
        html = client_for(sw.teacher).get(reverse("casework:request_create")).content.decode()
        assert NOT_TAKING_PART not in html


class TestUnderTwelve:
    def test_a_pupil_of_twelve_is_refused_next_to_the_field(self, sw, client_for):
        response = ask_about(client_for(sw.teacher), sw.pupil_of_twelve)
        assert response.status_code == 200 and UNDER_12 in response.content.decode()
        assert not Case.objects.exists() and not ObservationRequest.objects.exists()

    def test_the_service_refuses_a_pupil_of_twelve(self, sw):
        with pytest.raises(ValidationError) as error:
            ask(sw, by=sw.teacher, child=sw.pupil_of_twelve)
        assert UNDER_12 in " ".join(error.value.messages)
        assert not Case.objects.exists()
