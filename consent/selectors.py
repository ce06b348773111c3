"""What the guardian's pages read, and their audit rows. The guardian is not a user: her rows
carry "guardian" as the actor, so the access log she reads can tell her own visits apart."""

import logging

from django.db.models import Count, Max

from audit.models import AuditAction, AuditBasis, AuditEvent, AuditPart
from audit.services import AuditSubject, audit_record, audit_record_refusal

from .models import Consent, ConsentEventKind, ConsentParty, ConsentPurpose
from .services import consent_state, consent_text_for

logger = logging.getLogger(__name__)


def _subject(consent_request) -> AuditSubject:
    child = consent_request.child
    return AuditSubject(object_type="consent.consentrequest", object_id=str(consent_request.pk), child_id=child.pk,
                        municipality_id=child.group.location.district.municipality_id)


def log_guardian(request, consent_request, action) -> None:
    audit_record(request, _subject(consent_request), action=action, part=AuditPart.CONSENT, membership=None,
                 basis=AuditBasis.CONSENT)


def log_wrong_birth_date(request, consent_request, failures: int) -> None:
    logger.warning("Wrong date of birth on consent link %s (%s in a row) from %s", consent_request.pk, failures,
                   request.META.get("REMOTE_ADDR"))
    audit_record_refusal(request, _subject(consent_request), action=AuditAction.VIEW, part=AuditPart.CONSENT,
                         status_code=403)


def open_purposes(consent_request) -> list[str]:
    """The purposes of her request she has not yet decided on."""
    consents = Consent.objects.filter(request=consent_request).prefetch_related("events")
    decided_by_her = {
        c.purpose for c in consents
        if any(e.guardian_id == consent_request.guardian_id and e.kind != ConsentEventKind.ASKED
               for e in c.events.all())
        or consent_state(c) != ConsentEventKind.ASKED
    }
    return [p for p in consent_request.purposes if p not in decided_by_her]


def guardian_page(consent_request, language) -> dict:
    child = consent_request.child
    consents = list(Consent.objects.filter(child=child).prefetch_related("events").order_by("purpose", "party", "pk"))
    rows = []
    for consent in consents:
        state = consent_state(consent)
        given = [e for e in consent.events.all() if e.kind == ConsentEventKind.GIVEN]
        rows.append({
            "consent": consent, "state": state, "state_label": ConsentEventKind(state).label,
            "purpose_label": ConsentPurpose(consent.purpose).label,
            "party_label": ConsentParty(consent.party).label,
            "signers": [e.signer_name for e in given],
            "valid_until": max((e.valid_until for e in given if e.valid_until), default=None),
            # Only a given, current consent can be withdrawn; while it is asked, she decides in the form.
            "may_withdraw": state == ConsentEventKind.GIVEN,
        })
    return {
        "child": child,
        "texts": [consent_text_for(p, language) for p in consent_request.purposes],
        "consents": rows,
        "access_log": access_log(child),
        **agreed_at_home(child),
    }


def agreed_at_home(child) -> dict:
    """What was agreed for her, in the professionals' own plain words: the advice aimed at the
    guardians and the home part of the newest approach-plan cycle of each case."""
    # consent sits below casework and observations; it reads them at run time only, for her page.
    from casework.models import ApproachPlanCycle
    from observations.models import Advice, AdviceTarget

    advice = list(Advice.objects.filter(case__child=child, target=AdviceTarget.GUARDIAN).order_by("-given_at")
                  .only("text", "given_at"))
    cycles = {}
    for cycle in (ApproachPlanCycle.objects.filter(plan__case__child=child).order_by("plan_id", "-number")
                  .only("plan_id", "number", "goals_home", "agreements_home", "at")):
        cycles.setdefault(cycle.plan_id, cycle)
    home = [c for c in cycles.values() if c.goals_home or c.agreements_home]
    return {"advice_for_guardians": advice, "home_plans": home}


def _professional_reads(child):
    return AuditEvent.objects.filter(child_id=child.pk, actor_id__isnull=False, status_code__lt=400)


def access_log(child, limit=100) -> list[dict]:
    """Who looked at her child's file: professionals only (name, role, organisation), the last
    time and how often; a page opened ten times is one line for her, not ten."""
    from accounts.models import Role

    rows = (_professional_reads(child).values("actor_name", "role", "organisation")
            .annotate(last=Max("at"), times=Count("pk")).order_by("-last")[:limit])
    return [row | {"role_label": Role(row["role"]).label if row["role"] in Role.values else row["role"]}
            for row in rows]


def child_export(child) -> dict:
    """Her child's data in Alert4you, as JSON: the child, guardians, consents with their events,
    the cases and their timelines, and who looked."""
    from casework.models import Case

    cases = Case.objects.filter(child=child).prefetch_related("events").select_related("request")
    return {
        "child": {"first_name": child.first_name, "last_name": child.last_name,
                  "date_of_birth": child.date_of_birth},
        "guardians": [{"name": g.name, "relation": g.relation, "has_parental_authority": g.has_parental_authority,
                       "email": g.email, "phone": g.phone} for g in child.guardians.all()],
        "consents": [{
            "purpose": c.purpose, "party": c.party, "state": consent_state(c), "channel": c.channel,
            "events": [{"kind": e.kind, "at": e.at, "signer_name": e.signer_name, "relation": e.signer_relation,
                        "valid_until": e.valid_until, "text_version": e.text_version,
                        "text_language": e.text_language, "text_sha256": e.text_sha256}
                       for e in c.events.all()],
        } for c in Consent.objects.filter(child=child).prefetch_related("events")],
        "cases": [{
            "number": case.pk, "state": case.state, "question": case.request.question,
            "timeline": [{"kind": e.kind, "at": e.at} for e in case.events.all()],
        } for case in cases],
        "advice_for_guardians": [{"text": a.text, "given_at": a.given_at}
                                 for a in agreed_at_home(child)["advice_for_guardians"]],
        "home_plans": [{"goals_home": c.goals_home, "agreements_home": c.agreements_home, "at": c.at}
                       for c in agreed_at_home(child)["home_plans"]],
        "access_log": [{"at": e.at, "who": e.actor_name, "role": e.role, "organisation": e.organisation,
                        "action": e.action, "part": e.part}
                       for e in _professional_reads(child).order_by("-at")[:1000]],
    }
