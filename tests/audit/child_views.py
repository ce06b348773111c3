"""Which views show a child, declared per URL name (issue 15, item 4: NEN 7513 complete).

Every URL of the URL conf that takes a path argument (a child, case, visit, consent, path, token ...)
is declared here: either it SHOWS a child, with the parts of the file its audit row may name, or it
shows NONE, with the reason. tests/audit/test_every_child_view_is_logged.py opens every URL as
every actor of the fuzz route table (tests/fuzz/routes.py) with real objects and checks both
declarations against what the page did: a declared view must write the row (who, which child,
which part, on which basis), and any page on which a child's name appears must have written a row
for that child, declared or not. A URL missing here fails the suite.
"""

from dataclasses import dataclass

from audit.models import AuditPart

P = AuditPart


@dataclass(frozen=True)
class Shows:
    parts: tuple  # at least one row of the page names one of these parts (a case page logs more parts)
    child: bool = True  # False: a list; its rows are checked per child shown, not for one expected child


SHOWS = {
    "children:detail": Shows((P.PROFILE,)),
    "children:update": Shows((P.PROFILE,)),
    "children:list": Shows((P.LIST,), child=False),
    "casework:detail": Shows((P.CASE,)),
    "casework:my_requests": Shows((P.CASE,), child=False),
    "casework:caseload": Shows((P.CASE,), child=False),
    "casework:approach_plan": Shows((P.APPROACH_PLAN, P.CASE)),
    "casework:referral_start": Shows((P.REFERRAL, P.CASE)),
    "casework:referral_child": Shows((P.REFERRAL, P.CASE)),
    "casework:referral_started": Shows((P.REFERRAL, P.CASE)),
    "casework:handover_create": Shows((P.HANDOVER, P.CASE)),
    "casework:handover_download": Shows((P.HANDOVER,)),
    # The warm handover that reached the teacher's school (issue 17 item 5): an export, on consent.
    "casework:handover_received": Shows((P.HANDOVER,)),
    "casework:further_consent": Shows((P.CONSENT, P.CASE)),
    "casework:consent": Shows((P.CONSENT, P.CASE)),
    "casework:referral_answer": Shows((P.REFERRAL, P.CASE)),
    "casework:request_create": Shows((P.LIST, P.PROFILE), child=False),
    "home": Shows((P.CASE, P.LIST, P.MELDCODE), child=False),
    "consent:letter": Shows((P.CONSENT, P.CASE)),
    "consent:guardian": Shows((P.CONSENT,)),
    "consent:guardian_receipt": Shows((P.CONSENT,)),
    "consent:guardian_export": Shows((P.CONSENT, P.PROFILE, P.CASE)),
    "consent:guardian_export_pdf": Shows((P.CONSENT, P.PROFILE, P.CASE)),
    "observations:plan": Shows((P.VISIT, P.CASE)),
    "observations:record": Shows((P.VISIT, P.CASE)),
    "observations:advice": Shows((P.ADVICE, P.CASE)),
    "observations:evaluate": Shows((P.ADVICE, P.CASE)),
    "observations:hours": Shows((P.VISIT, P.CASE)),
    "safeguarding:start": Shows((P.MELDCODE,)),
    "safeguarding:detail": Shows((P.MELDCODE,)),
    "safeguarding:step_add": Shows((P.MELDCODE,)),
    "safeguarding:list": Shows((P.MELDCODE,), child=False),
    "coaching:advice_feedback": Shows((P.ADVICE, P.CASE)),
}

# Views that only take POST: a GET gets 405 and shows nothing (the test checks that it still does);
# the change itself is logged by its service.
POST_ONLY = "only takes POST; the change it makes is logged by its service"

NONE = {
    "casework:advance": POST_ONLY,
    "casework:assign": POST_ONLY,
    "casework:message_post": POST_ONLY,
    "consent:guardian_withdraw": POST_ONLY,
    "consent:request_create": POST_ONLY,
    "consent:disagree": POST_ONLY,
    "consent:withdraw_recorded": POST_ONLY,
    "safeguarding:close": POST_ONLY,
    "consent:guardian_renew": "asks for a fresh link: shows no child",
    "consent:guardian_renewed": "says a fresh link was sent: shows no child",
    "observations:group_visit": "a group visit names no child (DESIGN 5)",
    "observations:group_visit_advice": "advice to a group names no child",
    "observations:group_visit_evaluate": "advice to a group names no child",
    "accounts:membership_end": "a colleague's membership",
    "demo:message": "a demo e-mail: e-mails carry no child's name (DESIGN 6)",
    "notifications:open": "redirects to the page it is about, which logs its own read",
    "password_reset_confirm": "a password reset link",
    "scheduling:blocked_change": "the professional's own days away",
    "scheduling:blocked_remove": "the professional's own days away",
    "scheduling:feed": "a calendar feed carries no child's name (DESIGN 6)",
    "scheduling:plan_again": "a municipality's half-year plan of group visits",
    "scheduling:plan_detail": "a municipality's half-year plan of group visits",
    "scheduling:plan_item": "one group visit of the plan",
    "scheduling:plan_publish": "a municipality's half-year plan of group visits",
    "scheduling:record_held": "a scheduled group visit or walk-in hour",
    "scheduling:walk_in_detail": "a walk-in hour at a location",
    "scheduling:walk_in_notice": "the notice for parents about a walk-in hour",
    "scheduling:walk_in_public": "the public notice about a walk-in hour",
    "security_key_remove": "the user's own security key",
    "trusted_device_revoke": "the user's own trusted device",
    "surveys:analysis": "anonymous questionnaire statistics",
    "surveys:export": "anonymous questionnaire answers",
    "surveys:questionnaire_copy": "a questionnaire",
    "surveys:questionnaire_edit": "a questionnaire",
    "surveys:respond": "an anonymous questionnaire",
    "surveys:round_detail": "a survey round",
    "surveys:share": "a survey's share link",
    "monitoring:export_csv": "programme figures in groups of at least 5 (DESIGN 6), no child",
    "coaching:appointment": "coaching planned with pm'ers of a location, no child",
    "coaching:appointment_record": "recording coaching of pm'ers from a planned appointment, no child",
    "coaching:appointment_cancel": "withdrawing or cancelling coaching planned with pm'ers, no child",
}

# Who reads on which basis: a pm'er through her membership of the location; a specialist or nurse
# through the case she is on, under consent once she sees who the child is (before that only the
# request, on her membership); the reporting code is its own lawful basis; a guardian's link is
# her consent request.
BASES = {
    "childcare_worker": {"membership"}, "pmer_amersfoort": {"membership"},
    "specialist": {"consent", "membership"}, "planner": {"consent", "membership"},
    "youth_nurse": {"consent", "membership"},
    "coordinator": {"membership"}, "coordinator_amersfoort": {"membership"},
    "safeguarding_officer": {"safeguarding"},
    "guardian_open": {"consent"}, "guardian_decided": {"consent"},
    # The teacher: her own pupils on her membership; a handover that reached her school on consent.
    "teacher": {"consent", "membership"},
}
NAMED_BASES = {"specialist": {"consent"}, "planner": {"consent"}, "youth_nurse": {"consent"}}
