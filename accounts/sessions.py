"""Sessions that end: after an idle time (shorter on a shared device than on a trusted one) and
after an absolute limit, whatever the activity. The next request then goes to the login page.

Every authenticated response is marked `no-store`, so the browser's back button cannot bring a
child's page back after logout. static/js/idle.js warns a minute before the idle end and then
logs out, so nothing about a child stays on screen.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from .two_factor import TRUSTED_SESSION_KEY

LOGIN_AT = "login_at"
LAST_SEEN = "last_seen"
# The idle clock moves on at most every 30 seconds: a session is written to the database only then,
# not on every page (three queries each). idle.js warns a minute before the end, so it still warns in time.
LAST_SEEN_RESOLUTION = 30


def idle_timeout(request) -> int:
    if request.session.get(TRUSTED_SESSION_KEY):
        return settings.SESSION_IDLE_TIMEOUT_TRUSTED
    return settings.SESSION_IDLE_TIMEOUT_SHARED


@receiver(user_logged_in)
def _mark_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[LOGIN_AT] = now
        request.session[LAST_SEEN] = now


class SessionTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.user.is_authenticated:
            return self.get_response(request)
        now = int(time.time())
        session = request.session
        login_at = session.setdefault(LOGIN_AT, now)
        last_seen = session.get(LAST_SEEN, now)
        if now - last_seen > idle_timeout(request) or now - login_at > settings.SESSION_ABSOLUTE_LIMIT:
            logout(request)
            messages.info(request, _("You were logged out because your session ended. Please log in again."))
            return redirect_to_login(request.get_full_path())
        if now - last_seen >= LAST_SEEN_RESOLUTION or LAST_SEEN not in session:
            session[LAST_SEEN] = now
        response = self.get_response(request)
        patch_cache_control(response, no_store=True, private=True)
        return response


def sessions_end_others(*, user, keep: str | None = None) -> int:
    """End every session of the user except `keep` (the one she is using), after she changed her
    factors (OWASP ASVS 7.4.3): a lost key may still sit in a browser that is logged in. Sessions live
    in the database; the scan is over live sessions only and runs on a rare action."""
    from django.contrib.auth import SESSION_KEY
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.session_key != keep and session.get_decoded().get(SESSION_KEY) == str(user.pk):
            session.delete()
            ended += 1
    return ended
