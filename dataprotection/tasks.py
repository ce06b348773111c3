from celery import shared_task

from .services import expired_case_data_erase


@shared_task
def erase_expired_case_data():
    """Daily: closed cases past their municipality's retention are erased (issue 15, item 6)."""
    return [item.case_id for item in expired_case_data_erase()]
