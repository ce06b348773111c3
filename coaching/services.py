"""Recording coaching and self-assessments: the checks a form cannot make alone, and the writes."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import AdviceFeedback, CoachingFocus, CoachingMoment, SelfAssessment
from .permissions import membership_for_location, workers_at

# A look-back date further ahead than this is a typing slip (2999), not a plan.
LOOK_BACK_WITHIN = datetime.timedelta(days=366)
EARLIEST = datetime.date(2015, 1, 1)


def _check_date(value, field, errors, today):
    if value > today:
        errors[field] = _("This date lies in the future.")
    elif value < EARLIEST:
        errors[field] = _("Enter a date from 2015 onwards.")


@transaction.atomic
def coaching_moment_record(*, by, location, group, participants, held_on, occasion, methods, discussed,
                           will_try="", look_back_on=None, hours, competences) -> CoachingMoment:
    today = timezone.localdate()
    errors = {}
    membership = membership_for_location(by, location)
    if membership is None:
        raise ValidationError(_("You cannot record coaching at this location."))
    _check_date(held_on, "held_on", errors, today)
    if look_back_on and not (held_on <= look_back_on <= held_on + LOOK_BACK_WITHIN):
        errors["look_back_on"] = _("Choose a date to look back on within a year after the coaching moment.")
    if group is not None and group.location_id != location.pk:
        errors["group"] = _("This group is not at this location.")
    allowed = set(workers_at(location).values_list("pk", flat=True))
    if not participants:
        errors["participants"] = _("Choose at least one childcare worker.")
    elif any(p.pk not in allowed for p in participants):
        errors["participants"] = _("Only childcare workers of this location can be coached here.")
    if not competences:
        errors["competences"] = _("Choose at least one competence you worked on.")
    if errors:
        raise ValidationError(errors)
    moment = CoachingMoment.objects.create(
        location=location, group=group, coach=by, coach_membership=membership, held_on=held_on, occasion=occasion,
        methods=list(methods), discussed=discussed, will_try=will_try, look_back_on=look_back_on, hours=hours)
    moment.participants.set(participants)
    CoachingFocus.objects.bulk_create([CoachingFocus(moment=moment, competence=c) for c in competences])
    return moment


def self_assessment_record(*, author, assessed_on, scores: dict, note="") -> SelfAssessment:
    errors = {}
    _check_date(assessed_on, "assessed_on", errors, timezone.localdate())
    if errors:
        raise ValidationError(errors)
    return SelfAssessment.objects.create(author=author, assessed_on=assessed_on, note=note, **scores)


def may_give_feedback(user, advice) -> bool:
    """The specialist who gave the advice answers once the pm'er has said whether she tried it."""
    return advice.given_by_id == user.pk and bool(advice.tried) and advice.case_id is not None


@transaction.atomic
def advice_feedback_give(*, advice, by, text) -> AdviceFeedback:
    if not may_give_feedback(by, advice):
        raise ValidationError(_("Only the specialist who gave this advice can answer, once it has been evaluated."))
    if AdviceFeedback.objects.select_for_update().filter(advice=advice).exists():
        raise ValidationError(_("You already gave feedback on this advice."))
    return AdviceFeedback.objects.create(advice=advice, given_by=by, text=text)
