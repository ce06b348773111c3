"""Periodic consent work: the expired events, and reminders for decisions still pending.
Both are idempotent, so a task that runs twice does nothing twice."""

from celery import shared_task

from .services import consent_requests_remind, consents_expire, consents_renew_remind


@shared_task
def expire_consents() -> int:
    return consents_expire()


@shared_task
def remind_pending_consents() -> int:
    return consent_requests_remind() + consents_renew_remind()
