"""`manage.py check --deploy` reports nothing for the production profile."""

import subprocess
import sys

from .production import production_env
from .test_compose import REPO


def test_check_deploy_is_clean_with_the_production_profile(tmp_path):
    # `check` connects to no database or broker: these addresses are never reached.
    env = production_env(tmp_path / "var", "postgres://alert4you:unused@127.0.0.1:9/alert4you",
                         hosts="alert4you.example.nl")
    env["CELERY_BROKER_URL"] = "redis://127.0.0.1:9/0"
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "no issues" in result.stdout, output


def test_e_mail_links_in_production_point_at_the_site_not_at_localhost(tmp_path):
    env = production_env(tmp_path / "var", "postgres://alert4you:unused@127.0.0.1:9/alert4you",
                         hosts="alert4you.example.nl,www.alert4you.example.nl")
    env["CELERY_BROKER_URL"] = "redis://127.0.0.1:9/0"
    env.pop("SITE_URL", None)
    code = ("import django; django.setup(); from alert4you.links import absolute_url; "
            "print(absolute_url('/consent/code/'))")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "https://alert4you.example.nl/consent/code/"
