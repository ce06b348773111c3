"""What changes survey state: rounds, invitations, share links, answers, submit, reminders,
copies of a questionnaire version.

Tokens: a link carries `TimestampSigner(salt).sign(secret)`; the database keeps only
sha256(secret). An invitation's token is also the key of its response in progress; when the
response is submitted the key is erased (the tie is cut) and the invitation keeps only its status.
"""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alert4you.links import absolute_url

from .models import (
    Answer,
    Invitation,
    Question,
    QuestionKind,
    Questionnaire,
    Reminder,
    Response,
    Scale,
    Section,
    ShareLink,
    SurveyRound,
    closing_day_error,
)

RESPONDENT_SALT = "surveys.respondent"
SHARE_SALT = "surveys.share"
LINK_MAX_AGE = datetime.timedelta(days=getattr(settings, "SURVEY_LINK_MAX_AGE_DAYS", 120))


class LinkError(Exception):
    """A link that is malformed, tampered with, expired or no longer valid."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def token_new(salt: str) -> tuple[str, str]:
    secret = secrets.token_urlsafe(24)
    return signing.TimestampSigner(salt=salt).sign(secret), _hash(secret)


def token_hash(token: str, salt: str) -> str:
    try:
        secret = signing.TimestampSigner(salt=salt).unsign(token, max_age=LINK_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise LinkError("expired") from exc
    except signing.BadSignature as exc:
        raise LinkError("invalid") from exc
    return _hash(secret)


# --- rounds -----------------------------------------------------------------------------------

def round_open(*, title, municipalities, questionnaires, closes_on, reminder_days, by, base_url="") -> SurveyRound:
    """``base_url`` is kept on the round for the record only: links come from SITE_URL."""
    error = closing_day_error(closes_on)
    if error:
        raise ValidationError({"closes_on": error})
    with transaction.atomic():
        survey_round = SurveyRound.objects.create(
            title=title, opened_at=timezone.now(), closes_on=closes_on, reminder_days=sorted(set(reminder_days)),
            opened_by=by, base_url=base_url,
        )
        survey_round.municipalities.set(municipalities)
        survey_round.questionnaires.set(questionnaires)
    return survey_round


def round_close(*, survey_round, by) -> None:
    """Close the round; the addresses of those who did not finish were kept for reminders only."""
    with transaction.atomic():
        survey_round.status = SurveyRound.Status.CLOSED
        survey_round.save(update_fields=["status"])
        Invitation.objects.filter(round=survey_round).exclude(email="").update(email="")


def respondent_url(token):
    """The respondent's own link, as it leaves the app (e-mail, the page to bookmark): on SITE_URL,
    not on whatever host the coordinator happened to use."""
    return absolute_url("surveys:respond", token)


def share_url(token):
    return absolute_url("surveys:share", token)


def _respondent_url(survey_round, token):
    return respondent_url(token)


def invitations_send(*, survey_round, questionnaire, municipality, emails, by) -> int:
    """One personal link per address; the e-mail carries only the link."""
    if not survey_round.is_open:
        raise ValidationError(_("This round is closed."))
    sent = []
    # Reminder moments already past when someone is invited are recorded as done (never sent):
    # she just got her invitation and is not reminded the same day.
    past = _due_moments(survey_round, timezone.now())
    with transaction.atomic():
        for email in emails:
            token, hashed = token_new(RESPONDENT_SALT)
            invitation = Invitation.objects.create(
                round=survey_round, questionnaire=questionnaire, municipality=municipality, email=email,
                token_hash=hashed,
            )
            Reminder.objects.bulk_create([Reminder(invitation=invitation, due_at=moment) for moment in past])
            sent.append((email, _respondent_url(survey_round, token)))

        def mail():
            for email, url in sent:
                send_mail(_("Questionnaire Alert4you"), invitation_body(url), None, [email])

        transaction.on_commit(mail)
    return len(sent)


def invitation_body(url):
    return _("You are invited to fill in a short questionnaire about Alert4you. Your answers are anonymous.\n\n"
             "%(url)s\n\nYou can stop at any time and continue later with the same link.") % {"url": url}


def share_link_make(*, survey_round, questionnaire, municipality, by) -> str:
    """A (new) shareable link for one municipality and respondent group; an older one stops working."""
    token, hashed = token_new(SHARE_SALT)
    ShareLink.objects.update_or_create(
        round=survey_round, questionnaire=questionnaire, municipality=municipality, defaults={"token_hash": hashed}
    )
    return token


# --- respondents --------------------------------------------------------------------------------

class RespondentSession:
    """What a respondent's link leads to: the response in progress, or why there is none."""

    def __init__(self, response=None, invitation=None, state="ok"):
        self.response = response
        self.invitation = invitation
        self.state = state  # ok / submitted / closed


def respondent_open(*, token) -> RespondentSession:
    hashed = token_hash(token, RESPONDENT_SALT)
    invitation = Invitation.objects.select_related("round", "questionnaire", "municipality").filter(
        token_hash=hashed).first()
    if invitation is not None:
        if invitation.status == Invitation.Status.SUBMITTED:
            return RespondentSession(invitation=invitation, state="submitted")
        if not invitation.round.is_open:
            return RespondentSession(invitation=invitation, state="closed")
        with transaction.atomic():
            response, created = Response.objects.get_or_create(
                key_hash=hashed,
                defaults={"round": invitation.round, "questionnaire": invitation.questionnaire,
                          "municipality": invitation.municipality, "started_on": timezone.localdate()},
            )
            if invitation.status == Invitation.Status.SENT:
                invitation.status = Invitation.Status.STARTED
                invitation.save(update_fields=["status"])
        return RespondentSession(response=response, invitation=invitation)
    response = Response.objects.select_related("round", "questionnaire").filter(key_hash=hashed).first()
    if response is None:
        # A submitted response has no key any more: the link cannot be told apart from a wrong one.
        raise LinkError("unknown")
    if not response.round.is_open:
        return RespondentSession(response=response, state="closed")
    return RespondentSession(response=response)


def share_link_open(*, token) -> ShareLink:
    hashed = token_hash(token, SHARE_SALT)
    link = ShareLink.objects.select_related("round", "questionnaire", "municipality").filter(token_hash=hashed).first()
    if link is None:
        raise LinkError("unknown")
    return link


def response_start_from_share_link(*, link) -> str:
    """A new anonymous response; returns the respondent's own token (to resume on this device)."""
    if not link.round.is_open:
        raise ValidationError(_("This round is closed."))
    token, hashed = token_new(RESPONDENT_SALT)
    Response.objects.create(
        round=link.round, questionnaire=link.questionnaire, municipality=link.municipality, key_hash=hashed,
        started_on=timezone.localdate(),
    )
    return token


def answers_save(*, response, section, cleaned_data, next_position) -> None:
    """Store the answers of one page (replacing earlier ones on that page) and where to resume."""
    if response.is_submitted:
        raise ValidationError(_("This questionnaire has already been submitted."))
    questions = list(section.questions.all())
    answers = []
    for question in questions:
        value = cleaned_data.get(f"q_{question.pk}")
        if question.kind == QuestionKind.MULTI:
            if value:
                answers.append(Answer(response=response, question=question, values=list(value)))
        elif question.kind == QuestionKind.TEXT:
            if value and value.strip():
                answers.append(Answer(response=response, question=question, text=value.strip()))
        elif value:
            answers.append(Answer(response=response, question=question, value=value))
    with transaction.atomic():
        Answer.objects.filter(response=response, question__in=questions).delete()
        Answer.objects.bulk_create(answers)
        response.last_section = next_position
        response.save(update_fields=["last_section"])


def response_submit(*, response, invitation=None) -> None:
    """Cut the tie: the response loses its key, the invitation keeps a status and loses its address."""
    with transaction.atomic():
        response.submitted_on = timezone.localdate()
        response.key_hash = None
        response.save(update_fields=["submitted_on", "key_hash"])
        if invitation is not None:
            invitation.status = Invitation.Status.SUBMITTED
            invitation.email = ""
            invitation.save(update_fields=["status", "email"])


# --- reminders ----------------------------------------------------------------------------------

def reminders_send_due(*, now=None) -> int:
    """Send each reminder that is due, once per invitation and due moment.

    A reminder's link is a new token: the invitation's hash and the key of its response in
    progress move to it together, so the respondent resumes where she stopped."""
    now = now or timezone.now()
    sent = 0
    # Past its closing day a round sends no more reminders, so the addresses have no use left.
    Invitation.objects.filter(round__closes_on__lt=timezone.localdate(now)).exclude(email="").update(email="")
    rounds = SurveyRound.objects.filter(status=SurveyRound.Status.OPEN, closes_on__gte=timezone.localdate(now))
    for survey_round in rounds:
        # Only the latest moment that is due: after a pause of the beat, one reminder, not a flood.
        due = _due_moments(survey_round, now)
        if not due:
            continue
        due_at = due[-1]
        pending = (
            Invitation.objects.filter(round=survey_round)
            .exclude(status=Invitation.Status.SUBMITTED).exclude(email="")
            .exclude(reminders__due_at=due_at).values_list("pk", flat=True)
        )
        for invitation_id in list(pending):
            sent += reminder_send(invitation_id=invitation_id, due_at=due_at)
    return sent


def _due_moments(survey_round, now):
    moments = (survey_round.opened_at + datetime.timedelta(days=int(days)) for days in survey_round.reminder_days)
    return sorted(moment for moment in moments if moment <= now)


def reminder_send(*, invitation_id, due_at) -> int:
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(skip_locked=True).select_related("round")
            .filter(pk=invitation_id).exclude(status=Invitation.Status.SUBMITTED).first()
        )
        if invitation is None:
            return 0
        try:
            with transaction.atomic():
                Reminder.objects.create(invitation=invitation, due_at=due_at)
        except IntegrityError:
            return 0
        token, hashed = token_new(RESPONDENT_SALT)
        Response.objects.filter(key_hash=invitation.token_hash).update(key_hash=hashed)
        invitation.token_hash = hashed
        invitation.save(update_fields=["token_hash"])
        email, url = invitation.email, _respondent_url(invitation.round, token)
        transaction.on_commit(lambda: send_mail(
            _("Reminder: questionnaire Alert4you"),
            _("You have not finished the questionnaire about Alert4you yet. This link takes you back to where you "
              "stopped (earlier links no longer work):\n\n%(url)s") % {"url": url},
            None, [email],
        ))
        Reminder.objects.filter(invitation=invitation, due_at=due_at).update(sent_at=timezone.now())
    return 1


# --- questionnaire versions ---------------------------------------------------------------------

def questionnaire_copy(*, questionnaire, by) -> Questionnaire:
    """A new version with the same sections, scales and items, for editing wording only."""
    with transaction.atomic():
        latest = Questionnaire.objects.filter(key=questionnaire.key).order_by("-version").first()
        copy = Questionnaire.objects.create(
            key=questionnaire.key, version=latest.version + 1, respondent_group=questionnaire.respondent_group,
            title_nl=questionnaire.title_nl, title_en=questionnaire.title_en, intro_nl=questionnaire.intro_nl,
            intro_en=questionnaire.intro_en, based_on=questionnaire, created_by=by,
        )
        scales = {}
        for scale in questionnaire.scales.all():
            scales[scale.pk] = Scale.objects.create(
                questionnaire=copy, code=scale.code, label_nl=scale.label_nl, label_en=scale.label_en,
                position=scale.position,
            )
        for scale in questionnaire.scales.filter(before_of__isnull=False):
            Scale.objects.filter(pk=scales[scale.pk].pk).update(before_of=scales[scale.before_of_id])
        for section in questionnaire.sections.prefetch_related("questions"):
            new_section = Section.objects.create(
                questionnaire=copy, position=section.position, code=section.code, title_nl=section.title_nl,
                title_en=section.title_en, stem_nl=section.stem_nl, stem_en=section.stem_en,
                reconstructed=section.reconstructed,
            )
            Question.objects.bulk_create([
                Question(
                    questionnaire=copy, section=new_section, scale=scales.get(item.scale_id), position=item.position,
                    code=item.code, kind=item.kind, text_nl=item.text_nl, text_en=item.text_en, options=item.options,
                    missing_option=item.missing_option, reconstructed=item.reconstructed, source=item.source,
                )
                for item in section.questions.all()
            ])
    return copy


WORDING_FIELDS = ("title_nl", "title_en", "intro_nl", "intro_en")
SECTION_WORDING_FIELDS = ("title_nl", "title_en", "stem_nl", "stem_en")


def questionnaire_update_wording(*, questionnaire, texts: dict, by, sections: dict | None = None,
                                 header: dict | None = None) -> None:
    """texts: {question_id: (text_nl, text_en)}; sections: {section_id: {"title_nl": ..., ...}};
    header: {"title_nl": ..., "intro_en": ...}. Only wording and translations change."""
    with transaction.atomic():
        # Locked first, so that a response starting meanwhile waits and then sees the new text.
        questionnaire = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
        if questionnaire.has_answers():
            raise ValidationError(_("This version already has answers and cannot be changed. Make a copy instead."))
        header = {k: v for k, v in (header or {}).items() if k in WORDING_FIELDS}
        if header:
            Questionnaire.objects.filter(pk=questionnaire.pk).update(**header)
        for section in questionnaire.sections.filter(pk__in=(sections or {}).keys()):
            for field in SECTION_WORDING_FIELDS:
                if field in sections[section.pk]:
                    setattr(section, field, sections[section.pk][field])
            section.save(update_fields=list(SECTION_WORDING_FIELDS))
        for question in questionnaire.questions.filter(pk__in=texts.keys()):
            question.text_nl, question.text_en = texts[question.pk]
            question.save(update_fields=["text_nl", "text_en"])
