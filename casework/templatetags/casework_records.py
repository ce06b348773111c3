"""The records on a case (approach plan, referrals, handover, messages) as a section of the case
page: an inclusion tag, so the shared case page only needs one `{% case_records %}`."""

from django import template

from .. import permissions
from ..models import ReferralStatus
from ..record_forms import MessageForm
from ..record_selectors import approach_plan_of, handovers_of, messages_of, referrals_of

register = template.Library()


@register.inclusion_tag("casework/_case_records.html", takes_context=True)
def case_records(context):
    request, case = context["request"], context["case"]
    user = request.user
    if not permissions.may_read_records(user, case):
        return {"show": False}
    referrals = referrals_of(request, case)
    for referral in referrals:
        referral.may_name_child = permissions.may_name_referral_child(user, referral)
        may_change = permissions.may_record_referral_answer(user, referral)
        referral.may_answer = may_change and referral.sent_at and referral.status == ReferralStatus.PROPOSED
        referral.may_mark_started = may_change and referral.status == ReferralStatus.ACCEPTED
    plan = approach_plan_of(request, case)
    cycles = plan.cycle_list if plan else []
    return {
        "show": True,
        "case": case,
        "is_open": case.is_open,
        "may_read_child_records": permissions.may_read_child_records(user, case),
        "plan": plan,
        "current_cycle": cycles[-1] if cycles else None,
        "earlier_cycles": list(reversed(cycles[:-1])),
        "may_write_plan": permissions.may_write_plan(user, case),
        "may_record_further_consent": permissions.may_record_further_consent(user, case),
        "referrals": referrals,
        "may_start_referral": permissions.may_start_referral(user, case),
        "handovers": handovers_of(request, case),
        "may_make_handover": permissions.may_make_handover(user, case) and plan is not None,
        "messages_on_case": messages_of(request, case),
        "may_post_message": permissions.may_post_message(user, case),
        "message_form": MessageForm(),
    }
