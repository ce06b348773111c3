"""Who reads the audit trail: a privacy officer, for the children of her municipality."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.db.models import Q
from django.urls import reverse

from accounts.models import Role
from accounts.selectors import memberships_with_role


def visible_events_filter(user) -> Q:
    municipality_ids = [m.municipality_id for m in memberships_with_role(user, Role.PRIVACY_OFFICER)]
    if not municipality_ids:
        return Q(pk__in=[])
    return Q(municipality_id__in=municipality_ids)


# A trusted device skips the second factor at login (accounts.two_factor.trusted_device_login), so
# is_verified() alone does not prove she gave one in this session. The log asks for it once a session.
FACTOR_PENDING = "audit_second_factor_pending"
FACTOR_GIVEN = "audit_second_factor_given"


def second_factor_this_session(view):
    """Reading the log needs two factors given now: a session let in by a trusted device is sent to
    the second-factor step first (its verification is dropped, so that step asks), then comes back."""
    from django_otp import DEVICE_ID_SESSION_KEY

    from accounts.two_factor import TRUSTED_SESSION_KEY

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        session = request.session
        if session.get(TRUSTED_SESSION_KEY) and not session.get(FACTOR_GIVEN):
            if session.get(FACTOR_PENDING) and request.user.is_verified():
                session[FACTOR_GIVEN] = True
                session.pop(FACTOR_PENDING, None)
            else:
                session.pop(DEVICE_ID_SESSION_KEY, None)
                session[FACTOR_PENDING] = True
                return redirect_to_login(request.get_full_path(), reverse("second_factor_verify"))
        return view(request, *args, **kwargs)

    return wrapped
