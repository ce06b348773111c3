"""The test suite: real PostgreSQL and Redis, started by scripts/test (DATABASE_URL, CELERY_BROKER_URL)."""

import os

from .base import *  # noqa: F403
from .base import env

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses that
# unless told it is safe (it is: the browser is a separate process).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
STORAGES = {
    # A full upload disk becomes a message on the form, not a half-written file (alert4you/faults.py).
    "default": {"BACKEND": "alert4you.faults.SpaceCheckedStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
