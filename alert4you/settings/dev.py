"""The embedded default: the demo, no services needed."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)

# WhiteNoise warns about a missing STATIC_ROOT; runserver serves from the app folders anyway.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
