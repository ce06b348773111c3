"""Coaching planned together (issue 17 item 4): the pedagogical coach proposes a coaching moment to
the specialist of her location, who accepts, declines or proposes another time; both are told; the
accepted appointment is in both agendas and calendar feeds; once it has taken place either records
the coaching moment from it, and its hours count against the specialist's budget (with its warnings)."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from accounts.models import Membership, Role
from coaching.models import AppointmentStatus, CoachingAppointment, CoachingMoment, Occasion, SelfAssessment
from coaching.services import appointment_accept, appointment_propose, coaching_moment_record
from notifications.models import Outbox
from scheduling.models import BudgetAlert, CalendarFeed, HourBudget
from scheduling.selectors import budget_figure_of
from tests.accounts.factories import member
from tests.organisations.factories import CareProviderFactory

pytestmark = pytest.mark.django_db

LIST = reverse("coaching:appointments")
CREATE = reverse("coaching:appointment_create")
TOMORROW = timezone.localdate() + datetime.timedelta(days=1)


def detail(a):
    return reverse("coaching:appointment", args=[a.pk])


def record(a):
    return reverse("coaching:appointment_record", args=[a.pk])


@pytest.fixture
def together(world):
    """Location A's fixed specialist (Yorneo), the pedagogical coach of location A's organisation, a
    second specialist and a coach of another organisation, and Yorneo's budget for the district."""
    w = world
    provider = CareProviderFactory(name="Yorneo")
    provider.municipalities.add(w.municipality)
    w.specialist = member(Role.SPECIALIST, care_provider=provider)
    Membership.objects.get(user=w.specialist).fixed_contact_for.add(w.location_a)
    w.other_specialist = member(Role.SPECIALIST, care_provider=provider)
    w.coach = w.pedagogical_coach
    w.other_coach = member(Role.PEDAGOGICAL_COACH, childcare_organisation=w.location_b.organisation)
    w.colleague_a = member(Role.CHILDCARE_WORKER, location=w.location_a)
    w.budget = HourBudget.objects.create(district=w.location_a.district, care_provider=provider,
                                         year=timezone.localdate().year, hours=10)
    return w


def form_data(w, **overrides):
    data = {"date": TOMORROW.isoformat(), "time": "10:00", "hours": "1,5", "group": w.group_a.pk,
            "participants": [w.pmer_a.pk, w.colleague_a.pk], "competences": ["striking_behaviour", "parents"],
            "note": "Kringmomenten"}
    data.update(overrides)
    return data


def propose(w, when=None, **kw):
    values = {"by": w.coach, "location": w.location_a, "group": None, "participants": [w.pmer_a],
              "competences": ["parents"], "hours": Decimal("1.5"), "note": "",
              "starts_at": when or timezone.now() + datetime.timedelta(days=2)}
    values.update(kw)
    return appointment_propose(**values)


def accepted_and_passed(w, **kw):
    appointment = propose(w, **kw)
    appointment_accept(appointment=appointment, by=w.specialist)
    CoachingAppointment.objects.filter(pk=appointment.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=3))
    appointment.refresh_from_db()
    return appointment


def kinds_for(user):
    return sorted(Outbox.objects.filter(recipient=user).values_list("kind", flat=True))


# --- the journey --------------------------------------------------------------------------------

def test_the_coach_proposes_and_the_specialist_of_the_location_is_asked(together, client_for):
    w = together
    client = client_for(w.coach)
    assert client.get(f"{CREATE}?location={w.location_a.pk}").status_code == 200
    response = client.post(f"{CREATE}?location={w.location_a.pk}", form_data(w))
    appointment = CoachingAppointment.objects.get()
    assert response.status_code == 302 and response.url == detail(appointment)
    assert appointment.specialist == w.specialist and appointment.awaiting == w.specialist
    assert timezone.localtime(appointment.starts_at).replace(tzinfo=None) == datetime.datetime.combine(
        TOMORROW, datetime.time(10))
    assert appointment.hours == Decimal("1.5") and set(appointment.participants.all()) == {w.pmer_a, w.colleague_a}
    assert kinds_for(w.specialist) == ["coaching_proposed"]
    waiting = client_for(w.specialist).get(LIST).content.decode()
    assert 'data-testid="to-answer"' in waiting and w.location_a.name in waiting


def test_accepted_coaching_is_in_both_agendas_and_calendar_feeds(together, client_for, client):
    w = together
    appointment = propose(w)
    response = client_for(w.specialist).post(detail(appointment), {"answer": "accept"})
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.ACCEPTED and appointment.awaiting is None
    assert kinds_for(w.coach) == ["coaching_accepted"]
    for person in (w.coach, w.specialist):
        agenda = client_for(person).get(reverse("scheduling:agenda")).content.decode()
        section = agenda[agenda.index('data-testid="agenda-coaching"'):]
        assert w.location_a.name in section and detail(appointment) in section
        feed = CalendarFeed.objects.create(professional=person)
        ical = client.get(reverse("scheduling:feed", args=[feed.token])).content.decode()
        assert f"coaching-{appointment.pk}@alert4you" in ical and "Coaching: Locatie A" in ical
        # Place and time only: nobody's name goes into a feed that syncs to phones.
        assert w.pmer_a.last_name not in ical


def test_the_specialist_proposes_another_time_and_then_the_coach_answers(together, client_for):
    w = together
    appointment = propose(w)
    other_day = TOMORROW + datetime.timedelta(days=6)
    specialist = client_for(w.specialist)
    response = specialist.post(detail(appointment), {"answer": "other_time", "date": other_day.isoformat(),
                                                     "time": "13:30", "note": "Dinsdag kan ik niet"})
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.awaiting == w.coach and appointment.status == AppointmentStatus.PROPOSED
    assert timezone.localtime(appointment.starts_at).date() == other_day
    assert kinds_for(w.coach) == ["coaching_new_time"]
    # Now it waits for the coach: the specialist cannot accept her own time.
    again = specialist.post(detail(appointment), {"answer": "accept"})
    assert again.status_code == 400
    assert escape("Dit voorstel wacht niet op jouw antwoord.") in again.content.decode()
    coach_page = client_for(w.coach).get(detail(appointment)).content.decode()
    assert "Dinsdag kan ik niet" in coach_page and 'data-testid="send-answer"' in coach_page
    assert client_for(w.coach).post(detail(appointment), {"answer": "accept"}).status_code == 302
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.ACCEPTED
    assert "coaching_accepted" in kinds_for(w.specialist)


def test_a_declined_proposal_tells_the_coach_why(together, client_for):
    w = together
    appointment = propose(w)
    client_for(w.specialist).post(detail(appointment), {"answer": "decline", "note": "Geen uren meer dit jaar"})
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.DECLINED
    assert kinds_for(w.coach) == ["coaching_declined"]
    page = client_for(w.coach).get(detail(appointment)).content.decode()
    assert "Geen uren meer dit jaar" in page and "Afgewezen" in page


def test_once_it_took_place_either_records_the_moment_prefilled_and_the_hours_book_to_the_specialist(
        together, client_for):
    w = together
    appointment = accepted_and_passed(w, participants=[w.pmer_a, w.colleague_a], group=w.group_a)
    client = client_for(w.coach)
    page = client.get(record(appointment)).content.decode()
    for pk in (w.pmer_a.pk, w.colleague_a.pk):
        assert re.search(rf'value="{pk}"[^>]*checked', page), pk
    assert re.search(r'value="parents"[^>]*checked', page) and 'value="1,5"' in page
    data = {"held_on": timezone.localdate(appointment.starts_at).isoformat(), "group": w.group_a.pk,
            "participants": [w.pmer_a.pk, w.colleague_a.pk], "competences": ["parents"], "methods": ["case"],
            "discussed": "Oudergesprek voorbereid", "will_try": "", "look_back_on": "", "hours": "1,5"}
    response = client.post(record(appointment), data)
    assert response.status_code == 302
    moment = CoachingMoment.objects.get()
    assert moment.coach == w.specialist and moment.occasion == Occasion.PLANNED
    assert set(moment.participants.all()) == {w.pmer_a, w.colleague_a}
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.RECORDED and appointment.moment == moment
    assert appointment.recorded_by == w.coach
    assert budget_figure_of(w.budget)["used"] == Decimal("1.5")
    # Recorded once: the specialist (or the same form sent again) cannot add it a second time.
    assert client_for(w.specialist).get(record(appointment)).status_code == 302
    assert CoachingMoment.objects.count() == 1
    moments = client_for(w.specialist).get(reverse("coaching:moments")).content.decode()
    assert w.colleague_a.get_full_name() in moments and "Omgang met ouders" in moments


def test_a_moment_still_to_come_cannot_be_recorded(together, client_for):
    w = together
    appointment = propose(w)
    appointment_accept(appointment=appointment, by=w.specialist)
    response = client_for(w.specialist).get(record(appointment))
    assert response.status_code == 302 and response.url == detail(appointment)
    assert CoachingMoment.objects.count() == 0


def test_the_budget_warning_fires_after_coaching_hours_are_booked(together, client_for):
    """As after a held visit: coaching that brings the budget to 80% warns its coordinators."""
    w = together
    HourBudget.objects.filter(pk=w.budget.pk).update(hours=2)
    appointment = accepted_and_passed(w)
    data = {"held_on": timezone.localdate(appointment.starts_at).isoformat(), "group": "",
            "participants": [w.pmer_a.pk], "competences": ["parents"], "methods": [], "discussed": "Oudergesprek",
            "will_try": "", "look_back_on": "", "hours": "1,75"}
    assert client_for(w.specialist).post(record(appointment), data).status_code == 302
    assert list(BudgetAlert.objects.filter(budget=w.budget).values_list("threshold", flat=True)) == [80]
    assert "budget_threshold" in kinds_for(w.coordinator)
    page = client_for(w.coordinator).get(f"/schedule/budgets/?year={w.budget.year}").content.decode()
    assert "87%" in page


def test_a_specialists_own_coaching_moment_also_checks_the_budget(together):
    w = together
    HourBudget.objects.filter(pk=w.budget.pk).update(hours=1)
    coaching_moment_record(by=w.specialist, location=w.location_a, group=None, participants=[w.pmer_a],
                           held_on=timezone.localdate(), occasion="on_call", methods=[], discussed="Vraag",
                           hours=Decimal("1"), competences=["parents"])
    assert sorted(BudgetAlert.objects.filter(budget=w.budget).values_list("threshold", flat=True)) == [80, 100]


# --- who may ----------------------------------------------------------------------------------

def test_anonymous_is_sent_to_login_everywhere(together, client):
    appointment = propose(together)
    for url in (LIST, CREATE, detail(appointment), record(appointment)):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.url, url


@pytest.mark.parametrize("role", ["pmer_a", "coordinator", "privacy_officer"])
def test_other_roles_are_refused(together, client_for, role):
    w = together
    appointment = propose(w)
    client = client_for(getattr(w, role))
    for url in (LIST, CREATE, detail(appointment), record(appointment)):
        assert client.get(url).status_code == 403, url
    assert client.post(detail(appointment), {"answer": "accept"}).status_code == 403


def test_only_a_pedagogical_coach_proposes(together, client_for):
    assert client_for(together.specialist).get(CREATE).status_code == 403


def test_someone_elses_appointment_looks_like_none(together, client_for):
    w = together
    appointment = propose(w)
    for person in (w.other_specialist, w.other_coach):
        client = client_for(person)
        assert client.get(detail(appointment)).status_code == 404
        assert client.post(detail(appointment), {"answer": "accept"}).status_code == 404
        assert client.get(record(appointment)).status_code == 404
        assert w.location_a.name not in client.get(LIST).content.decode()
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.PROPOSED


def test_a_colleague_coach_of_the_organisation_sees_it_but_only_the_awaited_one_answers(together, client_for):
    w = together
    colleague = member(Role.PEDAGOGICAL_COACH, childcare_organisation=w.location_a.organisation)
    appointment = propose(w)
    page = client_for(colleague).get(detail(appointment))
    assert page.status_code == 200 and 'data-testid="send-answer"' not in page.content.decode()
    assert client_for(w.coach).post(detail(appointment), {"answer": "accept"}).status_code == 400
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.PROPOSED


def test_another_organisations_location_is_not_offered(together, client_for):
    w = together
    response = client_for(w.coach).get(f"{CREATE}?location={w.location_b.pk}")
    assert response.status_code == 400 and w.location_b.name not in response.content.decode()
    assert client_for(w.coach).post(f"{CREATE}?location={w.location_b.pk}", form_data(w)).status_code == 400
    assert CoachingAppointment.objects.count() == 0


def test_a_location_without_a_fixed_specialist_says_so(together, client_for):
    w = together
    Membership.objects.get(user=w.specialist).fixed_contact_for.clear()
    response = client_for(w.coach).post(f"{CREATE}?location={w.location_a.pk}", form_data(w))
    assert response.status_code == 400
    assert escape("Deze locatie heeft nog geen vaste specialist om coaching mee te plannen.") in \
        response.content.decode()


def test_the_coach_sees_no_self_assessment_and_no_child_file_through_planning(together, client_for):
    w = together
    SelfAssessment.objects.create(author=w.pmer_a, assessed_on=timezone.localdate(), child_development=1,
                                  striking_behaviour=1, asking_for_help=1, parents=1, note="Alleen voor mij")
    appointment = accepted_and_passed(w)
    client = client_for(w.coach)
    for url in (LIST, detail(appointment), record(appointment), reverse("scheduling:agenda")):
        assert "Alleen voor mij" not in client.get(url).content.decode(), url
    assert client.get(reverse("coaching:growth")).status_code == 403
    assert client.get(reverse("children:list")).status_code == 403


# --- bad input ----------------------------------------------------------------------------------

@pytest.mark.parametrize("field, value, message", [
    ("date", "2999-01-01", "Kies een moment binnen een jaar vanaf nu."),
    ("date", "2020-01-01", "Kies een moment dat nog moet komen."),
    ("date", "31-02-2027", "Voer een geldige datum in."),
    ("time", "", "Dit veld is verplicht."),
    ("time", "25:00", "Voer een geldige tijd in."),
    ("hours", "13", "Vul hoogstens 12 uur in"),
    ("hours", "0", "Vul"),
    ("participants", [], "Kies minstens één pm"),
    ("competences", [], "Kies minstens één competentie"),
    ("group", "999999", "Selecteer een geldige keuze"),
])
def test_a_bad_proposal_gets_a_dutch_message_and_keeps_what_was_typed(together, client_for, field, value,
                                                                      message):
    w = together
    response = client_for(w.coach).post(f"{CREATE}?location={w.location_a.pk}", form_data(w, **{field: value}))
    html = response.content.decode()
    assert response.status_code == 400
    assert escape(message) in html or message in html, html[html.find("invalid-feedback") - 200:][:800]
    assert "Kringmomenten" in html
    assert CoachingAppointment.objects.count() == 0


@pytest.mark.parametrize("data, message", [
    ({"answer": "other_time", "date": "", "time": "10:00"}, "Vul de datum in die je voorstelt."),
    ({"answer": "other_time", "date": "2999-05-05", "time": "10:00"}, "Kies een moment binnen een jaar vanaf nu."),
    ({"answer": "other_time", "date": TOMORROW.isoformat(), "time": ""}, "Vul de tijd in die je voorstelt."),
    ({"answer": "maybe"}, "Selecteer een geldige keuze"),
    ({}, "Kies je antwoord."),
])
def test_a_bad_answer_gets_a_message_and_changes_nothing(together, client_for, data, message):
    w = together
    appointment = propose(w)
    before = appointment.starts_at
    response = client_for(w.specialist).post(detail(appointment), data)
    assert response.status_code == 400
    assert escape(message) in response.content.decode() or message in response.content.decode()
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.PROPOSED and appointment.starts_at == before


def test_the_same_proposal_sent_twice_is_planned_once(together, client_for):
    w = together
    client = client_for(w.coach)
    data = form_data(w)
    first = client.post(f"{CREATE}?location={w.location_a.pk}", data)
    second = client.post(f"{CREATE}?location={w.location_a.pk}", data)
    assert first.status_code == 302 and second.status_code in (302, 303)
    assert CoachingAppointment.objects.count() == 1
    assert kinds_for(w.specialist) == ["coaching_proposed"]


@pytest.mark.parametrize("value", ["abc", "99999999999999999999", "-1", "1.5"])
def test_an_odd_location_in_the_address_is_a_message_not_an_error(together, client_for, value):
    response = client_for(together.coach).get(CREATE, {"location": value})
    assert response.status_code == 400
