import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import public, role_required
from idempotency import once_per_submission
from monitoring import disclosure

from . import selectors, services
from .forms import (
    AnalysisFilterForm,
    InvitationForm,
    RoundForm,
    ShareLinkForm,
    WordingForm,
    initial_for,
    section_form_class,
)
from .models import Questionnaire
from .permissions import SURVEY_ROLES, municipalities_for

RESUME_COOKIE = "survey_resume_{}"
RESUME_MAX_AGE = 120 * 24 * 3600


# --- coordinators ---------------------------------------------------------------------------

@role_required(*SURVEY_ROLES)
def round_list(request):
    return render(request, "surveys/round_list.html", {"rounds": selectors.rounds_for_list(request.user)})


@role_required(*SURVEY_ROLES)
@require_http_methods(["GET", "POST"])
@once_per_submission
def round_create(request):
    form = RoundForm(request.POST or None, municipalities=municipalities_for(request.user))
    if request.method == "POST":
        if form.is_valid():
            survey_round = services.round_open(**form.cleaned_data, by=request.user)
            messages.success(request, _("The round is open. Send invitations or make a shareable link."))
            return redirect("surveys:round_detail", round_id=survey_round.pk)
        messages.error(request, _("Not saved yet: please correct the fields marked below."))
    return render(request, "surveys/round_form.html", {"form": form})


def _round_forms(request, survey_round, data=None, which=None):
    kwargs = {"survey_round": survey_round,
              "municipalities": municipalities_for(request.user).filter(pk__in=survey_round.municipalities.all())}
    return (
        InvitationForm(data if which == "invite" else None, prefix="invite", **kwargs),
        ShareLinkForm(data if which == "share" else None, prefix="share", **kwargs),
    )


@role_required(*SURVEY_ROLES)
@require_http_methods(["GET", "POST"])
@once_per_submission  # the same invitations sent again (back + send) go out once
def round_detail(request, round_id):
    survey_round = selectors.access_round_by_id(request.user, round_id)
    which = request.POST.get("action") if request.method == "POST" else None
    invite_form, share_form = _round_forms(request, survey_round, request.POST, which)
    share_url = None
    if which == "invite" and invite_form.is_valid():
        try:
            count = services.invitations_send(survey_round=survey_round, by=request.user, **invite_form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, _("%(count)s invitation(s) sent.") % {"count": count})
            return redirect("surveys:round_detail", round_id=survey_round.pk)
    elif which == "share" and share_form.is_valid():
        token = services.share_link_make(survey_round=survey_round, by=request.user, **share_form.cleaned_data)
        share_url = services.share_url(token)
        messages.success(request, _("A new shareable link is ready; an earlier link for this group no longer works."))
    elif which == "close":
        # Closing cannot be undone and erases the addresses of those who did not finish: ask first.
        if request.POST.get("confirm") != "yes":
            return render(request, "surveys/round_close_confirm.html", {"round": survey_round})
        services.round_close(survey_round=survey_round, by=request.user)
        messages.success(request, _("The round is closed."))
        return redirect("surveys:round_detail", round_id=survey_round.pk)
    elif which:
        messages.error(request, _("Not done yet: please correct the fields marked below."))
    rows, total = selectors.response_rates(request.user, survey_round)
    return render(request, "surveys/round_detail.html", {
        "round": survey_round, "rows": rows, "total": total, "invite_form": invite_form,
        "share_form": share_form, "share_url": share_url,
    })


def _analysis_params(request, survey_round):
    questionnaires = selectors.questionnaires_for_round(survey_round)
    municipalities = selectors.round_municipalities(request.user, survey_round)
    form = AnalysisFilterForm(request.GET or None, questionnaires=questionnaires, municipalities=municipalities)
    data = form.cleaned_data if form.is_valid() else {}
    group = data.get("group") or (questionnaires[0].respondent_group if questionnaires else None)
    questionnaire = next((q for q in questionnaires if q.respondent_group == group), None)
    m_ids = [m.pk for m in municipalities]
    if data.get("municipality"):
        m_ids = [int(data["municipality"])]
    return form, questionnaire, m_ids, bool(data.get("open_text"))


@role_required(*SURVEY_ROLES)
def round_analysis(request, round_id):
    survey_round = selectors.access_round_by_id(request.user, round_id)
    form, questionnaire, m_ids, _open_text = _analysis_params(request, survey_round)
    result = None
    if questionnaire is not None:
        result = selectors.analysis(request.user, survey_round, municipality_ids=m_ids, questionnaire=questionnaire)
    return render(request, "surveys/analysis.html", {
        "round": survey_round, "form": form, "result": result, "query": request.GET.urlencode(),
        "may_export_open_text": disclosure.open_text_allowed(request.user), "explanation": disclosure.EXPLANATION,
    })


@role_required(*SURVEY_ROLES)
def round_export(request, round_id):
    survey_round = selectors.access_round_by_id(request.user, round_id)
    form, questionnaire, m_ids, open_text = _analysis_params(request, survey_round)
    if open_text and not disclosure.open_text_allowed(request.user):
        raise PermissionDenied
    rows = None
    if questionnaire is not None:
        rows = selectors.export_rows(survey_round, municipality_ids=m_ids, questionnaire=questionnaire,
                                     open_text=open_text)
    if rows is None:
        messages.error(request, _("Fewer than 5 responses in this selection, or municipalities in it with so few "
                                  "responses that they could be calculated: there is nothing to export."))
        return redirect(f"{reverse('surveys:analysis', args=[survey_round.pk])}?{request.GET.urlencode()}")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    suffix = "-with-open-answers" if open_text else ""
    response["Content-Disposition"] = (
        f'attachment; filename="round-{survey_round.pk}-{questionnaire.key}-v{questionnaire.version}{suffix}.csv"'
    )
    writer = csv.writer(response)
    if open_text:
        writer.writerow([_("This export contains open answers, which may name people: keep it confidential "
                           "and do not pass it on.")])
    writer.writerows(rows)
    return response


@role_required(*SURVEY_ROLES)
def questionnaire_list(request):
    return render(request, "surveys/questionnaire_list.html", {"questionnaires": selectors.questionnaire_versions()})


@role_required(*SURVEY_ROLES)
@require_POST
@once_per_submission  # a double click makes one copy
def questionnaire_copy(request, questionnaire_id):
    questionnaire = get_object_or_404(Questionnaire, pk=questionnaire_id)
    copy = services.questionnaire_copy(questionnaire=questionnaire, by=request.user)
    messages.success(request, _("Version %(version)s made; you can now edit its wording.") % {"version": copy.version})
    return redirect("surveys:questionnaire_edit", questionnaire_id=copy.pk)


@role_required(*SURVEY_ROLES)
@require_http_methods(["GET", "POST"])
def questionnaire_edit(request, questionnaire_id):
    questionnaire = get_object_or_404(Questionnaire, pk=questionnaire_id)
    locked = questionnaire.has_answers()
    questions = list(questionnaire.questions.select_related("section").order_by("section__position", "position"))
    sections = list(questionnaire.sections.order_by("position"))
    form = WordingForm(request.POST or None, questions=questions, sections=sections, questionnaire=questionnaire)
    if request.method == "POST":
        if locked:
            messages.error(request, _("This version already has answers and cannot be changed. Make a copy instead."))
        elif form.is_valid():
            try:
                services.questionnaire_update_wording(
                    questionnaire=questionnaire, texts=form.texts(), sections=form.section_texts(),
                    header=form.questionnaire_texts(), by=request.user,
                )
            except ValidationError as exc:
                messages.error(request, exc.messages[0])
            else:
                messages.success(request, _("The wording has been saved."))
                return redirect("surveys:questionnaire_list")
        else:
            messages.error(request, _("Not saved yet: please correct the fields marked below."))
    return render(request, "surveys/questionnaire_edit.html", {
        "questionnaire": questionnaire, "form": form, "locked": locked,
    })


# --- respondents (anonymous, reached only through a valid signed link) ----------------------

def _link_error(request, error):
    status = 410 if error.reason == "expired" else 404
    return render(request, "surveys/link_error.html", {"reason": error.reason}, status=status)


@public
@require_http_methods(["GET", "POST"])
def share(request, token):
    try:
        link = services.share_link_open(token=token)
    except services.LinkError as error:
        return _link_error(request, error)
    cookie = RESUME_COOKIE.format(link.pk)
    resume_token = request.get_signed_cookie(cookie, default=None, salt="surveys.resume")
    if resume_token:
        try:
            session = services.respondent_open(token=resume_token)
        except services.LinkError:
            session = None
        if session is not None and session.response is not None and session.state == "ok":
            return redirect("surveys:respond", token=resume_token)
    if not link.round.is_open:
        return render(request, "surveys/link_error.html", {"reason": "closed"}, status=410)
    if request.method == "POST":
        resume_token = services.response_start_from_share_link(link=link)
        response = redirect("surveys:respond", token=resume_token)
        response.set_signed_cookie(cookie, resume_token, salt="surveys.resume", max_age=RESUME_MAX_AGE,
                                   httponly=True, samesite="Lax", secure=request.is_secure())
        return response
    return render(request, "surveys/share_start.html", {"questionnaire": link.questionnaire})


@public
@require_http_methods(["GET", "POST"])
def respond(request, token):
    try:
        session = services.respondent_open(token=token)
    except services.LinkError as error:
        return _link_error(request, error)
    if session.state == "submitted":
        return render(request, "surveys/thanks.html", {"already": True})
    if session.state == "closed":
        return render(request, "surveys/link_error.html", {"reason": "closed"}, status=410)
    response = session.response
    questionnaire = response.questionnaire
    sections = list(questionnaire.sections.prefetch_related("questions").order_by("position"))
    try:
        index = int(request.GET.get("page", response.last_section))
    except ValueError:
        index = response.last_section
    index = max(0, min(index, len(sections) - 1))
    section = sections[index]
    questions = list(section.questions.all())
    form_class = section_form_class(section, questions)
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            step = request.POST.get("step")
            target = {"back": index - 1, "stop": index, "submit": index}.get(step, index + 1)
            target = max(0, min(target, len(sections) - 1))
            services.answers_save(response=response, section=section, cleaned_data=form.cleaned_data,
                                  next_position=target)
            if step == "submit" and index == len(sections) - 1:
                services.response_submit(response=response, invitation=session.invitation)
                return redirect("surveys:thanks")
            if step == "stop":
                return render(request, "surveys/paused.html", {
                    "resume_url": services.respondent_url(token),
                })
            return redirect(f"{reverse('surveys:respond', args=[token])}?page={target}")
        messages.error(request, _("Not saved yet: please correct the answers marked below."))
    else:
        answers = {a.question_id: a for a in response.answers.filter(question__in=questions)}
        form = form_class(initial=initial_for(questions, answers))
    return render(request, "surveys/respond.html", {
        "questionnaire": questionnaire, "section": section, "form": form, "index": index,
        "page_number": index + 1, "page_count": len(sections), "is_last": index == len(sections) - 1,
        "resume_url": services.respondent_url(token),
    })


@public
def thanks(request):
    return render(request, "surveys/thanks.html", {"already": False})
