from celery import shared_task

from .services import submissions_prune


@shared_task
def prune_submissions():
    return submissions_prune()
