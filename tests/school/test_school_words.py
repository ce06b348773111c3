"""At a primary school the location's professional is the teacher: the case page, the visit and advice
forms and the evaluation page say "Leerkracht" where a childcare case says "Pedagogisch medewerker"
(the stored party is the same one workflow party)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.models import CaseState
from casework.services import case_advance
from observations.models import Advice, VisitKind
from observations.services import advice_give, visit_plan, visit_record_held
from tests.casework.factories import ask, fake_request
from tests.consent.factories import consent_for

pytestmark = pytest.mark.django_db


def advised_case(w, *, by, child):
    case = ask(w, by=by, child=child)
    consent_for(child)
    case = case_advance(case=case, to=CaseState.READY_TO_PLAN, by=by)
    specialist = w.fixed_specialist
    visit_plan(request=fake_request(specialist), case=case, kind=VisitKind.OBSERVATION,
               starts_at=timezone.now() + datetime.timedelta(days=1), by=specialist)
    case.refresh_from_db()
    visit_record_held(request=fake_request(specialist), case=case, kind=VisitKind.OBSERVATION,
                      held_at=timezone.now() - datetime.timedelta(hours=1), hours=[(specialist, 1)],
                      participants=["specialist", "childcare_worker"], notes="In de kring.", by=specialist)
    case.refresh_from_db()
    advice_give(request=fake_request(specialist), case=case, by=specialist, items=[
        {"target": "childcare_worker", "category": "child_approach", "text": "Geef hem een taakje."}])
    case.refresh_from_db()
    return case


def test_the_teachers_case_page_names_her_as_the_teacher(sw, client_for):
    case = advised_case(sw, by=sw.teacher, child=sw.pupil)
    page = client_for(sw.teacher).get(reverse("casework:detail", args=[case.pk])).content.decode()
    assert ">De leerkracht</span>" in page
    assert "Leerkracht" in page.split('id="visits-heading"')[1]
    assert "edagogisch medewerker" not in page
    evaluate = reverse("observations:evaluate", args=[case.pk, Advice.objects.get(case=case).pk])
    assert ">De leerkracht</span>" in client_for(sw.teacher).get(evaluate).content.decode()


def test_a_childcare_case_still_names_the_pmer(sw, client_for):
    case = advised_case(sw, by=sw.pmer_a, child=sw.children_a[0])
    page = client_for(sw.pmer_a).get(reverse("casework:detail", args=[case.pk])).content.decode()
    assert ">De pedagogisch medewerker</span>" in page
    assert "Leerkracht" not in page


def test_the_specialists_forms_at_a_school_offer_the_teacher(sw, client_for):
    case = advised_case(sw, by=sw.teacher, child=sw.pupil)
    specialist = client_for(sw.fixed_specialist)
    advice_form = specialist.get(reverse("observations:advice", args=[case.pk])).content.decode()
    assert ">De leerkracht</option>" in advice_form
    assert "De pedagogisch medewerker" not in advice_form
    record_form = specialist.get(reverse("observations:record", args=[case.pk]) + "?kind=follow_up").content.decode()
    assert "Leerkracht" in record_form
    assert "Pedagogisch medewerker" not in record_form


def test_a_pupils_case_has_no_handover_to_primary_school(sw, client_for):
    """The warm handover goes from childcare to primary school: a pupil's case offers none to make or to
    consent to, while a childcare case keeps both."""
    from consent.models import ConsentPurpose

    case = advised_case(sw, by=sw.teacher, child=sw.pupil)
    teacher_page = client_for(sw.teacher).get(reverse("casework:detail", args=[case.pk])).content.decode()
    assert "Overdracht aan de basisschool" not in teacher_page
    assert f'value="{ConsentPurpose.REFERRAL}"' in teacher_page  # the link form still offers the referral
    specialist = client_for(sw.fixed_specialist)
    assert "Overdracht aan de basisschool" not in specialist.get(
        reverse("casework:detail", args=[case.pk])).content.decode()
    refused = specialist.get(reverse("casework:handover_create", args=[case.pk]), follow=True)
    assert refused.redirect_chain[-1][0] == reverse("casework:detail", args=[case.pk])
    assert "Je mag bij deze casus geen warme overdracht maken." in refused.content.decode()
    further = specialist.get(reverse("casework:further_consent", args=[case.pk]))
    if further.status_code == 200:
        assert "Overdracht aan de basisschool" not in further.content.decode()
    childcare_case = advised_case(sw, by=sw.pmer_a, child=sw.children_a[0])
    assert "Overdracht aan de basisschool" in client_for(sw.pmer_a).get(
        reverse("casework:detail", args=[childcare_case.pk])).content.decode()
