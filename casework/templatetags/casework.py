"""Home-page sections of casework. The home view lives in accounts, which casework builds on, so
casework contributes its sections as inclusion tags that call its selectors (no queries in loops)."""

from django import template

from .. import workflow
from ..selectors import caseload_of, requests_of_worker

register = template.Library()


@register.inclusion_tag("casework/_worker_requests.html", takes_context=True)
def worker_requests(context):
    return {"cases": requests_of_worker(context["request"])[:10]}


@register.inclusion_tag("casework/_caseload.html", takes_context=True)
def caseload(context):
    cases = caseload_of(context["request"])
    for case in cases:
        case.next_action = workflow.NEXT_ACTION.get((case.kind, case.state), "")
    return {"cases": cases}
