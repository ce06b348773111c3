"""Reading reporting-code paths: the one way in to a path, and the lists. Every read writes an
audit row (part MELDCODE, basis SAFEGUARDING); a refused attempt is logged on its own."""

from django.db.models import Prefetch
from django.http import Http404

from audit.models import AuditAction, AuditBasis, AuditPart
from audit.services import AuditSubject, audit_record, audit_record_many, audit_record_refusal
from children.models import Child

from .models import MeldcodeEntry, MeldcodePath
from .permissions import acting_membership, child_ids_named_to, start_basis

OBJECT_TYPE = "safeguarding.meldcodepath"


def path_subject(path: MeldcodePath) -> AuditSubject:
    return AuditSubject(object_type=OBJECT_TYPE, object_id=str(path.pk), child_id=path.child_id,
                        municipality_id=path.child.group.location.district.municipality_id)


def _paths():
    return MeldcodePath.objects.select_related(
        "child__group__location__district", "started_by", "closed_by", "childcare_organisation", "care_provider",
        "youth_health_service",
    )


def access_path_by_id(request, path_id, *, action: AuditAction = AuditAction.VIEW) -> MeldcodePath:
    """The path, or Http404 for both "does not exist" and "not yours". Either way it is logged."""
    try:
        path_id = int(path_id)
        path = (
            _paths().visible_to(request.user)
            .prefetch_related(Prefetch("entries", queryset=MeldcodeEntry.objects.select_related("by")))
            .get(pk=path_id)
        )
    except (MeldcodePath.DoesNotExist, ValueError, TypeError):
        row = MeldcodePath.objects.filter(pk=path_id).values_list(
            "child_id", "child__group__location__district__municipality_id").first() if isinstance(path_id, int) \
            else None
        child_id, municipality_id = row or (None, None)
        audit_record_refusal(request, AuditSubject(OBJECT_TYPE, str(path_id), child_id, municipality_id),
                             action=action, part=AuditPart.MELDCODE)
        raise Http404 from None
    audit_record(request, path_subject(path), action=action, part=AuditPart.MELDCODE,
                 membership=acting_membership(request.user, path), basis=AuditBasis.SAFEGUARDING)
    path.child_named = path.child_id in child_ids_named_to(request.user, [path])
    return path


def paths_for(request, *, child_id=None, limit=200) -> list[MeldcodePath]:
    """The paths the user started or shares as safeguarding officer, open ones first; one audit
    row per path shown, in one insert."""
    paths = _paths().visible_to(request.user)
    if child_id is not None:
        paths = paths.filter(child_id=child_id)
    paths = list(paths.order_by("closed_at", "-started_at", "-pk")[:limit])
    named = child_ids_named_to(request.user, paths)
    for path in paths:
        path.child_named = path.child_id in named
    audit_record_many(request, [(path_subject(p), acting_membership(request.user, p)) for p in paths],
                      action=AuditAction.VIEW, part=AuditPart.MELDCODE, basis=AuditBasis.SAFEGUARDING)
    return paths


def access_child_to_start(request, child_id):
    """The child on whom the user may start a path, with the path's organisation fields and her
    membership; Http404 (logged) when she may not, so that ids leak nothing."""
    child = None
    try:
        child_id = int(child_id)
        child = Child.objects.select_related("group__location__district").get(pk=child_id)
    except (Child.DoesNotExist, ValueError, TypeError):
        pass
    basis = start_basis(request.user, child) if child is not None else None
    if basis is None:
        subject = AuditSubject(OBJECT_TYPE, "", child.pk if child else None,
                               child.group.location.district.municipality_id if child else None)
        audit_record_refusal(request, subject, action=AuditAction.CREATE, part=AuditPart.MELDCODE)
        raise Http404
    org_fields, membership = basis
    child.named = Child.objects.visible_to(request.user).filter(pk=child.pk).exists()
    return child, org_fields, membership


def start_page_record_view(request, child, membership) -> None:
    """The start page shows the child (by name where she may see her): a read under the reporting
    code, logged like every look at a path. A successful start logs its CREATE instead."""
    subject = AuditSubject("children.child", str(child.pk), child.pk, child.group.location.district.municipality_id)
    audit_record(request, subject, action=AuditAction.VIEW, part=AuditPart.MELDCODE, membership=membership,
                 basis=AuditBasis.SAFEGUARDING)
