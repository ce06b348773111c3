import logging

from celery import shared_task
from django.utils import timezone

logger = logging.getLogger(__name__)


@shared_task
def heartbeat():
    """Beat's proof of life in the worker log; later issues add the real periodic sweeps."""
    now = timezone.now().isoformat()
    logger.info("heartbeat at %s", now)
    return now
