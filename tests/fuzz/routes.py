"""Every URL of the URL conf, with who may open it and which real objects fill its path.

A URL name missing here makes the fuzz test fail: a new view must say who opens it and with what.
`actors` defaults to what the view's access rule allows (tests/fuzz/engine.py: actors_for); the
`kwargs` provider returns candidate path arguments in order of preference, of objects the actor
may see; the engine keeps the first `limit` that open (status below 400, or 405 for a view that
only takes POST, whose form then comes from another page).
"""

from dataclasses import dataclass, field

from accounts.models import Role

PMER, SPECIALIST, NURSE, COORDINATOR = (str(Role.CHILDCARE_WORKER), str(Role.SPECIALIST), str(Role.YOUTH_NURSE),
                                        str(Role.COORDINATOR))
PRIVACY, SAFEGUARDING, PROGRAMME, ADMIN = (str(Role.PRIVACY_OFFICER), str(Role.SAFEGUARDING_OFFICER),
                                           str(Role.PROGRAMME_COORDINATOR), str(Role.FUNCTIONAL_ADMINISTRATOR))
ALL_ROLES = [PMER, SPECIALIST, NURSE, COORDINATOR, PRIVACY, SAFEGUARDING, PROGRAMME, ADMIN]
AMERSFOORT_COORDINATOR, AMERSFOORT_PMER = "coordinator_amersfoort", "pmer_amersfoort"
NO_SUCH_ID = 2_147_483_000  # for objects the world has none of (a security key): the view's 404 is exercised


@dataclass
class Route:
    kwargs: object = None  # callable(world, user) -> list[dict]; None: no path arguments
    actors: list | None = None  # actor keys; None: from the access rule
    limit: int = 2
    extra_actors: list = field(default_factory=list)


def none(world, user):
    return [{}]


# Providers ---------------------------------------------------------------------------------------

def _cases(user, one_per_state=True):
    from casework.models import Case

    cases = list(Case.objects.visible_to(user).order_by("pk")) if user else []
    if not one_per_state:
        return cases
    seen, chosen = set(), []
    for case in cases:
        if case.state not in seen:
            seen.add(case.state)
            chosen.append(case)
    return chosen + [c for c in cases if c not in chosen]


def case(world, user):
    return [{"case_id": c.pk} for c in _cases(user)]


def child(world, user):
    from children.models import Child

    return [{"child_id": c.pk} for c in Child.objects.visible_to(user).order_by("pk")[:20]]


def referral(world, user):
    from casework.models import Referral

    ids = [c.pk for c in _cases(user, one_per_state=False)]
    referrals = Referral.objects.filter(case_id__in=ids).order_by("pk")
    return [{"case_id": r.case_id, "referral_id": r.pk} for r in referrals]


def handover(world, user):
    from casework.models import Handover

    ids = [c.pk for c in _cases(user, one_per_state=False)]
    handovers = Handover.objects.filter(case_id__in=ids).order_by("pk")
    return [{"case_id": h.case_id, "handover_id": h.pk} for h in handovers]


def advice(world, user):
    from observations.models import Advice

    ids = [c.pk for c in _cases(user, one_per_state=False)]
    return [{"case_id": a.case_id, "advice_id": a.pk}
            for a in Advice.objects.filter(case_id__in=ids).order_by("pk")] if hasattr(Advice, "case") else [
        {"case_id": a.visit.case_id, "advice_id": a.pk}
        for a in Advice.objects.filter(visit__case_id__in=ids).order_by("pk")]


def held_visit(world, user):
    from observations.models import Visit, VisitStatus

    ids = [c.pk for c in _cases(user, one_per_state=False)]
    visits = Visit.objects.filter(case_id__in=ids, status=VisitStatus.HELD).order_by("pk")
    return [{"case_id": v.case_id, "visit_id": v.pk} for v in visits]


def group_visit(world, user):
    from observations.models import Visit, VisitKind

    visits = Visit.objects.filter(kind=VisitKind.PREVENTIVE_VISIT, case__isnull=True).order_by("-pk")[:5]
    return [{"visit_id": v.pk} for v in visits]


def group_visit_advice(world, user):
    from observations.models import Advice

    advice = Advice.objects.filter(case__isnull=True, visit__isnull=False).order_by("-pk")[:5]
    return [{"visit_id": a.visit_id, "advice_id": a.pk} for a in advice]


def days_away(world, user):
    from scheduling.models import BlockedPeriod

    return [{"period_id": b.pk} for b in BlockedPeriod.objects.filter(professional=user).order_by("pk")]


def walk_in_public(world, user):
    from scheduling.models import ScheduledVisit
    from scheduling.permissions import walk_in_public_token

    items = ScheduledVisit.objects.filter(kind="walk_in_hour").order_by("pk")
    return [{"token": walk_in_public_token(item)} for item in items]


def membership(world, user):
    from accounts.models import Membership

    mine = Membership.objects.filter(user=user).values_list("municipality_id", flat=True)
    return [{"membership_id": m.pk} for m in Membership.objects.exclude(user=user).order_by("pk")
            if m.municipality_id in mine or (m.location_id and m.location.district.municipality_id in mine)]


def survey_round(world, user):
    from surveys.models import SurveyRound

    return [{"round_id": r.pk} for r in SurveyRound.objects.visible_to(user).order_by("pk")]


def questionnaire(world, user):
    from surveys.models import Questionnaire

    return [{"questionnaire_id": q.pk} for q in Questionnaire.objects.order_by("pk")]


def meldcode_path(world, user):
    from safeguarding.models import MeldcodePath

    return [{"path_id": p.pk} for p in MeldcodePath.objects.visible_to(user).order_by("pk")]


def meldcode_step(world, user):
    from safeguarding.models import Step

    return [{"path_id": p["path_id"], "step": str(step)} for p in meldcode_path(world, user) for step in Step]


def mail(world, user):
    from demo.selectors import mailbox_for

    return [{"message_id": m.pk} for m in mailbox_for(user).order_by("pk")[:3]]


def plan(world, user):
    return [{"plan_id": world.ids["plan"]}] if "plan" in world.ids else []


def plan_item(world, user):
    from scheduling.models import ScheduledVisit

    if "plan" not in world.ids:
        return []
    return [{"plan_id": world.ids["plan"], "item_id": i.pk}
            for i in ScheduledVisit.objects.filter(plan_id=world.ids["plan"]).order_by("pk")[:3]]


def own_scheduled(world, user):
    from scheduling.models import ScheduledVisit

    return [{"item_id": i.pk} for i in ScheduledVisit.objects.filter(professional=user).order_by("starts_at", "pk")]


def walk_in(world, user):
    return [{"item_id": world.ids["walk_in"]}] if "walk_in" in world.ids else []


def feed(world, user):
    return [{"token": world.tokens[key]} for key in ("feed_specialist", "feed_youth_nurse") if key in world.tokens]


def notification(world, user):
    from notifications.models import Notification

    return [{"notification_id": n.pk} for n in Notification.objects.visible_to(user).order_by("pk")[:2]]


def consent_letter(world, user):
    from consent.models import ConsentRequest

    out = []
    for c in _cases(user, one_per_state=False):
        for r in ConsentRequest.objects.filter(child_id=c.child_id).order_by("pk") if c.child_id else []:
            out.append({"case_id": c.pk, "request_id": r.pk})
    return out


def recorded_consent(world, user):
    from consent.models import PaperConsent

    out = []
    for c in _cases(user, one_per_state=False):
        for p in PaperConsent.objects.filter(child_id=c.child_id).order_by("pk") if c.child_id else []:
            out.append({"case_id": c.pk, "consent_id": p.pk})
    return out


def guardian_token(world, user):
    return [{"token": world.tokens[k]} for k in ("guardian_open", "guardian_decided") if k in world.tokens]


def guardian_decided(world, user):
    return [{"token": world.tokens["guardian_decided"]}] if "guardian_decided" in world.tokens else []


def guardian_withdraw(world, user):
    if "consent_decided" not in world.ids:
        return []
    return [{"token": world.tokens["guardian_decided"], "consent_id": world.ids["consent_decided"]}]


def guardian_receipt(world, user):
    if "receipt" not in world.ids:
        return []
    return [{"token": world.tokens["guardian_decided"], "receipt_id": world.ids["receipt"]}]


def survey_share(world, user):
    return [{"token": world.tokens["survey_share"]}] if "survey_share" in world.tokens else []


def survey_respond(world, user):
    return [{"token": world.tokens["survey_respond"]}] if "survey_respond" in world.tokens else []


def trusted_device(world, user):
    from accounts.models import TrustedDevice

    return [{"device_id": d.pk} for d in TrustedDevice.objects.filter(user=user).order_by("pk")]


def security_key(world, user):
    from django_otp_webauthn.models import WebAuthnCredential

    keys = [{"key_id": k.pk} for k in WebAuthnCredential.objects.filter(user=user).order_by("pk")]
    return keys or [{"key_id": NO_SUCH_ID}]


def password_reset(world, user):
    return [{"uidb64": world.tokens["reset_uidb64"], "token": world.tokens["reset_token"]}]


# The map --------------------------------------------------------------------------------------

GUARDIANS = ["guardian_open", "guardian_decided", "anonymous"]

ROUTES = {
    "home": Route(none, actors=[*ALL_ROLES, "anonymous", "unverified"]),
    "health": Route(none, actors=["anonymous"]),
    "login": Route(none, actors=["anonymous", "unverified"]),
    "second_factor_verify": Route(none, actors=["unverified"]),
    "second_factor_setup": Route(none, actors=["unverified"]),
    "security_key_verify_begin": Route(none, actors=["unverified"]),
    "security_key_verify_complete": Route(none, actors=["unverified"]),
    "security_key_register_begin": Route(none, actors=["unverified"]),
    "security_key_register_complete": Route(none, actors=["unverified"]),
    "logout": Route(none, actors=["unverified", PMER]),
    "security": Route(none, actors=[PMER, ADMIN]),
    "recovery_codes": Route(none, actors=[PMER, ADMIN]),
    "security_key_remove": Route(security_key, actors=[PMER]),
    "trusted_device_revoke": Route(trusted_device, actors=[PMER], limit=1),
    "password_change": Route(none, actors=[PMER, ADMIN]),
    "session_keepalive": Route(none, actors=[PMER]),
    "password_reset": Route(none, actors=["anonymous"]),
    "password_reset_done": Route(none, actors=["anonymous"]),
    "password_reset_confirm": Route(password_reset, actors=["anonymous"]),
    "password_reset_complete": Route(none, actors=["anonymous"]),
    "set_language": Route(none, actors=["anonymous", PMER]),
    "children:list": Route(none),
    "children:create": Route(none),
    "children:detail": Route(child),
    "children:update": Route(child),
    "casework:my_requests": Route(none, extra_actors=[AMERSFOORT_PMER]),
    "casework:request_create": Route(none, extra_actors=[AMERSFOORT_PMER]),
    "casework:caseload": Route(none, extra_actors=["planner"]),
    "casework:overview": Route(none, extra_actors=[AMERSFOORT_COORDINATOR]),
    "casework:detail": Route(case, limit=10, extra_actors=["planner", AMERSFOORT_PMER]),
    "casework:advance": Route(case, limit=1),
    "casework:consent": Route(case, limit=1),
    "casework:assign": Route(case, limit=1, extra_actors=["planner"]),
    "casework:approach_plan": Route(case),
    "casework:referral_start": Route(case),
    "casework:referral_child": Route(referral),
    "casework:referral_answer": Route(referral),
    "casework:referral_started": Route(referral),
    "casework:handover_create": Route(case),
    "casework:handover_download": Route(handover, limit=1),
    "casework:further_consent": Route(case),
    "casework:message_post": Route(case, limit=1),
    "observations:plan": Route(case),
    "observations:record": Route(case),
    "observations:advice": Route(case),
    "observations:evaluate": Route(advice),
    "observations:hours": Route(held_visit),
    "observations:group_visit": Route(group_visit, limit=1),
    "observations:group_visit_advice": Route(group_visit, limit=1),
    "observations:group_visit_evaluate": Route(group_visit_advice, limit=1),
    "accounts:membership_list": Route(none),
    "accounts:membership_create": Route(none),
    "accounts:membership_end": Route(membership, limit=1),
    "audit:event_list": Route(none),
    "surveys:round_list": Route(none),
    "surveys:round_create": Route(none),
    "surveys:round_detail": Route(survey_round, limit=1),
    "surveys:analysis": Route(survey_round, limit=1),
    "surveys:export": Route(survey_round, limit=1),
    "surveys:questionnaire_list": Route(none),
    "surveys:questionnaire_copy": Route(questionnaire, limit=1),
    "surveys:questionnaire_edit": Route(questionnaire, limit=1),
    "surveys:share": Route(survey_share, actors=["anonymous"]),
    "surveys:respond": Route(survey_respond, actors=["anonymous"]),
    "surveys:thanks": Route(none, actors=["anonymous"]),
    "safeguarding:list": Route(none),
    "safeguarding:start": Route(child, limit=1),
    "safeguarding:detail": Route(meldcode_path, limit=1),
    "safeguarding:step_add": Route(meldcode_step, limit=6),
    "safeguarding:close": Route(meldcode_path, limit=1),
    "demo:inbox": Route(none, actors=[PMER, COORDINATOR, ADMIN]),
    "demo:message": Route(mail, actors=[ADMIN], limit=1),
    "scheduling:budgets": Route(none, extra_actors=[AMERSFOORT_COORDINATOR]),
    "scheduling:budget_set": Route(none),
    "scheduling:budget_transfer": Route(none),
    "scheduling:plans": Route(none, extra_actors=[AMERSFOORT_COORDINATOR]),
    "scheduling:plan_detail": Route(plan, limit=1),
    "scheduling:plan_item": Route(plan_item, limit=1),
    "scheduling:plan_publish": Route(plan, limit=1),
    "scheduling:plan_again": Route(plan, limit=1),
    "scheduling:blocked_change": Route(days_away, limit=1),
    "scheduling:blocked_remove": Route(days_away, limit=1),
    "scheduling:walk_in_public": Route(walk_in_public, actors=["anonymous"], limit=1),
    "scheduling:evaluation": Route(none, extra_actors=[AMERSFOORT_COORDINATOR]),
    "scheduling:schedule": Route(none, extra_actors=[AMERSFOORT_COORDINATOR]),
    "scheduling:agenda": Route(none),
    "scheduling:record_held": Route(own_scheduled, limit=1),
    "scheduling:walk_in_create": Route(none),
    "scheduling:walk_in_detail": Route(walk_in, limit=1),
    "scheduling:walk_in_notice": Route(walk_in, limit=1),
    "scheduling:availability": Route(none),
    "scheduling:feed_renew": Route(none),
    "scheduling:feed": Route(feed, actors=["anonymous"]),
    "notifications:list": Route(none, actors=ALL_ROLES),
    "notifications:open": Route(notification, actors=[PMER, SPECIALIST, COORDINATOR], limit=1),
    "notifications:read_all": Route(none, actors=[PMER]),
    "notifications:preferences": Route(none, actors=ALL_ROLES),
    "consent:request_create": Route(case),
    "consent:letter": Route(consent_letter, limit=1),
    "consent:disagree": Route(case, limit=1),
    "consent:withdraw_recorded": Route(recorded_consent, limit=1),
    "consent:code": Route(none, actors=["anonymous"]),
    "consent:guardian": Route(guardian_token, actors=GUARDIANS),
    "consent:guardian_renew": Route(guardian_token, actors=GUARDIANS, limit=1),
    "consent:guardian_renewed": Route(guardian_token, actors=GUARDIANS, limit=1),
    "consent:guardian_withdraw": Route(guardian_withdraw, actors=["guardian_decided"]),
    "consent:guardian_receipt": Route(guardian_receipt, actors=["guardian_decided"]),
    "consent:guardian_export": Route(guardian_decided, actors=["guardian_decided"]),
    "consent:guardian_export_pdf": Route(guardian_decided, actors=["guardian_decided"]),
}


# Each helper app that arrived later keeps its routes in a file of its own, tests/fuzz/routes_<app>.py, defining
# `ROUTES = {url_name: Route(...)}` with the providers above (import them from .routes): new views do not all
# edit this one table at once.
def _merge_app_routes():
    import importlib
    import pkgutil
    from pathlib import Path

    for info in pkgutil.iter_modules([str(Path(__file__).parent)]):
        if info.name.startswith("routes_"):
            ROUTES.update(importlib.import_module(f"{__package__}.{info.name}").ROUTES)


_merge_app_routes()
