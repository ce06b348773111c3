"""Faults a person should be told about in plain Dutch instead of meeting the generic 500 page.

- The database is unreachable (restarted, failed over, network gone): the request that hit it gets a
  503 saying what happened to what she sent, and the broken connection is closed so the next request
  opens a fresh one. Django's CONN_HEALTH_CHECKS does the same at the start of every request; this
  also covers the one that was already running when the database went away.
- The disk for uploads is full: `SpaceCheckedStorage` removes the half-written file and raises a
  ValidationError, so a form that shows its service's ValidationErrors (the paper consent form) says
  it next to the form and keeps what was typed; anywhere else the same 503 page explains it.

The middleware comes first in MIDDLEWARE: an error in any layer (the session store is the database
too) reaches Django's handler there as a 500, and `got_request_exception` tells this middleware why.
"""

import errno
import logging
import sys

from csp.middleware import CSPMiddleware
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.signals import got_request_exception
from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.dispatch import receiver
from django.http import HttpResponse
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.template import loader
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

logger = logging.getLogger(__name__)

DATABASE, DISK_FULL = "database", "disk_full"
FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT})
RETRY_AFTER_SECONDS = 60
FAULT_ATTRIBUTE = "_alert4you_fault"


class UploadSpaceFull(ValidationError):
    """An upload found no room on the disk; nothing of it is kept."""


UPLOAD_SPACE_FULL = gettext_lazy(
    "The file was not saved: there is no room left to store files, so nothing of this form was kept. "
    "Tell your functional administrator, and try again later.")


class SpaceCheckedStorage(FileSystemStorage):
    """The file system, but a full disk (or quota) becomes an UploadSpaceFull and leaves no partial file."""

    def _save(self, name, content):
        try:
            return super()._save(name, content)
        except OSError as error:
            if error.errno not in FULL_ERRNOS:
                raise
            try:
                self.delete(name)
            except OSError:
                logger.warning("the partial upload %s could not be removed", name, exc_info=True)
            logger.error("upload refused, the disk is full: %s", error)
            raise UploadSpaceFull(UPLOAD_SPACE_FULL, code="disk_full") from error


def fault_of(error) -> str | None:
    """Which fault an exception is, following the chain of causes (Django wraps the driver's errors)."""
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, OperationalError | InterfaceError):
            return DATABASE
        if isinstance(error, UploadSpaceFull) or (isinstance(error, OSError) and error.errno in FULL_ERRNOS):
            return DISK_FULL
        error = error.__cause__ or error.__context__
    return None


@receiver(got_request_exception, dispatch_uid="alert4you.faults.note")
def _note_fault(sender, request=None, **kwargs):
    # Sent from within Django's except block, so the exception is the one being handled.
    kind = fault_of(sys.exc_info()[1])
    if request is not None and kind and not getattr(request, FAULT_ATTRIBUTE, None):
        setattr(request, FAULT_ATTRIBUTE, kind)


def _drop_broken_connections():
    for connection in connections.all(initialized_only=True):
        # Inside an atomic block (a test's transaction) the connection is not ours to close.
        if not connection.in_atomic_block:
            try:
                connection.close_if_unusable_or_obsolete()
            except DatabaseError:  # the 503 must go out; the next request's health check retries
                logger.warning("closing the broken database connection failed", exc_info=True)


def fault_texts(kind, method):
    if kind == DISK_FULL:
        return _("Saving did not succeed"), _(
            "There is no room left to store files, so what you just sent was not saved. What you saved "
            "earlier is still there. Tell your functional administrator, and try again later.")
    if method in ("GET", "HEAD"):
        return _("This page could not be loaded"), _(
            "The database could not be reached for a moment. What you saved earlier is still there. "
            "Try again in a minute.")
    return _("Saving did not succeed"), _(
        "The database could not be reached for a moment, so what you just sent was not saved. What you "
        "saved earlier is still there. Go back and send it again in a minute: sending it twice does not "
        "save it twice.")


def fault_response(kind, request, replacing=None):
    """The 503 page. `replacing`: the 500 response the inner layers made, whose headers (CSP, frame
    options, no-store, HSTS) the page keeps, since this middleware answers outside theirs."""
    title, text = fault_texts(kind, request.method)
    try:
        # Without the request: its context processors read the database, which may be what is gone.
        body = loader.get_template("503.html").render({"title": title, "text": text})
    except Exception:  # noqa: BLE001 - the fault page must always answer
        logger.warning("the 503 page could not be drawn; answering in plain HTML", exc_info=True)
        body = f'<!doctype html><html lang="nl"><title>{title}</title><h1>{title}</h1><p>{text}</p></html>'
    response = HttpResponse(body, status=503)
    if replacing is not None:
        for header, value in replacing.items():
            if header.lower() not in ("content-type", "content-length"):
                response[header] = value
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    # The layers that add these may not have run (the fault came before them): add them here.
    for middleware in (XFrameOptionsMiddleware, CSPMiddleware):
        response = middleware(_no_view).process_response(request, response)
    patch_cache_control(response, no_store=True, private=True)
    return response


def _no_view(request):  # pragma: no cover - the header middlewares are only asked for process_response
    raise AssertionError("not called")


class FaultsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        kind = getattr(request, FAULT_ATTRIBUTE, None)
        if kind is None or response.status_code < 500:
            return response
        if kind == DATABASE:
            _drop_broken_connections()
        return fault_response(kind, request, replacing=response)
