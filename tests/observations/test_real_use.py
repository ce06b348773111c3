"""Issue 12, as a specialist, nurse and pm'er use the visit and advice pages: the browser's own
date fields, hours typed the Dutch way, a form sent twice, absurd lengths and dates."""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from alert4you import forms as shared
from casework.models import CaseState
from observations import forms as observation_forms
from observations.models import Advice, Visit, VisitHours, VisitStatus
from tests.casework.factories import fake_request
from tests.observations.browserlike import page_form, prefilled, submit
from tests.observations.factories import advised_case, hold_follow_up, observed_case, planned_case, ready_case

pytestmark = pytest.mark.django_db

NOTES = "Speelt vooral alleen bij de bouwhoek."


def url(name, case, *args):
    return reverse(f"observations:{name}", args=[case.pk, *args])


def detail(case):
    return reverse("casework:detail", args=[case.pk])


def day(days=0):
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def an_hour_ago():
    return timezone.localtime() - datetime.timedelta(hours=1)


def follow_up_data(**overrides):
    moment = an_hour_ago()
    return {"kind": "follow_up", "date": moment.date().isoformat(), "time": moment.strftime("%H:%M"),
            "place": "", "participants": ["specialist", "childcare_worker"], "participant_names": "",
            "notes": "Gaat beter.", "hours": "1", **overrides}


def advice_data(text="Benoem wat hij goed doet.", **extra):
    return {"advice-TOTAL_FORMS": "1", "advice-INITIAL_FORMS": "0", "advice-0-target": "childcare_worker",
            "advice-0-category": "child_approach", "advice-0-text": text, **extra}


# Finding 3: the browser's own date field ------------------------------------------------------

class TestDatesTheBrowserCanRead:
    def test_the_record_form_prefills_the_date_and_time_in_the_form_the_date_field_reads(self, cw, client_for):
        case = planned_case(cw)
        html = client_for(cw.fixed_specialist).get(url("record", case) + "?kind=observation").content.decode()
        form = page_form(html, "notes")
        assert form["inputs"]["date"]["type"] == "date"
        assert form["inputs"]["date"]["value"] == timezone.localdate().isoformat()
        assert prefilled(html, "notes")["date"] == [timezone.localdate().isoformat()]
        assert prefilled(html, "notes")["time"][0] != ""

    def test_sending_back_what_the_page_prefilled_records_the_visit(self, cw, client_for):
        """The specialist only writes her notes and hours: the date and time the page gave stay."""
        case = planned_case(cw)
        client = client_for(cw.fixed_specialist)
        page = client.get(url("record", case) + "?kind=observation").content.decode()
        response = submit(client, url("record", case), page, field="notes", notes=NOTES, hours="1,5")
        assert response.status_code == 302, response.context["form"].errors
        visit = Visit.objects.get(kind="observation")
        assert visit.status == VisitStatus.HELD and visit.notes == NOTES
        assert timezone.localtime(visit.starts_at) <= timezone.localtime()
        assert VisitHours.objects.get(visit=visit).hours == Decimal("1.5")

    def test_a_planned_visit_of_earlier_today_is_prefilled_with_its_own_time(self, cw, client_for):
        from observations.services import visit_plan

        case = advised_case(cw)
        earlier = timezone.localtime().replace(second=0, microsecond=0) - datetime.timedelta(minutes=1)
        visit = Visit.objects.create(case=case, kind="follow_up", location=case.request.location,
                                     group=case.request.group, starts_at=earlier, planned_by=cw.fixed_specialist)
        assert visit_plan  # the planner itself refuses the past; a visit planned for this morning is like this
        client = client_for(cw.fixed_specialist)
        page = client.get(url("record", case) + f"?visit={visit.pk}").content.decode()
        values = prefilled(page, "notes")
        assert values["date"] == [earlier.date().isoformat()] and values["time"] == [earlier.strftime("%H:%M")]

    def test_every_date_and_time_field_of_visits_and_meldcode_uses_the_shared_widgets(self):
        from safeguarding import forms as meldcode_forms

        found = 0
        for module in (observation_forms, meldcode_forms):
            for form_class in vars(module).values():
                if not (isinstance(form_class, type) and issubclass(form_class, forms.Form)):
                    continue
                for name, field in form_class.base_fields.items():
                    if isinstance(field, forms.DateField):
                        found += 1
                        assert isinstance(field.widget, shared.DateInput), (form_class, name)
                    elif isinstance(field, forms.TimeField):
                        found += 1
                        assert isinstance(field.widget, shared.TimeInput), (form_class, name)
        assert found >= 4


# Finding 4: hours typed the Dutch way -----------------------------------------------------------

class TestDutchHours:
    @pytest.mark.parametrize(("typed", "stored"), [("1,5", "1.5"), ("0,5", "0.5"), ("1.5", "1.5"), ("2", "2")])
    def test_hours_are_stored_as_typed(self, cw, client_for, typed, stored):
        case = advised_case(cw)
        response = client_for(cw.fixed_specialist).post(url("record", case), follow_up_data(hours=typed))
        assert response.status_code == 302
        row = VisitHours.objects.get(visit__kind="follow_up")
        assert row.hours == Decimal(stored)

    def test_the_nurses_hours_typed_with_a_comma_are_hers_as_meant(self, cw, client_for):
        case = advised_case(cw)
        response = client_for(cw.fixed_specialist).post(url("record", case),
                                                        follow_up_data(hours="1,25", nurse_hours="0,5"))
        assert response.status_code == 302
        rows = {r.professional: r.hours for r in VisitHours.objects.filter(visit__kind="follow_up")}
        assert rows == {cw.fixed_specialist: Decimal("1.25"), cw.fixed_nurse: Decimal("0.5")}

    @pytest.mark.parametrize(("typed", "message"), [("24,5", "Vul hoogstens 24 uur in."),
                                                    ("anderhalf", "Vul een getal in, bijvoorbeeld 1,5.")])
    def test_impossible_hours_are_refused_in_dutch_and_nothing_is_saved(self, cw, client_for, typed, message):
        case = advised_case(cw)
        response = client_for(cw.fixed_specialist).post(url("record", case), follow_up_data(hours=typed))
        assert response.status_code == 200
        assert message in response.content.decode()
        assert not Visit.objects.filter(kind="follow_up").exists()

    def test_the_hours_field_is_a_text_field_with_the_numeric_keypad(self, cw, client_for):
        case = planned_case(cw)
        html = client_for(cw.fixed_specialist).get(url("record", case)).content.decode()
        form = page_form(html, "hours")
        for name in ("hours", "nurse_hours"):
            attrs = form["inputs"][name]
            assert attrs.get("type") == "text" and attrs.get("inputmode") == "decimal"
        assert "bijvoorbeeld 1,5" in html.lower()

    def test_the_case_page_shows_hours_the_dutch_way(self, cw, client_for):
        case = advised_case(cw)
        hold_follow_up(cw, case, hours=Decimal("1.5"))
        html = client_for(cw.fixed_specialist).get(detail(case)).content.decode()
        assert "1,5 uur" in html and "2 uur" in html
        assert "1,50" not in html and "1.5" not in html

    @pytest.mark.parametrize(("value", "dutch", "english"), [
        (Decimal("1.5"), "1,5 uur", "1.5 hours"), (Decimal("1.00"), "1 uur", "1 hour"),
        (Decimal("387.00"), "387 uur", "387 hours"), (Decimal("0.25"), "0,25 uur", "0.25 hours"),
        (2, "2 uur", "2 hours"), (None, "", ""),
    ])
    def test_the_hours_filter_writes_hours_as_the_language_does(self, value, dutch, english):
        template = Template("{% load hours %}{{ value|hours }}")
        for language, expected in (("nl", dutch), ("en", english)):
            with translation.override(language):
                assert template.render(Context({"value": value})) == expected


# Finding 6: advice evaluated "not tried" and "worked" at once -----------------------------------

class TestEvaluationThatContradictsItself:
    def test_not_tried_but_worked_is_refused_with_a_message_and_nothing_is_saved(self, cw, client_for):
        case = advised_case(cw)
        advice = Advice.objects.first()
        response = client_for(cw.pmer_a).post(url("evaluate", case, advice.pk),
                                              {"tried": "not_tried", "worked": "worked", "remark": "Nog niet."})
        assert response.status_code == 200
        html = response.content.decode()
        assert "niet geprobeerd" in html and "Nog niet." in html
        advice.refresh_from_db()
        assert (advice.tried, advice.worked, advice.remark) == ("", "", "")

    def test_the_service_refuses_it_too(self, cw):
        from django.core.exceptions import ValidationError

        from observations.services import advice_evaluate

        advised_case(cw)
        advice = Advice.objects.first()
        with pytest.raises(ValidationError):
            advice_evaluate(request=fake_request(cw.pmer_a), advice=advice, tried="not_tried", worked="partly",
                            by=cw.pmer_a)
        advice.refresh_from_db()
        assert advice.tried == ""

    def test_not_tried_without_how_it_worked_is_saved(self, cw, client_for):
        case = advised_case(cw)
        advice = Advice.objects.first()
        response = client_for(cw.pmer_a).post(url("evaluate", case, advice.pk),
                                              {"tried": "not_tried", "worked": "", "remark": "Geen tijd."})
        assert response.status_code == 302
        advice.refresh_from_db()
        assert (advice.tried, advice.worked) == ("not_tried", "")


# Finding 8: back + submit again ------------------------------------------------------------------

class TestSentTwice:
    def test_planning_twice_plans_one_visit(self, cw, client_for):
        case = advised_case(cw)
        client = client_for(cw.fixed_specialist)
        data = {"kind": "follow_up", "date": day(3), "time": "10:00", "place": "Groepsruimte"}
        first, second = client.post(url("plan", case), data), client.post(url("plan", case), data)
        assert first.status_code == second.status_code == 302 and second.url == first.url
        assert Visit.objects.filter(kind="follow_up", status=VisitStatus.PLANNED).count() == 1

    def test_recording_twice_records_one_visit_and_one_follow_up(self, cw, client_for):
        case = advised_case(cw)
        client = client_for(cw.fixed_specialist)
        data = follow_up_data()
        assert client.post(url("record", case), data).status_code == 302
        assert client.post(url("record", case), data).status_code == 302
        case.refresh_from_db()
        assert Visit.objects.filter(kind="follow_up").count() == 1 and case.follow_ups == 1
        assert VisitHours.objects.filter(visit__kind="follow_up").count() == 1

    def test_giving_the_same_advice_twice_saves_it_once(self, cw, client_for):
        case = observed_case(cw)
        client = client_for(cw.fixed_specialist)
        assert client.post(url("advice", case), advice_data()).status_code == 302
        again = client.post(url("advice", case), advice_data())
        assert again.status_code == 302 and again.url == detail(case)
        assert Advice.objects.count() == 1

    def test_a_corrected_form_after_an_error_is_still_saved(self, cw, client_for):
        case = observed_case(cw)
        client = client_for(cw.fixed_specialist)
        assert client.post(url("advice", case), advice_data(text="")).status_code == 200
        assert client.post(url("advice", case), advice_data(text="")).status_code == 200
        assert client.post(url("advice", case), advice_data()).status_code == 302
        assert Advice.objects.count() == 1

    def test_every_create_view_of_visits_is_guarded(self):
        from observations import views

        for view in (views.visit_plan_view, views.visit_record_view, views.advice_give_view,
                     views.advice_evaluate_view):
            assert getattr(view, "once_per_submission", False), view.__name__


# Finding 9: a 100,000-character advice ------------------------------------------------------------

LONG = "a" * 100_000


class TestTooLong:
    def test_a_100000_character_advice_is_refused_with_the_limit_and_nothing_is_saved(self, cw, client_for):
        case = observed_case(cw)
        response = client_for(cw.fixed_specialist).post(url("advice", case), advice_data(text=LONG))
        assert response.status_code == 200
        html = response.content.decode()
        assert "hoogstens 2000 tekens" in html and "100000" in html
        assert not Advice.objects.exists()
        case.refresh_from_db()
        assert case.state == CaseState.OBSERVED

    def test_the_advice_field_tells_the_browser_its_limit(self, cw, client_for):
        case = observed_case(cw)
        form = page_form(client_for(cw.fixed_specialist).get(url("advice", case)).content.decode(),
                         "advice-0-text")
        assert form["inputs"]["advice-0-text"].get("maxlength") == "2000"

    @pytest.mark.parametrize("field", ["notes", "participant_names", "place"])
    def test_a_too_long_visit_field_is_refused_with_the_limit(self, cw, client_for, field):
        case = advised_case(cw)
        response = client_for(cw.fixed_specialist).post(url("record", case), follow_up_data(**{field: LONG}))
        assert response.status_code == 200
        assert "hoogstens" in response.content.decode() and field in response.context["form"].errors
        assert not Visit.objects.filter(kind="follow_up").exists()

    def test_a_too_long_follow_up_remark_is_refused(self, cw, client_for):
        case = advised_case(cw)
        advice = Advice.objects.first()
        response = client_for(cw.fixed_specialist).post(url("record", case),
                                                        follow_up_data(**{f"remark_{advice.pk}": LONG}))
        assert response.status_code == 200 and "hoogstens 2000 tekens" in response.content.decode()
        advice.refresh_from_db()
        assert advice.follow_up_remark == ""

    def test_a_too_long_evaluation_remark_is_refused(self, cw, client_for):
        case = advised_case(cw)
        advice = Advice.objects.first()
        response = client_for(cw.pmer_a).post(url("evaluate", case, advice.pk),
                                              {"tried": "tried", "worked": "worked", "remark": LONG})
        assert response.status_code == 200 and "hoogstens 2000 tekens" in response.content.decode()
        advice.refresh_from_db()
        assert advice.tried == ""

    def test_the_service_refuses_a_too_long_advice_too(self, cw):
        from django.core.exceptions import ValidationError

        from observations.services import advice_give

        case = observed_case(cw)
        with pytest.raises(ValidationError):
            advice_give(request=fake_request(cw.fixed_specialist), case=case, by=cw.fixed_specialist, items=[
                {"target": "group", "category": "room", "text": LONG}])
        assert not Advice.objects.exists()


# Finding 7: dates far away -------------------------------------------------------------------------

class TestDatesTheDomainAllows:
    @pytest.mark.parametrize("date", ["2999-01-01", day(400)])
    def test_a_visit_planned_more_than_a_year_ahead_is_refused(self, cw, client_for, date):
        case = advised_case(cw)
        response = client_for(cw.fixed_specialist).post(url("plan", case), {
            "kind": "follow_up", "date": date, "time": "10:00", "place": ""})
        assert response.status_code == 200 and "date" in response.context["form"].errors
        assert "een jaar" in response.content.decode()
        assert not Visit.objects.filter(kind="follow_up").exists()

    def test_a_visit_planned_within_the_year_is_fine(self, cw, client_for):
        case = advised_case(cw)
        response = client_for(cw.fixed_specialist).post(url("plan", case), {
            "kind": "follow_up", "date": day(300), "time": "10:00", "place": ""})
        assert response.status_code == 302

    @pytest.mark.parametrize("date", ["1900-01-01", "0001-01-01"])
    def test_a_visit_held_before_the_question_was_asked_is_refused(self, cw, client_for, date):
        case = advised_case(cw)
        response = client_for(cw.fixed_specialist).post(url("record", case), follow_up_data(date=date))
        assert response.status_code == 200 and "date" in response.context["form"].errors
        assert "vóór de hulpvraag" in response.content.decode()
        assert not Visit.objects.filter(kind="follow_up").exists()

    def test_a_visit_held_in_2999_is_refused(self, cw, client_for):
        case = advised_case(cw)
        response = client_for(cw.fixed_specialist).post(url("record", case), follow_up_data(date="2999-12-31"))
        assert response.status_code == 200 and "date" in response.context["form"].errors
        assert not Visit.objects.filter(kind="follow_up").exists()

    def test_the_service_refuses_a_held_visit_before_the_request(self, cw):
        from django.core.exceptions import ValidationError

        from observations.services import visit_record_held

        case = planned_case(cw)
        long_ago = datetime.datetime(1900, 1, 1, 10, 0, tzinfo=datetime.UTC)
        with pytest.raises(ValidationError):
            visit_record_held(request=fake_request(cw.fixed_specialist), case=case, kind="observation",
                              held_at=long_ago, hours=[(cw.fixed_specialist, 1)], notes="x", by=cw.fixed_specialist)
        case.refresh_from_db()
        assert case.state == CaseState.PLANNED

    def test_the_date_fields_tell_the_browser_their_bounds(self, cw, client_for):
        case = ready_case(cw)
        client = client_for(cw.fixed_specialist)
        plan = page_form(client.get(url("plan", case)).content.decode(), "date")["inputs"]["date"]
        assert plan.get("min") == day() and plan.get("max") == day(366)
