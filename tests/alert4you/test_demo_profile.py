"""The demo profile (alert4you.settings.dev, what scripts/demo runs) as a visitor meets it.

Each test runs the profile in a process of its own, as scripts/demo does, with its var/ in a
temporary folder: the test suite's own settings are the test profile, not the demo's.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def run_demo_profile(tmp_path, code, **extra_env):
    env = {key: value for key, value in os.environ.items()
           if key not in {"DATABASE_URL", "CELERY_BROKER_URL", "EMAIL_URL", "DJANGO_DEBUG"}}
    env.update({"DJANGO_SETTINGS_MODULE": "alert4you.settings.dev", "ALERT4YOU_VAR_DIR": str(tmp_path / "var"),
                "PYTHONPATH": str(ROOT), **extra_env})
    script = "import django\ndjango.setup()\n" + code
    result = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result


PAGES = """
from django.test import Client
client = Client(SERVER_NAME="localhost", HTTP_ACCEPT_LANGUAGE="nl")
page = client.get("/no-such-page/")
print("STATUS", page.status_code)
print(page.content.decode())
css = client.get("/static/css/alert4you.css")
print("CSS", css.status_code)
bootstrap = client.get("/static/vendor/bootstrap/bootstrap.min.css")
print("BOOTSTRAP", bootstrap.status_code)
"""


def test_the_demo_shows_its_own_dutch_404_page_and_still_serves_its_static_files(tmp_path):
    result = run_demo_profile(tmp_path, PAGES)
    out = result.stdout
    assert "STATUS 404" in out
    # The app's own page, in Dutch, with the way home; not Django's debug page listing every URL.
    assert "Niet gevonden" in out
    assert 'href="/"' in out
    assert "Using the URLconf" not in out and "Page not found at" not in out
    assert 'lang="nl"' in out
    # DEBUG is off, yet the styles still arrive (the page must not fall apart unstyled).
    assert "CSS 200" in out and "BOOTSTRAP 200" in out


def test_the_demo_logs_a_missing_page_once(tmp_path):
    result = run_demo_profile(tmp_path, PAGES)
    assert len(re.findall(r"Not Found: /no-such-page/", result.stderr)) == 1, result.stderr


def test_the_demo_broker_keeps_its_control_folder_under_var(tmp_path):
    # A broadcast (celery inspect/ping, the worker's own pidbox) writes the filesystem broker's
    # exchange table; it must land in var/, not in the folder scripts/demo was started from.
    run_demo_profile(tmp_path, "from alert4you.celery import app\napp.control.ping(timeout=0.2)\n")
    assert not (tmp_path / "control").exists()
    assert list((tmp_path / "var" / "broker").rglob("*.exchange"))


def test_scripts_demo_runs_the_server_with_the_demo_profile_and_no_debug():
    script = (ROOT / "scripts" / "demo").read_text()
    assert "DJANGO_SETTINGS_MODULE=alert4you.settings.dev" in script
    assert re.search(r"manage\.py runserver", script)
    assert not re.search(r"^\s*(export\s+)?DJANGO_DEBUG=", script, re.M)  # DEBUG stays as the profile has it


def demo_environment(tmp_path, **env):
    """The environment scripts/demo sets up before it starts anything (its lines up to the venv)."""
    script = (ROOT / "scripts" / "demo").read_text()
    prelude = script[:script.index("\nVENV=")]
    (tmp_path / "scripts").mkdir(exist_ok=True)
    copy = tmp_path / "scripts" / "demo-prelude"
    copy.write_text(prelude + '\necho "SITE_URL=$SITE_URL"\n')
    base = {key: value for key, value in os.environ.items() if key not in {"SITE_URL", "PORT"}}
    result = subprocess.run(["bash", str(copy)], capture_output=True, text=True, env={**base, **env}, timeout=30)
    assert result.returncode == 0, result.stderr
    return dict(line.split("=", 1) for line in result.stdout.splitlines() if "=" in line)


def test_the_demo_puts_its_own_address_in_every_mail_link(tmp_path):
    # E-mail links come from SITE_URL: on another port the demo's links must follow it.
    assert demo_environment(tmp_path, PORT="8080")["SITE_URL"] == "http://localhost:8080"
    assert demo_environment(tmp_path)["SITE_URL"] == "http://localhost:8000"
    given = demo_environment(tmp_path, PORT="8080", SITE_URL="https://demo.example.nl")
    assert given["SITE_URL"] == "https://demo.example.nl"
