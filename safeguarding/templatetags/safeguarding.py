"""Reporting-code sections on pages of other apps (home, child, case). Those apps do not know this
one, so it contributes inclusion tags that call its own selectors and permission rules."""

from django import template

from ..permissions import start_basis
from ..selectors import paths_for

register = template.Library()


@register.inclusion_tag("safeguarding/_officer_paths.html", takes_context=True)
def meldcode_officer_paths(context):
    return {"paths": paths_for(context["request"], limit=20)}


@register.inclusion_tag("safeguarding/_start_link.html", takes_context=True)
def meldcode_start_link(context, child):
    """A start button for whoever may start a path on this child, and her own paths on the child.
    Nothing at all for anyone else, so the page does not hint that a path exists."""
    request = context["request"]
    if child is None or start_basis(request.user, child) is None:
        return {"child": None}
    return {"child": child, "paths": paths_for(request, child_id=child.pk)}
