"""What the guardian's pages read, and their audit rows. The guardian is not a user: her rows
carry "guardian" as the actor, so the access log she reads can tell her own visits apart."""

import logging
from datetime import timedelta

from django.utils import timezone

from audit.models import AuditAction, AuditBasis, AuditEvent, AuditPart
from audit.services import AuditSubject, audit_record, audit_record_refusal

from .models import Consent, ConsentEventKind, ConsentParty, ConsentPurpose, ConsentSetting
from .services import consent_state, consent_text_for

logger = logging.getLogger(__name__)


def _subject(consent_request) -> AuditSubject:
    child = consent_request.child
    return AuditSubject(object_type="consent.consentrequest", object_id=str(consent_request.pk), child_id=child.pk,
                        municipality_id=child.group.location.district.municipality_id)


def log_guardian(request, consent_request, action) -> None:
    audit_record(request, _subject(consent_request), action=action, part=AuditPart.CONSENT, membership=None,
                 basis=AuditBasis.CONSENT)


def log_guardian_refusal(request, object_type: str, object_id, child) -> None:
    """A verified guardian asked for something that is not her child's: refused (404), and the
    attempt logged in its own transaction, on the child it was aimed at when that exists."""
    subject = AuditSubject(object_type=object_type, object_id=str(object_id),
                           child_id=child.pk if child is not None else None,
                           municipality_id=child.group.location.district.municipality_id if child is not None else None)
    audit_record_refusal(request, subject, action=AuditAction.VIEW, part=AuditPart.CONSENT, status_code=404)


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


def decision_rules(consent_request, purposes) -> dict:
    """What the decision form asks besides yes or no: the youth nurse as her own choice (where the
    request asks about her), the declaration that the other parent agrees where one signature
    stands for both, and the purposes every parent with authority signs for themselves."""
    from .services import declaration_needed

    open_consents = [c for c in Consent.objects.filter(request=consent_request, purpose__in=purposes)
                     .select_related("child").prefetch_related("events")
                     if consent_state(c) == ConsentEventKind.ASKED]
    return {
        "nurse_choice": any(c.purpose == ConsentPurpose.OBSERVATION and c.party == ConsentParty.YOUTH_NURSE
                            for c in open_consents),
        "declaration_for": sorted({c.purpose for c in open_consents
                                   if declaration_needed(c, consent_request.guardian)}),
        "every_parent_for": sorted({c.purpose for c in open_consents if c.signers_required > 1}),
    }


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
        "texts": [consent_text_for(p, language, ConsentSetting.of(child)) for p in consent_request.purposes],
        "at_school": child.group.location.is_school,
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


# Rows of one page view follow each other closely (a busy server may take seconds between them);
# a pause longer than this is another look even on a page whose rows never repeat.
LOOK_GAP = timedelta(seconds=30)


def _looks(rows):
    """Count looks, not rows: one page view writes several rows (the case, its consent part, its
    messages ...). A row starts a new look when the person opens another page, pauses, or when the
    same record and part come again (a page logs each part once, so a repeat is the next view)."""
    current = {}
    for row in rows:
        signature = (row["object_type"], row["object_id"], row["action"], row["part"])
        look = current.get(row["actor_id"])
        new = (look is None or look["path"] != row["path"] or row["at"] - look["at"] > LOOK_GAP
               or signature in look["seen"])
        if new:
            look = {"path": row["path"], "seen": set()}
            current[row["actor_id"]] = look
        look["at"] = row["at"]
        look["seen"].add(signature)
        yield row, new


def access_log(child, limit=100, rows_read=5000) -> list[dict]:
    """Who looked at her child's file: one line per professional per day, with her role and
    organisation and how many times she looked that day (six page views are six, whatever number
    of log rows they wrote), newest first."""
    from accounts.models import Role

    newest = list(_professional_reads(child).order_by("-at", "-pk").values(
        "actor_id", "actor_name", "role", "organisation", "path", "at", "object_type", "object_id", "action",
        "part")[:rows_read])
    lines = {}
    for row, new_look in _looks(reversed(newest)):
        day = timezone.localdate(row["at"])
        line = lines.get((row["actor_id"], day))
        if line is None:
            line = lines[(row["actor_id"], day)] = {"actor_name": row["actor_name"], "role": "", "organisation": "",
                                                    "day": day, "times": 0}
            new_look = True
        line["times"] += int(new_look)
        line["last"] = row["at"]
        if row["role"]:
            line["role"], line["organisation"] = row["role"], row["organisation"]
    ordered = sorted(lines.values(), key=lambda line: line["last"], reverse=True)[:limit]
    return [line | {"role_label": Role(line["role"]).label if line["role"] in Role.values else line["role"]}
            for line in ordered]


def _label(choices, value) -> str:
    """The label of a stored value in the reader's language (the value itself if it is unknown)."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value or ""


def child_export(child) -> dict:
    """Everything Alert4you holds about her child that a guardian may see, as JSON (DESIGN 5-6):
    the child, the guardians, every consent request, consent and event (paper ones too), the
    receipts, the cases with their timelines, visits and referrals, what was agreed for home, and
    who looked. Keys are stable English words; each coded value has a `*_label` beside it in her
    language. Left out, on purpose: the professionals' working notes (observation notes, advice
    to the pm'er or the group, messages between professionals), which are about their work on
    the group; and the reporting-code path (meldcode), which the law keeps from the parents.
    Both stay within reach of a formal request to the privacy officer."""
    from casework.models import Case, CaseState, ReferralStatus, ReferralTarget
    from children.models import Guardian
    from observations.models import Visit, VisitKind, VisitStatus

    from .models import ConsentChannel, ConsentReceipt, ConsentRequest, PaperConsent

    cases = list(Case.objects.filter(child=child).prefetch_related("events", "referrals", "handovers")
                 .select_related("request"))
    visits = {}
    for visit in Visit.objects.filter(case__in=cases).order_by("starts_at"):
        visits.setdefault(visit.case_id, []).append(visit)
    agreed = agreed_at_home(child)
    return {
        "child": {"first_name": child.first_name, "last_name": child.last_name,
                  "date_of_birth": child.date_of_birth},
        "guardians": [{"name": g.name, "relation": g.relation, "relation_label": _label(Guardian.Relation, g.relation),
                       "has_parental_authority": g.has_parental_authority, "email": g.email, "phone": g.phone,
                       "preferred_language": g.preferred_language} for g in child.guardians.all()],
        "requests": [{"asked_at": r.created_at, "guardian": r.guardian.name, "purposes": r.purposes,
                      "purpose_labels": [_label(ConsentPurpose, p) for p in r.purposes], "parties": r.parties,
                      "party_labels": [_label(ConsentParty, p) for p in r.parties]}
                     for r in ConsentRequest.objects.filter(child=child).select_related("guardian").order_by("pk")],
        "consents": [{
            "purpose": c.purpose, "purpose_label": _label(ConsentPurpose, c.purpose),
            "party": c.party, "party_label": _label(ConsentParty, c.party),
            "state": consent_state(c), "state_label": _label(ConsentEventKind, consent_state(c)),
            "channel": c.channel, "channel_label": _label(ConsentChannel, c.channel),
            "events": [{"kind": e.kind, "kind_label": _label(ConsentEventKind, e.kind), "at": e.at,
                        "signer_name": e.signer_name, "relation": e.signer_relation,
                        "relation_label": _label(Guardian.Relation, e.signer_relation) if e.signer_relation else "",
                        "other_guardian_agrees": e.other_guardian_agrees,
                        "valid_until": e.valid_until, "text_version": e.text_version,
                        "text_language": e.text_language, "text_sha256": e.text_sha256,
                        "ip_address": e.ip_address, "user_agent": e.user_agent}
                       for e in c.events.all()],
        } for c in Consent.objects.filter(child=child).prefetch_related("events")],
        "paper_consents": [{"signed_by": p.signed_by, "relation": p.relation, "co_signed_by": p.co_signed_by,
                            "signed_on": p.signed_on, "valid_until": p.valid_until, "withdrawn_at": p.withdrawn_at,
                            "scopes": [{"purpose": s.purpose, "purpose_label": _label(ConsentPurpose, s.purpose),
                                        "party": s.party, "party_label": _label(ConsentParty, s.party)}
                                       for s in p.scopes.all()]}
                           for p in PaperConsent.objects.filter(child=child).prefetch_related("scopes")],
        "receipts": [{"number": r.pk, "made_at": r.created_at, "sha256": r.sha256}
                     for r in ConsentReceipt.objects.filter(request__child=child).order_by("pk")],
        "cases": [{
            "number": case.pk, "state": case.state, "state_label": _label(CaseState, case.state),
            "question": case.request.question, "opened_at": case.opened_at, "closed_at": case.closed_at,
            "timeline": [{"kind": e.kind, "at": e.at} for e in case.events.all()],
            "visits": [{"at": v.starts_at, "kind": v.kind, "kind_label": _label(VisitKind, v.kind),
                        "status": v.status, "status_label": _label(VisitStatus, v.status)}
                       for v in visits.get(case.pk, [])],
            "referrals": [{"target": r.target, "target_label": _label(ReferralTarget, r.target),
                           "status": r.status, "status_label": _label(ReferralStatus, r.status),
                           "started_at": r.created_at, "help_started_on": r.help_started_on}
                          for r in case.referrals.all()],
            "handovers": [{"school": h.school_name, "made_at": h.created_at} for h in case.handovers.all()],
        } for case in cases],
        "advice_for_guardians": [{"text": a.text, "given_at": a.given_at} for a in agreed["advice_for_guardians"]],
        "home_plans": [{"goals_home": c.goals_home, "agreements_home": c.agreements_home, "at": c.at}
                       for c in agreed["home_plans"]],
        # Per person per day, how many times she opened the file (what the page shows) ...
        "visits": [{"day": line["day"], "who": line["actor_name"], "role": line["role"],
                    "role_label": str(line["role_label"]),
                    "organisation": line["organisation"], "times": line["times"], "last": line["last"]}
                   for line in access_log(child, limit=1000)],
        # ... and every logged access, complete.
        "access_log": [{"at": e.at, "who": e.actor_name, "role": e.role, "organisation": e.organisation,
                        "action": e.action, "part": e.part}
                       for e in _professional_reads(child).order_by("-at")[:1000]],
    }
