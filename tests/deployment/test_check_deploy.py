"""`manage.py check --deploy` reports nothing for the production profile."""

import os
import secrets
import subprocess
import sys

from .test_compose import REPO


def test_check_deploy_is_clean_with_the_production_profile(tmp_path):
    env = dict(os.environ)
    for name in ("DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_DEBUG", "DJANGO_SECURE_SSL_REDIRECT",
                 "DJANGO_SECURE_HSTS_SECONDS", "PYTEST_ADDOPTS"):
        env.pop(name, None)
    env.update(
        DJANGO_SETTINGS_MODULE="alert4you.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="alert4you.example.nl",
        # `check` connects to no database or broker: these are never reached.
        DATABASE_URL="postgres://alert4you:unused@127.0.0.1:9/alert4you",
        CELERY_BROKER_URL="redis://127.0.0.1:9/0",
        EMAIL_URL="smtp+tls://alert4you:unused@127.0.0.1:587",
        ALERT4YOU_VAR_DIR=str(tmp_path / "var"),
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "no issues" in result.stdout, output
