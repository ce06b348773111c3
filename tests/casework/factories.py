from django.test import RequestFactory

from casework.services import request_create


def fake_request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def ask(world_, *, by=None, child=None, group=None, subject="child", question="Hij bijt andere kinderen.",
        kind="behaviour", urgency="normal"):
    """A request through the real service, as the childcare worker makes it."""
    by = by or world_.pmer_a
    if subject == "child" and child is None:
        child = world_.children_a[0]
    group = group or (child.group if child else world_.group_a)
    return request_create(request=fake_request(by), location=group.location, group=group, subject=subject,
                          kind=kind, question=question, already_tried="Rustig benaderen", urgency=urgency,
                          child=child, by=by)
