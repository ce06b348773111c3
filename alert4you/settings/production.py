"""Production: PostgreSQL, Redis and SMTP from the environment; `check --deploy` is clean."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = env.str("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")

STORAGES = {
    # A full upload disk becomes a message on the form, not a half-written file (alert4you/faults.py).
    "default": {"BACKEND": "alert4you.faults.SpaceCheckedStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# TLS ends at the reverse proxy, which sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
# The container health check calls this path over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"

# Real mail only: production never falls back to the demo mailbox.
vars().update(env.email_url("EMAIL_URL"))
DEMO_MAILBOX = False

# Security keys: bound to the site's own domain, accepted over HTTPS only (override with WEBAUTHN_RP_ID /
# WEBAUTHN_ORIGINS when the site answers on more than one name).
OTP_WEBAUTHN_RP_ID = env.str("WEBAUTHN_RP_ID", default=next(iter(ALLOWED_HOSTS), "").lstrip("."))
OTP_WEBAUTHN_ALLOWED_ORIGINS = env.list(
    "WEBAUTHN_ORIGINS", default=[f"https://{host.lstrip('.')}" for host in ALLOWED_HOSTS if host != "*"])

# Links in e-mails, letters and feeds: the demo's localhost default would send guardians nowhere, so
# production takes the site's own first host over HTTPS unless SITE_URL says otherwise.
SITE_URL = env.str("SITE_URL", default=f"https://{next(iter(ALLOWED_HOSTS), '').lstrip('.')}").rstrip("/")
NOTIFICATIONS_SITE_URL = SITE_URL
