"""The guardian's pages and the pm'er's consent actions as people really use them: a page kept out
of the browser's cache, back + submit, a double click, a name pasted a thousand times, withdrawal
only where there is something to withdraw."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from consent.models import Consent, ConsentEvent, ConsentReceipt, ConsentRequest
from consent.services import consent_request_create, has_valid_consent
from tests.casework.factories import ask
from tests.consent.test_guardian_link import decide, link_from_mail, verify

pytestmark = pytest.mark.django_db


def token_of(url):
    return url.split("/")[3]


def assert_not_cached(response):
    cache_control = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    assert {"no-store", "private"} <= cache_control, (response.status_code, response.get("Cache-Control"))
    assert response.get("Pragma") == "no-cache"


class TestNothingInTheBrowsersCache:
    def test_every_guardian_page_and_export_says_no_store(self, cw, asked, client,
                                                          django_capture_on_commit_callbacks):
        case, _request = asked
        url = link_from_mail()
        # Before the date of birth, the check itself, a wrong link, the code page.
        assert_not_cached(client.get(url))
        assert_not_cached(client.get(reverse("consent:guardian", args=["nonsense"])))
        assert_not_cached(client.get(reverse("consent:code")))
        assert_not_cached(verify(client, url, case.child))
        with django_capture_on_commit_callbacks(execute=True):
            given = decide(client, url)
        assert_not_cached(given)
        page = client.get(url)
        assert page.status_code == 200 and case.child.first_name in page.content.decode()
        assert_not_cached(page)
        receipt = ConsentReceipt.objects.get()
        for export in (url + "export.json", url + "export.pdf",
                       reverse("consent:guardian_receipt", args=[token_of(url), receipt.pk])):
            response = client.get(export)
            assert response.status_code == 200, export
            assert_not_cached(response)
        consent = Consent.objects.get(party="specialist")
        assert_not_cached(client.post(reverse("consent:guardian_withdraw", args=[token_of(url), consent.pk])))
        renewed = client.post(url + "renew/")
        assert_not_cached(renewed)
        if renewed.status_code == 302:
            assert_not_cached(client.get(renewed["Location"]))

    def test_the_printed_letter_says_no_store(self, cw, client_for):
        case = ask(cw)
        guardian = case.child.guardians.get()
        consent_request = consent_request_create(child=case.child, guardian=guardian, purposes=["observation"],
                                                 by=cw.pmer_a)
        response = client_for(cw.pmer_a).get(reverse("consent:letter", args=[case.pk, consent_request.pk]))
        assert response.status_code == 200
        assert_not_cached(response)


class TestSentTwice:
    def test_deciding_twice_records_one_decision_and_one_receipt(self, cw, asked, client,
                                                               django_capture_on_commit_callbacks):
        case, _request = asked
        url = link_from_mail()
        verify(client, url, case.child)
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            first = decide(client, url)
            second = decide(client, url)  # back, and "send" again
        assert first.status_code == 302 and second.status_code == 302
        # One decision per consent (the youth nurse, left unticked, refused), not two.
        assert ConsentEvent.objects.exclude(kind="asked").count() == Consent.objects.count()
        assert ConsentReceipt.objects.count() == 1 and len(mail.outbox) == 1
        page = client.get(second["Location"]).content.decode()
        assert "already saved" in page

    def test_withdrawing_twice_records_one_withdrawal(self, cw, asked, client, django_capture_on_commit_callbacks):
        case, _request = asked
        url = link_from_mail()
        verify(client, url, case.child)
        decide(client, url)
        consent = Consent.objects.get(party="specialist")
        withdraw = reverse("consent:guardian_withdraw", args=[token_of(url), consent.pk])
        with django_capture_on_commit_callbacks(execute=True):
            first = client.post(withdraw)
            second = client.post(withdraw)
        assert first.status_code == 302 and second.status_code == 302
        assert ConsentEvent.objects.filter(consent=consent, kind="withdrawn").count() == 1
        assert "already saved" in client.get(second["Location"]).content.decode()

    def test_asking_a_fresh_link_twice_sends_one(self, cw, asked, client, django_capture_on_commit_callbacks):
        _case, _request = asked
        url = link_from_mail()
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            client.post(url + "renew/")
            client.post(url + "renew/")
        assert len(mail.outbox) == 1

    def test_sending_the_link_twice_asks_once(self, cw, client_for, django_capture_on_commit_callbacks):
        case = ask(cw)
        pmer = client_for(cw.pmer_a)
        guardian = case.child.guardians.get()
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            for _press in range(2):
                response = pmer.post(reverse("consent:request_create", args=[case.pk]),
                                     {"guardian": guardian.pk, "purposes": ["observation"]})
                assert response.status_code == 302
        assert ConsentRequest.objects.filter(child=case.child).count() == 1
        assert len(mail.outbox) == 1


class TestWithdrawalOnlyForAGivenConsent:
    def test_a_consent_only_asked_offers_the_decision_not_a_withdrawal(self, cw, asked, client):
        case, _request = asked
        url = link_from_mail()
        verify(client, url, case.child)
        html = client.get(url).content.decode()
        assert 'name="decision_observation"' in html
        assert "/withdraw/" not in html

    def test_posting_a_withdrawal_of_a_consent_only_asked_records_nothing(self, cw, asked, client):
        case, _request = asked
        url = link_from_mail()
        verify(client, url, case.child)
        consent = Consent.objects.get(party="specialist")
        response = client.post(reverse("consent:guardian_withdraw", args=[token_of(url), consent.pk]))
        assert response.status_code == 302
        assert not ConsentEvent.objects.filter(kind="withdrawn").exists()
        # The decision is still hers to make.
        html = client.get(url).content.decode()
        assert 'name="decision_observation"' in html

    def test_a_given_consent_offers_withdrawal(self, cw, asked, client):
        case, _request = asked
        url = link_from_mail()
        verify(client, url, case.child)
        decide(client, url)
        consent = Consent.objects.get(party="specialist")
        withdraw = reverse("consent:guardian_withdraw", args=[token_of(url), consent.pk])
        assert withdraw in client.get(url).content.decode()

    def test_the_pmer_is_not_offered_to_record_a_withdrawal_of_a_consent_only_asked(self, cw, asked, client_for):
        case, _request = asked
        consent = Consent.objects.get(party="specialist")
        pmer = client_for(cw.pmer_a)
        html = pmer.get(reverse("casework:detail", args=[case.pk])).content.decode()
        assert reverse("consent:withdraw_recorded", args=[case.pk, consent.pk]) not in html
        pmer.post(reverse("consent:withdraw_recorded", args=[case.pk, consent.pk]))
        assert not ConsentEvent.objects.filter(kind="withdrawn").exists()


class TestTooLong:
    def test_a_name_pasted_a_thousand_times_is_refused_with_a_clear_message(self, cw, asked, client):
        case, _request = asked
        url = link_from_mail()
        verify(client, url, case.child)
        response = decide(client, url, signer_name="Anouk de Vries " * 7000)
        assert response.status_code == 200
        assert "at most 200 characters" in response.content.decode()
        assert not ConsentEvent.objects.filter(kind="given").exists()
        assert not has_valid_consent(case.child, "observation", "specialist")

    def test_a_long_short_code_is_refused_with_a_clear_message(self, cw, client):
        response = Client().post(reverse("consent:code"), {"code": "A" * 100_000})
        assert response.status_code == 200
        # The code page speaks Dutch (no guardian known yet to pick her language).
        assert "hoogstens 20 tekens" in response.content.decode()


class TestDateFieldsTheBrowserCanRead:
    def test_a_prefilled_date_is_rendered_in_the_form_the_date_field_reads(self, db):
        import datetime

        from django.utils import translation

        from consent.forms import BirthDateForm, PaperConsentForm

        with translation.override("nl"):
            paper = str(PaperConsentForm(initial={"signed_on": datetime.date(2026, 12, 1)})["signed_on"])
            birth = str(BirthDateForm(initial={"date_of_birth": datetime.date(2023, 4, 5)})["date_of_birth"])
        assert 'type="date"' in paper and 'value="2026-12-01"' in paper
        assert 'type="date"' in birth and 'value="2023-04-05"' in birth


def test_a_decision_that_raced_the_first_makes_no_empty_receipt(cw, asked, django_capture_on_commit_callbacks):
    from consent.services import consent_decide

    _case, consent_request = asked
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for _send in range(2):
            consent_decide(consent_request=consent_request, decisions={"observation": "given"},
                           signer_name="Anouk de Vries", relation="mother", language="en")
    assert ConsentReceipt.objects.count() == 1 and len(mail.outbox) == 1


class TestARefusalSentAgainIsRefusedAgain:
    def test_an_incomplete_send_link_form_sent_twice_gets_its_message_twice(self, cw, client_for):
        case = ask(cw)
        pmer = client_for(cw.pmer_a)
        url = reverse("consent:request_create", args=[case.pk])
        for _press in range(2):
            page = pmer.post(url, {"guardian": case.child.guardians.get().pk}, follow=True).content.decode()
            assert "al opgeslagen" not in page and "already saved" not in page
            assert "verplicht" in page or "required" in page
        assert not ConsentRequest.objects.exists()

    def test_withdrawing_a_consent_only_asked_twice_is_refused_twice(self, cw, asked, client):
        case, _request = asked
        url = link_from_mail()
        verify(client, url, case.child)
        consent = Consent.objects.get(party="specialist")
        for _press in range(2):
            page = client.post(reverse("consent:guardian_withdraw", args=[token_of(url), consent.pk]),
                               follow=True).content.decode()
            assert "nothing to withdraw" in page and "already saved" not in page
