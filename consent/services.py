"""The one way other apps ask about consent, and recording a paper consent.

`has_valid_consent(child, purpose, party)` is the question every other app asks; the consent
issue replaces what stands behind it (online links, the event log) without changing callers.
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from .models import ConsentParty, ConsentPurpose, PaperConsent, PaperConsentScope

__all__ = ["ConsentParty", "ConsentPurpose", "children_with_valid_consent", "has_valid_consent",
           "paper_consent_record", "paper_consent_withdraw"]


def _valid_scopes(purpose: str, party: str) -> QuerySet:
    today = timezone.localdate()
    return PaperConsentScope.objects.filter(
        purpose=purpose, party=party, consent__withdrawn_at__isnull=True,
        consent__signed_on__lte=today, consent__valid_until__gte=today,
    )


def has_valid_consent(child, purpose: str, party: str) -> bool:
    """Is there a given, current consent for this child whose scope covers purpose and party?"""
    if child is None:
        return False
    child_id = child if isinstance(child, int) else child.pk
    return _valid_scopes(purpose, party).filter(consent__child_id=child_id).exists()


def children_with_valid_consent(purpose: str, party: str) -> QuerySet:
    """The ids of the children with such a consent, as a subquery for filters in SQL."""
    return _valid_scopes(purpose, party).values("consent__child_id")


@transaction.atomic
def paper_consent_record(*, child, signed_by: str, relation: str, signed_on, purposes, parties, scan,
                         validity_days: int, other_guardian_agrees: bool = False, by) -> PaperConsent:
    consent = PaperConsent(
        child=child, signed_by=signed_by, relation=relation, signed_on=signed_on,
        valid_until=signed_on + timedelta(days=validity_days), scan=scan,
        other_guardian_agrees=other_guardian_agrees, recorded_by=by,
    )
    consent.full_clean()
    consent.save()
    PaperConsentScope.objects.bulk_create(
        [PaperConsentScope(consent=consent, purpose=purpose, party=party) for purpose in purposes for party in parties]
    )
    return consent


@transaction.atomic
def paper_consent_withdraw(*, consent: PaperConsent, by) -> PaperConsent:
    if consent.withdrawn_at is None:
        consent.withdrawn_at = timezone.now()
        consent.save(update_fields=["withdrawn_at"])
    return consent


def consents_of(child) -> list[PaperConsent]:
    return list(PaperConsent.objects.filter(child=child).prefetch_related("scopes").select_related("recorded_by"))
