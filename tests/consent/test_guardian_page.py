"""The guardian's page keeps its promises: the youth nurse is a choice she really makes (where her
municipality works with youth nurses), the declaration that the other parent agrees is required
where one signature stands for both, the page says "je" throughout, and "who looked" counts
visits, not rows of a log."""

import datetime
import re
from html import unescape

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from consent.models import Consent, ConsentEvent
from consent.services import consent_request_create, has_valid_consent
from tests.casework.factories import ask
from tests.children.factories import GuardianFactory
from tests.consent.test_guardian_link import decide, link_from_mail, verify

pytestmark = pytest.mark.django_db


def send_link(cw, case, capture, purposes=("observation",), guardian=None, by=None):
    guardian = guardian or case.child.guardians.order_by("pk").first()
    with capture(execute=True):
        consent_request_create(child=case.child, guardian=guardian, purposes=list(purposes), by=by or cw.pmer_a)
    return link_from_mail()


def english(case):
    case.child.guardians.update(preferred_language="en")


class TestTheYouthNurseIsAChoice:
    def test_where_the_municipality_works_with_youth_nurses_she_chooses_and_the_scope_follows(
            self, cw, client, django_capture_on_commit_callbacks):
        case = ask(cw)  # Hoogeveen: the youth nurse is a partner
        english(case)
        url = send_link(cw, case, django_capture_on_commit_callbacks)
        verify(client, url, case.child)
        html = client.get(url).content.decode()
        assert 'name="share_youth_nurse"' in html
        # She gives consent for the observation, without ticking the youth nurse.
        response = decide(client, url)
        assert response.status_code == 302
        assert has_valid_consent(case.child, "observation", "specialist")
        assert not has_valid_consent(case.child, "observation", "youth_nurse")
        nurse = Consent.objects.get(party="youth_nurse")
        assert nurse.events.filter(kind="refused").exists()

    def test_ticking_the_youth_nurse_shares_with_her_too(self, cw, client, django_capture_on_commit_callbacks):
        case = ask(cw)
        english(case)
        url = send_link(cw, case, django_capture_on_commit_callbacks)
        verify(client, url, case.child)
        decide(client, url, share_youth_nurse="on")
        assert has_valid_consent(case.child, "observation", "specialist")
        assert has_valid_consent(case.child, "observation", "youth_nurse")

    def test_where_there_is_no_youth_nurse_neither_the_choice_nor_the_promise_shows(
            self, cw, client, django_capture_on_commit_callbacks):
        case = ask(cw, by=cw.pmer_c, child=cw.child_c)  # Amersfoort: no youth nurse in the programme
        english(case)
        url = send_link(cw, case, django_capture_on_commit_callbacks, by=cw.pmer_c)
        verify(client, url, case.child)
        html = client.get(url).content.decode()
        assert 'name="share_youth_nurse"' not in html
        # Nothing promises a choice the page does not offer.
        assert "if you choose" not in html.lower() and "tick" not in visible_text(html).lower()
        decide(client, url)
        assert list(Consent.objects.filter(child=case.child).values_list("party", flat=True)) == ["specialist"]


class TestTheOtherParentsAgreement:
    @pytest.fixture
    def two_parents(self, cw):
        case = ask(cw)
        GuardianFactory(child=case.child, name="Bert de Vries", relation="father", has_parental_authority=True)
        english(case)
        return case

    def test_giving_consent_alone_for_both_needs_the_declaration(self, cw, two_parents, client,
                                                                 django_capture_on_commit_callbacks):
        case = two_parents
        url = send_link(cw, case, django_capture_on_commit_callbacks)
        verify(client, url, case.child)
        assert 'name="other_guardian_agrees"' in client.get(url).content.decode()
        response = decide(client, url, other_guardian_agrees="")
        assert response.status_code == 200
        assert "other parent with authority agrees" in response.content.decode()
        assert re.search(r'name="other_guardian_agrees"[^>]*is-invalid|is-invalid[^>]*name="other_guardian_agrees"',
                         response.content.decode())
        assert not ConsentEvent.objects.filter(kind="given").exists()
        assert decide(client, url).status_code == 302
        assert has_valid_consent(case.child, "observation", "specialist")
        assert ConsentEvent.objects.filter(kind="given", other_guardian_agrees=True).exists()

    def test_refusing_needs_no_declaration(self, cw, two_parents, client, django_capture_on_commit_callbacks):
        case = two_parents
        url = send_link(cw, case, django_capture_on_commit_callbacks)
        verify(client, url, case.child)
        assert decide(client, url, decision="refused", other_guardian_agrees="").status_code == 302
        assert ConsentEvent.objects.filter(kind="refused").exists()

    def test_a_parent_with_sole_authority_is_not_asked_to_declare(self, cw, client,
                                                                  django_capture_on_commit_callbacks):
        case = ask(cw)
        english(case)
        url = send_link(cw, case, django_capture_on_commit_callbacks)
        verify(client, url, case.child)
        assert 'name="other_guardian_agrees"' not in client.get(url).content.decode()
        assert decide(client, url, other_guardian_agrees="").status_code == 302
        assert has_valid_consent(case.child, "observation", "specialist")

    def test_a_referral_needs_every_parent_and_no_declaration_stands_in(self, cw, two_parents, client,
                                                                        django_capture_on_commit_callbacks):
        case = two_parents
        url = send_link(cw, case, django_capture_on_commit_callbacks, purposes=("referral",))
        verify(client, url, case.child)
        html = client.get(url).content.decode()
        assert 'name="other_guardian_agrees"' not in html
        assert "every parent with authority" in html.lower()
        response = client.post(url, {"decision_referral": "given", "signer_name": "Anouk de Vries",
                                     "relation": "mother"})
        assert response.status_code == 302
        # One signature of two: not yet valid.
        assert not has_valid_consent(case.child, "referral", "referral_party")


def visible_text(html):
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", " ", html))


FORMAL = re.compile(r"\b(u|uw|U|Uw|UW)\b")


class TestOneRegister:
    def test_every_guardian_page_says_je_not_u(self, cw, client, settings, django_capture_on_commit_callbacks):
        case = ask(cw)
        case.child.guardians.update(preferred_language="nl")
        GuardianFactory(child=case.child, name="Bert de Vries", relation="father")
        url = send_link(cw, case, django_capture_on_commit_callbacks, purposes=("observation", "referral",
                                                                                 "handover"))
        pages = {"birth date": client.get(url)}
        pages["wrong date"] = client.post(url, {"date_of_birth": "2001-01-01"})
        verify(client, url, case.child)
        pages["decision"] = client.get(url)
        pages["errors"] = client.post(url, {"signer_name": ""})
        with django_capture_on_commit_callbacks(execute=True):
            decide(client, url, decision_referral="refused", decision_handover="refused")
        pages["after"] = client.get(url)
        pages["code"] = Client().get(reverse("consent:code"))
        pages["renewed"] = client.post(url + "renew/", follow=True)
        pages["unknown link"] = Client().get(reverse("consent:guardian", args=["nonsense"]))
        for _try in range(5):
            pages["blocked"] = Client().post(url, {"date_of_birth": "2001-01-01"})
        settings.CONSENT_LINK_DAYS = -1
        pages["expired"] = Client().get(url)
        for name, response in pages.items():
            assert response.status_code in (200, 404, 429), name
            text = visible_text(response.content.decode())
            assert "je" in text.split() or "jouw" in text or "Je" in text, name
            assert not FORMAL.findall(text), (name, FORMAL.findall(text), text[:2000])
        for message in mail.outbox:
            assert not FORMAL.findall(message.body), message.body


class TestWhoLooked:
    def _open_case(self, client, case, times):
        for _view in range(times):
            assert client.get(reverse("casework:detail", args=[case.pk])).status_code == 200

    def test_six_page_views_show_as_six_not_as_every_row_of_the_log(self, cw, client_for,
                                                                     django_capture_on_commit_callbacks):
        client = Client()  # the guardian's own browser, not the specialist's
        case = ask(cw)
        english(case)
        url = send_link(cw, case, django_capture_on_commit_callbacks)
        verify(client, url, case.child)
        decide(client, url)
        specialist = client_for(cw.fixed_specialist)
        rows_before = AuditEvent.objects.filter(actor_id=cw.fixed_specialist.pk).count()
        self._open_case(specialist, case, 6)
        rows = AuditEvent.objects.filter(actor_id=cw.fixed_specialist.pk).count() - rows_before
        assert rows >= 6
        html = client.get(url).content.decode()
        section = html[html.index('id="log-heading"'):]
        section = section[:section.index("</section>")]
        name = cw.fixed_specialist.get_full_name()
        assert section.count(name) == 1
        row = next(r for r in re.findall(r"<tr>.*?</tr>", section, re.S) if name in r)
        cells = [visible_text(c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        assert "6" in cells, cells

    def test_visits_on_another_day_are_another_line(self, cw, client_for, django_capture_on_commit_callbacks):
        client = Client()  # the guardian's own browser, not the specialist's
        case = ask(cw)
        english(case)
        url = send_link(cw, case, django_capture_on_commit_callbacks)
        verify(client, url, case.child)
        decide(client, url)
        specialist = client_for(cw.fixed_specialist)
        self._open_case(specialist, case, 2)
        # Two visits yesterday: the log is append-only, so write them as they would have been.
        yesterday = timezone.now() - datetime.timedelta(days=1)
        template = AuditEvent.objects.filter(actor_id=cw.fixed_specialist.pk, child_id=case.child.pk).first()
        # Each page view writes a row per part of the file it shows.
        for second, part in ((0, "case"), (0.2, "visit"), (600, "case"), (600.3, "visit")):
            AuditEvent.objects.create(
                at=yesterday + datetime.timedelta(seconds=second), actor_id=template.actor_id,
                actor_name=template.actor_name, role=template.role, organisation=template.organisation,
                child_id=case.child.pk, municipality_id=template.municipality_id, object_type=template.object_type,
                object_id=template.object_id, action=template.action, part=part, basis=template.basis,
                status_code=200, path=template.path)
        html = client.get(url).content.decode()
        section = html[html.index('id="log-heading"'):]
        section = section[:section.index("</section>")]
        assert section.count(cw.fixed_specialist.get_full_name()) == 2
        lines = [[visible_text(c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)]
                 for r in re.findall(r"<tr>.*?</tr>", section, re.S) if cw.fixed_specialist.get_full_name() in r]
        assert [line[-1] for line in lines] == ["2", "2"], lines


def test_the_pdf_export_counts_visits_and_the_json_keeps_every_row(cw, client_for,
                                                                   django_capture_on_commit_callbacks):
    import json

    from tests.casework.record_helpers import pdf_text

    guardian = Client()
    case = ask(cw)
    english(case)
    url = send_link(cw, case, django_capture_on_commit_callbacks)
    verify(guardian, url, case.child)
    decide(guardian, url)
    specialist = client_for(cw.fixed_specialist)
    for _view in range(6):
        specialist.get(reverse("casework:detail", args=[case.pk]))
    name = cw.fixed_specialist.get_full_name()
    from django.utils import translation

    from consent.export_pdf import export_pdf
    from consent.selectors import child_export

    with translation.override("en"):
        text = pdf_text(export_pdf(child_export(case.child), compress=False)).replace("\n", " ")
    assert text.count(name) == 1 and "opened 6 times" in text
    data = json.loads(guardian.get(url + "export.json").content)
    assert len([row for row in data["access_log"] if row["who"] == name]) > 6
    assert [v["times"] for v in data["visits"] if v["who"] == name] == [6]
