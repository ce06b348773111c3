from celery import shared_task

from .partitions import partitions_ensure, retention_apply


@shared_task
def audit_partitions_maintain(ahead: int = 3):
    """Daily: the coming months' partitions exist before their first row (issue 13, item 5)."""
    return partitions_ensure(ahead=ahead)


@shared_task
def audit_retention():
    """Daily: the log is kept at least five years, then whole months go (issue 15, item 4)."""
    return retention_apply()
