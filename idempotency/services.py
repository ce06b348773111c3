"""The resubmission guard.

A POST is identified by who sent it (the user, or the session for a guardian on her link), the
path and the form's content (the CSRF token left out, since it changes per page load). The first
such POST claims the key in its own committed row before the view runs, so a second one that
arrives while the first is still running (a double click) waits for it instead of racing it. When
the view answers with a redirect, the row keeps where it led; the same POST again within
``WINDOW`` redirects there with a message and creates nothing. A view that answers otherwise (a
form with errors, a refusal), or redirects with a warning or error message, releases the key, so
correcting and resending works as usual.
"""

import hashlib
import time
from datetime import timedelta
from functools import wraps

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import FormSubmission

WINDOW = timedelta(minutes=30)
# How long a second POST waits for a first one that is still running.
WAIT_SECONDS = 10
# A claim this old without a result was left by a request that died.
ABANDONED = timedelta(minutes=2)
IGNORED_FIELDS = frozenset({"csrfmiddlewaretoken"})


def submission_key(request) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        who = f"user:{user.pk}"
    else:
        session = getattr(request, "session", None)
        who = f"session:{session.session_key if session is not None else ''}"
    digest = hashlib.sha256()
    digest.update(who.encode())
    digest.update(b"\0" + request.path.encode())
    for name in sorted(request.POST):
        if name in IGNORED_FIELDS:
            continue
        for value in request.POST.getlist(name):
            digest.update(b"\0" + name.encode() + b"=" + value.encode())
    for name in sorted(request.FILES):
        for upload in request.FILES.getlist(name):
            digest.update(b"\0" + name.encode() + b"@" + f"{upload.name}:{upload.size}".encode())
            for chunk in upload.chunks():
                digest.update(chunk)
            upload.seek(0)
    return digest.hexdigest()


def _claim(key: str):
    """Claims the key; returns None when claimed, else the earlier submission."""
    now = timezone.now()
    for _attempt in range(2):
        try:
            with transaction.atomic():
                FormSubmission.objects.create(key=key, created_at=now)
            return None
        except IntegrityError:
            earlier = FormSubmission.objects.filter(key=key).first()
            if earlier is None:
                continue
            expired = earlier.created_at < now - WINDOW
            abandoned = not earlier.location and earlier.created_at < now - ABANDONED
            if expired or abandoned:
                FormSubmission.objects.filter(pk=earlier.pk).delete()
                continue
            return earlier
    return FormSubmission.objects.filter(key=key).first()


def _wait_for(earlier):
    deadline = time.monotonic() + WAIT_SECONDS
    while not earlier.location and time.monotonic() < deadline:
        time.sleep(0.2)
        refreshed = FormSubmission.objects.filter(pk=earlier.pk).first()
        if refreshed is None:
            return None
        earlier = refreshed
    return earlier


def _warnings(request) -> int:
    """How many warnings or errors the request has queued for the next page.

    A view that refuses a form with a message and a redirect saved nothing: sending the same form
    again once it can succeed must not be taken for a resubmission.
    """
    storage = getattr(request, "_messages", None)
    queued = getattr(storage, "_queued_messages", None) or []
    return sum(1 for message in queued if message.level >= messages.WARNING)


def once_per_submission(view):
    @wraps(view)
    def guarded(request, *args, **kwargs):
        if request.method != "POST":
            return view(request, *args, **kwargs)
        key = submission_key(request)
        earlier = _claim(key)
        if earlier is not None:
            earlier = _wait_for(earlier) if not earlier.location else earlier
            if earlier is not None and earlier.location:
                messages.info(request, _("This was already saved; sending it again saved nothing twice."))
                return HttpResponseRedirect(earlier.location)
            # The first one failed or is still busy: handle this one as a fresh submission.
            return view(request, *args, **kwargs)
        response = None
        warned_before = _warnings(request)
        try:
            response = view(request, *args, **kwargs)
        finally:
            saved = (response is not None and response.status_code in (301, 302, 303) and response.get("Location")
                     and _warnings(request) == warned_before)
            if saved:
                FormSubmission.objects.filter(key=key).update(location=response["Location"])
            else:
                FormSubmission.objects.filter(key=key).delete()
        return response

    guarded.once_per_submission = True
    return guarded


def submissions_prune(*, now=None) -> int:
    """Removes what no resubmission can match any more; run by the hourly task."""
    now = now or timezone.now()
    deleted, _details = FormSubmission.objects.filter(created_at__lt=now - WINDOW).delete()
    return deleted
