"""The pm'er's "send the link" and the guardian's pages behind her link.

The guardian is not a logged-in user: her pages are public and guarded by the signed link plus
the child's date of birth (kept in her session per request, never the child's id in a URL)."""

import json
from functools import wraps

from django.contrib import messages
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import public, role_required
from accounts.models import LOCATION_ROLES
from alert4you.links import absolute_url
from audit.models import AuditAction, AuditPart
from audit.services import audit_record
from casework.permissions import is_location_worker
from casework.selectors import access_case_by_id, case_subject
from children.models import Guardian
from idempotency import once_per_submission

from . import links, selectors
from .export_pdf import export_pdf
from .forms import AskConsentForm, BirthDateForm, DecisionForm, ShortCodeForm
from .letters import letter_pdf
from .models import Consent, ConsentReceipt, ConsentRequest
from .receipts import RTL_LANGUAGES
from .services import (
    ConsentNotGiven,
    consent_decide,
    consent_request_by_code,
    consent_request_create,
    consent_request_resend,
    consent_withdraw,
    guardian_language,
    guardian_language_set,
    guardian_link_path,
    guardian_link_url,
    guardians_disagree_record,
)

# Every page, e-mail and PDF a guardian gets speaks one of these (the catalogs in locale/).
GUARDIAN_LANGUAGES = tuple(Guardian.Language.values)
VERIFIED = "consent-verified"
LANGUAGE_NAMES = dict(Guardian.Language.choices)
# Her choice on a page without a known guardian yet (the code page), kept for the link it leads to.
CHOSEN = "consent-lang"


def private(view):
    """Nothing about a child stays in a cache: not in the browser of a shared family tablet (the back
    button, the history), not in a proxy. Every guardian page, her exports and receipt, and the
    printed letter are sent `no-store, private`, with `Pragma: no-cache` for old HTTP/1.0 caches."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        response["Pragma"] = "no-cache"
        return response

    return wrapped


def _membership(user, case):
    """Her membership at the case's location: the audit row says in which role she acted."""
    from accounts.selectors import memberships_with_role

    return next((m for m in memberships_with_role(user, *LOCATION_ROLES)
                 if m.location_id == case.request.location_id), None)


@role_required(*LOCATION_ROLES)
@require_POST
def request_create(request, case_id):
    case = access_case_by_id(request, case_id, action=AuditAction.CREATE)
    if not is_location_worker(request.user, case) or case.child is None:
        raise Http404
    form = AskConsentForm(request.POST, child=case.child)
    if not form.is_valid():
        # Not guarded: the same incomplete form sent again gets the same message, not "already saved".
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("casework:detail", case.pk)
    return _request_create_post(request, case, form)


@once_per_submission
def _request_create_post(request, case, form):
    """Sent twice (back + send, a double click), the link goes out once."""
    guardian = form.cleaned_data["guardian"]
    consent_request_create(child=case.child, guardian=guardian, purposes=form.cleaned_data["purposes"],
                           by=request.user, language=form.cleaned_data["language"])
    audit_record(request, case_subject(case), action=AuditAction.CREATE, part=AuditPart.CONSENT,
                 membership=_membership(request.user, case), basis="membership")
    if guardian.email:
        messages.success(request, _("The link was sent to the guardian."))
    else:
        messages.success(request, _("The guardian has no e-mail address: print the letter for her below."))
    return redirect("casework:detail", case.pk)


@role_required(*LOCATION_ROLES)
@private
def letter(request, case_id, request_id):
    """The printed letter with the QR code and short code, for the childcare worker to hand over."""
    case = access_case_by_id(request, case_id, action=AuditAction.EXPORT)
    if not is_location_worker(request.user, case) or case.child is None:
        raise Http404
    consent_request = get_object_or_404(ConsentRequest.objects.select_related("guardian"), pk=request_id,
                                        child_id=case.child_id)
    if not consent_request.short_code:
        raise Http404
    audit_record(request, case_subject(case), action=AuditAction.EXPORT, part=AuditPart.CONSENT,
                 membership=_membership(request.user, case), basis="membership")
    # The letter speaks her language (kept on her), and so does the page its QR code opens.
    with translation.override(guardian_language(consent_request.guardian)):
        data = letter_pdf(guardian_name=consent_request.guardian.name,
                          link_url=guardian_link_url(consent_request), code_url=absolute_url("consent:code"),
                          short_code=consent_request.short_code, days=links.link_days(),
                          at_school=case.request.location.is_school)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="alert4you-letter-{consent_request.pk}.pdf"'
    return response


@role_required(*LOCATION_ROLES)
@require_POST
@once_per_submission
def disagree(request, case_id):
    """The pm'er records that the guardians disagree: from then on every guardian with authority
    must sign, for every purpose, on what is asked after this."""
    case = access_case_by_id(request, case_id, action=AuditAction.CHANGE)
    if not is_location_worker(request.user, case) or case.child is None:
        raise Http404
    guardians_disagree_record(child=case.child, by=request.user)
    audit_record(request, case_subject(case), action=AuditAction.CHANGE, part=AuditPart.CONSENT,
                 membership=_membership(request.user, case), basis="membership")
    messages.success(request, _("Recorded: from now on every guardian with authority must sign."))
    return redirect("casework:detail", case.pk)


@role_required(*LOCATION_ROLES)
@require_POST
def withdraw_recorded(request, case_id, consent_id):
    """A guardian withdrew by phone or at the door: the pm'er records it, with the same effect as
    withdrawing from the link."""
    case = access_case_by_id(request, case_id, action=AuditAction.CHANGE)
    if not is_location_worker(request.user, case) or case.child is None:
        raise Http404
    consent = get_object_or_404(Consent, pk=consent_id, child_id=case.child_id)
    try:
        return _withdraw_recorded_post(request, case, consent)
    except ConsentNotGiven:
        # Raised through the guard, which then remembers nothing: sent again, the same message.
        messages.error(request, _("This consent is not given, so there is nothing to withdraw."))
        return redirect("casework:detail", case.pk)


@once_per_submission
def _withdraw_recorded_post(request, case, consent):
    consent_withdraw(consent=consent, by=request.user)
    audit_record(request, case_subject(case), action=AuditAction.CHANGE, part=AuditPart.CONSENT,
                 membership=_membership(request.user, case), basis="membership")
    messages.success(request, _("The withdrawal is recorded. Access stopped at once."))
    return redirect("casework:detail", case.pk)


CODE_TRIES = 10
CODE_WINDOW = 15 * 60


@public
@private
def code_entry(request):
    """The short code from the letter leads to the same link (and so the date-of-birth check)."""
    with translation.override(_page_language(request)):
        return _code_entry(request)


def _code_entry(request):
    key = f"consent-code-tries:{request.META.get('REMOTE_ADDR')}"
    form = ShortCodeForm(request.POST or None)
    if request.method == "POST":
        if cache.get(key, 0) >= CODE_TRIES:
            return render(request, "consent/link_blocked.html", _menu(request), status=429)
        if form.is_valid():
            consent_request = consent_request_by_code(form.cleaned_data["code"])
            if consent_request is not None:
                path = guardian_link_path(consent_request)
                # A language she chose here goes with her to her link (and is kept on her there).
                chosen = request.session.get(CHOSEN)
                return redirect(f"{path}?lang={chosen}" if chosen in GUARDIAN_LANGUAGES else path)
            cache.add(key, 0, CODE_WINDOW)
            cache.incr(key)
            # Translators: guardian
            form.add_error("code", _("We do not know that code. Check it against your letter."))
    return render(request, "consent/code.html", {"form": form, **_menu(request)})


# The guardian's pages ------------------------------------------------------------------------

def _page_language(request) -> str:
    """On a page that knows no guardian yet: her choice from the menu (kept in the session), else
    what her browser asks for among the guardian languages, else Dutch."""
    chosen = request.GET.get("lang")
    if chosen in GUARDIAN_LANGUAGES:
        request.session[CHOSEN] = chosen
        return chosen
    if request.session.get(CHOSEN) in GUARDIAN_LANGUAGES:
        return request.session[CHOSEN]
    browser = translation.get_language_from_request(request)
    return browser if browser in GUARDIAN_LANGUAGES else "nl"


def _language(request, consent_request):
    """Her language follows her: chosen once (by the pm'er who sent the link, on the letter, or on
    any of her pages with ?lang=), kept on the guardian, and used for every page, e-mail and PDF
    after. Before the date-of-birth check a choice only lives in this session: it is saved on her
    once she has shown she is who the link is for."""
    guardian = consent_request.guardian
    chosen = request.GET.get("lang")
    key = f"{CHOSEN}-{consent_request.pk}"
    if chosen in GUARDIAN_LANGUAGES:
        request.session[key] = chosen
    chosen = request.session.get(key)
    if chosen in GUARDIAN_LANGUAGES:
        if _verified(request, consent_request) and guardian.preferred_language != chosen:
            guardian_language_set(guardian=guardian, language=chosen)
        return chosen
    return guardian.preferred_language if guardian.preferred_language in GUARDIAN_LANGUAGES else "nl"


def _menu(request, language=None) -> dict:
    """The language menu on every guardian page: all six, each named in its own language."""
    return {"guardian_languages": [(code, LANGUAGE_NAMES[code]) for code in GUARDIAN_LANGUAGES],
            "guardian_language": language or translation.get_language()}


def _verified(request, consent_request) -> bool:
    return consent_request.pk in request.session.get(VERIFIED, [])


def _nothing(request, status=404):
    """The same page for a tampered, unknown or foreign link: it tells nothing about any child."""
    with translation.override(_page_language(request)):
        return render(request, "consent/link_invalid.html", _menu(request), status=status)


def _open(request, token):
    consent_request, expired = links.link_read(token)
    return consent_request, expired


@public
@private
def guardian(request, token):
    consent_request, expired = _open(request, token)
    if consent_request is None:
        return _nothing(request)
    language = _language(request, consent_request)
    with translation.override(language):
        if expired:
            return render(request, "consent/link_expired.html", {"token": token, **_menu(request)})
        if links.link_blocked(consent_request):
            return render(request, "consent/link_blocked.html", _menu(request), status=429)
        if not _verified(request, consent_request):
            return _birth_date_step(request, token, consent_request)
        return _decision_step(request, token, consent_request, language)


def _birth_date_step(request, token, consent_request):
    form = BirthDateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["date_of_birth"] == consent_request.child.date_of_birth:
            links.link_success(consent_request)
            request.session[VERIFIED] = [*request.session.get(VERIFIED, []), consent_request.pk]
            request.session.cycle_key()
            chosen = request.session.get(f"{CHOSEN}-{consent_request.pk}")
            if chosen in GUARDIAN_LANGUAGES and chosen != consent_request.guardian.preferred_language:
                # The language she chose before the check is hers from now on (e-mails included).
                guardian_language_set(guardian=consent_request.guardian, language=chosen)
            return redirect("consent:guardian", token)
        failures = links.link_failure(consent_request)
        selectors.log_wrong_birth_date(request, consent_request, failures)
        if links.link_blocked(consent_request):
            return render(request, "consent/link_blocked.html", _menu(request), status=429)
        # Translators: guardian
        form.add_error("date_of_birth", _("That is not the date of birth we know. Check it and try again."))
    return render(request, "consent/birth_date.html", {"form": form, "token": token, **_menu(request)})


@once_per_submission
def _decision_post(request, token, consent_request, language, form):
    """Her decision, once: back + "send" again, or a double tap, records nothing twice."""
    if form is None:
        # Translators: guardian
        messages.info(request, _("Your decision is already recorded."))
        return redirect("consent:guardian", token)
    receipt = consent_decide(
        consent_request=consent_request, decisions=form.decisions(), signer_name=form.cleaned_data["signer_name"],
        relation=form.cleaned_data["relation"], language=language,
        other_guardian_agrees=bool(form.cleaned_data.get("other_guardian_agrees")),
        declined_parties=form.declined_parties(), **_client(request))
    if receipt is None:
        # Translators: guardian
        messages.info(request, _("Your decision is already recorded."))
        return redirect("consent:guardian", token)
    selectors.log_guardian(request, consent_request, AuditAction.CREATE)
    # Translators: guardian
    messages.success(request, _("Thank you. Your decision is saved. You can download the receipt below."))
    request.session["consent-receipt"] = receipt.pk
    return redirect("consent:guardian", token)


def _client(request):
    return {"ip_address": request.META.get("REMOTE_ADDR"), "user_agent": request.META.get("HTTP_USER_AGENT", "")}


def _decision_step(request, token, consent_request, language):
    open_purposes = selectors.open_purposes(consent_request)
    rules = selectors.decision_rules(consent_request, open_purposes)
    form = (DecisionForm(request.POST or None, purposes=open_purposes, nurse_choice=rules["nurse_choice"],
                         declaration_for=rules["declaration_for"]) if open_purposes else None)
    if request.method == "POST" and (form is None or form.is_valid()):
        # No form left means she already decided: the guard answers a resubmission with where it led.
        return _decision_post(request, token, consent_request, language, form)
    selectors.log_guardian(request, consent_request, AuditAction.VIEW)
    context = selectors.guardian_page(consent_request, language)
    context.update({"form": form, "token": token, "language": language, "every_parent_for": rules["every_parent_for"],
                    "receipt_id": request.session.get("consent-receipt"), "rtl_languages": RTL_LANGUAGES,
                    **_menu(request, language)})
    return render(request, "consent/guardian.html", context)


def _verified_request(request, token):
    consent_request, expired = _open(request, token)
    if consent_request is None or expired or not _verified(request, consent_request):
        raise Http404
    return consent_request


@public
@private
@require_POST
def guardian_renew(request, token):
    """A fresh link, to the address on record only: the page takes no address."""
    consent_request, _expired = _open(request, token)
    if consent_request is None:
        return _nothing(request)
    with translation.override(_language(request, consent_request)):
        return _renew_post(request, token, consent_request)


@once_per_submission
def _renew_post(request, token, consent_request):
    # Asked twice (a double tap, or "send" again) within the guard's window, it is sent once.
    consent_request_resend(consent_request=consent_request)
    return redirect("consent:guardian_renewed", token)


@public
@private
def guardian_renewed(request, token):
    consent_request, _expired = _open(request, token)
    if consent_request is None:
        return _nothing(request)
    with translation.override(_language(request, consent_request)):
        return render(request, "consent/link_renewed.html", _menu(request))


@public
@private
@require_POST
def guardian_withdraw(request, token, consent_id):
    consent_request = _verified_request(request, token)
    consent = Consent.objects.filter(pk=consent_id).select_related("child").first()
    if consent is None or consent.child_id != consent_request.child_id:
        # Another child's consent (or none): the same 404, and the attempt in the access log.
        selectors.log_guardian_refusal(request, "consent.consent", consent_id,
                                       consent.child if consent is not None else None)
        raise Http404
    # Her language around the guard too, so that "already saved" speaks it.
    with translation.override(_language(request, consent_request)):
        try:
            return _withdraw_post(request, token, consent_request, consent)
        except ConsentNotGiven:
            # Only a given consent can be withdrawn; while it is asked, saying no is the decision form.
            # Raised through the guard, which then remembers nothing: sent again, the same message.
            # Translators: guardian
            messages.error(request, _("This consent is not given, so there is nothing to withdraw. "
                                      "To say no, choose it in the form above."))
            return redirect("consent:guardian", token)


@once_per_submission
def _withdraw_post(request, token, consent_request, consent):
    consent_withdraw(consent=consent, by_guardian=consent_request.guardian, **_client(request))
    selectors.log_guardian(request, consent_request, AuditAction.CHANGE)
    # Translators: guardian
    messages.success(request, _("Your consent is withdrawn. Access stopped at once."))
    return redirect("consent:guardian", token)


@public
@private
def guardian_receipt(request, token, receipt_id):
    consent_request = _verified_request(request, token)
    receipt = ConsentReceipt.objects.filter(pk=receipt_id).select_related("request__child").first()
    if receipt is None or receipt.request.child_id != consent_request.child_id:
        # Another child's receipt (or none): the same 404, and the attempt in the access log.
        selectors.log_guardian_refusal(request, "consent.consentreceipt", receipt_id,
                                       receipt.request.child if receipt is not None else None)
        raise Http404
    # Her receipt holds her child's consent: reading it is logged like every other read (NEN 7513).
    selectors.log_guardian(request, consent_request, AuditAction.EXPORT)
    response = HttpResponse(bytes(receipt.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="alert4you-receipt-{receipt.pk}.pdf"'
    return response


@public
@private
def guardian_export(request, token):
    consent_request = _verified_request(request, token)
    selectors.log_guardian(request, consent_request, AuditAction.EXPORT)
    # Her language for the labels; the keys stay the same in every language.
    with translation.override(_language(request, consent_request)):
        data = selectors.child_export(consent_request.child)
    response = HttpResponse(json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
                            content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="alert4you-export.json"'
    return response


@public
@private
def guardian_export_pdf(request, token):
    consent_request = _verified_request(request, token)
    selectors.log_guardian(request, consent_request, AuditAction.EXPORT)
    with translation.override(_language(request, consent_request)):
        data = export_pdf(selectors.child_export(consent_request.child))
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="alert4you-export.pdf"'
    return response


# These views validate first and create only through a guarded inner function (so a refusal sent
# again gets its message again); they say so to whoever checks that every create is guarded.
for _view in (request_create, withdraw_recorded, guardian, guardian_renew, guardian_withdraw):
    _view.once_per_submission = True
