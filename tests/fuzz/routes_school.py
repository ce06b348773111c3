"""Routes of primary school (issue 17 item 5): the teacher of the demo's Obs De Wiekslag (Hoogeveen) opens the
warm handover that reached her school. The teacher is an actor of the fuzz world from here: her login is the
demo's leerkracht.hoogeveen (added to the world's extra users, as the Amersfoort actors are)."""

from . import world as fuzz_world
from .routes import Route

TEACHER = "teacher"
# The world builds an actor for every extra user; setdefault leaves it alone once world.py names her itself.
fuzz_world.EXTRA_USERS.setdefault(TEACHER, "leerkracht.hoogeveen")


def received_handover(world, user):
    """The handovers that reached the user's school location, under valid consent."""
    from casework.handover_receipt import received_handovers_filter

    if user is None:
        return []
    return [{"case_id": h.case_id, "handover_id": h.pk} for h in received_handovers_filter(user).order_by("pk")]


ROUTES = {
    "casework:handover_received": Route(received_handover, actors=[TEACHER]),
}
