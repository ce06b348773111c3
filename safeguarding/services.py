"""Changing reporting-code paths. Each change validates, writes the entry and its audit row in
one transaction; e-mails name no child and carry no content, only a link."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.models import Membership, Role
from alert4you.links import absolute_url
from audit.models import AuditAction, AuditBasis, AuditPart
from audit.services import audit_record

from .models import TEXT_MAX_LENGTH, MeldcodeEntry, MeldcodePath, Step
from .permissions import acting_membership, may_close, steps_allowed
from .selectors import path_subject

# The fields each step keeps; the rest of the entry stays empty.
STEP_FIELDS = {
    Step.SIGNALS: ("text",),
    Step.CONSULTATION: ("consulted_with", "held_on", "text"),
    Step.ADVICE: ("text",),
    Step.TALK: ("talk_held", "held_on", "text"),
    Step.WEIGHING: ("suspicion", "unsafety", "help_possible", "text"),
    Step.DECISION: ("decision", "text"),
}


# A talk or consultation recorded on a path may predate it (the path is often written up after
# the first phone call), but not by more than a year: 1900 is a typing error (issue 12).
HELD_ON_BEFORE_START = 365


def earliest_held_on(path) -> datetime.date:
    started = timezone.localdate(path.started_at) if path.started_at else timezone.localdate()
    return started - datetime.timedelta(days=HELD_ON_BEFORE_START)


def officers_of(org_fields: dict):
    """The active safeguarding officers of the organisation a path belongs to (given as the path's
    organisation fields): a childcare organisation, a care provider or a youth health service."""
    scope = {name: value for name, value in org_fields.items()
             if name in ("childcare_organisation_id", "care_provider_id", "youth_health_service_id") and value}
    if len(scope) != 1:
        return []
    memberships = Membership.objects.active().filter(role=Role.SAFEGUARDING_OFFICER, **scope)
    return [m.user for m in memberships.select_related("user").order_by("user__last_name", "user__first_name")]


def _officers_of(path):
    return officers_of({"childcare_organisation_id": path.childcare_organisation_id,
                        "care_provider_id": path.care_provider_id,
                        "youth_health_service_id": path.youth_health_service_id})


def _notify(users, path):
    """No child's name and no content: that there is something, and a link into the app."""
    # Absolute, on SITE_URL: a mail client has no page to resolve a bare path against (issue 12).
    url = absolute_url("safeguarding:detail", path.pk)
    subject = _("Alert4you: news on a reporting-code path")
    body = _("There is news on a reporting-code path you are involved in.\n\nOpen it in the app: %(url)s") % {
        "url": url}
    recipients = sorted({u.email for u in users if u.email})
    if recipients:
        transaction.on_commit(lambda: send_mail(subject, body, None, recipients))


def _validate(step, values, path):
    errors = {}
    text = (values.get("text") or "").strip()
    if not text:
        errors["text"] = _("This field is required.")
    elif len(text) > TEXT_MAX_LENGTH:
        errors["text"] = _("Keep this to at most %(limit_value)d characters (it now has %(show_value)d).") % {
            "limit_value": TEXT_MAX_LENGTH, "show_value": len(text)}
    held_on = values.get("held_on")
    if held_on and held_on > timezone.localdate():
        errors["held_on"] = _("A talk that was held cannot be in the future.")
    elif held_on and held_on < earliest_held_on(path):
        errors["held_on"] = _("This date lies more than a year before the path was started (%(date)s).") % {
            "date": formats.date_format(earliest_held_on(path), "j F Y")}
    if step == Step.TALK and values.get("talk_held") and not held_on:
        errors["held_on"] = _("Say when the talk was held.")
    if step == Step.DECISION and not path.entries.filter(step=Step.WEIGHING).exists():
        errors["decision"] = _("Weigh the signals first (step 4), then decide.")
    if errors:
        raise ValidationError(errors)


def meldcode_start(*, request, child, org_fields: dict, signals: str, by) -> MeldcodePath:
    """Start a path on the child with its first step, the signals."""
    with transaction.atomic():
        path = MeldcodePath(child=child, started_by=by, **org_fields)
        _validate(Step.SIGNALS, {"text": signals}, path)
        path.save()
        MeldcodeEntry.objects.create(path=path, step=Step.SIGNALS, by=by, text=signals.strip())
        audit_record(request, path_subject(path), action=AuditAction.CREATE, part=AuditPart.MELDCODE,
                     membership=acting_membership(by, path), basis=AuditBasis.SAFEGUARDING)
        _notify(_officers_of(path), path)
    return path


def meldcode_add_step(*, request, path: MeldcodePath, step: str, values: dict, by) -> MeldcodeEntry:
    """Append one step. Earlier steps are never touched; a closed path takes none."""
    with transaction.atomic():
        path = MeldcodePath.objects.select_for_update().get(pk=path.pk)
        if not path.is_open:
            raise ValidationError(_("This path is closed: it can no longer be changed."))
        if step not in steps_allowed(by, path):
            raise PermissionDenied
        _validate(step, values, path)
        fields = {name: values.get(name) for name in STEP_FIELDS[step]}
        fields["text"] = fields["text"].strip()
        entry = MeldcodeEntry.objects.create(path=path, step=step, by=by, **fields)
        audit_record(request, path_subject(path), action=AuditAction.CREATE, part=AuditPart.MELDCODE,
                     membership=acting_membership(by, path), basis=AuditBasis.SAFEGUARDING)
        if step == Step.ADVICE:
            _notify([path.started_by], path)
        elif step == Step.DECISION:
            _notify(_officers_of(path), path)
    return entry


def meldcode_close(*, request, path: MeldcodePath, by) -> MeldcodePath:
    with transaction.atomic():
        path = MeldcodePath.objects.select_for_update().get(pk=path.pk)
        if not path.is_open:
            raise ValidationError(_("This path is closed: it can no longer be changed."))
        if not may_close(by, path):
            raise PermissionDenied
        if not path.entries.filter(step=Step.DECISION).exists():
            raise ValidationError(_("Record the decision (step 5) before closing the path."))
        path.closed_at = timezone.now()
        path.closed_by = by
        path.save(update_fields=["closed_at", "closed_by"])
        audit_record(request, path_subject(path), action=AuditAction.CHANGE, part=AuditPart.MELDCODE,
                     membership=acting_membership(by, path), basis=AuditBasis.SAFEGUARDING)
    return path
