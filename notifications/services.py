"""The outbox: enqueue a reminder in the caller's transaction; the sweep delivers it.

Delivery guarantees (issue 7): the in-app notification is written exactly once (one-to-one with the
outbox row, created under the row's lock); the e-mail goes at least once, always with the same
Message-ID, so a copy sent again after a crash is recognisable; a failure backs off exponentially;
an item far past due is marked stale instead of sent; a claim left by a crashed worker expires.
"""

import logging
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Case, F, Q, Value, When
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from alert4you.links import absolute_url

from .models import EmailOptOut, Kind, Notification, Outbox, State
from .signals import sweep_checkpoint
from .texts import body_of, title_of

logger = logging.getLogger(__name__)

KINDS = frozenset(Kind.values)
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def _setting(name, default):
    return getattr(settings, name, default)


def stale_after():
    return _setting("NOTIFICATIONS_STALE_AFTER", timedelta(days=2))


def claim_timeout():
    return _setting("NOTIFICATIONS_CLAIM_TIMEOUT", timedelta(minutes=10))


def retry_base():
    return _setting("NOTIFICATIONS_RETRY_BASE", timedelta(minutes=1))




def object_key_of(obj=None, key=""):
    parts = []
    if obj is not None:
        ct = ContentType.objects.get_for_model(obj)
        parts.append(f"{ct.app_label}.{ct.model}:{obj.pk}")
    if key:
        parts.append(key)
    if not parts:
        raise ValueError("A reminder needs an object or a key.")
    return "#".join(parts)


def notification_enqueue(*, kind: str, recipient, due_at, obj=None, key: str = "", url: str = "",
                         about_at=None) -> bool:
    """Write one reminder to the outbox; False when the same (kind, object, due moment, recipient) exists.

    Call it inside the transaction of the change that causes it: it never talks to Celery, so the
    change saves even when Redis is down, and a rolled-back change leaves no reminder behind.
    `due_at` is part of the identity: for "once per threshold" (a budget alert) pass a fixed moment
    and a key naming the threshold (key=f"budget:{budget.pk}:80"), not now(). `url` is a path in
    the app; `about_at` is the moment the text mentions (a visit's start), shown in Amsterdam time.
    """
    if kind not in KINDS:
        raise ValueError(f"Unknown notification kind {kind!r}")
    if timezone.is_naive(due_at):
        raise ValueError("due_at must be an aware datetime")
    object_key = object_key_of(obj, key)
    identity = {"kind": kind, "object_key": object_key, "due_at": due_at, "recipient": recipient}
    if Outbox.objects.filter(**identity).exists():
        return False
    ct = ContentType.objects.get_for_model(obj) if obj is not None else None
    try:
        # A savepoint, so that losing a race to the unique constraint leaves the caller's transaction usable.
        with transaction.atomic():
            Outbox.objects.create(
                **identity, content_type=ct, object_id=obj.pk if obj is not None else None,
                url=url, about_at=about_at,
            )
    except IntegrityError:
        return False
    return True


def notifications_withdraw(*, kind: str, obj=None, key: str = "", keep_due_at=None) -> int:
    """Withdraw the reminders of `kind` about an object that are not yet out (the visit moved or was
    cancelled), except the one due at `keep_due_at`. Call it in the caller's transaction, like enqueue."""
    open_rows = Outbox.objects.filter(kind=kind, object_key=object_key_of(obj, key), state=State.PENDING)
    if keep_due_at is not None:
        open_rows = open_rows.exclude(due_at=keep_due_at)
    return open_rows.update(state=State.WITHDRAWN)


def language_of(user):
    # Users have no language of their own yet; when they get one, it wins.
    return getattr(user, "language", "") or settings.LANGUAGE_CODE


def when_text(moment):
    """In Amsterdam time, whatever the server's zone: it is what the reader's clock shows."""
    if moment is None:
        return ""
    # 24-hour clock and no trailing period (English "10 a.m." would end a sentence twice).
    return date_format(timezone.localtime(moment, AMSTERDAM), "j F Y, H:i")


def message_id_for(outbox):
    domain = _setting("NOTIFICATIONS_MESSAGE_ID_DOMAIN", "alert4you.localhost")
    return f"<outbox-{outbox.pk}-{outbox.created_at:%Y%m%d%H%M%S}@{domain}>"


def email_wanted(outbox, opted_out=frozenset()):
    """`opted_out`: the (user id, kind) pairs of the batch that want no e-mail, read in one query."""
    user = outbox.recipient
    if not user.email or not user.is_active:
        return False
    return (user.pk, outbox.kind) not in opted_out


def email_for(outbox, connection=None):
    user = outbox.recipient
    with translation.override(language_of(user)):
        subject = str(title_of(outbox.kind))
        body = "\n\n".join([
            str(body_of(outbox.kind, when_text(outbox.about_at or outbox.due_at))),
            # Absolute, on SITE_URL: a mail client has no page to resolve a bare path against.
            absolute_url(outbox.url or reverse("notifications:list")),
        ])
    return EmailMessage(subject, body, None, [user.email], headers={"Message-ID": outbox.message_id},
                        connection=connection)


def sweep_batch_size():
    return _setting("NOTIFICATIONS_SWEEP_BATCH", 100)


def outbox_claim_due(*, now=None, limit=200):
    """Claim due items for this worker; mark those far past due stale. Returns the claimed ids.

    SKIP LOCKED lets two sweeps run at once without taking the same row; a claim older than the
    timeout belongs to a worker that died, so it is taken again. Three queries, however many are due.
    """
    now = now or timezone.now()
    due = Outbox.objects.filter(due_at__lte=now).filter(
        Q(state=State.PENDING)
        | Q(state=State.CLAIMED, claimed_at__lt=now - claim_timeout())
        | Q(state=State.FAILED, next_attempt_at__lte=now)
    )
    with transaction.atomic():
        rows = list(
            due.select_for_update(skip_locked=True).order_by("due_at", "pk").values_list("pk", "due_at")[:limit]
        )
        stale = [pk for pk, due_at in rows if due_at < now - stale_after()]
        claimed = [pk for pk, due_at in rows if due_at >= now - stale_after()]
        if stale:
            Outbox.objects.filter(pk__in=stale).update(state=State.STALE, claimed_at=None)
        if claimed:
            Outbox.objects.filter(pk__in=claimed).update(
                state=State.CLAIMED, claimed_at=now, attempts=F("attempts") + 1
            )
    return claimed


def outbox_deliver_batch(*, outbox_ids, claimed_at=None) -> dict:
    """Deliver claimed items together: in-app exactly once, then each e-mail at least once.

    A fixed number of queries per batch, not per item: lock and read the batch (with recipients),
    give the new ones their Message-ID, write the in-app notifications (the one-to-one with the outbox
    row makes a second write a no-op), read the batch's opt-outs, send, then mark failures and
    deliveries. `claimed_at` (the sweep's own claim) leaves alone an item another sweep took over
    after this one's claim expired. Returns how many items reached each state.

    A crash after some e-mails left and before they were marked sends those again when the claim
    expires, with the same Message-ID (at least once); never a second in-app notification.
    """
    if not outbox_ids:
        return {}
    with transaction.atomic():
        rows = Outbox.objects.select_for_update(of=("self",)).select_related("recipient").filter(
            pk__in=outbox_ids, state=State.CLAIMED)
        if claimed_at is not None:
            rows = rows.filter(claimed_at=claimed_at)
        batch = list(rows.order_by("due_at", "pk"))
        if not batch:
            return {}
        new_ids = [o for o in batch if not o.message_id]
        for outbox in new_ids:
            outbox.message_id = message_id_for(outbox)
        if new_ids:
            Outbox.objects.bulk_update(new_ids, ["message_id"])
        Notification.objects.bulk_create(
            [Notification(outbox=o, recipient=o.recipient, kind=o.kind, url=o.url, about_at=o.about_at)
             for o in batch],
            ignore_conflicts=True,
        )
    for outbox in batch:
        sweep_checkpoint.send(sender=Outbox, point="in_app_written", outbox_id=outbox.pk)

    opted_out = set(EmailOptOut.objects.filter(user_id__in={o.recipient_id for o in batch},
                                               kind__in={o.kind for o in batch}).values_list("user_id", "kind"))
    connection = get_connection()
    emailed, failed = [], []
    for outbox in batch:
        if outbox.emailed_at is not None or not email_wanted(outbox, opted_out):
            continue
        try:
            email_for(outbox, connection).send()
        except Exception as error:  # noqa: BLE001 — any failure of the mail server means: try later
            delay = retry_base() * (2 ** max(outbox.attempts - 1, 0))
            outbox.state, outbox.claimed_at = State.FAILED, None
            outbox.next_attempt_at = timezone.now() + delay
            outbox.last_error = f"{type(error).__name__}: {error}"[:2000]
            failed.append(outbox)
            logger.warning("notification e-mail %s failed, retry in %s", outbox.pk, delay)
            continue
        emailed.append(outbox.pk)
        sweep_checkpoint.send(sender=Outbox, point="email_sent", outbox_id=outbox.pk)
    try:
        connection.close()
    except Exception:  # noqa: BLE001 — the messages are out; a failing QUIT changes nothing
        logger.warning("closing the mail connection failed", exc_info=True)

    now = timezone.now()
    if failed:
        Outbox.objects.bulk_update(failed, ["state", "claimed_at", "next_attempt_at", "last_error"])
    failed_ids = {o.pk for o in failed}
    delivered = [o.pk for o in batch if o.pk not in failed_ids]
    if delivered:
        Outbox.objects.filter(pk__in=delivered).update(
            state=State.SENT, sent_at=now, claimed_at=None, last_error="",
            emailed_at=Case(When(pk__in=emailed, then=Value(now)), default=F("emailed_at")),
        )
    counts = {}
    if delivered:
        counts[State.SENT] = len(delivered)
    if failed:
        counts[State.FAILED] = len(failed)
    return counts


def outbox_deliver(*, outbox_id):
    """Deliver one claimed item (a batch of one). Returns its new state."""
    counts = outbox_deliver_batch(outbox_ids=[outbox_id])
    if counts:
        return next(iter(counts))
    return Outbox.objects.filter(pk=outbox_id).values_list("state", flat=True).first()


def outbox_sweep(*, now=None, limit=200):
    """Claim what is due and deliver it in batches; returns how many items reached each state."""
    now = now or timezone.now()
    counts = {}
    batch = sweep_batch_size()
    claimed = outbox_claim_due(now=now, limit=limit)
    for start in range(0, len(claimed), batch):
        for state, n in outbox_deliver_batch(outbox_ids=claimed[start:start + batch], claimed_at=now).items():
            counts[state] = counts.get(state, 0) + n
    return counts


def notification_mark_read(*, notification, by):
    if notification.recipient_id != by.pk:
        raise PermissionError("Only the recipient marks her notification read.")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, by):
    return Notification.objects.visible_to(by).unread().update(read_at=timezone.now())


def email_preferences_set(*, user, email_kinds, by):
    """She gets e-mail for `email_kinds` only; in-app notifications always come."""
    if user.pk != by.pk:
        raise PermissionError("Only she sets her own e-mail preferences.")
    wanted = set(email_kinds)
    with transaction.atomic():
        EmailOptOut.objects.filter(user=user, kind__in=wanted).delete()
        existing = set(EmailOptOut.objects.filter(user=user).values_list("kind", flat=True))
        EmailOptOut.objects.bulk_create(
            [EmailOptOut(user=user, kind=kind) for kind in sorted(KINDS - wanted - existing)]
        )
