"""The warm handover as the receiving school sees it (issue 17 item 5).

A teacher of a school location that takes part receives the handovers sent to her school location,
and nothing else of the case: not the request, the visits, the advice or the child's file. She reads
one only under the guardians' current consent for the handover to primary school (purpose "handover",
party "primary school"), the consent the handover was made under; when it is withdrawn or expires the
document is "not found" for her, as for everyone else the consent covered. Each read is audited on
her membership with the consent as basis.
"""

from django.http import Http404

from accounts.models import Role
from accounts.selectors import memberships_with_role
from audit.models import AuditAction, AuditBasis, AuditPart
from audit.services import audit_record, audit_record_many
from consent.services import ConsentParty, ConsentPurpose
from consent.validity import valid_consent_exists

from .models import Handover
from .records import record_subject


def _teacher_memberships(user):
    return {m.location_id: m for m in memberships_with_role(user, Role.TEACHER)}


def received_handovers_filter(user):
    """The handovers her school location(s) received whose child's handover consent is valid now."""
    return Handover.objects.filter(school_location_id__in=list(_teacher_memberships(user))).filter(
        valid_consent_exists("case__child_id", ConsentPurpose.HANDOVER, ConsentParty.PRIMARY_SCHOOL))


def _subject(handover):
    return record_subject(handover.case, "casework.handover", handover.pk)


def access_received_handover(request, case_id, handover_id) -> Handover:
    """The one handover, for a teacher of its school location under valid consent; an export."""
    try:
        handover = (received_handovers_filter(request.user).select_related("case__request__location__district")
                    .get(pk=int(handover_id), case_id=int(case_id)))
    except (Handover.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    audit_record(request, _subject(handover), action=AuditAction.EXPORT, part=AuditPart.HANDOVER,
                 membership=_teacher_memberships(request.user)[handover.school_location_id],
                 basis=AuditBasis.CONSENT)
    return handover


def handovers_received(request, limit=20) -> list[Handover]:
    """Her school's received handovers, newest first, with the child's name (under the same consent):
    each one listed is a read of the child's name, logged like a child list."""
    handovers = list(received_handovers_filter(request.user)
                     .select_related("case__child__group", "case__request__location__district", "school_location")
                     .defer("pdf").order_by("-created_at", "-pk")[:limit])
    memberships = _teacher_memberships(request.user)
    if handovers:
        audit_record_many(request, [(_subject(h), memberships[h.school_location_id]) for h in handovers],
                          action=AuditAction.VIEW, part=AuditPart.HANDOVER, basis=AuditBasis.CONSENT)
    return handovers
