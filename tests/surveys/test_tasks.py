"""Reminders go out through the Celery task the beat schedule runs."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from surveys import services
from surveys.models import Invitation
from surveys.tasks import send_survey_reminders

from .factories import open_round, questionnaire

pytestmark = pytest.mark.django_db


def test_the_task_reminds_only_those_who_have_not_finished(world, django_capture_on_commit_callbacks, monkeypatch):
    survey_round = open_round([world.municipality], reminder_days=(7,))
    with django_capture_on_commit_callbacks(execute=True):
        services.invitations_send(survey_round=survey_round, questionnaire=questionnaire("pmer"),
                                  municipality=world.municipality, emails=["a@example.org", "b@example.org"], by=None)
    Invitation.objects.filter(email="a@example.org").update(status=Invitation.Status.SUBMITTED, email="")
    mail.outbox.clear()
    later = timezone.now() + datetime.timedelta(days=8)
    monkeypatch.setattr(timezone, "now", lambda: later)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_survey_reminders.apply().get() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert send_survey_reminders.apply().get() == 0  # a second sweep sends nothing twice
    assert [m.to for m in mail.outbox] == [["b@example.org"]]
    assert "/surveys/answer/" in mail.outbox[0].body


def test_no_reminder_before_its_day(world, django_capture_on_commit_callbacks):
    survey_round = open_round([world.municipality], reminder_days=(7,))
    with django_capture_on_commit_callbacks(execute=True):
        services.invitations_send(survey_round=survey_round, questionnaire=questionnaire("pmer"),
                                  municipality=world.municipality, emails=["b@example.org"], by=None)
    mail.outbox.clear()
    assert send_survey_reminders.apply().get() == 0
    assert mail.outbox == []


def _opened_days_ago(survey_round, days):
    survey_round.opened_at = timezone.now() - datetime.timedelta(days=days)
    survey_round.save(update_fields=["opened_at"])


def test_someone_invited_after_a_reminder_day_is_not_reminded_at_once(world, django_capture_on_commit_callbacks):
    survey_round = open_round([world.municipality], reminder_days=(7, 14))
    _opened_days_ago(survey_round, 10)
    with django_capture_on_commit_callbacks(execute=True):
        services.invitations_send(survey_round=survey_round, questionnaire=questionnaire("pmer"),
                                  municipality=world.municipality, emails=["late@example.org"], by=None)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_survey_reminders.apply().get() == 0
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send_due(now=timezone.now() + datetime.timedelta(days=5)) == 1  # day 15
    assert [m.to for m in mail.outbox] == [["late@example.org"]]


def test_after_a_pause_of_the_sweep_one_reminder_goes_out_not_one_per_missed_day(
    world, django_capture_on_commit_callbacks
):
    survey_round = open_round([world.municipality], reminder_days=(7, 14))
    with django_capture_on_commit_callbacks(execute=True):
        services.invitations_send(survey_round=survey_round, questionnaire=questionnaire("pmer"),
                                  municipality=world.municipality, emails=["b@example.org"], by=None)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send_due(now=timezone.now() + datetime.timedelta(days=20)) == 1
    assert len(mail.outbox) == 1
