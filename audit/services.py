"""Writing the audit trail. Rows are written synchronously, in the caller's transaction, never
through a queue that could lose them; a refused attempt is written in a transaction of its own."""

from dataclasses import dataclass

from django.db import transaction

from .models import ANONYMOUS, AuditAction, AuditBasis, AuditEvent, AuditPart


@dataclass(frozen=True)
class AuditSubject:
    """What was touched: the record, and the child whose file it belongs to."""

    object_type: str
    object_id: str
    child_id: int | None
    municipality_id: int | None


def _client_ip(request):
    # REMOTE_ADDR is the proxy in production; gunicorn's forwarded-allow-ips rewrites it from
    # X-Forwarded-For only for trusted proxies, so we never trust the header ourselves.
    return request.META.get("REMOTE_ADDR") or None


def _event(request, subject: AuditSubject, *, action, part, basis, membership, status_code):
    user = request.user
    return AuditEvent(
        actor_id=user.pk if user.is_authenticated else None,
        actor_name=(user.get_full_name() or user.get_username()) if user.is_authenticated else ANONYMOUS,
        role=membership.role if membership else "",
        organisation=str(membership.scope or "") if membership else "",
        membership_id=membership.pk if membership else None,
        child_id=subject.child_id,
        municipality_id=subject.municipality_id,
        object_type=subject.object_type,
        object_id=str(subject.object_id),
        action=action,
        part=part,
        basis=basis,
        basis_ref=f"membership:{membership.pk}" if membership and basis == AuditBasis.MEMBERSHIP else "",
        status_code=status_code,
        ip_address=_client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:400],
        path=request.get_full_path()[:400],
    )


def audit_record(request, subject: AuditSubject, *, action: AuditAction, part: str, membership,
                 basis: AuditBasis = AuditBasis.MEMBERSHIP, status_code: int = 200) -> AuditEvent:
    event = _event(request, subject, action=action, part=part, basis=basis, membership=membership,
                   status_code=status_code)
    event.save()
    return event


def audit_record_many(request, subjects_with_membership, *, action: AuditAction, part: str,
                      basis: AuditBasis = AuditBasis.MEMBERSHIP, status_code: int = 200) -> int:
    """One row per child shown, in one bulk insert."""
    events = [
        _event(request, subject, action=action, part=part, basis=basis, membership=membership,
               status_code=status_code)
        for subject, membership in subjects_with_membership
    ]
    AuditEvent.objects.bulk_create(events)
    return len(events)


def audit_record_refusal(request, subject: AuditSubject, *, action: AuditAction, part: str,
                         status_code: int = 404) -> AuditEvent:
    """A refused attempt survives the error response: it is committed on its own.

    Requests are not wrapped in a transaction (ATOMIC_REQUESTS is off) and views check access
    before they open one, so this block is the outermost and commits before the 404 is raised.
    """
    with transaction.atomic():
        return audit_record(request, subject, action=action, part=part, membership=None,
                            basis=AuditBasis.NONE, status_code=status_code)


def audit_log_read(request, *, membership, child_id=None) -> AuditEvent:
    """Reading the log is itself a read of the children in it: the officer, what she asked about (the
    child she filtered on, if any; the query is in the path) and when. One row a page."""
    subject = AuditSubject("audit.auditevent", "", child_id, membership.municipality_id if membership else None)
    return audit_record(request, subject, action=AuditAction.VIEW, part=AuditPart.AUDIT_LOG, membership=membership)


def audit_record_system(subject: AuditSubject, *, action: AuditAction, part: str, basis: AuditBasis,
                        actor_name: str) -> AuditEvent:
    """A row for what a job did, not a person (retention's erasure): no request, no actor id."""
    event = AuditEvent(
        actor_id=None, actor_name=actor_name, child_id=subject.child_id, municipality_id=subject.municipality_id,
        object_type=subject.object_type, object_id=str(subject.object_id), action=action, part=part, basis=basis,
        status_code=200,
    )
    event.save()
    return event


def audit_record_rows(request, rows, *, action: AuditAction, status_code: int = 200) -> int:
    """Several parts of one file read by one page, in one insert (the case page: case, visits,
    advice, plan, referrals, handovers, messages). rows: (subject, part, membership, basis) each."""
    events = [
        _event(request, subject, action=action, part=part, basis=basis, membership=membership,
               status_code=status_code)
        for subject, part, membership, basis in rows
    ]
    AuditEvent.objects.bulk_create(events)
    return len(events)
