"""The consent section of the case page. casework does not read consent's models, so this app
contributes an inclusion tag that calls its own selectors and rules."""

from django import template

from casework.models import CaseKind
from casework.permissions import is_location_worker

from ..forms import AskConsentForm
from ..models import ConsentEventKind, ConsentParty, ConsentPurpose, ConsentRequest, GuardiansDisagree
from ..services import consent_state, consents_of_child

register = template.Library()


@register.inclusion_tag("consent/_case_consent.html", takes_context=True)
def case_consent(context):
    """For the childcare worker of the location only: she knows the child and its guardians;
    a specialist sees the case state, which already says whether consent is there."""
    request, case = context["request"], context["case"]
    if case.kind != CaseKind.INDIVIDUAL or case.child_id is None or not is_location_worker(request.user, case):
        return {"shown": False}
    rows = []
    for consent in consents_of_child(case.child):
        state = consent_state(consent)
        rows.append({"purpose": ConsentPurpose(consent.purpose).label, "party": ConsentParty(consent.party).label,
                     "state": state, "state_label": ConsentEventKind(state).label,
                     "channel": consent.get_channel_display(),
                     "asked_at": consent.created_at, "pk": consent.pk,
                     # Only a given, current consent can be withdrawn.
                     "may_withdraw": state == ConsentEventKind.GIVEN})
    form = AskConsentForm(child=case.child)
    requests = ConsentRequest.objects.filter(child=case.child).select_related("guardian")[:10]
    disagree = (any(g.guardians_disagree for g in form.guardians.values()) if form.guardians
                else GuardiansDisagree.objects.filter(child=case.child).exists())
    return {"shown": True, "case": case, "rows": rows, "form": form, "requests": requests, "disagree": disagree,
            "has_guardian": bool(form.guardians), "csrf_token": context.get("csrf_token")}
