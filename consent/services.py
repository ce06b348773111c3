"""The one way other apps ask about consent, and every change to consent.

`has_valid_consent(child, purpose, party)` is the question every other app asks. Behind it stands
an append-only log: a `Consent` per (child, purpose, party) and its `ConsentEvent`s (asked, given,
refused, withdrawn, expired). A consent is valid when enough different guardians gave it (DESIGN
section 5, fixed when it was asked), nobody refused or withdrew it, it has not expired, and no
signature's period has run out. Nothing else is stored about its state.
"""

import logging
from datetime import timedelta

from django.core.mail import EmailMessage, send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import (
    Consent,
    ConsentChannel,
    ConsentEvent,
    ConsentEventKind,
    ConsentParty,
    ConsentPurpose,
    ConsentRequest,
    ConsentSetting,
    ConsentText,
    GuardiansDisagree,
    PaperConsent,
    PaperConsentScope,
)
from .signals import consent_changed_send
from .validity import children_with_valid_consent, consent_state, has_valid_consent

__all__ = ["ConsentParty", "ConsentPurpose", "children_with_valid_consent", "has_valid_consent",
           "paper_consent_record", "paper_consent_withdraw"]

logger = logging.getLogger(__name__)


class ConsentNotGiven(ValueError):
    """Only a given consent can be withdrawn: while it is only asked, saying no is a decision."""

E = ConsentEventKind
# Purposes where one guardian with authority may sign and declare that the other agrees.
ONE_SIGNER_PURPOSES = {ConsentPurpose.OBSERVATION}
ONE_SIGNER_PARTIES = {ConsentParty.SPECIALIST, ConsentParty.YOUTH_NURSE}
PURPOSE_PARTIES = {
    ConsentPurpose.OBSERVATION: [ConsentParty.SPECIALIST, ConsentParty.YOUTH_NURSE],
    ConsentPurpose.REFERRAL: [ConsentParty.REFERRAL_PARTY],
    ConsentPurpose.HANDOVER: [ConsentParty.PRIMARY_SCHOOL],
}


def consents_of_child(child) -> list[Consent]:
    """Every consent of the child with its events, newest first, for the case page and the guardian."""
    return list(Consent.objects.filter(child=child).prefetch_related("events").select_related("request"))


def consents_of(child) -> list[PaperConsent]:
    return list(PaperConsent.objects.filter(child=child).prefetch_related("scopes").select_related("recorded_by"))


def consent_text_for(purpose: str, language: str, setting: str = ConsentSetting.CHILDCARE) -> ConsentText | None:
    """The newest version of the text for this setting (a pupil's guardians read the school's) in the
    guardian's language, else in Dutch; a purpose without a school text falls back to the childcare's."""
    for asked_by in dict.fromkeys((setting, ConsentSetting.CHILDCARE)):
        texts = ConsentText.objects.filter(purpose=purpose, setting=asked_by).order_by("-version")
        if text := texts.filter(language=language).first() or texts.filter(language="nl").first():
            return text
    return None


# Who must sign (DESIGN section 5) ------------------------------------------------------------

def _configuration_of(child):
    try:
        return child.group.location.district.municipality.configuration
    except Exception:  # noqa: BLE001 - a child without a configured municipality gets the defaults
        return None


def signers_required_for(child, purpose: str, party: str) -> int:
    with_authority = child.guardians.filter(has_parental_authority=True).count()
    configuration = _configuration_of(child)
    every = (
        purpose not in ONE_SIGNER_PURPOSES or party not in ONE_SIGNER_PARTIES
        or (configuration is not None and configuration.consent_every_guardian)
        or GuardiansDisagree.objects.filter(child=child).exists()
    )
    return max(1, with_authority) if every else 1


def youth_nurse_is_partner(child) -> bool:
    """Does the child's municipality work with youth nurses on an individual case? Only there is
    sharing with the youth nurse something to ask (and for the guardian to choose)."""
    configuration = _configuration_of(child)
    return configuration is not None and configuration.nurse_involved_before_observation


def parties_to_ask(child, purposes) -> list[str]:
    """The receiving parties a request asks about: the youth nurse only where she is a partner."""
    parties = {party for purpose in purposes for party in PURPOSE_PARTIES[purpose]}
    if not youth_nurse_is_partner(child):
        parties.discard(ConsentParty.YOUTH_NURSE)
    return sorted(parties)


def declaration_needed(consent: Consent, guardian) -> bool:
    """One guardian signs for both (DESIGN section 5): she must declare that the other parent with
    authority agrees. Not when she alone has authority, nor where every guardian signs anyway."""
    return consent.signers_required == 1 and consent.child.guardians.filter(
        has_parental_authority=True).exclude(pk=guardian.pk).exists()


def guardians_disagree_record(*, child, by) -> GuardiansDisagree:
    record, _created = GuardiansDisagree.objects.get_or_create(child=child, defaults={"recorded_by": by})
    return record


# Paper ----------------------------------------------------------------------------------------

def _name_key(name: str) -> str:
    return f"name:{name.strip().lower()}"


def paper_consent_log(paper: PaperConsent) -> list[Consent]:
    """The log entries for a recorded paper form: a consent per scope, a "given" per signature."""
    consents = []
    signers = [(paper.signed_by, paper.relation)]
    if paper.co_signed_by.strip():
        signers.append((paper.co_signed_by, paper.co_relation or ""))
    at = timezone.now()
    for scope in paper.scopes.all():
        consent = Consent.objects.create(
            child_id=paper.child_id, purpose=scope.purpose, party=scope.party, channel=ConsentChannel.PAPER,
            paper=paper, signers_required=signers_required_for(paper.child, scope.purpose, scope.party))
        for name, relation in signers:
            ConsentEvent.objects.create(
                consent=consent, kind=E.GIVEN, at=at, channel=ConsentChannel.PAPER, signer_name=name,
                signer_relation=relation, signer_key=_name_key(name), valid_until=paper.valid_until,
                other_guardian_agrees=paper.other_guardian_agrees, recorded_by=paper.recorded_by)
        consents.append(consent)
    return consents


@transaction.atomic
def paper_consent_record(*, child, signed_by: str, relation: str, signed_on, purposes, parties, scan,
                         validity_days: int, other_guardian_agrees: bool = False, co_signed_by: str = "",
                         co_relation: str = "", by) -> PaperConsent:
    consent = PaperConsent(
        child=child, signed_by=signed_by, relation=relation, signed_on=signed_on,
        valid_until=signed_on + timedelta(days=validity_days), scan=scan,
        other_guardian_agrees=other_guardian_agrees, co_signed_by=co_signed_by or "",
        co_relation=co_relation or "", recorded_by=by,
    )
    consent.full_clean()
    consent.save()
    PaperConsentScope.objects.bulk_create(
        [PaperConsentScope(consent=consent, purpose=purpose, party=party) for purpose in purposes for party in parties]
    )
    paper_consent_log(consent)
    # Casework decides what it means for the child's cases (consent.signals).
    consent_changed_send(child_id=child.pk, kind=E.GIVEN, by=by)
    return consent


@transaction.atomic
def paper_consent_withdraw(*, consent: PaperConsent, by) -> PaperConsent:
    if consent.withdrawn_at is None:
        consent.withdrawn_at = timezone.now()
        consent.save(update_fields=["withdrawn_at"])
        for logged in consent.consents.all():
            ConsentEvent.objects.create(consent=logged, kind=E.WITHDRAWN, channel=ConsentChannel.PAPER,
                                        recorded_by=by)
        consent_changed_send(child_id=consent.child_id, kind=E.WITHDRAWN, by=by)
    return consent


# Online ---------------------------------------------------------------------------------------

def _validity_days(child) -> int:
    configuration = _configuration_of(child)
    return configuration.consent_validity_days if configuration is not None else 365


def guardian_link_path(consent_request: ConsentRequest) -> str:
    from .links import link_token

    return reverse("consent:guardian", args=[link_token(consent_request)])


def guardian_link_url(consent_request: ConsentRequest) -> str:
    """Her link as it leaves the app (e-mail, letter, QR code): absolute, on SITE_URL."""
    from alert4you.links import absolute_url

    return absolute_url(guardian_link_path(consent_request))


def guardian_language(guardian) -> str:
    """The language every page, e-mail and PDF for her is in: hers, as kept on the guardian."""
    from children.models import Guardian

    return guardian.preferred_language if guardian.preferred_language in Guardian.Language.values else "nl"


def guardian_language_set(*, guardian, language: str) -> None:
    """Her choice of language, kept on her: every later e-mail, letter and page speaks it."""
    from children.models import Guardian

    if language not in Guardian.Language.values:
        raise ValueError(language)
    Guardian.objects.filter(pk=guardian.pk).update(preferred_language=language)
    guardian.preferred_language = language


def _send_link(consent_request: ConsentRequest, kind: str):
    """The e-mail carries no child's name: only that there is a question, and the link. It is
    written in her language, whoever or whatever (a pm'er, a nightly task) sends it."""
    from .links import link_days

    email = consent_request.guardian.email
    if not email:
        return
    with translation.override(guardian_language(consent_request.guardian)):
        # Translators: guardian
        subject = {"asked": _("Alert4you: your decision is asked"),
                   # Translators: guardian
                   "new": _("Alert4you: your new link"),
                   # Translators: guardian
                   "reminder": _("Alert4you: a reminder, your decision is still asked"),
                   # Translators: guardian
                   "renew": _("Alert4you: your consent ends soon")}[kind]
        if consent_request.child.group.location.is_school:
            # Translators: guardian
            body = _(
                "Hello,\n\n"
                "The school asks for your decision about help for your child.\n\n"
                "Open your personal link. First you type your child's date of birth. Then you decide: %(url)s\n\n"
                "The link works for %(days)s days. After that you can always ask for a new link.\n\n"
                "You may say yes or no. You can change your mind later."
            )
        else:
            # Translators: guardian
            body = _(
                "Hello,\n\n"
                "The childcare asks for your decision about help for your child.\n\n"
                "Open your personal link. First you type your child's date of birth. Then you decide: %(url)s\n\n"
                "The link works for %(days)s days. After that you can always ask for a new link.\n\n"
                "You may say yes or no. You can change your mind later."
            )
        body = body % {"url": guardian_link_url(consent_request), "days": link_days()}
    transaction.on_commit(lambda: send_mail(subject, body, None, [email]))


# No 0/O, 1/I/L: read off paper and typed on a phone.
SHORT_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def _new_short_code() -> str:
    import secrets

    while True:
        code = "".join(secrets.choice(SHORT_CODE_ALPHABET) for _i in range(10))
        if not ConsentRequest.objects.filter(short_code=code).exists():
            return code


def consent_request_by_code(code: str) -> ConsentRequest | None:
    code = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    return ConsentRequest.objects.filter(short_code=code).first() if code else None


@transaction.atomic
def consent_request_create(*, child, guardian, purposes, parties=None, by, language: str = "",
                           kind: str = "asked") -> ConsentRequest:
    """Ask one guardian, through a link by e-mail, to decide on these purposes for these parties.
    `language`: the pm'er set the guardian's language while sending; it is kept on the guardian."""
    if guardian.child_id != child.pk:
        raise ValueError("The guardian is not this child's guardian.")
    if language:
        guardian_language_set(guardian=guardian, language=language)
    parties = list(parties) if parties else parties_to_ask(child, purposes)
    consent_request = ConsentRequest.objects.create(child=child, guardian=guardian, purposes=list(purposes),
                                                    parties=parties, created_by=by, short_code=_new_short_code())
    for purpose in purposes:
        for party in parties:
            if party not in PURPOSE_PARTIES[purpose]:
                continue
            consent = Consent.objects.create(
                child=child, purpose=purpose, party=party, channel=ConsentChannel.ONLINE, request=consent_request,
                signers_required=signers_required_for(child, purpose, party))
            ConsentEvent.objects.create(consent=consent, kind=E.ASKED, channel=ConsentChannel.ONLINE,
                                        guardian=guardian, recorded_by=by)
    _send_link(consent_request, kind)
    return consent_request


def consent_request_resend(*, consent_request: ConsentRequest, by=None) -> None:
    """A fresh link, always to the address on record: never to one typed in on the page."""
    _send_link(consent_request, "new")


@transaction.atomic
def consent_decide(*, consent_request: ConsentRequest, decisions: dict, signer_name: str, relation: str,
                   language: str, other_guardian_agrees: bool = False, declined_parties=(), ip_address=None,
                   user_agent: str = ""):
    """The guardian gives or refuses each purpose of her request. Returns the receipt (None when
    there was nothing left to decide).

    `declined_parties`: receiving parties she did not choose (the youth nurse left unticked): for
    them a purpose she gives is recorded as refused, so the scope is exactly what she chose."""
    from .receipts import receipt_make

    child = consent_request.child
    guardian = consent_request.guardian
    valid_until = timezone.localdate() + timedelta(days=_validity_days(child))
    shown = {}
    shared_with = {}
    for consent in consent_request.consents.select_for_update():
        decision = decisions.get(consent.purpose)
        if decision not in (E.GIVEN, E.REFUSED) or consent_state(consent) != E.ASKED:
            continue
        text = consent_text_for(consent.purpose, language, ConsentSetting.of(child))
        shown[consent.purpose] = (text, decision)
        kind = E.REFUSED if consent.party in declined_parties else decision
        if kind == E.GIVEN:
            shared_with.setdefault(consent.purpose, []).append(consent.party)
        ConsentEvent.objects.create(
            consent=consent, kind=kind, channel=ConsentChannel.ONLINE, guardian=guardian,
            signer_name=signer_name, signer_relation=relation, signer_key=f"guardian:{guardian.pk}",
            other_guardian_agrees=other_guardian_agrees, valid_until=valid_until if kind == E.GIVEN else None,
            text=text, text_version=text.version if text else None, text_language=text.language if text else "",
            text_sha256=text.sha256 if text else "", ip_address=ip_address, user_agent=(user_agent or "")[:400])
    if not shown:
        # Everything was decided already (a second send that raced the first): no empty receipt.
        return None
    receipt = receipt_make(consent_request=consent_request, shown=shown, signer_name=signer_name,
                           relation=relation, language=language, shared_with=shared_with)
    if guardian.email:
        with translation.override(guardian_language(guardian)):
            message = EmailMessage(
                # Translators: guardian
                _("Alert4you: your decision, as a receipt"),
                # Translators: guardian
                _("Hello,\n\nThank you for your decision. The receipt is attached (PDF).\n\n"
                  "You can change your mind at any time. Use your personal link: %(url)s") % {
                    "url": guardian_link_url(consent_request)},
                None, [guardian.email])
        message.attach(f"alert4you-receipt-{receipt.pk}.pdf", bytes(receipt.pdf), "application/pdf")
        transaction.on_commit(message.send)
    if shown:
        # Casework decides what it means for the child's cases (consent.signals).
        given = any(decision == E.GIVEN for _text, decision in shown.values())
        consent_changed_send(child_id=child.pk, kind=E.GIVEN if given else E.REFUSED)
    return receipt


@transaction.atomic
def consent_withdraw(*, consent: Consent, by_guardian=None, by=None, ip_address=None, user_agent: str = "") -> Consent:
    """Withdrawal stops access at once (the log is read on every request), sends cases back to
    awaiting consent (their planned visits are cancelled there) and tells those involved: both
    decided by casework on the announcement (consent.signals)."""
    state = consent_state(consent)
    if state in (E.WITHDRAWN, E.REFUSED, E.EXPIRED):
        return consent
    if state != E.GIVEN:
        raise ConsentNotGiven(consent.pk)
    ConsentEvent.objects.create(
        consent=consent, kind=E.WITHDRAWN, channel=ConsentChannel.ONLINE if by_guardian else ConsentChannel.PAPER,
        guardian=by_guardian, signer_name=by_guardian.name if by_guardian else "",
        signer_key=f"guardian:{by_guardian.pk}" if by_guardian else "", recorded_by=by,
        ip_address=ip_address, user_agent=(user_agent or "")[:400])
    consent_changed_send(child_id=consent.child_id, kind=E.WITHDRAWN, by=by)
    return consent


@transaction.atomic
def consents_expire() -> int:
    """Write the "expired" event for consents whose period ran out (access already stopped:
    the query compares dates) and announce it, so that casework sends their cases back to
    awaiting consent. Idempotent."""
    today = timezone.localdate()
    lapsed = (Consent.objects.filter(events__kind=E.GIVEN, events__valid_until__lt=today)
              .exclude(events__kind__in=[E.EXPIRED, E.WITHDRAWN, E.REFUSED]).distinct())
    children = set()
    count = 0
    for consent in lapsed:
        ConsentEvent.objects.create(consent=consent, kind=E.EXPIRED, channel=consent.channel)
        children.add(consent.child_id)
        count += 1
    for child_id in sorted(children):
        consent_changed_send(child_id=child_id, kind=E.EXPIRED)
    return count


def consents_renew_remind(*, before_days: int = 30) -> int:
    """A consent given online that ends within `before_days`: its guardian gets a new request
    (a fresh link) to renew it, once per request."""
    from .models import ConsentReminder

    today = timezone.localdate()
    ending = (ConsentRequest.objects.filter(
        consents__events__kind=E.GIVEN, consents__events__valid_until__gte=today,
        consents__events__valid_until__lte=today + timedelta(days=before_days))
        .exclude(reminders__kind="renew").select_related("child", "guardian").distinct())
    sent = 0
    for consent_request in ending:
        if not any(consent_state(c) == E.GIVEN for c in consent_request.consents.prefetch_related("events")):
            continue
        with transaction.atomic():
            _reminder, created = ConsentReminder.objects.get_or_create(request=consent_request, kind="renew")
            if created:
                consent_request_create(child=consent_request.child, guardian=consent_request.guardian,
                                       purposes=consent_request.purposes, parties=consent_request.parties, by=None,
                                       kind="renew")
                sent += 1
    return sent


def consent_requests_remind(*, after_days: int = 3) -> int:
    """Guardians who have not decided a few days after the link went out get a fresh link once."""
    from .models import ConsentReminder

    cutoff = timezone.now() - timedelta(days=after_days)
    sent = 0
    waiting = (ConsentRequest.objects.filter(created_at__lte=cutoff).exclude(reminders__kind="pending")
               .select_related("guardian").prefetch_related("consents__events"))
    for consent_request in waiting:
        if not any(consent_state(c) == E.ASKED for c in consent_request.consents.all()):
            continue
        with transaction.atomic():
            _reminder, created = ConsentReminder.objects.get_or_create(request=consent_request, kind="pending")
            if created:
                _send_link(consent_request, "reminder")
                sent += 1
    return sent
