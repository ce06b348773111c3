"""Feedback on applied advice (issue 17, item 2): the specialist who gave the advice answers the pm'er's
evaluation; the pair shows on the pm'er's growth page, and reading it is logged (NEN 7513)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent, AuditPart
from coaching.models import AdviceFeedback
from tests.casework.conftest import cw  # noqa: F401 - the staffed Hoogeveen world
from tests.observations.factories import advised_case

pytestmark = pytest.mark.django_db

GROWTH = reverse("coaching:growth")


@pytest.fixture
def evaluated(cw):  # noqa: F811
    case = advised_case(cw)
    advice = case.advice.order_by("pk").first()
    advice.tried, advice.worked, advice.evaluated_by, advice.evaluated_at = "tried", "partly", cw.pmer_a, timezone.now()
    advice.remark = "Bij het fruit ging het goed"
    advice.save()
    return cw, case, advice


def _url(case, advice):
    return reverse("coaching:advice_feedback", args=[case.pk, advice.pk])


def test_the_specialist_answers_and_the_pmer_reads_the_pair_on_her_growth_page(evaluated, client_for):
    w, case, advice = evaluated
    listing = client_for(w.fixed_specialist).get(reverse("coaching:moments")).content.decode()
    assert _url(case, advice) in listing
    page = client_for(w.fixed_specialist).get(_url(case, advice)).content.decode()
    assert "Bij het fruit ging het goed" in page
    response = client_for(w.fixed_specialist).post(_url(case, advice), {"text": "Mooi dat je het bij het fruit deed."})
    assert response.status_code == 302
    assert AdviceFeedback.objects.get().text == "Mooi dat je het bij het fruit deed."
    assert _url(case, advice) not in client_for(w.fixed_specialist).get(reverse("coaching:moments")).content.decode()

    before = AuditEvent.objects.filter(actor_id=w.pmer_a.pk, part=AuditPart.ADVICE).count()
    growth = client_for(w.pmer_a).get(GROWTH).content.decode()
    assert "Mooi dat je het bij het fruit deed." in growth
    rows = AuditEvent.objects.filter(actor_id=w.pmer_a.pk, part=AuditPart.ADVICE)
    assert rows.count() == before + 1
    assert rows.order_by("-pk").first().child_id == case.child_id


def test_a_colleague_does_not_see_the_pair(evaluated, client_for):
    w, case, advice = evaluated
    AdviceFeedback.objects.create(advice=advice, given_by=w.fixed_specialist, text="Alleen voor haar")
    from accounts.models import Role
    from tests.accounts.factories import member

    colleague_b = member(Role.CHILDCARE_WORKER, location=w.location_b)
    assert "Alleen voor haar" not in client_for(colleague_b).get(GROWTH).content.decode()


def test_another_specialist_cannot_answer(evaluated, client_for):
    w, case, advice = evaluated
    assert client_for(w.other_specialist).post(_url(case, advice), {"text": "x"}).status_code == 404
    assert client_for(w.other_specialist).get(_url(case, advice)).status_code == 404
    assert not AdviceFeedback.objects.exists()


def test_advice_not_yet_evaluated_cannot_be_answered(cw, client_for):  # noqa: F811
    case = advised_case(cw)
    advice = case.advice.first()
    assert client_for(cw.fixed_specialist).get(_url(case, advice)).status_code == 404


@pytest.mark.parametrize("who", ["pmer_a", "coordinator", "fixed_nurse"])
def test_other_roles_are_refused(evaluated, client_for, who):
    w, case, advice = evaluated
    assert client_for(getattr(w, who)).post(_url(case, advice), {"text": "x"}).status_code == 403
    assert not AdviceFeedback.objects.exists()


def test_anonymous_is_sent_to_login(evaluated, client):
    w, case, advice = evaluated
    response = client.get(_url(case, advice))
    assert response.status_code == 302 and "login" in response.url


def test_empty_feedback_gets_a_message_and_twice_saves_once(evaluated, client_for):
    w, case, advice = evaluated
    client = client_for(w.fixed_specialist)
    response = client.post(_url(case, advice), {"text": ""})
    assert response.status_code == 200 and "Dit veld is verplicht" in response.content.decode()
    client.post(_url(case, advice), {"text": "Goed gedaan"})
    again = client.post(_url(case, advice), {"text": "Goed gedaan"})
    assert again.status_code == 302
    assert AdviceFeedback.objects.count() == 1


def test_a_foreign_case_id_is_a_404(evaluated, client_for):
    w, case, advice = evaluated
    url = reverse("coaching:advice_feedback", args=[case.pk + 999, advice.pk])
    assert client_for(w.fixed_specialist).get(url).status_code == 404


def test_the_pair_shows_on_the_case_page_and_the_giver_is_offered_the_answer_there(evaluated, client_for):
    w, case, advice = evaluated
    case_url = reverse("casework:detail", args=[case.pk])
    page = client_for(w.fixed_specialist).get(case_url).content.decode()
    assert _url(case, advice) in page
    AdviceFeedback.objects.create(advice=advice, given_by=w.fixed_specialist, text="Goed toegepast bij het fruit")
    for user in (w.fixed_specialist, w.pmer_a):
        page = client_for(user).get(case_url).content.decode()
        assert "Goed toegepast bij het fruit" in page
        assert _url(case, advice) not in page
