"""Retention and erasure of case data (issue 15, item 6).

A closed case's data is erased `Municipality.case_retention_years` after it closed: the request,
the case with its timeline, visits with their notes and hours, advice, approach plan, referrals,
handovers and messages, and reminders about them. The child's own details (with guardians and
consent records) go with her last case, unless something else still needs her: another case, a
reporting-code (meldcode) path, which has its own rules and is never erased here.

What stays, because the law asks for it: the access log (NEN 7513; its own retention, audit/partitions.py)
with a row for each erasure, and an `Erasure` record of ids and counts (accountability, AVG art. 5(2)).
"""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from audit.models import AuditAction, AuditBasis, AuditPart
from audit.services import AuditSubject, audit_record_system

from .models import Erasure

ACTOR = "bewaartermijn (automatisch)"  # who erased: the job, in the log's own (Dutch) words


@dataclass
class ErasureItem:
    case_id: int
    municipality_id: int
    municipality: str
    closed_at: datetime.datetime
    retention_years: int
    child_id: int | None
    child_erased: bool
    kept_because: str = ""
    counts: dict = field(default_factory=dict)


def _cutoff(now, years):
    try:
        return now.replace(year=now.year - years)
    except ValueError:  # 29 February
        return now.replace(year=now.year - years, day=28)


def _expired_cases(now):
    from casework.models import Case, CaseState
    from organisations.models import Municipality

    for municipality in Municipality.objects.order_by("name"):
        cutoff = _cutoff(now, municipality.case_retention_years)
        cases = (Case.objects.filter(state=CaseState.CLOSED, closed_at__lt=cutoff,
                                     request__location__district__municipality=municipality)
                 .order_by("closed_at", "pk"))
        for case in cases:
            yield municipality, case


def _records(case):
    from casework.models import ApproachPlan, CaseEvent, CaseMessage, Handover, Referral
    from observations.models import Advice, Visit, VisitHours

    visits = Visit.objects.filter(case=case)
    return {
        "visits": visits, "hours": VisitHours.objects.filter(visit__case=case),
        "advice": Advice.objects.filter(Q(case=case) | Q(visit__case=case)),
        "approach_plans": ApproachPlan.objects.filter(case=case), "referrals": Referral.objects.filter(case=case),
        "handovers": Handover.objects.filter(case=case), "messages": CaseMessage.objects.filter(case=case),
        "events": CaseEvent.objects.filter(case=case),
    }


def _child_kept_because(case, erasing_case_ids) -> str:
    from casework.models import Case, Referral
    from safeguarding.models import MeldcodePath

    if case.child_id is None:
        return ""
    if Case.objects.filter(child_id=case.child_id).exclude(pk__in=erasing_case_ids).exists():
        return "another case"
    if Referral.objects.filter(child_id=case.child_id).exclude(case_id__in=erasing_case_ids).exists():
        return "a referral on another case"
    if MeldcodePath.objects.filter(child_id=case.child_id).exists():
        return "a reporting-code path"
    return ""


def case_erasure_plan(*, now=None) -> list[ErasureItem]:
    """What the job would erase now: the dry run."""
    now = now or timezone.now()
    expired = list(_expired_cases(now))
    erasing = {case.pk for _m, case in expired}
    items = []
    for municipality, case in expired:
        kept = _child_kept_because(case, erasing)
        items.append(ErasureItem(
            case_id=case.pk, municipality_id=municipality.pk, municipality=municipality.name, closed_at=case.closed_at,
            retention_years=municipality.case_retention_years, child_id=case.child_id,
            child_erased=case.child_id is not None and not kept, kept_because=kept,
            counts={name: qs.count() for name, qs in _records(case).items()}))
    return items


def _erase_case(item: ErasureItem):
    from casework.models import Case
    from children.models import Child
    from consent.models import PaperConsent
    from notifications.models import Outbox
    from scheduling.models import ScheduledVisit

    case = Case.objects.select_for_update().select_related("request").get(pk=item.case_id)
    records = _records(case)
    visit_ids = list(records["visits"].values_list("pk", flat=True))
    # Reminders about the case or its visits carry only a link, but a link to nothing helps nobody.
    for model, ids in (("case", [case.pk]), ("visit", visit_ids)):
        Outbox.objects.filter(content_type__model=model, object_id__in=ids).delete()
    ScheduledVisit.objects.filter(visit_id__in=visit_ids).update(visit=None)
    # Children before parents: the case's records hold on to it (PROTECT); advice holds on to visits.
    records["advice"].delete()
    for name in ("approach_plans", "referrals", "handovers", "messages", "visits"):
        records[name].delete()
    request = case.request
    case.delete()  # its timeline (CaseEvent) goes with it
    request.delete()
    municipality_id = item.municipality_id
    audit_record_system(AuditSubject("casework.case", str(item.case_id), item.child_id, municipality_id),
                        action=AuditAction.DELETE, part=AuditPart.CASE, basis=AuditBasis.RETENTION, actor_name=ACTOR)
    if item.child_erased:
        child = Child.objects.get(pk=item.child_id)
        for paper in PaperConsent.objects.filter(child=child):
            if paper.scan:
                paper.scan.delete(save=False)
        child.delete()  # guardians, consent requests, consents and their events, receipts go with her
        audit_record_system(AuditSubject("children.child", str(item.child_id), item.child_id, municipality_id),
                            action=AuditAction.DELETE, part=AuditPart.PROFILE, basis=AuditBasis.RETENTION,
                            actor_name=ACTOR)
    Erasure.objects.create(municipality_id=municipality_id, case_id=item.case_id, child_id=item.child_id,
                           closed_at=item.closed_at, retention_years=item.retention_years,
                           child_erased=item.child_erased, counts=item.counts)


def expired_case_data_erase(*, now=None) -> list[ErasureItem]:
    """Erase what the plan lists, one case a transaction (a failure leaves the others done)."""
    done = []
    for item in case_erasure_plan(now=now):
        with transaction.atomic():
            if Erasure.objects.filter(case_id=item.case_id).exists():
                continue
            _erase_case(item)
        done.append(item)
    return done
