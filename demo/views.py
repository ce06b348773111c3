from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from accounts.access import login_required

from .selectors import mailbox_for


def _mailbox_enabled():
    if not settings.DEMO_MAILBOX:
        raise Http404


@login_required
def inbox(request):
    _mailbox_enabled()
    return render(request, "demo/inbox.html", {"mails": mailbox_for(request.user)[:200]})


@login_required
def message_detail(request, message_id):
    _mailbox_enabled()
    mail = get_object_or_404(mailbox_for(request.user), pk=message_id)
    return render(request, "demo/message.html", {"mail": mail})
