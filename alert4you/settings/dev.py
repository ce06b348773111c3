"""The embedded default: the demo, no services needed.

DEBUG stays off, as for real users: the demo shows the app's own Dutch error pages, never Django's
debug page that lists every URL (DJANGO_DEBUG=1 turns it on for a developer). With DEBUG off
runserver serves no static files, so WhiteNoise (already in the middleware) serves them straight
from the app folders, without a collectstatic step.
"""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=False)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
