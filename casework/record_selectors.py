"""Reading the records on a case. Each read of a record about a child writes its audit row, with
the part of the file it belongs to; the way in is always the case (`access_case_by_id`) first."""

from django.http import Http404

from audit.models import AuditAction, AuditPart
from consent.services import ConsentParty, ConsentPurpose
from consent.validity import valid_consent_exists

from . import permissions
from .models import ApproachPlan, ApproachPlanCycle, Case, CaseMessage, Handover, Referral
from .records import audit_record_part, record_subject
from .selectors import latest_of


def _audit_view(request, case, object_type, object_id, part, child_id=None):
    if (child_id if child_id is not None else case.child_id) is None:
        return  # nothing in it identifies a child
    _audit_view_many(request, case, [record_subject(case, object_type, object_id, child_id)], part)


def approach_plan_of(request, case: Case) -> ApproachPlan | None:
    if not permissions.may_read_child_records(request.user, case):
        return None
    # One query: the cycles with their plan (a plan is always made with its first cycle, in one
    # transaction, so no cycles means no plan). `plan.cycle_list` holds them, oldest first.
    cycles = list(ApproachPlanCycle.objects.filter(plan__case=case).select_related("plan__created_by", "by")
                  .order_by("number"))
    plan = cycles[0].plan if cycles else None
    if plan is not None:
        plan.cycle_list = cycles
        _audit_view(request, case, "casework.approachplan", plan.pk, AuditPart.APPROACH_PLAN)
    return plan


def referrals_of(request, case: Case) -> list[Referral]:
    """The case's referrals; `child_visible` says whether this reader may see who the child is."""
    if not permissions.may_read_records(request.user, case):
        return []
    # Whether the guardians' consent for the referral covers each party that may read it, per row.
    covered = {f"_consent_{ConsentPurpose.REFERRAL}_{party}": valid_consent_exists(
        "child_id", ConsentPurpose.REFERRAL, party) for party in (ConsentParty.SPECIALIST, ConsentParty.YOUTH_NURSE)}
    referrals = list(Referral.objects.filter(case=case).annotate(**covered)
                     .select_related("child", "started_by", "answer_recorded_by"))
    for referral in referrals:
        referral.case = case
        referral.child_visible = permissions.may_see_referral_child(request.user, referral)
    # Logged whenever the referral belongs to a known child, named to this reader or not: one bulk
    # insert for all of them, so a case with many referrals costs no more queries.
    _audit_view_many(request, case, [(record_subject(case, "casework.referral", r.pk, r.child_id))
                                     for r in referrals if (r.child_id or case.child_id)], AuditPart.REFERRAL)
    return referrals


def _audit_view_many(request, case, subjects, part):
    if not subjects:
        return
    from .selectors import _basis, audit_rows

    membership, basis = _basis(request.user, case)
    audit_rows(request, [(s, part, membership, basis) for s in subjects])


def handovers_of(request, case: Case) -> list[Handover]:
    if not permissions.may_read_child_records(request.user, case):
        return []
    handovers = list(Handover.objects.filter(case=case).defer("pdf").select_related("created_by"))
    if case.child_id is not None:
        _audit_view_many(request, case, [record_subject(case, "casework.handover", h.pk) for h in handovers],
                         AuditPart.HANDOVER)
    return handovers


def messages_of(request, case: Case) -> list[CaseMessage]:
    if not permissions.may_read_records(request.user, case):
        return []
    # The latest ones, or all when the page's address asks for them.
    messages = latest_of(request, CaseMessage.objects.filter(case=case).select_related("author"), "messages")
    if messages:
        _audit_view(request, case, "casework.case", case.pk, AuditPart.MESSAGE)
    return messages


def access_referral_by_id(case: Case, referral_id) -> Referral:
    """A referral of this (already accessible) case, or Http404 for one of another case."""
    referral = Referral.objects.filter(case=case, pk=referral_id).select_related("child", "started_by").first()
    if referral is None:
        raise Http404
    referral.case = case
    return referral


def access_handover_pdf(request, case: Case, handover_id) -> Handover:
    """The stored document, to download: only for who may read the child's records; an export."""
    if not permissions.may_read_child_records(request.user, case):
        raise Http404
    handover = Handover.objects.filter(case=case, pk=handover_id).first()
    if handover is None:
        raise Http404
    audit_record_part(request, case, record_subject(case, "casework.handover", handover.pk),
                      action=AuditAction.EXPORT, part=AuditPart.HANDOVER)
    return handover
