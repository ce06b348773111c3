"""What a pm'er's growth page ("Mijn groei") and a specialist's coaching list read."""

from dataclasses import dataclass

from django.db.models import Count, Q

from casework.models import ObservationRequest, QuestionKind
from observations.models import Advice, AdviceTried, AdviceWorked

from .models import AdviceFeedback, CoachingMoment, Competence, SelfAssessment


def moments_for_coach(user):
    """The moments she recorded; for a pedagogical coach also those held at her organisation's locations."""
    return (CoachingMoment.objects.visible_to(user).select_related("location", "group", "coach")
            .prefetch_related("focus", "participants"))


def moments_with(user):
    return (CoachingMoment.objects.filter(participants=user).select_related("location", "group", "coach")
            .prefetch_related("focus"))


@dataclass
class CompetenceGrowth:
    competence: Competence
    moments: list
    scores: list  # (date, score) of her self-assessments, oldest first
    dots: list  # chart_dots(scores)
    points: str  # the polyline through the dots


# The chart's drawing area, in SVG user units; the viewBox scales it to the screen.
CHART_WIDTH, CHART_HEIGHT, CHART_PAD = 320, 120, 20


def chart_dots(scores) -> list[tuple[int, int, object, int]]:
    """(x, y, date, score) of scores 1-5 over time, evenly spaced by assessment; SVG's y grows downwards."""
    step = (CHART_WIDTH - 2 * CHART_PAD) / max(len(scores) - 1, 1)
    usable = CHART_HEIGHT - 2 * CHART_PAD
    return [(round(CHART_PAD + i * step), round(CHART_PAD + usable * (5 - score) / 4), day, score)
            for i, (day, score) in enumerate(scores)]


def chart_points(dots) -> str:
    """The polyline through chart_dots(...)."""
    return " ".join(f"{x},{y}" for x, y, _day, _score in dots)


def growth_of(user) -> dict:
    moments = list(moments_with(user))
    assessments = list(SelfAssessment.objects.visible_to(user))
    per_competence = []
    for competence in Competence:
        scores = [(a.assessed_on, a.score(competence.value)) for a in assessments]
        dots = chart_dots(scores)
        per_competence.append(CompetenceGrowth(
            competence=competence,
            moments=[m for m in moments if competence in m.competences],
            scores=scores, dots=dots, points=chart_points(dots),
        ))
    # Aliases apart from the field names: an alias "worked" would shadow the field in the next filter.
    counted = Advice.objects.filter(evaluated_by=user).aggregate(
        n_evaluated=Count("pk"),
        n_tried=Count("pk", filter=Q(tried=AdviceTried.TRIED)),
        n_worked=Count("pk", filter=Q(worked=AdviceWorked.WORKED)),
        n_partly=Count("pk", filter=Q(worked=AdviceWorked.PARTLY)),
    )
    advice = {key.removeprefix("n_"): value for key, value in counted.items()}
    return {
        "moments": moments,
        "per_competence": per_competence,
        "assessments": assessments,
        "advice": advice,
        "questions": [(QuestionKind(row["kind"]).label, row["n"]) for row in
                      ObservationRequest.objects.filter(requested_by=user).order_by().values("kind")
                      .annotate(n=Count("pk")).order_by("-n", "kind")],
        "chart": {"width": CHART_WIDTH, "height": CHART_HEIGHT, "pad": CHART_PAD,
                  "right": CHART_WIDTH - CHART_PAD, "bottom": CHART_HEIGHT - CHART_PAD},
    }


def advice_awaiting_feedback(user):
    """Her advice on cases that a pm'er evaluated and she has not answered yet: case number and
    evaluation only (no advice text, no child), so the list reads nothing of a child's file."""
    return (Advice.objects.filter(given_by=user, case__isnull=False).exclude(tried="")
            .filter(feedback__isnull=True).select_related("evaluated_by").order_by("-evaluated_at", "-pk"))


def feedback_for(user):
    """The feedback pairs on advice she evaluated, newest first."""
    return list(AdviceFeedback.objects.filter(advice__evaluated_by=user,
                                              advice__in=Advice.objects.visible_to(user).values("pk"))
                .select_related("advice__case__request__location__district", "given_by").order_by("-created_at"))


def appointments_for(user) -> dict:
    """Her coaching appointments in sections: waiting for her answer, waiting for the other's, accepted
    and still to come, to be recorded (accepted and passed), and the latest closed ones. Bounded: the
    closed ones of the last half year only."""
    import datetime

    from django.db.models import Q
    from django.utils import timezone

    from .models import AppointmentStatus, CoachingAppointment

    now = timezone.now()
    rows = list(CoachingAppointment.objects.visible_to(user)
                .filter(Q(status__in=[AppointmentStatus.PROPOSED, AppointmentStatus.ACCEPTED])
                        | Q(starts_at__gte=now - datetime.timedelta(days=183)))
                .select_related("coach", "specialist", "location", "group", "awaiting")
                .prefetch_related("participants").order_by("starts_at", "pk")[:200])
    sections = {"mine_to_answer": [], "theirs_to_answer": [], "upcoming": [], "to_record": [], "closed": []}
    for row in rows:
        if row.status == AppointmentStatus.PROPOSED:
            sections["mine_to_answer" if row.awaiting_id == user.pk else "theirs_to_answer"].append(row)
        elif row.status == AppointmentStatus.ACCEPTED:
            sections["upcoming" if row.starts_at > now else "to_record"].append(row)
        else:
            sections["closed"].append(row)
    sections["closed"].reverse()
    return sections


def agenda_appointments_of(user, *, upcoming_from=None):
    """The accepted (and recorded) coaching she plans, gives or takes part in (a named pm'er): in her
    agenda and calendar feed. Withdrawn and cancelled coaching is left out, so it leaves the feed too."""
    from django.db.models import Q

    from .models import AppointmentStatus, CoachingAppointment

    taking_part = CoachingAppointment.participants.through.objects.filter(user=user).values(
        "coachingappointment_id")
    qs = (CoachingAppointment.objects.filter(Q(coach=user) | Q(specialist=user) | Q(pk__in=taking_part),
                                             status__in=[AppointmentStatus.ACCEPTED, AppointmentStatus.RECORDED])
          .select_related("location", "group", "coach", "specialist").order_by("starts_at", "pk"))
    if upcoming_from is not None:
        qs = qs.filter(starts_at__gte=upcoming_from)
    return qs
