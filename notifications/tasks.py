from celery import shared_task


@shared_task
def sweep_outbox():
    """Beat, every minute: deliver the reminders that are due. Safe to run twice at once (SKIP LOCKED)."""
    from .services import outbox_sweep

    return outbox_sweep()
