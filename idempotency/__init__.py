"""Pressing back and submitting again, or clicking twice, must not create a thing twice.

``once_per_submission`` guards a view that creates something: see ``services``.
"""


def once_per_submission(view):
    from .services import once_per_submission as decorator

    return decorator(view)
