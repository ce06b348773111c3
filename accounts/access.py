"""Deny by default: every view declares who may reach it, or it is refused.

`public` marks a view anyone may open (login, health check, language switch);
`role_required(...)` lets in a logged-in user with an active membership in one of the roles, and
`login_required` any logged-in user; both only once her second factor is verified (django-otp's
`request.user.is_verified()`), otherwise she is sent to the second-factor step. Only that step
itself and logout are `second_factor_step` views: logged in with the password alone is enough.
The middleware refuses every view that declares neither, so a forgotten rule fails closed, and
the test suite lists every URL to prove none is undeclared.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from .selectors import has_role

ACCESS_RULE_ATTR = "access_rule"


def _declare(view, rule):
    setattr(view, ACCESS_RULE_ATTR, rule)
    return view


def public(view):
    return _declare(view, "public")


def _refuse_unless_verified(request):
    """The response for a user who may not pass yet, or None when she may."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.is_verified():
        return redirect_to_login(request.get_full_path(), reverse("second_factor_verify"))
    return None


def role_required(*roles):
    if not roles:
        raise ValueError("role_required needs at least one role")

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            refused = _refuse_unless_verified(request)
            if refused is not None:
                return refused
            if not has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return _declare(wrapped, ("roles", frozenset(roles)))

    return decorator


def login_required(view):
    """Any logged-in professional with a verified second factor, whatever her roles (home page, own mailbox)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        refused = _refuse_unless_verified(request)
        if refused is not None:
            return refused
        return view(request, *args, **kwargs)

    return _declare(wrapped, "authenticated")


def second_factor_step(view):
    """Logged in with the password, second factor not needed: the second-factor pages and logout only."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return _declare(wrapped, "second_factor_step")


def access_rule_of(view_func):
    return getattr(view_func, ACCESS_RULE_ATTR, None)


# The admin site checks its own permission (AdminSite.has_permission) on every view.
DECLARED_NAMESPACES = {"admin"}


class DenyUndeclaredViewsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is not None and DECLARED_NAMESPACES & set(match.namespaces):
            return None
        if access_rule_of(view_func) is None:
            raise PermissionDenied("This view declares no access rule.")
        return None
