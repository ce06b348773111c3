"""Routes of coaching on the job (issue 17): the specialist records, the pm'er reads her own growth, the
pedagogical coach plans coaching with the location's specialist, who answers it."""

from .routes import PMER, SPECIALIST, Route, advice, none


def appointment(world, user):
    """The coaching appointments the user is part of, one proposed by the demo's coach if none yet."""
    import datetime

    from django.utils import timezone

    from accounts.models import User
    from coaching.models import CoachingAppointment
    from coaching.permissions import plannable_locations, specialist_of, workers_at
    from coaching.services import appointment_propose

    if user is None:
        return []
    mine = list(CoachingAppointment.objects.visible_to(user).order_by("pk")[:2])
    if not mine:
        coach = User.objects.filter(username="coach.hoogeveen").first()
        location = next((loc for loc in plannable_locations(coach) if specialist_of(loc) and
                         workers_at(loc).exists()), None) if coach else None
        if location is not None:
            appointment_propose(by=coach, location=location, group=None, participants=list(workers_at(location)[:1]),
                                competences=["parents"], starts_at=timezone.now() + datetime.timedelta(days=3),
                                hours=1)
            mine = list(CoachingAppointment.objects.visible_to(user).order_by("pk")[:2])
    return [{"appointment_id": a.pk} for a in mine]


ROUTES = {
    "coaching:moments": Route(none, actors=[SPECIALIST]),
    "coaching:moment_create": Route(none, actors=[SPECIALIST]),
    "coaching:growth": Route(none, actors=[PMER]),
    "coaching:self_assessment_create": Route(none, actors=[PMER]),
    "coaching:advice_feedback": Route(advice, actors=[SPECIALIST], limit=1),
    "coaching:appointments": Route(none, actors=[SPECIALIST]),
    "coaching:appointment_create": Route(none, actors=[SPECIALIST]),
    "coaching:appointment": Route(appointment, actors=[SPECIALIST], limit=1),
    "coaching:appointment_record": Route(appointment, actors=[SPECIALIST], limit=1),
    "coaching:appointment_cancel": Route(appointment, actors=[SPECIALIST], limit=1),
}
