import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditEvent, AuditPart
from casework.models import CaseMessage
from casework.records import CaseRecordError, message_post
from tests.casework.factories import fake_request
from tests.casework.record_helpers import Amsterdam, ask_about_distinct_child, close, closed_message, consented_case

pytestmark = pytest.mark.django_db


def post(case, by, body):
    return message_post(request=fake_request(by), case=case, body=body, by=by)


def test_a_message_tells_the_others_by_email_without_the_child_or_the_content(
        cw, django_capture_on_commit_callbacks):
    case = consented_case(cw)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        post(case, cw.pmer_a, f"{case.child.first_name} had een goede week, het dagritme helpt")
    recipients = sorted(address for m in mail.outbox for address in m.to)
    assert recipients == sorted([cw.fixed_specialist.email, cw.fixed_nurse.email])
    for message in mail.outbox:
        text = message.subject + message.body
        assert case.child.first_name not in text and "dagritme" not in text
        assert reverse("casework:detail", args=[case.pk]) in message.body
    assert AuditEvent.objects.filter(part=AuditPart.MESSAGE, action="create", child_id=case.child_id).exists()


def test_before_consent_a_message_may_not_name_the_child(cw):
    case = ask_about_distinct_child(cw)
    with pytest.raises(ValidationError) as error:
        post(case, cw.pmer_a, f"Het gaat om {case.child.first_name.lower()} uit de groep")
    assert "body" in error.value.message_dict and not CaseMessage.objects.exists()
    post(case, cw.pmer_a, "Wanneer kun je komen kijken?")
    assert CaseMessage.objects.count() == 1


def test_an_empty_message_is_refused(cw):
    with pytest.raises(ValidationError):
        post(consented_case(cw), cw.pmer_a, "   ")


def test_a_closed_case_takes_no_messages(cw):
    case = consented_case(cw)
    close(case, cw.pmer_a)
    with pytest.raises(CaseRecordError, match=closed_message()):
        post(case, cw.fixed_specialist, "Nog een vraag")


def test_only_people_on_the_case_may_post(cw):
    case = consented_case(cw)
    for outsider in (cw.pmer_b, cw.other_specialist, cw.coordinator):
        with pytest.raises(CaseRecordError):
            post(case, outsider, "Hallo")


def test_amsterdam_group_case_has_messages_too(cw):
    ams = Amsterdam()
    post(ams.case, ams.specialist, "Ik kom dinsdag kijken")
    assert CaseMessage.objects.get().case == ams.case


class TestViews:
    def url(self, case):
        return reverse("casework:message_post", args=[case.pk])

    def test_specialist_and_pmer_talk_on_the_case_page(self, cw, client_for):
        case = consented_case(cw)
        response = client_for(cw.pmer_a).post(self.url(case), {"body": "Kun je donderdag komen?"})
        assert response.status_code == 302
        client_for(cw.fixed_specialist).post(self.url(case), {"body": "Ja, om tien uur"})
        html = client_for(cw.pmer_a).get(reverse("casework:detail", args=[case.pk])).content.decode()
        assert "Kun je donderdag komen?" in html and "Ja, om tien uur" in html
        assert AuditEvent.objects.filter(part=AuditPart.MESSAGE, action="view").exists()

    def test_naming_the_child_before_consent_keeps_the_text_and_says_why(self, cw, client_for):
        case = ask_about_distinct_child(cw)
        body = f"{case.child.first_name} bijt nog steeds"
        response = client_for(cw.pmer_a).post(self.url(case), {"body": body})
        html = response.content.decode()
        assert response.status_code == 200 and 'id="error_1_id_body"' in html and body in html
        assert not CaseMessage.objects.exists()

    def test_before_consent_the_specialist_reads_messages_without_the_child(self, cw, client_for):
        case = ask_about_distinct_child(cw)
        post(case, cw.pmer_a, "Wanneer kun je komen kijken?")
        html = client_for(cw.fixed_specialist).get(reverse("casework:detail", args=[case.pk])).content.decode()
        assert "Wanneer kun je komen kijken?" in html
        assert case.child.first_name not in html and case.child.last_name not in html

    def test_permissions(self, cw, client_for, client):
        case = consented_case(cw)
        post(case, cw.pmer_a, "Vertrouwelijk bericht")
        assert "login" in client.post(self.url(case), {"body": "x"}).url
        assert client_for(cw.pmer_b).post(self.url(case), {"body": "x"}).status_code == 404
        assert client_for(cw.other_specialist).post(self.url(case), {"body": "x"}).status_code == 404
        assert client_for(cw.coordinator).post(self.url(case), {"body": "x"}).status_code == 403
        html = client_for(cw.coordinator).get(reverse("casework:detail", args=[case.pk])).content.decode()
        assert "Vertrouwelijk bericht" not in html
        assert CaseMessage.objects.count() == 1
