from celery import shared_task


@shared_task
def sweep_outbox():
    """Beat, every minute: deliver the reminders that are due. Safe to run twice at once (SKIP LOCKED)."""
    from .services import outbox_sweep

    return outbox_sweep()


@shared_task
def enqueue_reminders():
    """Beat, every quarter: write the reminders that time makes due (visit tomorrow, evaluation, overdue)."""
    from .producers import reminders_enqueue_due

    return {str(kind): count for kind, count in reminders_enqueue_due().items()}
