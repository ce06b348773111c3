"""Issue 12 for casework, as people use it: a group that follows the child (finding 6), a form sent
twice saves once (8), texts with a maximum and the right message (9), dates bounded to what can be
true (7) and prefilled dates the browser's date field can read (3)."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from casework.models import ApproachPlanCycle, Case, CaseEvent, CaseMessage, Handover, ObservationRequest, Referral
from casework.records import approach_plan_create, referral_record_answer, referral_start
from consent.models import PaperConsent
from tests.casework.factories import ask, fake_request
from tests.casework.record_helpers import Amsterdam, consented_case
from tests.conftest import verify_second_factor
from tests.consent.factories import pdf_upload

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
ALREADY_SAVED = "Dit was al opgeslagen"
PLAN = {"goals_group": "Zegt wat ze wil met woorden", "agreements_group": "Twee keuzes geven",
        "goals_home": "Samen lezen", "agreements_home": "Tien minuten per avond"}


def logged_in(user):
    client = Client()
    client.force_login(user)
    verify_second_factor(client, user)
    return client


def detail(case):
    return reverse("casework:detail", args=[case.pk])


def errors_of(response, field):
    return " ".join(response.context["form"].errors.get(field, []))


# Finding 6: the group of a request about one child -------------------------------------------

class TestTheGroupFollowsTheChild:
    def post(self, client, **data):
        return client.post(reverse("casework:request_create"), {
            "kind": "development", "question": "Ze praat nog weinig.", "urgency": "normal"} | data)

    def test_a_request_about_one_child_needs_no_group_and_takes_the_childs(self, cw):
        child = cw.children_a[2]  # in the second group of location A
        response = self.post(logged_in(cw.pmer_a), subject="child", child=child.pk)
        case = Case.objects.get()
        assert response.status_code == 302 and response.url == detail(case)
        assert case.request.group == child.group == cw.group_a2

    def test_a_group_that_is_not_the_childs_is_refused_next_to_the_field(self, cw):
        child = cw.children_a[0]  # in group_a
        response = self.post(logged_in(cw.pmer_a), subject="child", child=child.pk, group=cw.group_a2.pk)
        assert response.status_code == 200
        assert "groep van het kind" in errors_of(response, "group")
        assert not Case.objects.exists()

    def test_the_childs_own_group_is_accepted(self, cw):
        child = cw.children_a[0]
        assert self.post(logged_in(cw.pmer_a), subject="child", child=child.pk, group=cw.group_a.pk).status_code == 302
        assert Case.objects.get().request.group == cw.group_a

    def test_a_group_request_needs_a_group(self, cw):
        response = self.post(logged_in(cw.pmer_a), subject="group")
        assert response.status_code == 200 and "Kies de groep" in errors_of(response, "group")
        assert not Case.objects.exists()

    def test_a_group_request_about_another_locations_group_is_refused(self, cw):
        response = self.post(logged_in(cw.pmer_a), subject="group", group=cw.group_b.pk)
        assert response.status_code == 200 and errors_of(response, "group")
        assert not Case.objects.exists()

    def test_the_service_refuses_a_group_that_is_not_the_childs(self, cw):
        with pytest.raises(ValidationError) as error:
            ask(cw, child=cw.children_a[0], group=cw.group_a2)
        assert "group" in error.value.message_dict
        assert not Case.objects.exists()

    def test_the_service_refuses_a_group_request_at_a_location_she_does_not_work_at(self, cw):
        with pytest.raises(ValidationError) as error:
            ask(cw, by=cw.pmer_a, subject="group", group=cw.group_b)
        assert "group" in error.value.message_dict
        assert not Case.objects.exists()

    def test_the_service_takes_the_childs_group_when_none_is_given(self, cw):
        from casework.services import request_create

        child = cw.children_a[2]
        case = request_create(request=fake_request(cw.pmer_a), location=None, group=None, subject="child",
                              kind="behaviour", question="Bijt", urgency="normal", child=child, by=cw.pmer_a)
        assert case.request.group == cw.group_a2 and case.request.location == cw.location_a


# Finding 8: a form sent twice saves once -----------------------------------------------------

def twice(client, url, data):
    """Post the same form twice (back + submit): the second redirects where the first went, with
    the message, and saves nothing. `data` is a function, so that uploads are fresh each time."""
    first = client.post(url, data())
    assert first.status_code == 302, first.content.decode()[:3000]
    second = client.post(url, data(), follow=True)
    assert second.redirect_chain and second.redirect_chain[0][0] == first.url
    assert ALREADY_SAVED in second.content.decode()
    return first


def paper_form(**extra):
    return lambda: {"signed_by": "Anouk de Vries", "relation": "mother", "signed_on": TODAY().isoformat(),
                    "other_guardian_agrees": "on", "scan": pdf_upload()} | extra


class TestSentTwiceSavesOnce:
    def test_a_request(self, cw):
        twice(logged_in(cw.pmer_a), reverse("casework:request_create"), lambda: {
            "subject": "child", "child": cw.children_a[0].pk, "kind": "development",
            "question": "Ze praat nog weinig.", "urgency": "normal"})
        assert Case.objects.count() == ObservationRequest.objects.count() == 1

    def test_a_message(self, cw):
        case = consented_case(cw)
        twice(logged_in(cw.pmer_a), reverse("casework:message_post", args=[case.pk]),
              lambda: {"body": "Wanneer kun je komen?"})
        assert CaseMessage.objects.count() == 1

    def test_the_signed_consent_form(self, cw):
        case = ask(cw)
        twice(logged_in(cw.pmer_a), reverse("casework:consent", args=[case.pk]),
              paper_form(purposes=["observation"], parties=["specialist", "youth_nurse"]))
        assert PaperConsent.objects.count() == 1

    def test_the_approach_plan_and_its_evaluation(self, cw):
        case = consented_case(cw)
        client = logged_in(cw.fixed_specialist)
        url = reverse("casework:approach_plan", args=[case.pk])
        twice(client, url, lambda: PLAN)
        assert ApproachPlanCycle.objects.count() == 1
        twice(client, url, lambda: PLAN | {"evaluation": "Werkt goed bij het eten."})
        assert ApproachPlanCycle.objects.count() == 2

    def test_a_referral_its_answer_and_its_start(self, cw):
        case = consented_case(cw)
        client = logged_in(cw.fixed_nurse)
        twice(client, reverse("casework:referral_start", args=[case.pk]), lambda: {
            "target": "speech_therapy", "receiving_party": "Logopedie De Klank", "reason": "Spraak blijft achter"})
        referral = Referral.objects.get()
        twice(client, reverse("casework:referral_answer", args=[case.pk, referral.pk]), lambda: {
            "answer": "accepted", "answered_on": TODAY().isoformat()})
        twice(client, reverse("casework:referral_started", args=[case.pk, referral.pk]), lambda: {
            "started_on": TODAY().isoformat()})
        assert CaseEvent.objects.filter(kind__startswith="referral_").count() == 3

    def test_naming_the_child_on_a_referral(self, cw):
        ams = Amsterdam()
        referral = referral_start(request=fake_request(ams.specialist), case=ams.case, target="okido",
                                  receiving_party="Okido", reason="Hulp thuis", by=ams.specialist)
        twice(logged_in(ams.pmer), reverse("casework:referral_child", args=[ams.case.pk, referral.pk]),
              paper_form(child=ams.child.pk))
        assert PaperConsent.objects.count() == 1

    def test_further_consent(self, cw):
        case = consented_case(cw, purposes=("observation",), parties=("specialist", "youth_nurse"))
        twice(logged_in(cw.pmer_a), reverse("casework:further_consent", args=[case.pk]),
              paper_form(purposes=["referral"], parties=["referral_party"]))
        assert PaperConsent.objects.count() == 2  # the factory's and this one

    def test_a_handover(self, cw):
        case = consented_case(cw)
        approach_plan_create(request=fake_request(cw.fixed_specialist), case=case, by=cw.fixed_specialist, **PLAN)
        twice(logged_in(cw.fixed_specialist), reverse("casework:handover_create", args=[case.pk]),
              lambda: {"school_name": "Obs De Regenboog"})
        assert Handover.objects.count() == 1

    def test_closing_a_case(self, cw):
        case = ask(cw)
        twice(logged_in(cw.pmer_a), reverse("casework:advance", args=[case.pk]), lambda: {"transition": "cancel"})
        assert CaseEvent.objects.filter(case=case, kind="cancel").count() == 1

    def test_assigning_a_case(self, cw):
        case = ask(cw, by=cw.pmer_c, child=cw.child_c)
        twice(logged_in(cw.planner), reverse("casework:assign", args=[case.pk]),
              lambda: {"assignee": cw.youke_specialist.pk})
        assert CaseEvent.objects.filter(case=case, kind="assigned").count() == 1


# Finding 9: every text has a maximum and the right message -----------------------------------

def too_long_message(response, field, limit, typed):
    text = errors_of(response, field)
    assert f"hoogstens {limit} tekens" in text and f"nu {typed}" in text, text


class TestTextsHaveAMaximum:
    def test_a_question_of_100000_characters_is_refused_with_its_length(self, cw):
        response = logged_in(cw.pmer_a).post(reverse("casework:request_create"), {
            "subject": "child", "child": cw.children_a[0].pk, "kind": "development", "question": "x" * 100_000,
            "already_tried": "y" * 2001, "urgency": "normal"})
        assert response.status_code == 200
        too_long_message(response, "question", 2000, 100000)
        too_long_message(response, "already_tried", 2000, 2001)
        assert not Case.objects.exists()

    def test_the_service_refuses_it_too(self, cw):
        with pytest.raises(ValidationError) as error:
            ask(cw, question="x" * 100_000)
        assert "question" in error.value.message_dict and not Case.objects.exists()

    def test_a_question_of_exactly_the_maximum_is_accepted(self, cw):
        assert ask(cw, question="x" * 2000).request.question == "x" * 2000

    def test_a_too_long_message_gets_its_own_text_not_the_empty_one(self, cw):
        case = consented_case(cw)
        response = logged_in(cw.pmer_a).post(reverse("casework:message_post", args=[case.pk]), {"body": "x" * 5001})
        assert response.status_code == 200
        too_long_message(response, "body", 5000, 5001)
        assert "Schrijf een bericht" not in errors_of(response, "body")
        assert not CaseMessage.objects.exists()
        empty = logged_in(cw.pmer_a).post(reverse("casework:message_post", args=[case.pk]), {"body": "  "})
        assert "Schrijf een bericht" in errors_of(empty, "body")

    def test_a_message_of_the_maximum_is_accepted(self, cw):
        case = consented_case(cw)
        response = logged_in(cw.pmer_a).post(reverse("casework:message_post", args=[case.pk]), {"body": "x" * 5000})
        assert response.status_code == 302 and CaseMessage.objects.get().body == "x" * 5000

    def test_a_plan_of_100000_characters_is_refused(self, cw):
        case = consented_case(cw)
        response = logged_in(cw.fixed_specialist).post(reverse("casework:approach_plan", args=[case.pk]),
                                                       PLAN | {"goals_home": "x" * 100_000})
        assert response.status_code == 200
        too_long_message(response, "goals_home", 5000, 100000)
        assert not ApproachPlanCycle.objects.exists()

    def test_the_plan_service_refuses_it_too(self, cw):
        case = consented_case(cw)
        with pytest.raises(ValidationError) as error:
            approach_plan_create(request=fake_request(cw.fixed_specialist), case=case, by=cw.fixed_specialist,
                                 **PLAN | {"agreements_group": "x" * 5001})
        assert "agreements_group" in error.value.message_dict

    def test_an_empty_goal_keeps_its_own_message(self, cw):
        case = consented_case(cw)
        response = logged_in(cw.fixed_specialist).post(reverse("casework:approach_plan", args=[case.pk]),
                                                       PLAN | {"goals_group": ""})
        assert "Schrijf minstens één doel" in errors_of(response, "goals_group")

    def test_a_referral_reason_and_party_have_a_maximum(self, cw):
        case = consented_case(cw)
        response = logged_in(cw.fixed_nurse).post(reverse("casework:referral_start", args=[case.pk]), {
            "target": "speech_therapy", "receiving_party": "p" * 201, "reason": "r" * 5001})
        assert response.status_code == 200
        too_long_message(response, "reason", 5000, 5001)
        too_long_message(response, "receiving_party", 200, 201)
        assert not Referral.objects.exists()

    def test_a_declined_referrals_reason_has_a_maximum(self, cw):
        case = consented_case(cw)
        referral = referral_start(request=fake_request(cw.fixed_nurse), case=case, target="speech_therapy",
                                  receiving_party="De Klank", reason="Spraak", by=cw.fixed_nurse)
        response = logged_in(cw.fixed_nurse).post(reverse("casework:referral_answer", args=[case.pk, referral.pk]), {
            "answer": "declined", "reason": "r" * 2001, "answered_on": TODAY().isoformat()})
        too_long_message(response, "reason", 2000, 2001)

    def test_a_school_name_has_a_maximum_with_the_right_message(self, cw):
        case = consented_case(cw)
        approach_plan_create(request=fake_request(cw.fixed_specialist), case=case, by=cw.fixed_specialist, **PLAN)
        response = logged_in(cw.fixed_specialist).post(reverse("casework:handover_create", args=[case.pk]),
                                                       {"school_name": "s" * 201})
        too_long_message(response, "school_name", 200, 201)
        assert not Handover.objects.exists()


# Finding 7: dates bounded to what can be true ------------------------------------------------

class TestDatesAreBounded:
    def _accepted(self, cw):
        case = consented_case(cw)
        referral = referral_start(request=fake_request(cw.fixed_nurse), case=case, target="speech_therapy",
                                  receiving_party="De Klank", reason="Spraak", by=cw.fixed_nurse)
        return case, referral

    def test_the_answer_cannot_be_in_2999(self, cw):
        case, referral = self._accepted(cw)
        response = logged_in(cw.fixed_nurse).post(reverse("casework:referral_answer", args=[case.pk, referral.pk]),
                                                  {"answer": "accepted", "answered_on": "2999-01-01"})
        assert response.status_code == 200 and errors_of(response, "answered_on")

    def test_the_answer_cannot_be_before_the_referral_was_sent_on_the_form(self, cw):
        case, referral = self._accepted(cw)
        response = logged_in(cw.fixed_nurse).post(reverse("casework:referral_answer", args=[case.pk, referral.pk]),
                                                  {"answer": "accepted", "answered_on": "1900-01-01"})
        assert response.status_code == 200
        assert "versturen van de verwijzing" in errors_of(response, "answered_on")

    def test_the_help_cannot_start_before_the_answer(self, cw):
        case, referral = self._accepted(cw)
        referral_record_answer(request=fake_request(cw.fixed_nurse), referral=referral, accepted=True,
                               answered_on=TODAY(), by=cw.fixed_nurse)
        response = logged_in(cw.fixed_nurse).post(reverse("casework:referral_started", args=[case.pk, referral.pk]),
                                                  {"started_on": (TODAY() - datetime.timedelta(days=30)).isoformat()})
        assert response.status_code == 200
        assert "voordat de verwijzing werd geaccepteerd" in errors_of(response, "started_on")
        referral.refresh_from_db()
        assert referral.help_started_on is None

    def test_the_help_cannot_start_in_2999(self, cw):
        case, referral = self._accepted(cw)
        referral_record_answer(request=fake_request(cw.fixed_nurse), referral=referral, accepted=True,
                               answered_on=TODAY(), by=cw.fixed_nurse)
        response = logged_in(cw.fixed_nurse).post(reverse("casework:referral_started", args=[case.pk, referral.pk]),
                                                  {"started_on": "2999-12-31"})
        assert response.status_code == 200 and errors_of(response, "started_on")

    def test_a_consent_form_cannot_be_signed_before_the_child_was_born(self, cw):
        case = ask(cw)
        born = case.child.date_of_birth
        before_birth = (born - datetime.timedelta(days=1)).isoformat()
        response = logged_in(cw.pmer_a).post(reverse("casework:consent", args=[case.pk]), paper_form(
            purposes=["observation"], parties=["specialist"], signed_on=before_birth)())
        assert response.status_code == 200
        assert "geboren" in errors_of(response, "signed_on")
        assert not PaperConsent.objects.exists()

    def test_a_consent_form_that_has_already_expired_is_refused_with_why(self, cw):
        child = cw.children_a[0]
        child.date_of_birth = TODAY() - datetime.timedelta(days=6 * 365)
        child.save()
        case = ask(cw, child=child)
        validity = cw.municipality.configuration.consent_validity_days
        signed = TODAY() - datetime.timedelta(days=validity + 1)
        response = logged_in(cw.pmer_a).post(reverse("casework:consent", args=[case.pk]), paper_form(
            purposes=["observation"], parties=["specialist"], signed_on=signed.isoformat())())
        assert response.status_code == 200
        assert "verlopen" in errors_of(response, "signed_on")
        assert not PaperConsent.objects.exists()


# Finding 3: a prefilled date arrives in the browser's date field -----------------------------

def date_input_value(html, name):
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group(0)
    assert 'type="date"' in tag, tag
    match = re.search(r'value="([^"]*)"', tag)
    return match.group(1) if match else None


class TestPrefilledDates:
    def test_the_answer_form_offers_today_in_iso(self, cw):
        case = consented_case(cw)
        referral = referral_start(request=fake_request(cw.fixed_nurse), case=case, target="speech_therapy",
                                  receiving_party="De Klank", reason="Spraak", by=cw.fixed_nurse)
        html = logged_in(cw.fixed_nurse).get(reverse("casework:referral_answer", args=[case.pk, referral.pk])
                                             ).content.decode()
        assert date_input_value(html, "answered_on") == TODAY().isoformat()

    def test_the_paper_consent_form_offers_today_in_iso(self, cw):
        case = ask(cw)
        html = logged_in(cw.pmer_a).get(reverse("casework:consent", args=[case.pk])).content.decode()
        assert date_input_value(html, "signed_on") == TODAY().isoformat()

    def test_the_prefilled_answer_date_is_sent_back_as_is(self, cw):
        """What the browser sends from the prefilled field is accepted: no retyping."""
        case = consented_case(cw)
        referral = referral_start(request=fake_request(cw.fixed_nurse), case=case, target="speech_therapy",
                                  receiving_party="De Klank", reason="Spraak", by=cw.fixed_nurse)
        client = logged_in(cw.fixed_nurse)
        url = reverse("casework:referral_answer", args=[case.pk, referral.pk])
        value = date_input_value(client.get(url).content.decode(), "answered_on")
        assert client.post(url, {"answer": "accepted", "answered_on": value}).status_code == 302


# The query string of the "ask for help" page ---------------------------------------------------

class TestQueryParameters:
    @pytest.mark.parametrize("query", [{"group": "²"}, {"group": "99999999999999999999"}, {"group": "-1"},
                                       {"subject": "<script>"}, {"group": "1.5"}])
    def test_a_bad_parameter_gets_the_page_with_a_message(self, cw, query):
        response = logged_in(cw.pmer_a).get(reverse("casework:request_create"), query)
        assert response.status_code == 200
        assert "niet mogelijk" in response.content.decode()

    def test_the_group_from_the_link_is_filled_in(self, cw):
        response = logged_in(cw.pmer_a).get(reverse("casework:request_create"),
                                            {"group": cw.group_a2.pk, "subject": "group"})
        form = response.context["form"]
        assert form.initial["group"] == cw.group_a2.pk and form.initial["subject"] == "group"

    def test_a_group_of_another_location_is_not_filled_in(self, cw):
        response = logged_in(cw.pmer_a).get(reverse("casework:request_create"), {"group": cw.group_b.pk})
        assert "group" not in response.context["form"].initial

    @pytest.mark.parametrize("query", [{"group": "²"}, {"group": "99999999999999999999"}, {"q": "x" * 500}])
    def test_the_children_list_survives_bad_parameters(self, world, client_for, query):
        assert client_for(world.pmer_a).get(reverse("children:list"), query).status_code == 200


class TestARefusalIsNotRemembered:
    """The guard remembers a POST that ended in a redirect. A refusal must not end in one, or
    sending the same form again once it can succeed would say "already saved" and save nothing."""

    def test_a_referral_refused_for_want_of_consent_goes_through_once_consent_is_there(self, cw):
        case = consented_case(cw, purposes=("observation",), parties=("specialist", "youth_nurse"))
        client = logged_in(cw.fixed_nurse)
        url = reverse("casework:referral_start", args=[case.pk])
        data = {"target": "speech_therapy", "receiving_party": "Logopedie De Klank", "reason": "Spraak blijft achter"}
        refused = client.post(url, data)
        assert refused.status_code == 409 and not Referral.objects.exists()
        html = refused.content.decode()
        assert "toestemming" in html and "Logopedie De Klank" in html  # what she typed is still there
        from tests.consent.factories import consent_for

        consent_for(case.child, purposes=("referral",), parties=("referral_party",))
        again = client.post(url, data)
        assert again.status_code == 302 and Referral.objects.count() == 1

    def test_a_refused_step_on_the_case_page_can_be_taken_later(self, cw):
        case = consented_case(cw)
        client = logged_in(cw.fixed_specialist)
        url = reverse("casework:advance", args=[case.pk])
        refused = client.post(url, {"transition": "close_resolved"})  # not before the advice
        assert refused.status_code == 409
        assert Case.objects.get(pk=case.pk).state != "closed"
        Case.objects.filter(pk=case.pk).update(state="advised")
        again = client.post(url, {"transition": "close_resolved"})
        assert again.status_code == 302 and Case.objects.get(pk=case.pk).state == "closed"
