from celery import shared_task


@shared_task
def send_survey_reminders():
    """Periodic sweep: reminders due for invitations not yet submitted, once per due moment."""
    from .services import reminders_send_due

    return reminders_send_due()
