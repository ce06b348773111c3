from celery import shared_task


@shared_task
def refresh_figures():
    """Periodic (every MONITORING_FIGURES_MAX_AGE / 2): the dashboard views people look at are
    computed again before their snapshot ages out, so a page view rarely computes them itself."""
    from .snapshots import refresh

    return refresh()
