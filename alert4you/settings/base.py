"""Settings shared by every profile. Every secret and address comes from the environment.

With nothing set the app runs on the *embedded default*: SQLite, Celery over kombu's
filesystem transport and e-mail into the in-app demo mailbox, so a demo needs no services.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _
from kombu import Queue

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(environ.Env().str("ALERT4YOU_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="insecure-demo-key-only-for-the-embedded-default")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "alert4you.apps.Alert4youAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "accounts.axes_app.LoginAttemptsConfig",  # django-axes, with a Dutch name in the admin
    "organisations",
    "accounts",
    "audit",
    "children",
    "consent",
    "casework",
    "observations",
    "surveys",
    "safeguarding",
    "demo",
    "scheduling",
    "notifications",
    "idempotency",
    "monitoring",
    "dataprotection",
    "coaching",
]

MIDDLEWARE = [
    # First: a lost database or a full upload disk is told in Dutch (503), whichever layer met it.
    "alert4you.faults.FaultsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, so static files carry the header too.
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "alert4you.languages.ProfessionalLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.sessions.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "accounts.access.DenyUndeclaredViewsMiddleware",
    # Last: turns a refused login of a locked-out (username, address) pair into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "alert4you.urls"
WSGI_APPLICATION = "alert4you.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'alert4you.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # Web server, Celery worker and beat share one SQLite file in the demo: take the write lock
    # at the start of a transaction and wait for it, instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # JIT off (scripts/bench at scale 0.1): compiling cost 60 of the dashboard query's 124 ms, and the
    # whole query took 33 ms without it; this app runs many short queries, never long analytic ones.
    if not env.bool("DATABASE_JIT", default=False):
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# A read replica for dashboards and statistics (docs/scaling.md): only with DATABASE_REPLICA_URL, and
# only for reads inside alert4you.routers.replica_reads(); writes and all other reads use the primary.
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db_url("DATABASE_REPLICA_URL")
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"].get("CONN_MAX_AGE", 0)
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["replica"].setdefault("OPTIONS", {}).update(DATABASES["default"].get("OPTIONS", {}))
    # Tests read the replica alias from the test database itself.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["alert4you.routers.ReplicaRouter"]

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Axes first: it refuses a locked-out (username, address) pair before the password is checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
# Password policy after NCSC and OWASP: length over complexity, checked against common passwords,
# no composition rules and no forced periodic change.
# Django's rules with messages of our own, in Dutch with "je" (accounts/password_validation.py).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "accounts.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "accounts.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "accounts.password_validation.CommonPasswordValidator"},
    {"NAME": "accounts.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.password_validation.ContextWordsValidator"},
]
# Words anyone near the programme would try first (OWASP ASVS 6.1.2); the names of the municipalities,
# organisations and locations in the database are added to them (accounts/password_validation.py).
PASSWORD_CONTEXT_WORDS = [
    "alert4you", "alert for you", "alertforyou", "alert", "samen vroeg erbij", "kinderopvang", "peuteropvang",
    "kinderdagverblijf", "jeugdhulp", "jeugdhulpverlener", "jeugdverpleegkundige", "verpleegkundige",
    "pedagogisch medewerker", "medewerker", "specialist", "coordinator", "coördinator", "programmacoordinator",
    "privacyfunctionaris", "aandachtsfunctionaris", "meldcode", "beheerder", "gemeente", "welkom", "wachtwoord",
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English")), ("ar", _("Arabic")), ("tr", _("Turkish")), ("pl", _("Polish")), ("uk", _("Ukrainian"))]  # noqa: E501 - guardian pages, e-mails and PDFs in six; professionals nl/en
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.str("DJANGO_STATIC_ROOT", default=str(VAR_DIR / "staticfiles")))
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
STORAGES = {
    # A full upload disk becomes a message on the form, not a half-written file (alert4you/faults.py).
    "default": {"BACKEND": "alert4you.faults.SpaceCheckedStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Sessions end when the browser closes and after two idle hours at most as a backstop;
# accounts.sessions.SessionTimeoutMiddleware ends them sooner (see "Login security" below).
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=2 * 60 * 60)
# Saved when it changes, not on every page: the idle clock (accounts.sessions) moves at most every 30 s of
# activity, and each such save also moves this backstop on. Saving every request cost three queries a page.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Login security (accounts/sessions.py, accounts/two_factor.py). Every professional logs in with
# a password and a second factor (TOTP app + recovery codes); a browser she marks as trusted
# skips the second factor for TRUSTED_DEVICE_DAYS. Idle sessions end: sooner on a shared device.
SESSION_IDLE_TIMEOUT_SHARED = env.int("SESSION_IDLE_TIMEOUT_SHARED", default=15 * 60)
SESSION_IDLE_TIMEOUT_TRUSTED = env.int("SESSION_IDLE_TIMEOUT_TRUSTED", default=60 * 60)
SESSION_IDLE_WARNING = env.int("SESSION_IDLE_WARNING", default=60)  # seconds of warning before it ends
SESSION_ABSOLUTE_LIMIT = env.int("SESSION_ABSOLUTE_LIMIT", default=10 * 60 * 60)
TRUSTED_DEVICE_DAYS = env.int("TRUSTED_DEVICE_DAYS", default=30)
TRUSTED_DEVICE_COOKIE = "a4y_trusted"
OTP_TOTP_ISSUER = "Alert4you"
RECOVERY_CODE_COUNT = 10
# A password-reset link works once (the token covers the password hash) and expires.
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=60 * 60)
# Failed logins are counted per (username, address) pair, so typing a colleague's name from
# another tablet cannot lock her out. From LOGIN_SLOWDOWN_AFTER failures on, each next attempt
# must wait twice as long (accounts/throttling.py); at AXES_FAILURE_LIMIT the pair is locked
# for AXES_COOLOFF_TIME, or until a functional administrator lifts the lockout.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=8)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ADMIN = False  # accounts/admin.py registers them for functional administrators
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_SENSITIVE_PARAMETERS = ["password", "token"]
# The client's address: REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT reverse proxies the address
# that many hops from the right of X-Forwarded-For (accounts/throttling.py).
TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "accounts.throttling.client_ip"
LOGIN_SLOWDOWN_AFTER = 3
LOGIN_SLOWDOWN_SECONDS = 5
# Security keys (WebAuthn, django-otp-webauthn) as the other second factor, next to the app. Keys
# are bound to the RP ID (the site's domain; changing it later orphans every registered key) and
# only accepted from the listed origins. http://localhost counts as a secure context for the demo.
OTP_WEBAUTHN_RP_ID = env.str("WEBAUTHN_RP_ID", default="localhost")
OTP_WEBAUTHN_RP_NAME = "Alert4you"
OTP_WEBAUTHN_ALLOWED_ORIGINS = env.list("WEBAUTHN_ORIGINS", default=["http://localhost:8000"])
# The key is a second factor after the password, never a way in on its own.
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False

# Everything is served from our own origin: the app must work offline on a closed network.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Browser features the app never uses are off, for it and for anything it might frame (an injected
# iframe included); the security key (WebAuthn) is the one feature it needs, from its own origin only.
PERMISSIONS_POLICY = {
    **dict.fromkeys([
        "accelerometer", "autoplay", "browsing-topics", "camera",
        "clipboard-read", "display-capture", "encrypted-media", "geolocation", "gyroscope", "hid",
        "identity-credentials-get", "idle-detection", "interest-cohort", "local-fonts", "magnetometer",
        "microphone", "midi", "otp-credentials", "payment", "picture-in-picture", "screen-wake-lock", "serial",
        "usb", "xr-spatial-tracking",
    ], []),
    "publickey-credentials-get": ["self"],
    "publickey-credentials-create": ["self"],
}

# E-mail: an EMAIL_URL (smtp://user:pass@host:587/?tls=True) in production; the in-app demo
# mailbox otherwise.
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Alert4you <noreply@alert4you.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
    DEMO_MAILBOX = False
else:
    EMAIL_BACKEND = "demo.backends.MailboxBackend"
    DEMO_MAILBOX = True

# Django's cache: Redis when CACHE_URL is set (production: one cache for every web process, so a kept
# survey analysis is computed once for all of them, not once per process); the process's own memory
# otherwise (demo, test suite).
CACHE_URL = env.str("CACHE_URL", default="")
if CACHE_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}

# Celery: Redis in production and in the test suite; kombu's filesystem transport otherwise,
# so that worker and beat really run in the demo without a server.
BROKER_DIR = VAR_DIR / "broker"
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    for sub in ("queue", "processed", "control"):
        (BROKER_DIR / sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "store_processed": False,
        # Broadcasts (the worker's pidbox, celery inspect) keep their exchange table here; kombu's
        # default is "control/" in whatever folder the process was started from.
        "control_folder": str(BROKER_DIR / "control"),
    }
CELERY_TASK_IGNORE_RESULT = True
# One queue per kind of work, each with its own workers (docs/scaling.md, docker-compose.scale.yml), so a
# slow half-year plan never holds up a reminder. Patterns, so a new task of a kind lands in its queue;
# anything else goes to the default queue "celery". The first matching pattern wins: kinds of work first.
CELERY_TASK_ROUTES = {
    "*.tasks.send_*email*": {"queue": "email"},
    "*.tasks.*_pdf*": {"queue": "pdf"},
    "scheduling.plan_*": {"queue": "plans"},
    "notifications.tasks.*": {"queue": "reminders"},
    "consent.tasks.*": {"queue": "reminders"},
    "surveys.tasks.*": {"queue": "reminders"},
}
# A worker started without -Q (the demo, the single-machine compose file, the suite) consumes every queue;
# the scaled layout starts one worker per queue with -Q.
CELERY_TASK_QUEUES = [Queue(name) for name in ("celery", "plans", "reminders", "email", "pdf")]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# Periodic tasks are declared here, in code, so a fresh install has them.
CELERY_BEAT_SCHEDULE = {
    "heartbeat": {"task": "alert4you.tasks.heartbeat", "schedule": 60.0},
    "survey-reminders": {"task": "surveys.tasks.send_survey_reminders", "schedule": 15 * 60.0},
    "notifications-sweep": {"task": "notifications.tasks.sweep_outbox", "schedule": 60.0},
    "notifications-reminders": {"task": "notifications.tasks.enqueue_reminders", "schedule": 15 * 60.0},
    "consent-expire": {"task": "consent.tasks.expire_consents", "schedule": 60 * 60.0},
    "consent-reminders": {"task": "consent.tasks.remind_pending_consents", "schedule": 60 * 60.0},
    "idempotency-prune": {"task": "idempotency.tasks.prune_submissions", "schedule": 60 * 60.0},
    # The access log's monthly partitions ahead, its retention, and the erasure of case data past the
    # municipality's retention (audit/, dataprotection/).
    "audit-partitions": {"task": "audit.tasks.audit_partitions_maintain", "schedule": 24 * 60 * 60.0},
    "audit-retention": {"task": "audit.tasks.audit_retention", "schedule": 24 * 60 * 60.0},
    "case-data-retention": {"task": "dataprotection.tasks.erase_expired_case_data", "schedule": 24 * 60 * 60.0},
    # Dashboard figures per view, computed again before they are 10 minutes old (monitoring/snapshots.py).
    "monitoring-refresh-figures": {"task": "monitoring.tasks.refresh_figures", "schedule": 5 * 60.0},
}
# Seconds the dashboard may show kept figures (the page says when they were computed); 0 = always live.
MONITORING_FIGURES_MAX_AGE = env.int("MONITORING_FIGURES_MAX_AGE", default=600)
# NEN 7513: the access log is kept at least this many years (audit/partitions.py never keeps less than 5).
AUDIT_RETENTION_YEARS = env.int("AUDIT_RETENTION_YEARS", default=5)

# Reminders (notifications/): links in e-mails point at SITE_URL; an item more than
# NOTIFICATIONS_STALE_AFTER past due is marked stale instead of sent; a sweep's claim older than
# NOTIFICATIONS_CLAIM_TIMEOUT belongs to a worker that died and is taken again.
# Every link in an e-mail, letter or feed is absolute: SITE_URL + path (see alert4you.links).
SITE_URL = env.str("SITE_URL", default="http://localhost:8000").rstrip("/")
NOTIFICATIONS_SITE_URL = SITE_URL
NOTIFICATIONS_STALE_AFTER = timedelta(days=env.int("NOTIFICATIONS_STALE_DAYS", default=2))
NOTIFICATIONS_CLAIM_TIMEOUT = timedelta(minutes=10)
NOTIFICATIONS_ADVICE_EVALUATION_DAYS = env.int("NOTIFICATIONS_ADVICE_EVALUATION_DAYS", default=14)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"client_errors_one_line": {"()": "alert4you.log.ClientErrorsOneLine"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Django's default configuration gives "django" a console handler of its own (with DEBUG on)
        # next to the root's, so every line came twice: Django's records go to the root only.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        # A 403 or 404 is one line, not a traceback (alert4you/log.py); so is a request for a host
        # that is not ours (a 400, common from scanners).
        "django.request": {"filters": ["client_errors_one_line"], "propagate": True},
        "django.security.DisallowedHost": {"filters": ["client_errors_one_line"], "propagate": True},
    },
}
