"""What consent announces to the apps above it, so that it never calls into them.

Imports point one way (consent ← casework): casework asks consent through its services, and
consent tells whoever listens that a child's consent changed. What that means for a case (ready to
plan, back to awaiting consent, planned visits cancelled) is decided by casework alone.

`consent_changed` is sent INSIDE the transaction of the change, not on commit: a withdrawal and
the cases it sends back (with their planned visits cancelled) are saved together or not at all, so
no case is ever "planned" while the log says its consent was withdrawn, nor left behind when the
process dies between the commit and an on-commit hook. A listener that fails rolls the consent
change back with it, which is what we want: the guardian gets an error instead of a withdrawal
that the cases did not follow. Listeners only write rows; e-mail they send on commit.

Arguments: `child_id`; `kind`, the event that changed it (``given``, ``refused``, ``withdrawn``,
``expired``); `by`, the professional who recorded it, or None (the guardian herself, or a task).
"""

from django.dispatch import Signal

consent_changed = Signal()


def consent_changed_send(*, child_id: int, kind: str, by=None) -> None:
    from .models import Consent

    consent_changed.send(sender=Consent, child_id=child_id, kind=kind, by=by)
