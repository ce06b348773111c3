from accounts.models import Role
from accounts.selectors import has_role

from .models import MailboxMessage


def mailbox_for(user):
    """Her own mail; a functional administrator reads all of it, so a demo can follow the links
    that go to guardians, who have no account."""
    messages = MailboxMessage.objects.all()
    if has_role(user, Role.FUNCTIONAL_ADMINISTRATOR):
        return messages
    if not user.email:
        return messages.none()
    return messages.filter(recipient=user.email.lower())
