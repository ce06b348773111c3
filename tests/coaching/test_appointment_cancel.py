"""Coaching planned together, second part (issue 17 item 4): the pm'ers it is planned with are told once
it is accepted and find it in their own agenda (place and time); the coach can withdraw what she sent and
the specialist can cancel an accepted appointment with a short reason, before it is held. The other party
and the pm'ers are told, it leaves every agenda and calendar feed, and it cannot be recorded."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from coaching.models import AppointmentStatus, CoachingAppointment
from coaching.services import appointment_accept, appointment_cancel, appointment_record
from notifications.models import Outbox
from scheduling.models import CalendarFeed
from tests.accounts.factories import member
from tests.coaching import test_appointments as planned
from tests.coaching.test_appointments import detail, kinds_for, propose, record

# The first part's fixture: the location's specialist, the coach, colleagues elsewhere and the budget.
together = planned.together

pytestmark = pytest.mark.django_db

AGENDA = reverse("scheduling:agenda")


def cancel(a):
    return reverse("coaching:appointment_cancel", args=[a.pk])


def accepted(w):
    appointment = propose(w)
    appointment_accept(appointment=appointment, by=w.specialist)
    appointment.refresh_from_db()
    return appointment


def agenda_section(client):
    page = client.get(AGENDA)
    assert page.status_code == 200
    text = page.content.decode()
    return text[text.index('id="coaching-heading"'):text.index('id="feed-heading"')]


def feed_of(client, person):
    feed, _ = CalendarFeed.objects.get_or_create(professional=person)
    return client.get(reverse("scheduling:feed", args=[feed.token])).content.decode()


# --- the pm'ers it is planned with ----------------------------------------------------------------

def test_the_named_pmers_are_told_once_it_is_accepted_and_find_it_in_their_agenda(together, client_for, client):
    w = together
    appointment = propose(w, participants=[w.pmer_a, w.colleague_a])
    assert kinds_for(w.pmer_a) == []  # a proposal is not yet a plan
    client_for(w.specialist).post(detail(appointment), {"answer": "accept"})
    for person in (w.pmer_a, w.colleague_a):
        assert kinds_for(person) == ["coaching_planned_with_you"]
        assert Outbox.objects.get(recipient=person).url == AGENDA
        section = agenda_section(client_for(person))
        assert w.location_a.name in section
        # Place and time: the pm'er does not open the planners' page (their note and answers).
        assert detail(appointment) not in section
        assert f"coaching-{appointment.pk}@alert4you" in feed_of(client, person)
    assert client_for(w.pmer_a).get(detail(appointment)).status_code == 403
    # A pm'er of the location who is not named sees nothing of it.
    other_pmer = member(Role.CHILDCARE_WORKER, location=w.location_a)
    assert w.location_a.name not in agenda_section(client_for(other_pmer))
    assert kinds_for(other_pmer) == []


# --- withdrawing and cancelling -------------------------------------------------------------------

def test_the_coach_withdraws_her_proposal_and_the_specialist_is_told(together, client_for):
    w = together
    appointment = propose(w)
    coach = client_for(w.coach)
    page = coach.get(detail(appointment)).content.decode()
    assert cancel(appointment) in page
    form_page = coach.get(cancel(appointment))
    assert form_page.status_code == 200 and "Voorstel intrekken" in form_page.content.decode()
    response = coach.post(cancel(appointment), {"reason": ""})
    assert response.status_code == 302 and response.url == detail(appointment)
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.WITHDRAWN and appointment.awaiting is None
    assert kinds_for(w.specialist) == ["coaching_proposed", "coaching_withdrawn"]
    assert kinds_for(w.pmer_a) == []  # never told of a mere proposal, so not of its withdrawal either
    specialist_page = client_for(w.specialist).get(detail(appointment)).content.decode()
    assert "Ingetrokken" in specialist_page and 'data-testid="send-answer"' not in specialist_page
    # It no longer waits for her answer.
    assert client_for(w.specialist).post(detail(appointment), {"answer": "accept"}).status_code == 400
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.WITHDRAWN


def test_an_accepted_appointment_the_coach_withdraws_leaves_every_agenda_and_feed(together, client_for, client):
    w = together
    appointment = accepted(w)
    assert "Afspraak intrekken" in client_for(w.coach).get(cancel(appointment)).content.decode()
    response = client_for(w.coach).post(cancel(appointment), {"reason": "De groep is op uitje"})
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.WITHDRAWN and appointment.cancel_reason == "De groep is op uitje"
    assert "coaching_withdrawn" in kinds_for(w.specialist)
    assert kinds_for(w.pmer_a) == ["coaching_cancelled", "coaching_planned_with_you"]
    for person in (w.coach, w.specialist, w.pmer_a):
        assert w.location_a.name not in agenda_section(client_for(person))
        assert f"coaching-{appointment.pk}@alert4you" not in feed_of(client, person)


def test_the_specialist_cancels_an_accepted_appointment_with_a_reason_and_it_cannot_be_recorded(
        together, client_for, client):
    w = together
    appointment = accepted(w)
    specialist = client_for(w.specialist)
    assert cancel(appointment) in specialist.get(detail(appointment)).content.decode()
    response = specialist.post(cancel(appointment), {"reason": "Ziek"})
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.CANCELLED and appointment.cancel_reason == "Ziek"
    assert kinds_for(w.coach) == ["coaching_accepted", "coaching_cancelled"]
    assert kinds_for(w.pmer_a) == ["coaching_cancelled", "coaching_planned_with_you"]
    coach_page = client_for(w.coach).get(detail(appointment)).content.decode()
    assert "Afgezegd" in coach_page and "Ziek" in coach_page
    for person in (w.coach, w.specialist, w.pmer_a):
        assert w.location_a.name not in agenda_section(client_for(person))
        assert f"coaching-{appointment.pk}@alert4you" not in feed_of(client, person)
    # Even once its time has passed, a cancelled appointment is not recorded.
    CoachingAppointment.objects.filter(pk=appointment.pk).update(starts_at=timezone.now() - datetime.timedelta(hours=2))
    assert client_for(w.coach).get(record(appointment)).status_code == 302
    appointment.refresh_from_db()
    with pytest.raises(ValidationError):
        appointment_record(appointment=appointment, by=w.coach, participants=[w.pmer_a],
                           held_on=timezone.localdate(), methods=["observation"], discussed="x", hours=1,
                           competences=["parents"])
    assert appointment.moment is None


# --- bad input and the wrong moment -------------------------------------------------------------

def test_the_specialist_gives_a_reason_or_gets_a_dutch_message_and_nothing_changes(together, client_for):
    w = together
    appointment = accepted(w)
    client = client_for(w.specialist)
    for data in ({}, {"reason": "   "}, {"reason": "x" * 501}):
        response = client.post(cancel(appointment), data)
        assert response.status_code == 400, data
        page = response.content.decode()
        assert "Geef kort de reden" in page or "maximaal 500" in page, data
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.ACCEPTED
    assert "coaching_cancelled" not in kinds_for(w.coach)


def test_what_cannot_be_withdrawn_or_cancelled_gets_a_message_and_stays(together, client_for):
    w = together
    proposal = propose(w)
    # The specialist declines a proposal; she cancels only what she accepted.
    response = client_for(w.specialist).post(cancel(proposal), {"reason": "Ziek"}, follow=True)
    assert "kun je niet (meer) intrekken of afzeggen" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == AppointmentStatus.PROPOSED
    # Once its time has come, it is held (or not), not withdrawn.
    held = accepted(w)
    CoachingAppointment.objects.filter(pk=held.pk).update(starts_at=timezone.now() - datetime.timedelta(hours=1))
    for person in (w.coach, w.specialist):
        response = client_for(person).post(cancel(held), {"reason": "Ziek"})
        assert response.status_code == 302
    held.refresh_from_db()
    assert held.status == AppointmentStatus.ACCEPTED
    # Withdrawn once: a second send changes nothing and tells nobody again.
    client_for(w.coach).post(cancel(proposal), {"reason": ""})
    client_for(w.coach).post(cancel(proposal), {"reason": "nog eens"})
    proposal.refresh_from_db()
    assert proposal.status == AppointmentStatus.WITHDRAWN and proposal.cancel_reason == ""
    assert kinds_for(w.specialist).count("coaching_withdrawn") == 1
    with pytest.raises(ValidationError):
        appointment_cancel(appointment=proposal, by=w.coach, reason="")


# --- who may ----------------------------------------------------------------------------------

def test_anonymous_is_sent_to_login(together, client):
    appointment = propose(together)
    for response in (client.get(cancel(appointment)), client.post(cancel(appointment), {"reason": "x"})):
        assert response.status_code == 302 and "/login" in response.url


@pytest.mark.parametrize("role", ["pmer_a", "coordinator", "privacy_officer"])
def test_other_roles_are_refused(together, client_for, role):
    w = together
    appointment = accepted(w)
    client = client_for(getattr(w, role))
    assert client.get(cancel(appointment)).status_code == 403
    assert client.post(cancel(appointment), {"reason": "x"}).status_code == 403
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.ACCEPTED


def test_another_location_s_specialist_or_organisation_s_coach_finds_nothing(together, client_for):
    w = together
    appointment = accepted(w)
    for person in (w.other_specialist, w.other_coach):
        client = client_for(person)
        assert client.get(cancel(appointment)).status_code == 404
        assert client.post(cancel(appointment), {"reason": "x"}).status_code == 404
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.ACCEPTED


def test_a_colleague_coach_sees_it_but_does_not_withdraw_it(together, client_for):
    w = together
    colleague = member(Role.PEDAGOGICAL_COACH, childcare_organisation=w.location_a.organisation)
    appointment = propose(w)
    client = client_for(colleague)
    assert cancel(appointment) not in client.get(detail(appointment)).content.decode()
    assert client.post(cancel(appointment), {"reason": ""}).status_code == 302
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.PROPOSED


@pytest.mark.parametrize("value", ["abc", "-1", "99999999999999999999"])
def test_an_odd_id_is_not_found(together, client_for, value):
    assert client_for(together.coach).get(f"/coaching/appointments/{value}/cancel/").status_code == 404
