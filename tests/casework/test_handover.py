import pytest
from django.urls import reverse

from audit.models import AuditAction, AuditEvent, AuditPart
from casework.models import Handover
from casework.records import CaseRecordError, approach_plan_create, approach_plan_evaluate, handover_create
from tests.casework.factories import fake_request
from tests.casework.record_helpers import close, closed_message, consented_case, pdf_text

pytestmark = pytest.mark.django_db

PLAN = {"goals_group": "Zoë zegt wat ze wil met woorden", "agreements_group": "Pm'er geeft twee keuzes",
        "goals_home": "Samen een boekje lezen", "agreements_home": "Elke avond tien minuten"}


def with_plan(cw, **kwargs):
    case = consented_case(cw, **kwargs)
    approach_plan_create(request=fake_request(cw.fixed_specialist), case=case, by=cw.fixed_specialist, **PLAN)
    return case


def make(cw, case, compress=False):
    return handover_create(request=fake_request(cw.fixed_specialist), case=case, school_name="Obs De Regenboog",
                           by=cw.fixed_specialist, compress=compress)


def test_the_pdf_is_built_from_the_approach_plan_and_stored_with_who_when_and_consent(cw):
    case = with_plan(cw)
    approach_plan_evaluate(request=fake_request(cw.fixed_specialist), case=case, by=cw.fixed_specialist,
                           evaluation="Keuzes helpen goed", **PLAN)
    handover = make(cw, case)
    data = bytes(handover.pdf)
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert f"{case.child.first_name} {case.child.last_name}" in text
    assert "Zoë zegt wat ze wil met woorden" in text  # Unicode through the shipped font
    assert "Elke avond tien minuten" in text and "Keuzes helpen goed" in text and "Obs De Regenboog" in text
    assert handover.created_by == cw.fixed_specialist and handover.consent_reference.startswith("paper_consent:")
    row = AuditEvent.objects.get(part=AuditPart.HANDOVER)
    assert row.action == AuditAction.EXPORT and row.child_id == case.child_id


def test_the_stored_document_is_compressed_by_default(cw):
    case = with_plan(cw)
    assert len(bytes(make(cw, case, compress=True).pdf)) < len(bytes(make(cw, case, compress=False).pdf))


def test_without_consent_for_the_primary_school_nothing_is_made(cw):
    case = with_plan(cw, purposes=("observation", "handover"), parties=("specialist", "youth_nurse"))
    with pytest.raises(CaseRecordError):
        make(cw, case)
    assert not Handover.objects.exists()
    assert not AuditEvent.objects.filter(part=AuditPart.HANDOVER).exists()


def test_without_an_approach_plan_there_is_nothing_to_hand_over(cw):
    case = consented_case(cw)
    with pytest.raises(CaseRecordError):
        make(cw, case)


def test_a_closed_case_is_read_only(cw):
    case = with_plan(cw)
    close(case, cw.pmer_a)
    with pytest.raises(CaseRecordError, match=closed_message()):
        make(cw, case)


def test_the_childcare_worker_may_not_make_it(cw):
    with pytest.raises(CaseRecordError):
        handover_create(request=fake_request(cw.pmer_a), case=with_plan(cw), school_name="School", by=cw.pmer_a)


class TestViews:
    def test_made_through_the_page_and_downloaded_with_an_audited_export(self, cw, client_for):
        case = with_plan(cw)
        client = client_for(cw.fixed_specialist)
        response = client.post(reverse("casework:handover_create", args=[case.pk]), {"school_name": "De Regenboog"})
        assert response.status_code == 302
        handover = Handover.objects.get()
        html = client.get(reverse("casework:detail", args=[case.pk])).content.decode()
        download = reverse("casework:handover_download", args=[case.pk, handover.pk])
        assert download in html
        before = AuditEvent.objects.filter(action=AuditAction.EXPORT).count()
        response = client_for(cw.pmer_a).get(download)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
        assert AuditEvent.objects.filter(action=AuditAction.EXPORT).count() == before + 1

    def test_an_empty_school_name_gets_a_message_next_to_the_field(self, cw, client_for):
        case = with_plan(cw)
        response = client_for(cw.fixed_specialist).post(reverse("casework:handover_create", args=[case.pk]),
                                                        {"school_name": ""})
        assert response.status_code == 200 and 'id="error_1_id_school_name"' in response.content.decode()
        assert not Handover.objects.exists()

    def test_without_consent_the_page_says_so_and_makes_nothing(self, cw, client_for):
        case = with_plan(cw, purposes=("observation",), parties=("specialist", "youth_nurse"))
        response = client_for(cw.fixed_specialist).post(reverse("casework:handover_create", args=[case.pk]),
                                                        {"school_name": "De Regenboog"})
        # Refused with why, as a 409 page (not a redirect the resubmission guard takes for "saved").
        assert response.status_code == 409 and not Handover.objects.exists()
        assert "toestemming" in response.content.decode()

    def test_permissions_on_the_download(self, cw, client_for, client):
        case = with_plan(cw)
        handover = make(cw, case, compress=True)
        download = reverse("casework:handover_download", args=[case.pk, handover.pk])
        assert "login" in client.get(download).url
        assert client_for(cw.pmer_b).get(download).status_code == 404
        assert client_for(cw.other_specialist).get(download).status_code == 404
        assert client_for(cw.coordinator).get(download).status_code == 403
        assert client_for(cw.coordinator).get(reverse("casework:handover_create", args=[case.pk])).status_code == 403


def test_the_advice_that_worked_goes_into_the_document_and_the_rest_does_not(cw):
    from observations.models import Advice

    case = with_plan(cw)
    common = {"case": case, "target": "childcare_worker", "category": "child_approach", "given_by": cw.fixed_specialist}
    Advice.objects.create(text="Benoem wat ze goed doet", tried="tried", worked="worked",
                          remark="Vooral bij overgangen", **common)
    Advice.objects.create(text="Time-out in de gang", tried="tried", worked="not", **common)
    Advice.objects.create(text="Prentenboek over boosheid", **common)
    text = pdf_text(bytes(make(cw, case).pdf))
    assert "Benoem wat ze goed doet" in text and "Vooral bij overgangen" in text
    assert "Time-out in de gang" not in text and "Prentenboek over boosheid" not in text
