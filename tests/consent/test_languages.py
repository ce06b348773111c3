"""Issue 16: the guardian's language follows her, from the pm'er who sends the link through every
page, e-mail, letter and PDF; Arabic right to left; and (issue 15) her receipt and refusals in the
access log, and an export that holds everything she may see."""

import json
import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core import mail
from django.test import Client
from django.urls import reverse
from fpdf import FPDF

from audit.models import AuditEvent
from consent import texts
from consent.models import ConsentReceipt, ConsentRequest
from consent.services import consent_request_create, consent_requests_remind
from tests.casework.factories import ask
from tests.consent.test_guardian_link import LINK, decide, verify

pytestmark = pytest.mark.django_db

ARABIC = re.compile("[\u0600-\u06ff]")
CYRILLIC = re.compile("[\u0400-\u04ff]")


@pytest.fixture(autouse=True)
def _texts_in_every_language(db):
    """The consent texts in ar/tr/pl/uk (consent/texts.py), as their data migration ships them."""
    from django.apps import apps

    texts.forwards(apps, None)


def _send(cw, client_for, capture, case=None, **extra):
    case = case or ask(cw)
    guardian = case.child.guardians.get()
    with capture(execute=True):
        response = client_for(cw.pmer_a).post(reverse("consent:request_create", args=[case.pk]),
                                              {"guardian": guardian.pk, "purposes": ["observation"], **extra})
    assert response.status_code == 302
    return case, guardian


def _link():
    return LINK.search(mail.outbox[-1].body).group(0)


class TestThePmerSetsHerLanguage:
    def test_the_form_shows_her_language_and_offers_all_six(self, cw, client_for):
        case = ask(cw)
        html = client_for(cw.pmer_a).get(reverse("casework:detail", args=[case.pk])).content.decode()
        guardian = case.child.guardians.get()
        assert f"{guardian.name} (Nederlands)" in html
        for name in ("العربية", "Türkçe", "Polski", "Українська"):
            assert name in html

    def test_the_language_she_sets_is_kept_and_the_mail_speaks_it(self, cw, client_for,
                                                                   django_capture_on_commit_callbacks):
        _case, guardian = _send(cw, client_for, django_capture_on_commit_callbacks, language="ar")
        guardian.refresh_from_db()
        assert guardian.preferred_language == "ar"
        message = mail.outbox[-1]
        assert ARABIC.search(message.subject) and ARABIC.search(message.body)
        assert "The childcare asks" not in message.body and "De kinderopvang" not in message.body

    def test_without_a_choice_her_known_language_is_used(self, cw, client_for, django_capture_on_commit_callbacks):
        case = ask(cw)
        case.child.guardians.update(preferred_language="uk")
        _send(cw, client_for, django_capture_on_commit_callbacks, case=case)
        assert CYRILLIC.search(mail.outbox[-1].body)
        assert case.child.guardians.get().preferred_language == "uk"

    def test_a_language_that_does_not_exist_is_refused_and_nothing_sent(self, cw, client_for):
        case = ask(cw)
        response = client_for(cw.pmer_a).post(reverse("consent:request_create", args=[case.pk]), {
            "guardian": case.child.guardians.get().pk, "purposes": ["observation"], "language": "xx"})
        assert response.status_code == 302 and not mail.outbox
        assert not ConsentRequest.objects.exists()

    def test_the_printed_letter_is_in_her_language_and_shaped(self, cw, client_for, monkeypatch,
                                                              django_capture_on_commit_callbacks):
        case = ask(cw)
        case.child.guardians.update(email="")
        _send(cw, client_for, django_capture_on_commit_callbacks, case=case, language="ar")
        shaped = _record_shaping(monkeypatch)
        consent_request = ConsentRequest.objects.get()
        letter = client_for(cw.pmer_a).get(reverse("consent:letter", args=[case.pk, consent_request.pk]))
        assert letter.status_code == 200 and letter.content.startswith(b"%PDF")
        assert b"NotoSansArabic" in letter.content and shaped and all(shaped)


def _record_shaping(monkeypatch):
    calls = []
    original = FPDF.set_text_shaping

    def spy(self, *args, **kwargs):
        calls.append(bool(args[0]) if args else kwargs.get("use_shaping_engine", True))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(FPDF, "set_text_shaping", spy)
    return calls


class TestHerLanguageFollowsHer:
    def test_every_guardian_page_offers_the_six_languages(self, cw, client_for, django_capture_on_commit_callbacks):
        _send(cw, client_for, django_capture_on_commit_callbacks)
        client = Client()
        html = client.get(_link()).content.decode()
        for code in ("nl", "en", "ar", "tr", "pl", "uk"):
            assert f'href="?lang={code}"' in html
        assert 'href="?lang=ar"' in client.get(reverse("consent:code")).content.decode()

    def test_a_choice_before_the_check_is_kept_on_her_after_it_and_used_for_later_mail(
            self, cw, client_for, django_capture_on_commit_callbacks):
        case, guardian = _send(cw, client_for, django_capture_on_commit_callbacks)
        url = _link()
        client = Client()
        html = client.get(url + "?lang=pl").content.decode()
        assert '<html lang="pl" dir="ltr">' in html and "Data urodzenia Twojego dziecka" in html
        guardian.refresh_from_db()
        assert guardian.preferred_language == "nl"  # not before she has shown who she is
        verify(client, url, case.child)
        guardian.refresh_from_db()
        assert guardian.preferred_language == "pl"
        html = client.get(url).content.decode()
        assert "Wyślij moją decyzję" in html
        # A reminder from the nightly task speaks Polish too.
        ConsentRequest.objects.update(created_at=ConsentRequest.objects.get().created_at.replace(year=2000))
        with django_capture_on_commit_callbacks(execute=True):
            assert consent_requests_remind() == 1
        assert "Dzień dobry" in mail.outbox[-1].body and "Alert4you: przypomnienie" in mail.outbox[-1].subject

    def test_the_receipt_mail_and_pdf_speak_her_language(self, cw, client_for, django_capture_on_commit_callbacks):
        case, _guardian = _send(cw, client_for, django_capture_on_commit_callbacks, language="tr")
        url = _link()
        client = Client()
        verify(client, url, case.child)
        with django_capture_on_commit_callbacks(execute=True):
            decide(client, url)
        receipt_mail = mail.outbox[-1]
        assert "Kararınız için teşekkürler" in receipt_mail.body
        assert ConsentReceipt.objects.count() == 1

    def test_arabic_is_right_to_left_with_bootstraps_rtl_stylesheet(self, cw, client_for,
                                                                    django_capture_on_commit_callbacks):
        case, _guardian = _send(cw, client_for, django_capture_on_commit_callbacks, language="ar")
        url = _link()
        client = Client()
        verify(client, url, case.child)
        html = client.get(url).content.decode()
        assert '<html lang="ar" dir="rtl">' in html
        assert "bootstrap.rtl.min.css" in html and "vendor/bootstrap/bootstrap.min.css" not in html
        rtl = finders.find("vendor/bootstrap/bootstrap.rtl.min.css")
        with open(rtl, encoding="utf-8") as handle:
            head = handle.read(300)
        with open(finders.find("vendor/bootstrap/bootstrap.min.css"), encoding="utf-8") as handle:
            version = re.search(r"Bootstrap\s+v([\d.]+)", handle.read(300)).group(1)
        assert f"v{version}" in head  # the same Bootstrap as the left-to-right stylesheet
        # The consent text she reads is the Arabic one, marked as such.
        assert 'lang="ar" dir="rtl"' in html and texts.TEXTS["observation"]["ar"][0] in html
        # Dutch pages stay left to right on Bootstrap's own stylesheet.
        dutch = client.get(url + "?lang=nl").content.decode()
        assert '<html lang="nl" dir="ltr">' in dutch and "bootstrap.rtl.min.css" not in dutch

    def test_a_code_page_choice_goes_with_her_to_her_link(self, cw, client_for, django_capture_on_commit_callbacks):
        case = ask(cw)
        case.child.guardians.update(email="")
        _case, guardian = _send(cw, client_for, django_capture_on_commit_callbacks, case=case)
        client = Client()
        assert "Mektubunuzdaki kısa kod" in client.get(reverse("consent:code") + "?lang=tr").content.decode()
        response = client.post(reverse("consent:code"), {"code": ConsentRequest.objects.get().short_code})
        assert response.status_code == 302 and response.url.endswith("?lang=tr")
        assert "Çocuğunuzun doğum tarihi" in client.get(response.url).content.decode()
        verify(client, response.url.split("?")[0], case.child)
        guardian.refresh_from_db()
        assert guardian.preferred_language == "tr"


class TestPlainDutch:
    def test_the_decision_page_says_what_no_means_and_how_to_withdraw(self, cw, client_for,
                                                                      django_capture_on_commit_callbacks):
        case, _guardian = _send(cw, client_for, django_capture_on_commit_callbacks)
        url = _link()
        client = Client()
        verify(client, url, case.child)
        html = client.get(url).content.decode()
        assert "Als je nee zegt" in html and "Nee zeggen mag." in html
        assert "Als je van gedachten verandert" in html and "Dan stopt alles meteen." in html
        assert "Nee, ik geef geen toestemming" in html


class TestAuditOfHerReads:
    def _decided(self, cw, client_for, capture):
        case, _guardian = _send(cw, client_for, capture)
        url = _link()
        client = Client()
        verify(client, url, case.child)
        with capture(execute=True):
            decide(client, url)
        return case, url, client

    def test_her_receipt_writes_its_audit_row(self, cw, client_for, django_capture_on_commit_callbacks):
        case, url, client = self._decided(cw, client_for, django_capture_on_commit_callbacks)
        receipt = ConsentReceipt.objects.get()
        before = AuditEvent.objects.filter(child_id=case.child_id, action="export").count()
        response = client.get(url + f"receipt/{receipt.pk}/")
        assert response.status_code == 200 and response.content.startswith(b"%PDF")
        rows = AuditEvent.objects.filter(child_id=case.child_id, action="export")
        assert rows.count() == before + 1
        assert rows.latest("pk").object_type == "consent.consentrequest" and rows.latest("pk").status_code == 200

    def test_another_childs_receipt_is_a_404_with_a_refusal_row(self, cw, client_for,
                                                                django_capture_on_commit_callbacks):
        case, url, client = self._decided(cw, client_for, django_capture_on_commit_callbacks)
        other_case = ask(cw, child=cw.children_a[1])
        other_guardian = other_case.child.guardians.get()
        with django_capture_on_commit_callbacks(execute=True):
            consent_request_create(child=other_case.child, guardian=other_guardian, purposes=["observation"],
                                   by=cw.pmer_a)
        other_url = _link()
        other = Client()
        verify(other, other_url, other_case.child)
        with django_capture_on_commit_callbacks(execute=True):
            decide(other, other_url)
        foreign = ConsentReceipt.objects.get(request__child=other_case.child)
        response = client.get(url + f"receipt/{foreign.pk}/")
        assert response.status_code == 404
        refusal = AuditEvent.objects.get(status_code=404, object_type="consent.consentreceipt")
        assert (refusal.child_id, refusal.object_id) == (other_case.child_id, str(foreign.pk))
        # A receipt that does not exist: refused and logged the same way, with no child to name.
        assert client.get(url + "receipt/999999/").status_code == 404
        assert AuditEvent.objects.filter(status_code=404, object_id="999999", child_id__isnull=True).exists()

    def test_another_childs_consent_is_a_404_with_a_refusal_row(self, cw, client_for,
                                                                django_capture_on_commit_callbacks):
        from consent.models import Consent
        from tests.consent.factories import consent_for

        _case, url, client = self._decided(cw, client_for, django_capture_on_commit_callbacks)
        consent_for(cw.child_b, parties=("specialist",))
        foreign = Consent.objects.get(child=cw.child_b)
        token = url.split("/")[3]
        response = client.post(reverse("consent:guardian_withdraw", args=[token, foreign.pk]))
        assert response.status_code == 404
        refusal = AuditEvent.objects.get(status_code=404, object_type="consent.consent")
        assert (refusal.child_id, refusal.object_id) == (cw.child_b.pk, str(foreign.pk))


class TestHerExport:
    def test_the_export_holds_everything_she_may_see_with_labels_in_her_language(
            self, cw, client_for, django_capture_on_commit_callbacks):
        from casework.models import Referral
        from observations.models import Visit

        case, _guardian = _send(cw, client_for, django_capture_on_commit_callbacks, language="pl")
        url = _link()
        client = Client()
        verify(client, url, case.child)
        with django_capture_on_commit_callbacks(execute=True):
            decide(client, url)
        Visit.objects.create(case=case, kind="observation", location=case.request.location,
                             starts_at=case.opened_at, planned_by=cw.fixed_specialist)
        Referral.objects.create(case=case, child=case.child, target="speech_therapy", receiving_party="Logo",
                                reason="Praat weinig", started_by=cw.fixed_specialist)
        data = json.loads(client.get(url + "export.json").content)
        assert {"child", "guardians", "requests", "consents", "paper_consents", "receipts", "cases",
                "advice_for_guardians", "home_plans", "visits", "access_log"} <= set(data)
        assert data["requests"][0]["purposes"] == ["observation"]
        assert data["requests"][0]["purpose_labels"] == ["Obserwacja dziecka i porada"]
        [specialist] = [c for c in data["consents"] if c["party"] == "specialist"]
        assert specialist["state"] == "given" and specialist["state_label"] == "Udzielona"
        assert specialist["party_label"] == "Specjalistka ds. pomocy młodzieży"
        assert len(data["receipts"]) == 1
        [exported] = data["cases"]
        assert exported["visits"][0]["kind"] == "observation" and exported["visits"][0]["kind_label"] == "Obserwacja"
        assert exported["referrals"][0]["target_label"] == "Logopedia"
        # The keys do not change with her language: a program reading the file reads it in any language.
        nl = json.loads(client.get(url + "export.json?lang=nl").content)
        assert _keys(nl) == _keys(data)
        assert [c["state_label"] for c in nl["consents"] if c["party"] == "specialist"] == ["Gegeven"]

    def test_the_export_pdf_in_arabic_is_shaped_and_labelled_in_arabic(self, cw, client_for, monkeypatch,
                                                                      django_capture_on_commit_callbacks):
        case, _guardian = _send(cw, client_for, django_capture_on_commit_callbacks, language="ar")
        url = _link()
        client = Client()
        verify(client, url, case.child)
        shaped = _record_shaping(monkeypatch)
        response = client.get(url + "export.pdf")
        assert response.status_code == 200 and b"NotoSansArabic" in response.content and shaped == [True]

    def test_the_export_pdf_in_dutch_stays_plain_text(self, cw, client_for, monkeypatch,
                                                      django_capture_on_commit_callbacks):
        case, _guardian = _send(cw, client_for, django_capture_on_commit_callbacks)
        url = _link()
        client = Client()
        verify(client, url, case.child)
        shaped = _record_shaping(monkeypatch)
        assert client.get(url + "export.pdf").status_code == 200 and shaped == []


def _keys(value):
    if isinstance(value, dict):
        return {key: _keys(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_keys(item) for item in value[:1]]
    return None


def test_the_professionals_keep_two_languages_in_settings_order():
    codes = [code for code, _name in settings.LANGUAGES]
    assert codes[:2] == ["nl", "en"] and set(codes) == {"nl", "en", "ar", "tr", "pl", "uk"}


class TestTheLanguageMenus:
    def test_a_professional_is_offered_dutch_and_english_only(self, cw, client_for):
        html = client_for(cw.pmer_a).get(reverse("home")).content.decode()
        footer = html[html.index("<footer"):html.index("</footer>")]
        assert 'value="nl"' in footer and 'value="en"' in footer
        for code in ("ar", "tr", "pl", "uk"):
            assert f'value="{code}"' not in footer

    def test_a_guardian_page_has_her_six_languages_and_not_the_professionals_menu(
            self, cw, client_for, django_capture_on_commit_callbacks):
        _send(cw, client_for, django_capture_on_commit_callbacks)
        html = Client().get(_link()).content.decode()
        assert reverse("set_language") not in html
        assert html.count('hreflang="') == 6


def test_the_pmers_consent_section_reads_the_guardians_once(cw, client_for, django_assert_max_num_queries,
                                                             django_capture_on_commit_callbacks, rf):
    """The consent section of the case page (its consents, the link form with each guardian's language, the
    links sent): a fixed handful of queries, however many guardians, consents and links there are."""
    from django.template.loader import render_to_string

    from consent.templatetags.consent import case_consent
    from tests.children.factories import GuardianFactory

    case = ask(cw)
    GuardianFactory(child=case.child, relation="father", preferred_language="tr")
    for guardian in case.child.guardians.all():
        with django_capture_on_commit_callbacks(execute=True):
            consent_request_create(child=case.child, guardian=guardian, purposes=["observation"], by=cw.pmer_a)
    request = rf.get("/")
    request.user = cw.pmer_a
    with django_assert_max_num_queries(5):
        html = render_to_string("consent/_case_consent.html", case_consent({"request": request, "case": case}))
    assert "(Türkçe)" in html and "(Nederlands)" in html
