"""The web service's very command from docker-compose.yml, with the production settings, against
the test PostgreSQL: gunicorn serves the health check, the Dutch login page over (proxied) HTTPS
with its security headers, redirects plain HTTP and serves the static files through WhiteNoise.
"""

import contextlib
import ctypes
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from urllib.parse import quote

import pytest
from django.db import connection

from .production import production_env
from .test_compose import REPO, command_steps, gunicorn_argv, service

pytestmark = [
    pytest.mark.services,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://", "pgsql://")),
        reason="needs the real PostgreSQL started by scripts/test (DATABASE_URL is not a postgres:// URL)",
    ),
]

STARTUP_TIMEOUT = 60


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_url(settings_dict):
    """The URL of the database pytest-django set up (test_...), for the server's own connections."""
    user = quote(settings_dict["USER"] or "", safe="")
    password = quote(settings_dict["PASSWORD"] or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = quote(settings_dict["HOST"] or "localhost", safe="")
    port = f":{settings_dict['PORT']}" if settings_dict["PORT"] else ""
    return f"postgres://{credentials}{host}{port}/{quote(settings_dict['NAME'], safe='')}"


def as_local_argv(argv):
    """A container command run with this interpreter: `python` and `gunicorn` from the virtualenv."""
    if argv[0] == "python":
        return [sys.executable, *argv[1:]]
    if argv[0] == "gunicorn":
        return [sys.executable, "-m", "gunicorn", *argv[1:]]
    raise AssertionError(f"unexpected program in the web command: {argv}")


def with_bind(argv, bind):
    """argv with its --bind address replaced (the container's 0.0.0.0:8000 by a free loopback port)."""
    out, args = [], iter(argv)
    for arg in args:
        if arg in ("--bind", "-b"):
            out += [arg, bind]
            next(args)
        elif arg.startswith("--bind="):
            out.append(f"--bind={bind}")
        else:
            out.append(arg)
    assert out != argv, f"no --bind to replace in {argv}"
    return out


def die_with_parent():
    """In the child before exec (Linux): gunicorn gets SIGTERM should pytest die without its teardown."""
    with contextlib.suppress(AttributeError, OSError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def run(argv, env, log):
    result = subprocess.run(argv, cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    log.write_text(result.stdout + result.stderr, encoding="utf-8")
    assert result.returncode == 0, f"{' '.join(argv)} failed:\n{result.stdout}{result.stderr}"


class Server:
    def __init__(self, port, env, log):
        self.port, self.env, self.log = port, env, log

    def get(self, path, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
        try:
            conn.request("GET", path, headers=headers or {})
            response = conn.getresponse()
            return response.status, response.headers, response.read().decode("utf-8", "replace")
        finally:
            conn.close()

    def https_get(self, path):
        """As through the TLS-terminating proxy."""
        return self.get(path, {"X-Forwarded-Proto": "https"})


@pytest.fixture(scope="module")
def gunicorn_server(django_db_setup, tmp_path_factory):
    """The web command from docker-compose.yml, started once for the module."""
    tmp = tmp_path_factory.mktemp("production")
    env = production_env(tmp / "var", database_url(connection.settings_dict))
    steps = command_steps("web")
    # What the image build does, then the steps before gunicorn (the migrations: none left to apply).
    run([sys.executable, "manage.py", "collectstatic", "--noinput"], env, tmp / "collectstatic.log")
    assert (tmp / "var" / "staticfiles" / "staticfiles.json").is_file(), "no WhiteNoise manifest was written"
    for i, step in enumerate(steps[:-1]):
        run(as_local_argv(step), env, tmp / f"step-{i}.log")

    assert steps[-1] == gunicorn_argv()
    port = free_port()
    argv = as_local_argv(with_bind(gunicorn_argv(), f"127.0.0.1:{port}"))
    log = tmp / "gunicorn.log"
    with log.open("w", encoding="utf-8") as log_file:
        process = subprocess.Popen(
            argv, cwd=REPO, env=env, stdout=log_file, stderr=subprocess.STDOUT, preexec_fn=die_with_parent
        )
    server = Server(port, env, log)
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while True:
            if process.poll() is not None:
                pytest.fail(f"gunicorn exited with {process.returncode}:\n{log.read_text(encoding='utf-8')}")
            try:
                if server.get("/health/")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"gunicorn did not answer in {STARTUP_TIMEOUT} s:\n{log.read_text(encoding='utf-8')}")
            time.sleep(0.2)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_health_over_plain_http(transactional_db, gunicorn_server):
    status, headers, body = gunicorn_server.get("/health/")
    assert status == 200, body
    assert headers["Content-Type"] == "application/json"
    assert json.loads(body) == {"status": "ok"}


def test_the_compose_health_check_passes(transactional_db, gunicorn_server):
    check = service("web")["healthcheck"]["test"]
    argv = [sys.executable, *check[2:]]
    argv[-1] = argv[-1].replace("http://localhost:8000/", f"http://127.0.0.1:{gunicorn_server.port}/")
    result = subprocess.run(argv, env=gunicorn_server.env, capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr


def test_the_dutch_login_page_over_https_with_security_headers(transactional_db, gunicorn_server):
    status, headers, body = gunicorn_server.https_get("/login/")
    assert status == 200, body
    assert 'lang="nl"' in body
    assert "max-age=31536000" in headers["Strict-Transport-Security"]
    assert "includeSubDomains" in headers["Strict-Transport-Security"]
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    cookies = headers.get_all("Set-Cookie") or []
    csrf = [cookie for cookie in cookies if cookie.startswith("__Host-csrftoken=")]
    assert csrf, cookies
    assert "Secure" in csrf[0] and "Path=/" in csrf[0]


def test_plain_http_is_redirected_to_https(transactional_db, gunicorn_server):
    status, headers, _ = gunicorn_server.get("/login/")
    assert status == 301
    assert headers["Location"] == f"https://127.0.0.1:{gunicorn_server.port}/login/"


def test_static_files_are_served_by_whitenoise(transactional_db, gunicorn_server):
    status, headers, body = gunicorn_server.https_get("/static/vendor/bootstrap/bootstrap.min.css")
    assert status == 200
    assert headers["Content-Type"].startswith("text/css")
    assert "Bootstrap" in body[:500]
    # The Permissions-Policy is on static files too (its middleware runs before WhiteNoise).
    assert "camera=()" in headers["Permissions-Policy"]
    assert "publickey-credentials-get=(self)" in headers["Permissions-Policy"]


def test_an_unknown_host_is_refused(transactional_db, gunicorn_server):
    status, _, _ = gunicorn_server.get("/health/", {"Host": "evil.example"})
    assert status == 400
