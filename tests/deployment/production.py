"""The production profile's environment for processes the deployment tests start."""

import os
import secrets


def production_env(var_dir, db_url, *, hosts="127.0.0.1"):
    """The environment of a production process started from the test run."""
    env = dict(os.environ)
    # Nothing of the test profile leaks into the production process.
    for name in ("DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_DEBUG", "DJANGO_SECURE_SSL_REDIRECT",
                 "DJANGO_SECURE_HSTS_SECONDS", "PYTEST_ADDOPTS"):
        env.pop(name, None)
    env.update(
        DJANGO_SETTINGS_MODULE="alert4you.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS=hosts,
        DATABASE_URL=db_url,
        # Production requires a mail server; nothing is sent here.
        EMAIL_URL="smtp://127.0.0.1:25",
        ALERT4YOU_VAR_DIR=str(var_dir),
        PYTHONUNBUFFERED="1",
    )
    if "CELERY_BROKER_URL" in os.environ:
        env["CELERY_BROKER_URL"] = os.environ["CELERY_BROKER_URL"]
    return env
