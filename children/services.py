from django.db import transaction

from audit.models import AuditAction, AuditPart
from audit.services import audit_record

from .models import Child
from .permissions import membership_basis
from .selectors import child_subject


@transaction.atomic
def child_save(*, request, child: Child, guardians_formset=None, part: str = AuditPart.PROFILE) -> Child:
    """Create or change a child (and her guardians) and write the audit row in one transaction."""
    action = AuditAction.CREATE if child.pk is None else AuditAction.CHANGE
    child.full_clean()
    child.save()
    if guardians_formset is not None:
        guardians_formset.instance = child
        guardians_formset.save()
    child = Child.objects.with_location().get(pk=child.pk)
    audit_record(request, child_subject(child), action=action, part=part,
                 membership=membership_basis(request.user, child))
    return child
