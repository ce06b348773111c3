"""Every link in every e-mail (and on the printed letter) opens from a mail client: it is absolute,
on the host people reach the app at (SITE_URL), and the page behind it exists.

Each test makes one kind of e-mail the way the app makes it, reads the mailbox, takes every link
out of the text, and opens it (its path) with the test client: the guardian gets her page, a
professional gets hers (or, not logged in, the login page), never a 404.
"""

import datetime
import functools
import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from alert4you.pdf import pdf_document
from casework.models import CaseState
from consent.models import ConsentRequest
from consent.services import (
    consent_decide,
    consent_request_create,
    consent_requests_remind,
    consent_withdraw,
    consents_renew_remind,
)
from notifications.models import Kind
from notifications.services import notification_enqueue, outbox_sweep
from tests.casework.factories import ask
from tests.casework.record_helpers import pdf_text
from tests.conftest import verify_second_factor

pytestmark = pytest.mark.django_db

SITE = "https://alert4you.example.nl"
# Anything that looks like a link: with a scheme, or a bare path (which no mail client can open).
LINK = re.compile(r"https?://[^\s<>\"')]+|(?<![\w/.:])/[A-Za-z0-9][^\s<>\"')]*")


@pytest.fixture(autouse=True)
def site_url(settings):
    # Not the test client's "testserver", not the demo's localhost: the host must come from SITE_URL.
    settings.SITE_URL = SITE
    settings.LANGUAGE_CODE = "en"


def links_in(message) -> list[str]:
    texts = [message.subject, message.body, *(content for content, _type in getattr(message, "alternatives", []))]
    return [link.rstrip(".,;") for text in texts for link in LINK.findall(text)]


def assert_absolute(links):
    assert links, "the e-mail carries no link to open"
    for link in links:
        parts = urlsplit(link)
        assert f"{parts.scheme}://{parts.netloc}" == settings.SITE_URL, f"{link!r} is not on {settings.SITE_URL}"
    return links


def open_link(client, link):
    parts = urlsplit(link)
    return client.get(parts.path + (f"?{parts.query}" if parts.query else ""))


def assert_opens_for_guardian(client, link):
    response = open_link(client, link)
    assert response.status_code == 200, link
    html = response.content.decode()
    # The first step behind her link: the date-of-birth check (the page exists and is hers).
    assert 'name="date_of_birth"' in html, link


def assert_opens_for_professional(client, link, user):
    anonymous = open_link(client, link)
    assert anonymous.status_code == 302 and reverse("login") in anonymous["Location"], link
    client.force_login(user)
    verify_second_factor(client, user)
    response = open_link(client, link)
    assert response.status_code == 200, link
    client.logout()


def mails_to(address):
    return [m for m in mail.outbox if address in m.to]


@pytest.fixture
def asked(cw, django_capture_on_commit_callbacks):
    case = ask(cw)
    guardian = case.child.guardians.get()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        consent_request = consent_request_create(child=case.child, guardian=guardian, purposes=["observation"],
                                                 by=cw.pmer_a)
    return case, consent_request


def give(consent_request, capture):
    with capture(execute=True):
        consent_decide(consent_request=consent_request, decisions={"observation": "given"},
                       signer_name="Anouk de Vries", relation="mother", language="en", other_guardian_agrees=True)


class TestGuardianMail:
    def test_the_consent_asked_mail_links_to_her_page(self, asked, client):
        case, _request = asked
        [message] = mail.outbox
        for link in assert_absolute(links_in(message)):
            assert_opens_for_guardian(client, link)

    def test_the_reminder_of_a_pending_decision_links_to_her_page(self, asked, client,
                                                                    django_capture_on_commit_callbacks):
        _case, consent_request = asked
        ConsentRequest.objects.filter(pk=consent_request.pk).update(
            created_at=timezone.now() - datetime.timedelta(days=4))
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            assert consent_requests_remind() == 1
        [message] = mail.outbox
        for link in assert_absolute(links_in(message)):
            assert_opens_for_guardian(client, link)

    def test_the_renewal_mail_links_to_her_page(self, cw, client, django_capture_on_commit_callbacks):
        case = ask(cw)
        configuration = case.child.group.location.district.municipality.configuration
        configuration.consent_validity_days = 20  # ends within the month: time to renew
        configuration.save()
        with django_capture_on_commit_callbacks(execute=True):
            consent_request = consent_request_create(child=case.child, guardian=case.child.guardians.get(),
                                                     purposes=["observation"], by=cw.pmer_a)
        give(consent_request, django_capture_on_commit_callbacks)
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            assert consents_renew_remind() == 1
        [message] = mail.outbox
        for link in assert_absolute(links_in(message)):
            assert_opens_for_guardian(client, link)

    def test_the_fresh_link_she_asks_for_links_to_her_page(self, asked, client, django_capture_on_commit_callbacks):
        _case, _request = asked
        first = urlsplit(links_in(mail.outbox[0])[0]).path
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(first + "renew/", follow=True)
        assert response.status_code == 200
        [message] = mail.outbox
        for link in assert_absolute(links_in(message)):
            assert_opens_for_guardian(client, link)

    def test_the_receipt_mail_links_to_her_page_to_change_her_mind(self, asked, client,
                                                                   django_capture_on_commit_callbacks):
        _case, consent_request = asked
        mail.outbox.clear()
        give(consent_request, django_capture_on_commit_callbacks)
        [message] = mail.outbox
        assert message.attachments
        for link in assert_absolute(links_in(message)):
            assert_opens_for_guardian(client, link)


class TestProfessionalMail:
    def test_the_consent_changed_notice_links_into_the_app(self, cw, asked, client,
                                                           django_capture_on_commit_callbacks):
        case, consent_request = asked
        give(consent_request, django_capture_on_commit_callbacks)
        case.refresh_from_db()
        assert case.state == CaseState.READY_TO_PLAN and case.assigned_to is not None
        mail.outbox.clear()
        consent = consent_request.consents.get(party="specialist")
        with django_capture_on_commit_callbacks(execute=True):
            consent_withdraw(consent=consent, by_guardian=consent_request.guardian)
        [message] = mails_to(case.assigned_to.email)
        for link in assert_absolute(links_in(message)):
            assert_opens_for_professional(client, link, case.assigned_to)

    def test_a_reminder_from_the_outbox_links_into_the_app(self, cw, client):
        case = ask(cw)
        mail.outbox.clear()
        notification_enqueue(kind=Kind.CASE_NEWS, recipient=cw.pmer_a, key=f"case:{case.pk}",
                             due_at=timezone.now() - datetime.timedelta(minutes=1),
                             url=reverse("casework:detail", args=[case.pk]))
        outbox_sweep()
        [message] = mails_to(cw.pmer_a.email)
        for link in assert_absolute(links_in(message)):
            assert_opens_for_professional(client, link, cw.pmer_a)


class TestPrintedLetter:
    def test_the_letter_carries_the_code_page_and_a_qr_code_of_her_link(self, cw, client_for, monkeypatch):
        import segno

        encoded = []
        real_make = segno.make

        def recording_make(content, *args, **kwargs):
            encoded.append(content)
            return real_make(content, *args, **kwargs)

        monkeypatch.setattr("consent.letters.segno.make", recording_make)
        # Uncompressed, so the test can read the printed address back.
        monkeypatch.setattr("consent.letters.pdf_document", functools.partial(pdf_document, compress=False))
        case = ask(cw)
        guardian = case.child.guardians.get()
        guardian.email = ""
        guardian.save()
        consent_request = consent_request_create(child=case.child, guardian=guardian, purposes=["observation"],
                                                 by=cw.pmer_a)
        pmer = client_for(cw.pmer_a)
        response = pmer.get(reverse("consent:letter", args=[case.pk, consent_request.pk]))
        assert response.status_code == 200
        text = pdf_text(response.content)
        printed = [link for link in LINK.findall(text) if "://" in link]
        assert_absolute(printed)
        assert_absolute(encoded)
        pmer.logout()
        for link in encoded:
            assert_opens_for_guardian(pmer, link)
        for link in printed:
            assert open_link(pmer, link).status_code == 200


# E-mails other apps send (casework, safeguarding, accounts): checked here too, so that every kind of
# e-mail the app sends is opened from one place.


class TestOtherAppsMail:
    def test_the_new_request_mail_to_the_nurse_links_into_the_app(self, cw, client,
                                                                  django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            ask(cw)
        [message] = mails_to(cw.fixed_nurse.email)
        for link in assert_absolute(links_in(message)):
            assert_opens_for_professional(client, link, cw.fixed_nurse)

    def test_the_case_message_mail_links_into_the_app(self, cw, client, django_capture_on_commit_callbacks):
        from casework.records import message_post
        from tests.casework.factories import fake_request

        case = ask(cw)
        case.refresh_from_db()
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            message_post(request=fake_request(cw.pmer_a), case=case, body="Wanneer kom je langs?", by=cw.pmer_a)
        [message] = mails_to(case.assigned_to.email)
        for link in assert_absolute(links_in(message)):
            assert_opens_for_professional(client, link, case.assigned_to)

    def test_the_reporting_code_mail_links_into_the_app(self, cw, client, django_capture_on_commit_callbacks):
        from tests.safeguarding.conftest import start

        with django_capture_on_commit_callbacks(execute=True):
            start(cw.pmer_a, cw.children_a[0])
        [message] = mails_to(cw.safeguarding_officer.email)
        for link in assert_absolute(links_in(message)):
            assert_opens_for_professional(client, link, cw.safeguarding_officer)

    def test_the_password_reset_mail_links_to_the_reset_page(self, cw, client):
        mail.outbox.clear()
        response = client.post(reverse("password_reset"), {"email": cw.pmer_a.email})
        assert response.status_code == 302
        [message] = mails_to(cw.pmer_a.email)
        for link in assert_absolute(links_in(message)):
            # The reset link first swaps its token for a session and redirects to the form.
            response = open_link(client, link)
            assert response.status_code in (200, 302), link
            if response.status_code == 302:
                assert client.get(response["Location"]).status_code == 200
