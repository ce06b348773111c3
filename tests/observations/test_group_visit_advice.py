"""Issue 12 finding 12: a preventive group visit can carry advice, aimed at the group or the
childcare workers and naming no child, which the location's pm'ers read and evaluate."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from observations.models import Advice
from observations.services import visit_plan_without_case, visit_record_held_without_case
from tests.accounts.factories import member
from tests.observations.factories import days_from_now

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(cw):
    """A preventive visit to group A that the fixed specialist held this morning."""
    visit = visit_plan_without_case(location=cw.location_a, group=cw.group_a, kind="preventive_visit",
                                    starts_at=days_from_now(1), by=cw.coordinator)
    return visit_record_held_without_case(visit=visit, held_at=timezone.now() - datetime.timedelta(hours=2),
                                          hours=[(cw.fixed_specialist, 2)], notes="Overgangen rommelig.",
                                          by=cw.fixed_specialist)


def page(visit):
    return reverse("observations:group_visit", args=[visit.pk])


def advice_url(visit):
    return reverse("observations:group_visit_advice", args=[visit.pk])


def evaluate_url(visit, advice):
    return reverse("observations:group_visit_evaluate", args=[visit.pk, advice.pk])


def advice_data(target="group", category="day_programme", text="Kondig overgangen aan met een liedje.", **extra):
    return {"advice-TOTAL_FORMS": "1", "advice-INITIAL_FORMS": "0", "advice-0-target": target,
            "advice-0-category": category, "advice-0-text": text, **extra}


class TestGivingGroupAdvice:
    def test_the_specialist_gives_advice_on_the_preventive_visit_she_held(self, cw, held, client_for):
        client = client_for(cw.fixed_specialist)
        assert advice_url(held) in client.get(page(held)).content.decode()
        response = client.post(advice_url(held), advice_data())
        assert response.status_code == 302 and response.url == page(held)
        advice = Advice.objects.get()
        assert (advice.case, advice.visit, advice.target, advice.given_by) == (None, held, "group",
                                                                              cw.fixed_specialist)
        assert "Kondig overgangen aan" in client.get(page(held)).content.decode()

    @pytest.mark.parametrize(("target", "category"), [("guardian", "day_programme"), ("group", "guardian_talk"),
                                                      ("childcare_worker", "child_approach")])
    def test_advice_about_a_child_or_the_guardians_is_refused_with_a_message(self, cw, held, client_for, target,
                                                                           category):
        response = client_for(cw.fixed_specialist).post(advice_url(held), advice_data(target, category))
        assert response.status_code == 200
        assert "geen kind" in response.content.decode()
        assert "Kondig overgangen aan" in response.content.decode()
        assert not Advice.objects.exists()

    def test_the_form_offers_only_the_group_and_the_childcare_workers(self, cw, held, client_for):
        formset = client_for(cw.fixed_specialist).get(advice_url(held)).context["formset"]
        assert {k for k, _l in formset.forms[0].fields["target"].choices} == {"", "childcare_worker", "group"}
        assert "child_approach" not in {k for k, _l in formset.forms[0].fields["category"].choices}

    def test_sent_twice_it_is_saved_once(self, cw, held, client_for):
        client = client_for(cw.fixed_specialist)
        assert client.post(advice_url(held), advice_data()).status_code == 302
        assert client.post(advice_url(held), advice_data()).status_code == 302
        assert Advice.objects.count() == 1

    def test_too_long_advice_is_refused(self, cw, held, client_for):
        response = client_for(cw.fixed_specialist).post(advice_url(held), advice_data(text="a" * 100_000))
        assert response.status_code == 200 and "hoogstens 2000 tekens" in response.content.decode()
        assert not Advice.objects.exists()

    def test_a_visit_not_yet_held_takes_no_advice(self, cw, client_for):
        visit = visit_plan_without_case(location=cw.location_a, group=cw.group_a, kind="preventive_visit",
                                        starts_at=days_from_now(3), by=cw.coordinator)
        response = client_for(cw.fixed_specialist).post(advice_url(visit), advice_data())
        assert response.status_code in (403, 404)
        assert not Advice.objects.exists()


class TestThePmerReadsAndEvaluates:
    @pytest.fixture
    def advice(self, cw, held, client_for):
        client_for(cw.fixed_specialist).post(advice_url(held), advice_data())
        return Advice.objects.get()

    def test_the_pmer_of_the_location_reads_and_evaluates_it(self, cw, held, advice, client_for):
        client = client_for(cw.pmer_a)
        html = client.get(page(held)).content.decode()
        assert "Kondig overgangen aan" in html and evaluate_url(held, advice) in html
        assert f'href="{advice_url(held)}"' not in html
        response = client.post(evaluate_url(held, advice), {"tried": "tried", "worked": "partly",
                                                             "remark": "Werkt bij de oudsten."})
        assert response.status_code == 302 and response.url == page(held)
        advice.refresh_from_db()
        assert (advice.tried, advice.worked, advice.evaluated_by) == ("tried", "partly", cw.pmer_a)

    def test_not_tried_but_worked_is_refused(self, cw, held, advice, client_for):
        response = client_for(cw.pmer_a).post(evaluate_url(held, advice), {"tried": "not_tried", "worked": "worked"})
        assert response.status_code == 200 and "niet geprobeerd" in response.content.decode()
        advice.refresh_from_db()
        assert advice.tried == ""

    # (the visit's page, giving advice, evaluating): 404 where the role may but this visit is not hers,
    # 403 where the role may not at all.
    @pytest.mark.parametrize(("who", "statuses"), [
        ("pmer_b", (404, 403, 404)), ("other_specialist", (404, 404, 403)), ("youth_nurse", (404, 404, 403)),
        ("coordinator", (403, 403, 403)), ("privacy_officer", (403, 403, 403)),
        ("safeguarding_officer", (403, 403, 403)),
    ])
    def test_nobody_else_sees_gives_or_evaluates(self, cw, held, advice, client_for, who, statuses):
        client = client_for(getattr(cw, who))
        assert client.get(page(held)).status_code == statuses[0]
        assert client.post(advice_url(held), advice_data(text="Iets anders.")).status_code == statuses[1]
        assert client.post(evaluate_url(held, advice), {"tried": "not_tried"}).status_code == statuses[2]
        assert Advice.objects.count() == 1
        advice.refresh_from_db()
        assert advice.tried == ""

    def test_the_pmer_cannot_give_advice_and_the_specialist_cannot_evaluate(self, cw, held, advice, client_for):
        assert client_for(cw.pmer_a).post(advice_url(held), advice_data(text="Zelf bedacht.")).status_code == 403
        assert client_for(cw.fixed_specialist).post(evaluate_url(held, advice),
                                                    {"tried": "not_tried"}).status_code == 403
        assert Advice.objects.count() == 1

    def test_anonymous_goes_to_the_login_page(self, cw, held, advice, client):
        client.logout()  # the fixture gave the advice through this same client
        for response in (client.get(page(held)), client.post(advice_url(held), advice_data()),
                         client.post(evaluate_url(held, advice), {"tried": "not_tried"})):
            assert response.status_code == 302 and reverse("login") in response.url

    def test_a_pmer_of_a_new_location_colleague_sees_it_too(self, cw, held, advice, client_for):
        colleague = member(Role.CHILDCARE_WORKER, location=cw.location_a)
        assert "Kondig overgangen aan" in client_for(colleague).get(page(held)).content.decode()


class TestFindingIt:
    def test_the_group_visits_tag_lists_the_visit_for_the_pmer_and_the_specialist_only(self, cw, held, rf):
        from django.template import Context, Template

        template = Template("{% load observations %}{% group_visits %}")
        for user, shown in ((cw.pmer_a, True), (cw.fixed_specialist, True), (cw.pmer_b, False),
                            (cw.other_specialist, False)):
            request = rf.get("/")
            request.user = user
            html = template.render(Context({"request": request}))
            assert (page(held) in html) is shown, user
