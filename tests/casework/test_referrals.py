import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent, AuditPart
from casework.models import CaseKind, Referral, ReferralStatus
from casework.records import (
    CaseRecordError,
    referral_mark_started,
    referral_name_child,
    referral_record_answer,
    referral_start,
)
from casework.services import case_assign
from consent.models import PaperConsent
from organisations.models import ProgrammeRole
from tests.casework.factories import ask, fake_request
from tests.casework.record_helpers import Amsterdam, close, closed_message, consented_case
from tests.consent.factories import consent_for, pdf_upload

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def start(case, by, target="speech_therapy", party="Logopediepraktijk De Klank", reason="Spraak blijft achter"):
    return referral_start(request=fake_request(by), case=case, target=target, receiving_party=party, reason=reason,
                          by=by)


def answer(referral, by, accepted=True, reason="", answered_on=None):
    return referral_record_answer(request=fake_request(by), referral=referral, accepted=accepted, reason=reason,
                                  answered_on=answered_on or TODAY(), by=by)


class TestWhoMayRefer:
    def test_in_hoogeveen_only_the_youth_nurse_may_start_a_referral(self, cw):
        case = consented_case(cw)
        with pytest.raises(CaseRecordError, match=str(ProgrammeRole.YOUTH_NURSE.label).lower()):
            start(case, cw.fixed_specialist)
        with pytest.raises(CaseRecordError):
            start(case, cw.pmer_a)
        assert not Referral.objects.exists()
        referral = start(case, cw.fixed_nurse)
        assert referral.status == ReferralStatus.PROPOSED and referral.child == case.child
        assert referral.sent_at is not None and referral.started_by == cw.fixed_nurse
        row = AuditEvent.objects.get(part=AuditPart.REFERRAL)
        assert row.action == "create" and row.child_id == case.child_id

    def test_in_amersfoort_the_specialist_starts_it(self, cw):
        case = ask(cw, by=cw.pmer_c, child=cw.child_c)
        case_assign(case=case, to=cw.youke_specialist, by=cw.planner)
        consent_for(cw.child_c, purposes=("observation", "referral"), parties=("specialist", "referral_party"))
        referral = start(case, cw.youke_specialist, target="audiology")
        assert referral.get_target_display() == "Audiologisch centrum" or referral.target == "audiology"

    def test_without_the_guardians_consent_for_a_referral_it_is_refused_and_nothing_changes(self, cw):
        case = consented_case(cw, purposes=("observation",), parties=("specialist", "youth_nurse"))
        with pytest.raises(CaseRecordError):
            start(case, cw.fixed_nurse)
        assert not Referral.objects.exists() and not case.events.filter(kind="referral_started").exists()

    def test_consent_for_the_referral_but_not_for_the_receiving_party_is_not_enough(self, cw):
        case = consented_case(cw, purposes=("observation", "referral"), parties=("specialist", "youth_nurse"))
        with pytest.raises(CaseRecordError):
            start(case, cw.fixed_nurse)

    def test_a_referral_needs_a_party_and_a_reason(self, cw):
        case = consented_case(cw)
        with pytest.raises(ValidationError) as error:
            start(case, cw.fixed_nurse, party=" ", reason="")
        assert "receiving_party" in error.value.message_dict
        assert not Referral.objects.exists()

    def test_on_a_closed_case_it_is_refused(self, cw):
        case = consented_case(cw)
        close(case, cw.pmer_a)
        with pytest.raises(CaseRecordError, match=closed_message()):
            start(case, cw.fixed_nurse)


class TestAnswer:
    def test_declined_needs_a_reason_and_records_the_response_time(self, cw):
        case = consented_case(cw)
        referral = start(case, cw.fixed_nurse)
        with pytest.raises(ValidationError) as error:
            answer(referral, cw.fixed_nurse, accepted=False)
        assert "reason" in error.value.message_dict
        referral.refresh_from_db()
        assert referral.status == ReferralStatus.PROPOSED
        referral = answer(referral, cw.fixed_nurse, accepted=False, reason="Wachtlijst vol; over drie maanden")
        referral.refresh_from_db()
        assert referral.status == ReferralStatus.DECLINED and referral.answer_reason.startswith("Wachtlijst")
        assert referral.response_time is not None and referral.response_time >= datetime.timedelta(0)

    def test_accepted_then_started(self, cw):
        case = consented_case(cw)
        referral = answer(start(case, cw.fixed_nurse), cw.fixed_nurse)
        assert referral.status == ReferralStatus.ACCEPTED
        referral = referral_mark_started(request=fake_request(cw.fixed_nurse), referral=referral,
                                         started_on=TODAY(), by=cw.fixed_nurse)
        assert referral.status == ReferralStatus.STARTED and referral.help_started_on == TODAY()

    def test_an_answer_cannot_be_dated_in_the_future_or_before_it_was_sent(self, cw):
        referral = start(consented_case(cw), cw.fixed_nurse)
        for day in (TODAY() + datetime.timedelta(days=1), TODAY() - datetime.timedelta(days=3)):
            with pytest.raises(ValidationError) as error:
                answer(referral, cw.fixed_nurse, answered_on=day)
            assert "answered_on" in error.value.message_dict

    def test_only_an_accepted_referral_can_start(self, cw):
        referral = start(consented_case(cw), cw.fixed_nurse)
        with pytest.raises(CaseRecordError):
            referral_mark_started(request=fake_request(cw.fixed_nurse), referral=referral, started_on=TODAY(),
                                  by=cw.fixed_nurse)

    def test_after_closing_the_answer_is_refused(self, cw):
        case = consented_case(cw)
        referral = start(case, cw.fixed_nurse)
        close(case, cw.pmer_a)
        referral.refresh_from_db()
        with pytest.raises(CaseRecordError, match=closed_message()):
            answer(referral, cw.fixed_nurse)
        referral.refresh_from_db()
        assert referral.status == ReferralStatus.PROPOSED


class TestAmsterdamOkido:
    def test_the_child_is_named_only_under_the_guardians_consent_for_the_referral(
            self, cw, client_for, django_capture_on_commit_callbacks):
        ams = Amsterdam()
        assert ams.case.kind == CaseKind.GROUP and ams.case.child is None
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            referral = start(ams.case, ams.specialist, target="okido", party="Okido", reason="Hulp thuis nodig")
        assert [m.to for m in mail.outbox] == [[ams.pmer.email]]
        assert referral.child is None and referral.sent_at is None
        assert len(mail.outbox) >= 1  # the pm'er hears there is something, without content
        assert all("Noor" not in m.body and "Okido" not in m.body for m in mail.outbox)
        with pytest.raises(CaseRecordError):
            answer(referral, ams.specialist)  # not sent: nobody named yet
        with pytest.raises(CaseRecordError):
            referral_name_child(request=fake_request(ams.pmer), referral=referral, child=ams.child, by=ams.pmer)
        referral.refresh_from_db()
        assert referral.child is None
        specialist_page = client_for(ams.specialist).get(reverse("casework:detail", args=[ams.case.pk]))
        assert "Haddou" not in specialist_page.content.decode()

        referral_name_child(request=fake_request(ams.pmer), referral=referral, child=ams.child, by=ams.pmer,
                            paper_consent={"signed_by": "Samira Haddou", "relation": "mother",
                                           "signed_on": TODAY(), "scan": pdf_upload(),
                                           "other_guardian_agrees": True})
        referral.refresh_from_db()
        assert referral.child == ams.child and referral.sent_at is not None
        # Issue 15 item 2: that consent covers the party the child is referred to (Okido), not the
        # MOC specialist who reads the case page: she is not told who the child is (DESIGN 5).
        html = client_for(ams.specialist).get(reverse("casework:detail", args=[ams.case.pk])).content.decode()
        assert "Noor Haddou" not in html and "Haddou" not in html
        assert "Noor Haddou" in client_for(ams.pmer).get(
            reverse("casework:detail", args=[ams.case.pk])).content.decode()

    def test_a_pmer_names_only_a_child_of_her_own_location(self, cw):
        ams = Amsterdam()
        referral = start(ams.case, ams.specialist, target="okido", party="Okido")
        consent_for(cw.child_b, purposes=("referral",), parties=("referral_party",))
        with pytest.raises(ValidationError) as error:
            referral_name_child(request=fake_request(ams.pmer), referral=referral, child=cw.child_b, by=ams.pmer)
        assert "child" in error.value.message_dict

    def test_a_question_about_the_group_cannot_be_referred(self, cw):
        ams = Amsterdam()
        from casework.services import request_create

        case = request_create(request=fake_request(ams.pmer), location=ams.location, group=ams.group,
                              subject="group", kind="group_processes", question="Onrust in de groep",
                              urgency="normal", by=ams.pmer)
        with pytest.raises(CaseRecordError):
            start(case, ams.specialist, target="okido", party="Okido")
        assert not Referral.objects.exists()


class TestViews:
    def url(self, case):
        return reverse("casework:referral_start", args=[case.pk])

    def test_the_nurse_starts_and_records_the_answer_through_the_pages(self, cw, client_for):
        case = consented_case(cw)
        client = client_for(cw.fixed_nurse)
        response = client.post(self.url(case), {"target": "speech_therapy", "receiving_party": "De Klank",
                                                "reason": "Spraak"})
        assert response.status_code == 302
        referral = Referral.objects.get()
        answer_url = reverse("casework:referral_answer", args=[case.pk, referral.pk])
        response = client.post(answer_url, {"answer": "declined", "reason": "", "answered_on": TODAY().isoformat()})
        assert response.status_code == 200 and 'id="error_1_id_reason"' in response.content.decode()
        client.post(answer_url, {"answer": "declined", "reason": "Geen plek", "answered_on": TODAY().isoformat()})
        html = client.get(reverse("casework:detail", args=[case.pk])).content.decode()
        assert "Geen plek" in html

    def test_bad_input_keeps_what_was_typed(self, cw, client_for):
        case = consented_case(cw)
        response = client_for(cw.fixed_nurse).post(self.url(case), {
            "target": "diagnostics", "receiving_party": "", "reason": "Ontwikkeling loopt achter"})
        html = response.content.decode()
        assert response.status_code == 200 and 'id="error_1_id_receiving_party"' in html
        assert "Ontwikkeling loopt achter" in html and not Referral.objects.exists()

    def test_the_specialist_in_hoogeveen_is_told_who_may_refer(self, cw, client_for):
        case = consented_case(cw)
        client = client_for(cw.fixed_specialist)
        response = client.get(self.url(case), follow=True)
        assert "jeugdverpleegkundige" in response.content.decode().lower() or "youth nurse" in response.content.decode()
        response = client.post(self.url(case), {"target": "moc", "receiving_party": "MOC", "reason": "x"})
        assert response.status_code == 409 and not Referral.objects.exists()
        assert "jeugdverpleegkundige" in response.content.decode().lower()

    def test_without_consent_the_page_refuses_with_a_message(self, cw, client_for):
        case = consented_case(cw, purposes=("observation",), parties=("specialist", "youth_nurse"))
        response = client_for(cw.fixed_nurse).post(self.url(case), {
            "target": "moc", "receiving_party": "MOC", "reason": "Onderzoek"}, follow=True)
        # The form again with what she typed and why (409, not a redirect: see test_real_use).
        assert response.status_code == 409 and 'value="MOC"' in response.content.decode()
        assert not Referral.objects.exists()
        assert "toestemming" in response.content.decode().lower() or "consent" in response.content.decode()

    def test_permissions(self, cw, client_for, client):
        case = consented_case(cw)
        start(case, cw.fixed_nurse, reason="Vertrouwelijke reden")
        assert "login" in client.get(self.url(case)).url
        assert client_for(cw.other_specialist).get(self.url(case)).status_code == 404
        assert client_for(cw.pmer_b).get(self.url(case)).status_code == 404
        assert client_for(cw.coordinator).get(self.url(case)).status_code == 403
        html = client_for(cw.coordinator).get(reverse("casework:detail", args=[case.pk])).content.decode()
        assert "Vertrouwelijke reden" not in html and case.child.first_name not in html

    def test_the_pmer_names_the_child_with_the_signed_form(self, cw, client_for):
        ams = Amsterdam()
        referral = start(ams.case, ams.specialist, target="okido", party="Okido")
        url = reverse("casework:referral_child", args=[ams.case.pk, referral.pk])
        client = client_for(ams.pmer)
        response = client.post(url, {"child": ams.child.pk, "signed_by": "Samira Haddou"})
        assert response.status_code == 200 and "Samira Haddou" in response.content.decode()
        assert 'id="error_1_id_signed_on"' in response.content.decode()
        response = client.post(url, {"child": ams.child.pk, "signed_by": "Samira Haddou", "relation": "mother",
                                     "signed_on": TODAY().isoformat(), "scan": pdf_upload()})
        assert response.status_code == 302
        referral.refresh_from_db()
        assert referral.child == ams.child
        assert client_for(ams.specialist).get(url).status_code == 403


class TestFurtherConsent:
    """A referral usually comes up later in the case: the guardians' signed form for it is recorded then."""

    def url(self, case):
        return reverse("casework:further_consent", args=[case.pk])

    def form(self, **extra):
        return {"signed_by": "Anouk de Vries", "relation": "mother", "signed_on": TODAY().isoformat(),
                "purposes": ["referral"], "parties": ["referral_party"], "scan": pdf_upload()} | extra

    def test_the_pmer_records_it_and_then_the_nurse_may_refer(self, cw, client_for):
        case = consented_case(cw, purposes=("observation",), parties=("specialist", "youth_nurse"))
        with pytest.raises(CaseRecordError):
            start(case, cw.fixed_nurse)
        response = client_for(cw.pmer_a).post(self.url(case), self.form())
        assert response.status_code == 302
        assert start(case, cw.fixed_nurse).status == ReferralStatus.PROPOSED
        assert AuditEvent.objects.filter(part=AuditPart.CONSENT, action="create", child_id=case.child_id).exists()

    def test_a_missing_scan_keeps_what_was_typed(self, cw, client_for):
        case = consented_case(cw, purposes=("observation",), parties=("specialist", "youth_nurse"))
        data = self.form()
        del data["scan"]
        response = client_for(cw.pmer_a).post(self.url(case), data)
        html = response.content.decode()
        assert response.status_code == 200 and 'id="error_1_id_scan"' in html and "Anouk de Vries" in html

    def test_the_observation_is_not_a_choice_here(self, cw, client_for):
        case = consented_case(cw, purposes=("observation",), parties=("specialist", "youth_nurse"))
        response = client_for(cw.pmer_a).post(self.url(case), self.form(purposes=["observation"]))
        assert response.status_code == 200 and "purposes" in response.context["form"].errors

    def test_permissions(self, cw, client_for, client):
        case = consented_case(cw, purposes=("observation",), parties=("specialist", "youth_nurse"))
        assert "login" in client.get(self.url(case)).url
        assert client_for(cw.pmer_b).get(self.url(case)).status_code == 404
        assert client_for(cw.other_specialist).get(self.url(case)).status_code == 404
        assert client_for(cw.coordinator).get(self.url(case)).status_code == 403
        before_consent = ask(cw, child=cw.children_a[1])
        response = client_for(cw.fixed_specialist).get(self.url(before_consent))
        assert response.status_code == 302  # she may not know who the child is yet
        close(case, cw.pmer_a)
        consents = PaperConsent.objects.count()
        response = client_for(cw.pmer_a).post(self.url(case), self.form())
        assert response.status_code == 409 and PaperConsent.objects.count() == consents
