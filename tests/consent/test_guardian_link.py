"""The guardian's link: signed, bound to one child, expiring; the date of birth first; five wrong
answers block it; deciding, withdrawing, the receipt, the access log and the export."""

import datetime
import json
import re

import pytest
from django.core import mail, signing
from django.urls import reverse

from audit.models import AuditEvent
from casework.models import CaseState
from consent.export_pdf import export_pdf
from consent.links import SALT, link_token
from consent.models import ConsentEvent, ConsentReceipt, ConsentText
from consent.selectors import child_export
from consent.services import consent_request_create, has_valid_consent
from tests.casework.factories import ask
from tests.casework.record_helpers import pdf_text

pytestmark = pytest.mark.django_db

LINK = re.compile(r"/consent/g/[^/\s]+/")


@pytest.fixture
def asked(cw, django_capture_on_commit_callbacks):
    case = ask(cw)
    guardian = case.child.guardians.get()
    # Her pages speak her language; English keeps these tests independent of the Dutch catalog.
    guardian.preferred_language = "en"
    guardian.save()
    with django_capture_on_commit_callbacks(execute=True):
        consent_request = consent_request_create(child=case.child, guardian=guardian, purposes=["observation"],
                                                 by=cw.pmer_a)
    return case, consent_request


def link_from_mail():
    return LINK.search(mail.outbox[-1].body).group(0)


def verify(client, url, child):
    return client.post(url, {"date_of_birth": child.date_of_birth.isoformat()})


def decide(client, url, decision="given", **overrides):
    data = {"decision_observation": decision, "signer_name": "Anouk de Vries", "relation": "mother",
            "other_guardian_agrees": "on"} | overrides
    return client.post(url, data)


def assert_nothing_about(html, case):
    child = case.child
    assert child.first_name not in html and child.last_name not in html
    for guardian in child.guardians.all():
        assert guardian.name not in html


class TestTheLink:
    def test_the_mail_carries_a_link_and_no_child_name(self, cw, asked):
        case, _ = asked
        [message] = mail.outbox
        assert message.to == [case.child.guardians.get().email]
        assert LINK.search(message.body)
        assert case.child.first_name not in message.body and case.child.last_name not in message.body

    def test_before_the_date_of_birth_nothing_about_the_child_is_shown(self, cw, asked, client):
        case, _ = asked
        response = client.get(link_from_mail())
        assert response.status_code == 200
        html = response.content.decode()
        assert_nothing_about(html, case)
        assert 'name="date_of_birth"' in html

    def test_a_tampered_link_shows_nothing(self, cw, asked, client):
        case, _ = asked
        url = link_from_mail()
        tampered = url[:-3] + ("A" if url[-3] != "A" else "B") + url[-2:]
        response = client.get(tampered)
        assert response.status_code == 404
        assert_nothing_about(response.content.decode(), case)
        assert 'name="date_of_birth"' not in response.content.decode()

    def test_a_link_whose_child_is_not_the_requests_child_shows_nothing(self, cw, asked, client):
        case, consent_request = asked
        forged = signing.TimestampSigner(salt=SALT).sign_object({"r": consent_request.pk, "c": cw.child_b.pk})
        response = client.get(reverse("consent:guardian", args=[forged]))
        assert response.status_code == 404
        assert_nothing_about(response.content.decode(), case)

    def test_a_link_for_one_child_opens_nothing_of_another(self, cw, asked, client, django_capture_on_commit_callbacks):
        case, _ = asked
        other = cw.children_a[1]
        with django_capture_on_commit_callbacks(execute=True):
            consent_request_create(child=other, guardian=other.guardians.get(), purposes=["observation"], by=cw.pmer_a)
        other_url = link_from_mail()
        verify(client, other_url, other)
        # The session verified for the other child's link: this child's link still asks first.
        first_url = LINK.search(mail.outbox[0].body).group(0)
        html = client.get(first_url).content.decode()
        assert_nothing_about(html, case)
        assert 'name="date_of_birth"' in html

    def test_a_wrong_date_is_refused_with_a_message_and_kept(self, cw, asked, client):
        case, _ = asked
        url = link_from_mail()
        response = client.post(url, {"date_of_birth": "2020-01-01"})
        html = response.content.decode()
        assert "not the date of birth we know" in html and 'value="2020-01-01"' in html
        assert_nothing_about(html, case)

    def test_five_wrong_dates_block_the_link_even_for_the_right_date(self, cw, asked, client):
        case, _ = asked
        url = link_from_mail()
        for _attempt in range(5):
            response = client.post(url, {"date_of_birth": "2020-01-01"})
        assert response.status_code == 429
        assert verify(client, url, case.child).status_code == 429
        assert AuditEvent.objects.filter(child_id=case.child.pk, status_code=403).count() == 5

    def test_an_expired_link_offers_a_fresh_one_to_the_known_address_only(self, cw, asked, client, settings,
                                                                          django_capture_on_commit_callbacks):
        case, _ = asked
        url = link_from_mail()
        settings.CONSENT_LINK_DAYS = -1
        response = client.get(url)
        html = response.content.decode()
        assert url + "renew/" in html and 'name="date_of_birth"' not in html
        assert_nothing_about(html, case)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(url + "renew/", {"email": "stranger@example.org"})
        assert mail.outbox[-1].to == [case.child.guardians.get().email]
        settings.CONSENT_LINK_DAYS = 14
        fresh = link_from_mail()
        verify(client, fresh, case.child)
        assert decide(client, fresh).status_code == 302


class TestDeciding:
    def test_giving_consent_records_text_version_language_and_evidence(self, cw, asked, client,
                                                                       django_capture_on_commit_callbacks):
        case, _ = asked
        url = link_from_mail()
        verify(client, url, case.child)
        assert case.child.first_name in client.get(url + "?lang=en").content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            response = decide(client, url, HTTP_USER_AGENT="PhoneBrowser/1.0")
        assert response.status_code == 302
        event = ConsentEvent.objects.filter(kind="given").first()
        # The newest version of the text in her language is what she read and signed.
        text = ConsentText.objects.filter(purpose="observation", language="en").order_by("-version").first()
        assert (event.text_id, event.text_version, event.text_language) == (text.pk, text.version, "en")
        assert event.text_sha256 == text.sha256 and len(event.text_sha256) == 64
        assert event.signer_name == "Anouk de Vries" and event.channel == "online"
        assert event.ip_address == "127.0.0.1"
        assert has_valid_consent(case.child, "observation", "specialist")
        case.refresh_from_db()
        assert case.state == CaseState.READY_TO_PLAN
        receipt_mail = mail.outbox[-1]
        [(name, content, kind)] = receipt_mail.attachments
        assert kind == "application/pdf" and content.startswith(b"%PDF")
        assert case.child.first_name not in receipt_mail.body
        assert bytes(ConsentReceipt.objects.get().pdf) == content

    def test_a_missing_name_is_refused_next_to_the_field_and_choices_kept(self, cw, asked, client):
        case, _ = asked
        url = link_from_mail()
        verify(client, url, case.child)
        response = decide(client, url, signer_name="")
        html = response.content.decode()
        assert response.status_code == 200
        assert re.search(r'name="signer_name"[^>]*is-invalid|is-invalid[^>]*name="signer_name"', html)
        assert 'id="error_1_id_signer_name"' in html or "invalid-feedback" in html
        assert re.search(r'value="given"[^>]*checked', html)  # her choice is kept
        assert 'value="mother" selected' in html
        assert not ConsentEvent.objects.filter(kind="given").exists()

    def test_refusing_keeps_the_case_waiting(self, cw, asked, client):
        case, _ = asked
        url = link_from_mail()
        verify(client, url, case.child)
        decide(client, url, decision="refused")
        assert not has_valid_consent(case.child, "observation", "specialist")
        case.refresh_from_db()
        assert case.state == CaseState.AWAITING_CONSENT

    def test_withdrawing_from_the_link_stops_the_specialist_at_once(self, cw, asked, client, client_for,
                                                                    django_capture_on_commit_callbacks):
        case, _ = asked
        url = link_from_mail()
        verify(client, url, case.child)
        decide(client, url)
        specialist = client_for(cw.fixed_specialist)
        detail = reverse("casework:detail", args=[case.pk])
        assert case.child.last_name in specialist.get(detail).content.decode()
        from consent.models import Consent

        consent = Consent.objects.get(party="specialist")
        from django.test import Client

        guardian = Client()
        verify(guardian, url, case.child)
        with django_capture_on_commit_callbacks(execute=True):
            guardian.post(reverse("consent:guardian_withdraw", args=[url.split("/")[3], consent.pk]))
        assert case.child.last_name not in specialist.get(detail).content.decode()
        case.refresh_from_db()
        assert case.state == CaseState.AWAITING_CONSENT
        notice = mail.outbox[-1]
        assert cw.fixed_specialist.email in notice.to and case.child.first_name not in notice.body


class TestInsight:
    def test_the_guardian_sees_who_looked_and_can_export(self, cw, asked, client, client_for):
        case, _ = asked
        url = link_from_mail()
        verify(client, url, case.child)
        decide(client, url)
        client_for(cw.fixed_specialist).get(reverse("casework:detail", args=[case.pk]))
        html = client.get(url).content.decode()
        assert cw.fixed_specialist.get_full_name() in html
        export = client.get(url + "export.json")
        data = json.loads(export.content)
        assert data["child"]["first_name"] == case.child.first_name
        assert data["consents"][0]["events"][-1]["text_language"] in ("nl", "en")

    def test_export_and_receipt_need_the_date_of_birth_first(self, cw, asked, client):
        url = link_from_mail()
        assert client.get(url + "export.json").status_code == 404
        assert client.get(url + "export.pdf").status_code == 404

    def test_the_export_as_pdf_holds_the_child_the_consent_and_who_looked(self, cw, asked, client, client_for):
        case, _ = asked
        url = link_from_mail()
        verify(client, url, case.child)
        decide(client, url)
        client_for(cw.fixed_specialist).get(reverse("casework:detail", args=[case.pk]))
        response = client.get(url + "export.pdf")
        assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
        assert AuditEvent.objects.filter(child_id=case.child.pk, action="export").exists()
        text = pdf_text(export_pdf(child_export(case.child), compress=False))
        assert case.child.first_name in text and cw.fixed_specialist.get_full_name() in text
        assert case.request.question[:30] in text.replace("\n", " ")


class TestThePmer:
    def test_the_pmer_sees_the_state_and_sends_the_link(self, cw, client_for, django_capture_on_commit_callbacks):
        case = ask(cw)
        client = client_for(cw.pmer_a)
        detail = reverse("casework:detail", args=[case.pk])
        html = client.get(detail).content.decode()
        assert "Send the link" in html or "consent-heading" in html
        guardian = case.child.guardians.get()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("consent:request_create", args=[case.pk]),
                                   {"guardian": guardian.pk, "purposes": ["observation"]})
        assert response.status_code == 302
        assert mail.outbox[-1].to == [guardian.email]

    def test_a_pmer_of_another_location_cannot_send_a_link(self, cw, client_for):
        case = ask(cw)
        response = client_for(cw.pmer_b).post(reverse("consent:request_create", args=[case.pk]),
                                              {"guardian": case.child.guardians.get().pk, "purposes": ["observation"]})
        assert response.status_code == 404 and not mail.outbox

    def test_a_specialist_cannot_send_a_link(self, cw, client_for):
        case = ask(cw)
        response = client_for(cw.fixed_specialist).post(reverse("consent:request_create", args=[case.pk]),
                                                        {"guardian": case.child.guardians.get().pk,
                                                         "purposes": ["observation"]})
        assert response.status_code in (403, 404) and not mail.outbox

    def test_anonymous_goes_to_login(self, cw, client):
        case = ask(cw)
        response = client.post(reverse("consent:request_create", args=[case.pk]), {})
        assert response.status_code == 302 and reverse("login") in response.url

    def test_a_guardian_of_another_child_is_refused(self, cw, client_for):
        case = ask(cw)
        response = client_for(cw.pmer_a).post(reverse("consent:request_create", args=[case.pk]),
                                              {"guardian": cw.child_b.guardians.get().pk, "purposes": ["observation"]})
        assert response.status_code == 302 and not mail.outbox


def test_token_is_bound_to_request_and_child(cw, asked):
    _case, consent_request = asked
    data = signing.TimestampSigner(salt=SALT).unsign_object(link_token(consent_request))
    assert data == {"r": consent_request.pk, "c": consent_request.child_id}
    assert datetime.date.today()  # noqa: DTZ011


class TestOtherLanguages:
    ARABIC_BODY = "يزور أخصائي رعاية الشباب الحضانة ليرى كيف حال طفلك."

    def test_a_language_version_added_without_code_shows_right_to_left_and_in_the_receipt(
            self, cw, asked, client, django_capture_on_commit_callbacks):
        case, _ = asked
        # What a functional administrator does in the admin: a new row, no code (her own wording is a newer
        # version than the Arabic text the app ships).
        arabic = ConsentText.objects.create(purpose="observation", version=2, language="ar",
                                            title="ملاحظة طفلك ونصيحة", body=self.ARABIC_BODY)
        url = link_from_mail()
        verify(client, url, case.child)
        html = client.get(url + "?lang=ar").content.decode()
        assert 'lang="ar" dir="rtl"' in html and self.ARABIC_BODY in html
        with django_capture_on_commit_callbacks(execute=True):
            decide(client, url)
        for event in ConsentEvent.objects.filter(kind="given"):
            assert (event.text_language, event.text_sha256) == ("ar", arabic.sha256)
        pdf = bytes(ConsentReceipt.objects.get().pdf)
        assert b"NotoSansArabic" in pdf  # the shipped font, embedded

    def test_turkish_polish_and_ukrainian_letters_render_in_the_receipt(self, cw):
        from django.utils import timezone

        from consent.receipts import receipt_pdf

        shown = {}
        for n, (language, body) in enumerate([("tr", "Çocuğunuz için ğüşıöç"), ("pl", "Zgoda: ąćęłńóśźż"),
                                              ("uk", "Згода на спостереження за дитиною")]):
            text = ConsentText.objects.create(purpose="observation", version=10 + n, language=language,
                                              title=language, body=body)
            shown[language] = (text, "given")
        pdf = receipt_pdf(reference="A4Y-1", shown=shown, signer_name="Olena", relation="mother",
                          at=timezone.now())
        assert pdf.startswith(b"%PDF") and b"DejaVu" in pdf


class TestWhatWasAgreed:
    def test_the_guardian_sees_advice_for_her_and_the_home_plan_but_not_advice_for_the_group(self, cw, asked,
                                                                                           client):
        from casework.models import ApproachPlan, ApproachPlanCycle
        from observations.models import Advice

        case, _ = asked
        Advice.objects.create(case=case, target="guardian", category="guardian_talk",
                              text="Lees thuis elke avond samen een prentenboek.", given_by=cw.fixed_specialist)
        Advice.objects.create(case=case, target="group", category="room", text="Maak een rustige hoek.",
                              given_by=cw.fixed_specialist)
        plan = ApproachPlan.objects.create(case=case, created_by=cw.fixed_specialist)
        ApproachPlanCycle.objects.create(plan=plan, number=1, goals_group="x", goals_home="Meer woordjes thuis.",
                                         agreements_home="Samen benoemen bij het eten.", by=cw.fixed_specialist)
        url = link_from_mail()
        verify(client, url, case.child)
        html = client.get(url).content.decode()
        assert "prentenboek" in html and "Samen benoemen bij het eten." in html
        assert "rustige hoek" not in html
        data = json.loads(client.get(url + "export.json").content)
        assert data["advice_for_guardians"][0]["text"].startswith("Lees thuis")


class TestPrintedLetter:
    def test_a_guardian_without_email_gets_a_letter_whose_short_code_leads_to_the_check(
            self, cw, client_for, client, django_capture_on_commit_callbacks):
        from consent.models import ConsentRequest

        case = ask(cw)
        guardian = case.child.guardians.get()
        guardian.email = ""
        guardian.save()
        pmer = client_for(cw.pmer_a)
        with django_capture_on_commit_callbacks(execute=True):
            pmer.post(reverse("consent:request_create", args=[case.pk]),
                      {"guardian": guardian.pk, "purposes": ["observation"]})
        assert not mail.outbox
        consent_request = ConsentRequest.objects.get()
        letter = pmer.get(reverse("consent:letter", args=[case.pk, consent_request.pk]))
        assert letter.status_code == 200 and letter.content.startswith(b"%PDF")
        assert b"/Subtype /Image" in letter.content  # the QR code
        # The pm'er of another location cannot print it.
        assert client_for(cw.pmer_b).get(reverse("consent:letter", args=[case.pk, consent_request.pk])
                                         ).status_code == 404
        # The guardian types the code, spaced and in lower case as people do.
        code = consent_request.short_code
        typed = f"{code[:5].lower()} {code[5:]}"
        response = client.post(reverse("consent:code"), {"code": typed})
        assert response.status_code == 302 and "/consent/g/" in response.url
        html = client.get(response.url).content.decode()
        assert 'name="date_of_birth"' in html
        assert_nothing_about(html, case)

    def test_an_unknown_code_is_refused_next_to_the_field_and_kept(self, cw, client):
        response = client.post(reverse("consent:code"), {"code": "ABCDE 23456"})
        html = response.content.decode()
        assert response.status_code == 200 and 'id="error_1_id_code"' in html and 'value="ABCDE 23456"' in html


class TestDisagreement:
    def test_the_pmer_records_it_and_a_later_request_needs_both(self, cw, client_for):
        from consent.models import Consent, GuardiansDisagree
        from tests.children.factories import GuardianFactory

        case = ask(cw)
        GuardianFactory(child=case.child, relation="father")
        response = client_for(cw.pmer_a).post(reverse("consent:disagree", args=[case.pk]))
        assert response.status_code == 302 and GuardiansDisagree.objects.filter(child=case.child).exists()
        html = client_for(cw.pmer_a).get(reverse("casework:detail", args=[case.pk])).content.decode()
        assert "alert-warning" in html and reverse("consent:disagree", args=[case.pk]) not in html
        consent_request_create(child=case.child, guardian=case.child.guardians.first(), purposes=["observation"],
                               by=cw.pmer_a)
        assert set(Consent.objects.values_list("signers_required", flat=True)) == {2}

    def test_only_the_pmer_of_the_location(self, cw, client_for, client):
        from consent.models import GuardiansDisagree

        case = ask(cw)
        url = reverse("consent:disagree", args=[case.pk])
        assert reverse("login") in client.post(url).url  # before client_for logs this client in
        assert client_for(cw.pmer_b).post(url).status_code == 404
        assert client_for(cw.fixed_specialist).post(url).status_code in (403, 404)
        assert not GuardiansDisagree.objects.exists()


class TestWithdrawalRecordedByThePmer:
    def test_the_pmer_records_a_withdrawal_and_the_specialist_loses_access(self, cw, client_for):
        from django.test import Client

        from consent.models import Consent
        from tests.consent.factories import consent_for

        case = ask(cw)
        consent_for(case.child, parties=("specialist",))
        from casework.services import case_advance

        case_advance(case=case, to=CaseState.READY_TO_PLAN, by=cw.pmer_a)
        specialist = Client()
        specialist.force_login(cw.fixed_specialist)
        from tests.conftest import verify_second_factor

        verify_second_factor(specialist, cw.fixed_specialist)
        detail = reverse("casework:detail", args=[case.pk])
        assert case.child.last_name in specialist.get(detail).content.decode()
        consent = Consent.objects.get()
        url = reverse("consent:withdraw_recorded", args=[case.pk, consent.pk])
        assert client_for(cw.pmer_b).post(url).status_code == 404
        assert has_valid_consent(case.child, "observation", "specialist")
        assert client_for(cw.pmer_a).post(url).status_code == 302
        assert case.child.last_name not in specialist.get(detail).content.decode()
        assert ConsentEvent.objects.filter(kind="withdrawn", recorded_by=cw.pmer_a).exists()


def test_sending_the_link_is_audited_with_the_pmers_role(cw, client_for):
    case = ask(cw)
    client_for(cw.pmer_a).post(reverse("consent:request_create", args=[case.pk]),
                               {"guardian": case.child.guardians.get().pk, "purposes": ["observation"]})
    row = AuditEvent.objects.filter(part="consent", actor_id=cw.pmer_a.pk).latest("pk")
    assert row.role == "childcare_worker" and row.child_id == case.child_id


class TestWithdrawalIsBoundToHerChild:
    def test_she_cannot_withdraw_another_childs_consent_nor_without_the_check(self, cw, asked, client):
        from consent.models import Consent
        from tests.consent.factories import consent_for

        case, _ = asked
        consent_for(cw.child_b, parties=("specialist",))
        other = Consent.objects.get(child=cw.child_b)
        url = link_from_mail()
        token = url.split("/")[3]
        own = Consent.objects.filter(child=case.child).first()
        assert client.post(reverse("consent:guardian_withdraw", args=[token, own.pk])).status_code == 404
        verify(client, url, case.child)
        assert client.post(reverse("consent:guardian_withdraw", args=[token, other.pk])).status_code == 404
        assert has_valid_consent(cw.child_b, "observation", "specialist")
