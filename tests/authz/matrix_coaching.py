"""Authorization rows of coaching on the job (tests/authz/table.py): a specialist records coaching, a
pm'er reads her own growth and self-assessments; the pedagogical coach records and sees coaching too,
and plans coaching with the location's specialist (issue 17 item 4), which puts it in both their
agendas; nobody else reaches those pages."""

from .objects import KINDS, ONE, Kind
from .table import roles


def _appointment(world, column):
    """The demo's pedagogical coach (Spelerwijs) proposes coaching at Het Palet to its specialist."""
    import datetime

    from django.utils import timezone

    from coaching.models import CoachingAppointment
    from coaching.permissions import workers_at
    from coaching.services import appointment_propose
    from organisations.models import Location

    from .objects import HOME_LOCATION

    coach = world.users["pedagogical_coach"]
    appointment = CoachingAppointment.objects.filter(coach=coach).order_by("pk").first()
    if appointment is None:
        location = Location.objects.get(name=HOME_LOCATION)
        appointment = appointment_propose(
            by=coach, location=location, group=None, participants=list(workers_at(location)[:1]),
            competences=["parents"], starts_at=timezone.now() + datetime.timedelta(days=3), hours=1)
    return [{"appointment_id": appointment.pk}]


# One kind per URL: a kind's objects are picked once and kept, but each URL's cells run in a transaction
# rolled back afterwards, so an appointment made for one URL is gone for the next.
for _kind in ("coaching_appointment", "coaching_appointment_to_record", "coaching_appointment_to_cancel"):
    KINDS.setdefault(_kind, Kind(ONE, _appointment, "coaching proposed by the demo's coach to Het Palet's specialist"))

MATRIX = {
    "coaching:moments": roles("none", specialist="200", coach="200"),
    "coaching:moment_create": roles("none", specialist="200", coach="200"),
    "coaching:growth": roles("none", pmer="200"),
    "coaching:self_assessment_create": roles("none", pmer="200"),
    "coaching:appointments": roles("none", specialist="200", coach="200"),
    "coaching:appointment_create": roles("none", coach="200"),
    "coaching:appointment": roles("coaching_appointment", specialist="200", coach="200"),
    # Proposed, not yet accepted and held: both parties are sent back to the appointment with a message.
    "coaching:appointment_record": roles("coaching_appointment_to_record", specialist="redirect",
                                         coach="redirect"),
    # The coach withdraws what she sent; the specialist cancels only what she accepted (a proposal she
    # declines), so she is sent back to the appointment with a message.
    "coaching:appointment_cancel": roles("coaching_appointment_to_cancel", specialist="redirect", coach="200"),
    # The agenda and its feed address are the coach's too now, for the coaching she plans, and the pm'er's,
    # for the coaching she is named on (these rows replace tests/authz/matrix.py's, which are merged before
    # this file).
    "scheduling:agenda": roles("none", specialist="200", nurse="200", coach="200", pmer="200"),
    "scheduling:feed_renew": roles("none", specialist="405", nurse="405", coach="405", pmer="405"),
}
