"""The authorization matrix, one row per URL name: who gets what, for which object.

Read a row as: `roles(kind, pmer="200 200 404 404 404", ...)`: a view behind roles; for each actor
named, one outcome per column of the kind, in the order of the columns below; the actors not named
get the defaults of the constructor (tests/authz/table.py): for `roles` 403 for every other
professional role (before any object is looked up), "login" for a guardian and an anonymous visitor,
"2fa" for a professional who typed only her password; `logged_in` gives every professional 200;
`anyone` (a public view) gives everyone its first outcome. Outcomes are explained in table.py.

Actors: pmer, specialist, nurse, coordinator, programme (the programme coordinator), privacy (the
privacy officer), safeguarding (the safeguarding officer of the pm'er's childcare organisation),
admin (the functional administrator), coach (the pedagogical coach of Spelerwijs), teacher (the
teacher of the primary school Obs De Wiekslag, issue 17 item 5: the pm'er's objects are at another
location for her, so 404 where the pm'er gets them; her own handover row is in matrix_school.py): all of
Hoogeveen; guardian (a guardian who passed her link's
date-of-birth check); anonymous; unverified (the pm'er with her password only).

Columns (tests/authz/objects.py):
  case, child .......... own  other_case  other_location  other_municipality  closed
  referral ............. own  other_municipality
  advice ............... own  other_municipality  closed
  held_visit ........... own  other_location  other_municipality  closed
  consent_letter ....... own  other_case
  handover ............. closed
  days_away, own_scheduled, membership, meldcode_path, meldcode_step, notification, trusted_device,
  guardian_token ....... own  other
  everything else ...... one column

Every URL is opened with GET, except the rows with method="POST": views that only take POST and
act on an object (advance, assign, message, close a path, revoke a device, ...), which get an empty
POST (rolled back), so their object check is in the table too: "409"/"200"/"redirect" mean the
request got past every access check and was refused for its (empty) content or done, "404" that the
object is not hers. The other POST-only views answer 405 to a GET from the roles that pass the role
check and 403 to the others.

Why a few cells read as they do (DESIGN section 6):
- a coordinator opens every Hoogeveen case page (metadata, never the child), none of Amersfoort;
- the Hoogeveen nurse is attached to the Hoogeveen cases of both locations, so other_case and
  other_location are hers too; she sees no Amersfoort case;
- closed: the case stays readable to its specialist and nurse while the consent that covered them
  holds (case page, handover PDF), and every change is refused (403, or back to the case page
  with a message: "redirect"); the closed case is at another location than the pm'er's (404);
- a reporting-code path shows only to its author and her organisation's safeguarding officer.

A cell where the product does not do what DESIGN asks is marked in the row's `xfail` with the reason
and "FOR <owner>" (and a request in /work/notes/requests.md); it turns red once fixed. None is open:
the one disagreement the issue named (a closed case shown while its list said otherwise) was made one
rule by the access helper before this table was written (docs/visibility.md).

Other helpers keep the rows of their own URLs in tests/authz/matrix_<name>.py (MATRIX = {...}), merged
below.
"""

from .table import anyone, logged_in, roles

MATRIX = {
    "accounts:membership_create": roles("none", coordinator="200"),
    "accounts:membership_end": roles("membership", method="POST", coordinator="200 404"),
    "accounts:membership_list": roles("none", coordinator="200"),
    "audit:event_list": roles("none", privacy="200"),
    "casework:advance": roles(
        "case", method="POST",
        pmer="409 409 404 404 404",
        specialist="409 404 404 404 409",
        nurse="409 409 409 404 409",
        teacher="404 404 404 404 404",
    ),
    "casework:approach_plan": roles("case", specialist="200 404 404 404 redirect", nurse="200 200 200 404 redirect"),
    "casework:assign": roles(
        "case", method="POST",
        specialist="409 404 404 404 403",
        coordinator="409 409 409 404 403",
    ),
    "casework:caseload": roles("none", specialist="200", nurse="200"),
    "casework:consent": roles(
        "case",
        pmer="redirect redirect 404 404 404",
        specialist="redirect 404 404 404 redirect",
        nurse="redirect redirect redirect 404 redirect",
        teacher="404 404 404 404 404",
    ),
    "casework:detail": roles(
        "case",
        pmer="200 200 404 404 404",
        specialist="200 404 404 404 200",
        nurse="200 200 200 404 200",
        coordinator="200 200 200 404 200",
        teacher="404 404 404 404 404",
    ),
    "casework:further_consent": roles(
        "case",
        pmer="200 200 404 404 404",
        specialist="200 404 404 404 redirect",
        nurse="200 200 200 404 redirect",
        teacher="404 404 404 404 404",
    ),
    "casework:handover_create": roles(
        "case",
        specialist="200 404 404 404 redirect",
        nurse="200 200 200 404 redirect",
    ),
    "casework:handover_download": roles("handover", pmer="404", specialist="200", nurse="200", teacher="404"),
    "casework:message_post": roles(
        "case", method="POST",
        pmer="200 200 404 404 404",
        specialist="200 404 404 404 200",
        nurse="200 200 200 404 200",
        teacher="404 404 404 404 404",
    ),
    "casework:my_requests": roles("none", pmer="200", teacher="200"),
    "casework:overview": roles("none", coordinator="200"),
    "casework:referral_answer": roles("referral", pmer="redirect 404", specialist="redirect 404", nurse="200 404",
                                      teacher="404 404"),
    "casework:referral_child": roles("referral", pmer="redirect 404", teacher="404 404"),
    "casework:referral_start": roles(
        "case",
        pmer="redirect redirect 404 404 404",
        specialist="redirect 404 404 404 redirect",
        nurse="200 200 200 404 redirect",
        teacher="404 404 404 404 404",
    ),
    "casework:referral_started": roles("referral", pmer="redirect 404", specialist="redirect 404", nurse="200 404",
                                       teacher="404 404"),
    "casework:request_create": roles("none", pmer="200", teacher="200"),
    "children:create": roles("none", pmer="200", teacher="200"),
    "children:detail": roles("child", pmer="200 200 404 404 404", teacher="404 404 404 404 404"),
    "children:list": roles("none", pmer="200", teacher="200"),
    "children:update": roles("child", pmer="200 200 404 404 404", teacher="404 404 404 404 404"),
    "coaching:advice_feedback": roles("advice", specialist="200 404 200"),
    "consent:code": anyone("none", "200"),
    "consent:disagree": roles("case", method="POST", pmer="redirect redirect 404 404 404",
                              teacher="404 404 404 404 404"),
    "consent:guardian": anyone("guardian_token", "dob", guardian="200 dob"),
    "consent:guardian_export": anyone("guardian_token", "404", guardian="200 404"),
    "consent:guardian_export_pdf": anyone("guardian_token", "404", guardian="200 404"),
    "consent:guardian_receipt": anyone("guardian_receipt", "404", guardian="200"),
    "consent:guardian_renew": anyone("guardian_token", "405"),
    "consent:guardian_renewed": anyone("guardian_token", "200"),
    "consent:guardian_withdraw": anyone("guardian_withdraw", "405"),
    "consent:letter": roles("consent_letter", pmer="200", teacher="404 404"),
    "consent:request_create": roles("case", method="POST", pmer="redirect redirect 404 404 404",
                                    teacher="404 404 404 404 404"),
    "consent:withdraw_recorded": roles("recorded_consent", pmer="405", teacher="405"),
    "demo:inbox": logged_in("none"),
    "demo:message": logged_in("mail", everyone="404", admin="200"),
    "health": anyone("none", "200"),
    "home": logged_in("none"),
    "login": anyone("none", "redirect", guardian="200", anonymous="200"),
    "logout": anyone("none", "405", guardian="login", anonymous="login"),
    "monitoring:export_csv": roles("monitoring_table", coordinator="200", programme="200"),
    "notifications:list": logged_in("none"),
    "notifications:open": logged_in(
        "notification", method="POST",
        pmer="redirect 404",
        specialist="404 redirect",
        nurse="404",
        coordinator="404",
        programme="404",
        privacy="404",
        safeguarding="404",
        admin="404",
        coach="404",
        teacher="404",
    ),
    "notifications:preferences": logged_in("none"),
    "notifications:read_all": logged_in("none", everyone="405"),
    "observations:advice": roles("case", specialist="200 404 404 404 403"),
    "observations:evaluate": roles("advice", pmer="200 404 404", teacher="404 404 404"),
    "observations:group_visit": roles("group_visit", pmer="200", specialist="200", nurse="404"),
    "observations:group_visit_advice": roles("group_visit", specialist="200", nurse="404"),
    "observations:group_visit_evaluate": roles("group_visit_advice", pmer="200"),
    "observations:hours": roles("held_visit", specialist="200 404 404 403", nurse="200 200 404 403"),
    "observations:plan": roles("case", specialist="200 404 404 404 403"),
    "observations:record": roles("case", specialist="200 404 404 404 403", nurse="200 200 200 404 403"),
    "password_change": logged_in("none"),
    "password_reset": anyone("none", "200"),
    "password_reset_complete": anyone("none", "200"),
    "password_reset_confirm": anyone("password_reset", "200"),
    "password_reset_done": anyone("none", "200"),
    "recovery_codes": logged_in("none"),
    "safeguarding:close": roles(
        "meldcode_path", method="POST",
        pmer="404 redirect",
        specialist="redirect 404",
        nurse="404",
        safeguarding="404 redirect",
    ),
    "safeguarding:detail": roles(
        "meldcode_path",
        pmer="404 200",
        specialist="200 404",
        nurse="404",
        safeguarding="404 200",
    ),
    "safeguarding:list": roles("none", pmer="200", specialist="200", nurse="200", safeguarding="200"),
    "safeguarding:start": roles(
        "child",
        pmer="200 200 404 404 404",
        specialist="200 404 404 404 404",
        nurse="200 200 200 404 404",
    ),
    "safeguarding:step_add": roles(
        "meldcode_step",
        pmer="404 200",
        specialist="200 404",
        nurse="404",
        safeguarding="404 redirect",
    ),
    "scheduling:agenda": roles("none", specialist="200", nurse="200"),
    "scheduling:availability": roles("none", specialist="200", nurse="200"),
    "scheduling:blocked_change": roles("days_away", specialist="200 404", nurse="404 200"),
    "scheduling:blocked_remove": roles("days_away", method="POST", specialist="redirect 404", nurse="404 redirect"),
    "scheduling:budget_set": roles("none", coordinator="405"),
    "scheduling:budget_transfer": roles("none", coordinator="405"),
    "scheduling:budgets": roles("none", coordinator="200"),
    "scheduling:evaluation": roles("none", coordinator="200"),
    "scheduling:feed": anyone("feed", "200"),
    "scheduling:feed_renew": roles("none", specialist="405", nurse="405"),
    "scheduling:plan_again": roles("plan", coordinator="405"),
    "scheduling:plan_detail": roles("plan", coordinator="200"),
    "scheduling:plan_item": roles("plan_item", coordinator="200"),
    "scheduling:plan_publish": roles("plan", coordinator="405"),
    "scheduling:plans": roles("none", coordinator="200"),
    "scheduling:record_held": roles("own_scheduled", specialist="404", nurse="404 200"),
    "scheduling:schedule": roles("none", coordinator="200"),
    "scheduling:walk_in_create": roles("none", nurse="200"),
    "scheduling:walk_in_detail": roles("walk_in", nurse="200"),
    "scheduling:walk_in_notice": roles("walk_in", pmer="200", nurse="200", coordinator="200"),
    "scheduling:walk_in_public": anyone("walk_in_public", "200"),
    "second_factor_setup": anyone("none", "2fa", guardian="login", anonymous="login"),
    "second_factor_verify": anyone("none", "redirect", guardian="login", anonymous="login", unverified="200"),
    "security": logged_in("none"),
    "security_key_register_begin": anyone("none", "405", guardian="login", anonymous="login", unverified="403"),
    "security_key_register_complete": anyone("none", "405", guardian="login", anonymous="login", unverified="403"),
    "security_key_remove": logged_in("security_key", everyone="405"),
    "security_key_verify_begin": anyone("none", "405", guardian="login", anonymous="login"),
    "security_key_verify_complete": anyone("none", "405", guardian="login", anonymous="login"),
    "session_keepalive": logged_in("none", everyone="204"),
    "set_language": anyone("none", "redirect"),
    "surveys:analysis": roles("survey_round", coordinator="200", programme="200"),
    "surveys:export": roles("survey_round", coordinator="200", programme="200"),
    "surveys:questionnaire_copy": roles("questionnaire", coordinator="405", programme="405"),
    "surveys:questionnaire_edit": roles("questionnaire", coordinator="200", programme="200"),
    "surveys:questionnaire_list": roles("none", coordinator="200", programme="200"),
    "surveys:respond": anyone("survey_respond", "200"),
    "surveys:round_create": roles("none", coordinator="200", programme="200"),
    "surveys:round_detail": roles("survey_round", coordinator="200", programme="200"),
    "surveys:round_list": roles("none", coordinator="200", programme="200"),
    "surveys:share": anyone("survey_share", "200"),
    "surveys:thanks": anyone("none", "200"),
    "trusted_device_revoke": logged_in(
        "trusted_device", method="POST",
        pmer="redirect 404",
        specialist="404 redirect",
        nurse="404",
        coordinator="404",
        programme="404",
        privacy="404",
        safeguarding="404",
        admin="404",
        coach="404",
        teacher="404",
    ),
}

# The admin site: one permission check for all its pages (alert4you/admin.py): the functional
# administrator opens them (a model's page with its first row); everyone else is sent to the admin's
# login, which sends a visitor without a session on to the app's own login.
ADMIN_ROW = anyone("none", "admin-login", admin="200")
ADMIN_REFUSED_TO_ALL = [  # pages no role may use: Django's groups, the OTP devices (reset through the
    # user's page), adding login attempts or security events by hand, the autocomplete without a field
    "admin:auth_group_add", "admin:auth_group_changelist", "admin:autocomplete",
    "admin:accounts_securityevent_add", "admin:axes_accessattempt_add", "admin:axes_accesslog_add",
    "admin:axes_accesslog_delete", "admin:otp_static_staticdevice_add", "admin:otp_static_staticdevice_changelist",
    "admin:otp_totp_totpdevice_add", "admin:otp_totp_totpdevice_change", "admin:otp_totp_totpdevice_changelist",
    "admin:otp_totp_totpdevice_config", "admin:otp_totp_totpdevice_delete", "admin:otp_totp_totpdevice_history",
    "admin:otp_totp_totpdevice_qrcode",
]
MATRIX.update(dict.fromkeys(ADMIN_REFUSED_TO_ALL, anyone("none", "admin-login", admin="403")))
MATRIX.update({
    # A professional who is logged in sees the admin's own "not allowed" login page.
    "admin:login": anyone("none", "200", admin="redirect", guardian="login", anonymous="login", unverified="2fa"),
    "admin:logout": anyone("none", "redirect", admin="405"),
})


def _merge_helper_rows():
    import importlib
    import pkgutil
    from pathlib import Path

    for info in pkgutil.iter_modules([str(Path(__file__).parent)]):
        if info.name.startswith("matrix_"):
            MATRIX.update(importlib.import_module(f"{__package__}.{info.name}").MATRIX)


_merge_helper_rows()
