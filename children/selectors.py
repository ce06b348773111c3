"""The one way in to a child's record, and lists of children; each writes the audit trail."""

from django.db.models import Q
from django.http import Http404

from audit.models import AuditAction, AuditPart
from audit.services import AuditSubject, audit_record, audit_record_many, audit_record_refusal

from .models import Child
from .permissions import membership_basis

OBJECT_TYPE = "children.child"


def child_subject(child: Child) -> AuditSubject:
    return AuditSubject(
        object_type=OBJECT_TYPE, object_id=str(child.pk), child_id=child.pk,
        municipality_id=child.group.location.district.municipality_id,
    )


def _refused_subject(child_id) -> AuditSubject:
    municipality_id = (
        Child.objects.filter(pk=child_id).values_list("group__location__district__municipality_id", flat=True).first()
    )
    return AuditSubject(object_type=OBJECT_TYPE, object_id=str(child_id), child_id=child_id,
                        municipality_id=municipality_id)


def access_child_by_id(request, child_id, *, part: str, action: AuditAction = AuditAction.VIEW) -> Child:
    """The child, or Http404 for both "does not exist" and "not yours". Either way it is logged."""
    try:
        child_id = int(child_id)
        child = (
            Child.objects.visible_to(request.user).with_location().prefetch_related("guardians").get(pk=child_id)
        )
    except (Child.DoesNotExist, ValueError, TypeError):
        audit_record_refusal(request, _refused_subject(child_id if isinstance(child_id, int) else None),
                             action=action, part=part)
        raise Http404 from None
    audit_record(request, child_subject(child), action=action, part=part,
                 membership=membership_basis(request.user, child))
    return child


def children_for_list(request, *, location_id=None, group_id=None, search: str = "") -> list[Child]:
    """The children the user may see, filtered in SQL; one audit row per child shown."""
    children = Child.objects.visible_to(request.user).with_location()
    if location_id:
        children = children.filter(group__location_id=location_id)
    if group_id:
        children = children.filter(group_id=group_id)
    if search:
        children = children.filter(Q(first_name__icontains=search) | Q(last_name__icontains=search))
    children = list(children.order_by("group__location__name", "group__name", "last_name", "first_name"))
    audit_record_many(
        request,
        [(child_subject(c), membership_basis(request.user, c)) for c in children],
        action=AuditAction.VIEW,
        part=AuditPart.LIST,
    )
    return children
