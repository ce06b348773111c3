"""The benchmark's profile (scripts/bench): production, served over plain HTTP on loopback.

Only what a loopback run needs differs from production: no TLS (so no SSL redirect, HSTS or
secure-only cookies), e-mail into nowhere, and the bench-only app with its floor view and the
query-count header. Never deploy this profile.
"""

import os

# Production requires these; a bench run on loopback has no secrets to keep.
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-never-used-outside-scripts-bench-0123456789")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
os.environ.setdefault("EMAIL_URL", "dummymail://")

from .production import *  # noqa: E402, F403
from .production import INSTALLED_APPS, MIDDLEWARE  # noqa: E402

INSTALLED_APPS = [*INSTALLED_APPS, "benchmarks"]
# Outermost, so the count includes the session's own queries.
MIDDLEWARE = ["benchmarks.middleware.QueryCountMiddleware", *MIDDLEWARE]
ROOT_URLCONF = "benchmarks.urls"

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SESSION_COOKIE_NAME = "sessionid"
CSRF_COOKIE_NAME = "csrftoken"
SITE_URL = NOTIFICATIONS_SITE_URL = "http://127.0.0.1"
