from django.db import transaction

from .models import Membership, SecurityEvent, User
from .two_factor import security_event_record


@transaction.atomic
def membership_create(*, form, by) -> Membership:
    """Add a membership for the user with this e-mail address, creating her account if new.

    A new account has no usable password: she sets one through the reset link (login issue).
    """
    email = form.cleaned_data["email"].lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User(username=email, email=email, first_name=form.cleaned_data["first_name"],
                    last_name=form.cleaned_data["last_name"])
        user.set_unusable_password()
        user.save()
    membership = form.save(commit=False)
    membership.user = user
    membership.full_clean()
    membership.save()
    form.save_m2m()
    security_event_record(kind=SecurityEvent.Kind.MEMBERSHIP_ADDED, subject=user, by=by, detail=str(membership))
    return membership


@transaction.atomic
def membership_end(*, membership: Membership, by) -> Membership:
    membership.active = False
    membership.save(update_fields=["active"])
    security_event_record(kind=SecurityEvent.Kind.MEMBERSHIP_ENDED, subject=membership.user, by=by,
                          detail=str(membership))
    return membership
