"""A teacher's request asks the guardians with the school's words: the school asks, the specialist comes to
the school and talks with the teacher (issue 17 item 5). The consent rules are the pm'er's."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from casework.models import CaseState
from consent.letters import letter_pdf
from consent.models import ConsentEvent, ConsentSetting
from consent.services import consent_request_create
from tests.casework.factories import ask
from tests.casework.record_helpers import pdf_text

pytestmark = pytest.mark.django_db

LINK = re.compile(r"/consent/g/[^/\s]+/")


@pytest.fixture
def asked_at_school(sw, django_capture_on_commit_callbacks):
    case = ask(sw, by=sw.teacher, child=sw.pupil)
    guardian = sw.pupil.guardians.get()
    with django_capture_on_commit_callbacks(execute=True):
        consent_request_create(child=sw.pupil, guardian=guardian, purposes=["observation"], by=sw.teacher)
    return case


def open_page(client, child):
    url = LINK.search(mail.outbox[-1].body).group(0)
    client.post(url, {"date_of_birth": child.date_of_birth.isoformat()})
    return url, client.get(url).content.decode()


class TestTheSchoolAsks:
    def test_the_mail_says_the_school_asks(self, sw, asked_at_school):
        [message] = mail.outbox
        assert "De school vraagt wat jij beslist" in message.body
        assert "kinderopvang" not in message.body.lower()
        assert sw.pupil.first_name not in message.body

    def test_the_page_names_the_school_and_the_teacher(self, sw, asked_at_school, client):
        _url, html = open_page(client, sw.pupil)
        assert "Een specialist jeugdhulp komt op school kijken" in html
        assert "Zij praat met de leerkracht" in html
        assert "Dan ziet niemand buiten de school de naam" in html
        assert "Je kunt het ook tegen de leerkracht zeggen." in html
        assert "kinderopvang" not in html.lower() and "pedagogisch medewerker" not in html

    def test_her_yes_records_the_school_text_she_read(self, sw, asked_at_school, client):
        url, _html = open_page(client, sw.pupil)
        client.post(url, {"decision_observation": "given", "signer_name": "Anouk de Vries", "relation": "mother",
                          "other_guardian_agrees": "on"})
        event = ConsentEvent.objects.get(kind="given", consent__party="specialist")
        assert event.text.setting == ConsentSetting.SCHOOL
        asked_at_school.refresh_from_db()
        assert asked_at_school.state != CaseState.AWAITING_CONSENT

    def test_an_arabic_speaking_guardian_reads_that_the_school_asks(self, sw, django_capture_on_commit_callbacks):
        ask(sw, by=sw.teacher, child=sw.pupil)
        guardian = sw.pupil.guardians.get()
        with django_capture_on_commit_callbacks(execute=True):
            consent_request_create(child=sw.pupil, guardian=guardian, purposes=["observation"], by=sw.teacher,
                                   language="ar")
        assert "تطلب المدرسة قرارك" in mail.outbox[-1].body

    def test_the_printed_letter_says_the_school(self, monkeypatch):
        from alert4you.pdf import pdf_document

        monkeypatch.setattr("consent.letters.pdf_document", lambda **kw: pdf_document(**kw | {"compress": False}))
        text = pdf_text(letter_pdf(guardian_name="Anouk", link_url="https://x/consent/g/t/",
                                   code_url="https://x/consent/code/", short_code="ABCDEFGHJK", days=14,
                                   at_school=True))
        text = " ".join(text.split())
        assert "De school vraagt" in text and "Daarna kan de school je een nieuwe brief geven" in text
        assert "kinderopvang" not in text

    def test_the_pmers_request_still_says_the_childcare(self, sw, django_capture_on_commit_callbacks, client):
        child = sw.children_a[0]
        ask(sw, child=child)
        with django_capture_on_commit_callbacks(execute=True):
            consent_request_create(child=child, guardian=child.guardians.get(), purposes=["observation"],
                                   by=sw.pmer_a)
        assert "De kinderopvang vraagt" in mail.outbox[-1].body
        _url, html = open_page(client, child)
        assert "komt op de opvang kijken" in html and "leerkracht" not in html

    def test_the_letter_link_for_a_pupil_is_the_teachers(self, sw, asked_at_school, client_for):
        request_id = sw.pupil.consent_requests.get().pk
        response = client_for(sw.teacher).get(reverse("consent:letter", args=[asked_at_school.pk, request_id]))
        assert response.status_code in (200, 404)  # 404 when the guardian has e-mail and no short code
        assert client_for(sw.pmer_a).get(
            reverse("consent:letter", args=[asked_at_school.pk, request_id])).status_code == 404
