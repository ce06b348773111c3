"""Is a consent valid, read from its append-only log: the question every other app asks.

A consent is valid when enough different guardians gave it (DESIGN section 5, fixed when it was
asked), nobody refused or withdrew it, it has not expired, and no signature's period has run out.
"""

from functools import lru_cache

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import Consent, ConsentEvent, ConsentEventKind

E = ConsentEventKind


def _given_signers():
    return (ConsentEvent.objects.filter(consent=OuterRef("pk"), kind=E.GIVEN).order_by()
            .values("consent").annotate(n=Count("signer_key", distinct=True)).values("n"))


def _ending_events(today):
    return ConsentEvent.objects.filter(consent=OuterRef("pk")).filter(
        Q(kind__in=[E.REFUSED, E.WITHDRAWN, E.EXPIRED]) | Q(kind=E.GIVEN, valid_until__lt=today))


def valid_consents(purpose: str | None = None, party: str | None = None, *, today=None) -> QuerySet:
    today = today or timezone.localdate()
    qs = Consent.objects.all()
    if purpose:
        qs = qs.filter(purpose=purpose)
    if party:
        qs = qs.filter(party=party)
    return (qs.annotate(signers=Coalesce(Subquery(_given_signers()), 0))
            .filter(signers__gte=F("signers_required")).exclude(Exists(_ending_events(today))))


def valid_consent_exists(child_ref, purpose: str, party: str) -> Exists:
    """The same question as an `Exists` correlated on the row at hand: `child_ref` names the outer
    row's child id (e.g. "child_id", "case__child_id"). PostgreSQL answers it per row through the
    (child, purpose, party) index, instead of building the set of every consented child in the
    country first (what `children_with_valid_consent` in a filter did)."""
    return _valid_consent_exists(child_ref, purpose, party, timezone.localdate())


@lru_cache(maxsize=512)
def _valid_consent_exists(child_ref, purpose, party, today) -> Exists:
    # Built once per question and day: a case page asks the same few questions about ten times, and
    # building the queryset cost more than running it (scripts/bench profile). Sharing is safe: an
    # expression is copied whenever a query resolves it, and an Exists is never evaluated itself;
    # the answer is still read from the database on every use. `today` is in the key because the
    # expression holds the day a signature's period is compared with.
    return Exists(valid_consents(purpose, party, today=today).filter(child_id=OuterRef(child_ref)))


def has_valid_consent(child, purpose: str, party: str) -> bool:
    """Is there a given, current consent for this child whose scope covers purpose and party?"""
    if child is None:
        return False
    child_id = child if isinstance(child, int) else child.pk
    return valid_consents(purpose, party).filter(child_id=child_id).exists()


def children_with_valid_consent(purpose: str, party: str) -> QuerySet:
    """The ids of the children with such a consent, as a subquery for filters in SQL. It lists the
    whole country: in a filter on a row, use `valid_consent_exists` instead."""
    return valid_consents(purpose, party).values("child_id")


def consent_state(consent: Consent, today=None) -> str:
    """Where a consent stands, from its events: asked, given, refused, withdrawn or expired."""
    today = today or timezone.localdate()
    events = list(consent.events.all())
    kinds = {e.kind for e in events}
    for ending in (E.WITHDRAWN, E.REFUSED, E.EXPIRED):
        if ending in kinds:
            return ending
    given = [e for e in events if e.kind == E.GIVEN]
    if any(e.valid_until and e.valid_until < today for e in given):
        return E.EXPIRED
    if len({e.signer_key for e in given}) >= consent.signers_required:
        return E.GIVEN
    return E.ASKED


