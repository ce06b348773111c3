"""Home-page sections of casework. The home view lives in accounts, which casework builds on, so
casework contributes its sections as inclusion tags that call its selectors (no queries in loops)."""

from django import template

from .. import workflow
from ..selectors import caseload_of, requests_of_worker

register = template.Library()


@register.inclusion_tag("casework/_worker_requests.html", takes_context=True)
def worker_requests(context):
    return {"cases": requests_of_worker(context["request"])[:10]}


@register.inclusion_tag("casework/_handovers_received.html", takes_context=True)
def handovers_received(context):
    from ..handover_receipt import handovers_received as received

    return {"handovers": received(context["request"])}


@register.inclusion_tag("casework/_caseload.html", takes_context=True)
def caseload(context):
    cases = caseload_of(context["request"])
    for case in cases:
        case.next_action = workflow.NEXT_ACTION.get((case.kind, case.state), "")
    return {"cases": cases}


@register.simple_tag(takes_context=True)
def child_hidden_note(context, case):
    """What the case header says in place of a child's name the reader may not see."""
    from django.utils.translation import gettext as _

    from ..permissions import why_child_hidden

    reason = why_child_hidden(context["request"].user, case)
    if reason == "metadata":
        return _("A child. Coordinators and planners do not see which child it is.")
    if reason == "not_covered":
        return _("A child. The guardians' consent does not cover you, so the name is not shown.")
    return _("A child (the name is shown once the guardians have consented)")
