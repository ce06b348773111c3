"""With CACHE_URL set (docker compose sets it), every web process shares one Redis cache: what one
process keeps (a survey analysis) another reads, instead of each computing it again."""

import os
import subprocess
import sys

import pytest

from .production import production_env
from .test_compose import REPO, environment

CODE = ("import django, sys; django.setup(); from django.core.cache import cache; "
        "key = 'shared-cache-test'; "
        "cache.set(key, 'kept by one', 60) if sys.argv[1] == 'set' else print(cache.get(key))")


def _run(env, what):
    result = subprocess.run([sys.executable, "-c", CODE, what], cwd=REPO, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout.strip()


def test_compose_gives_every_app_service_the_shared_cache():
    for name in ("web", "worker", "beat"):
        assert environment(name)["CACHE_URL"].startswith("redis://redis:6379/")


@pytest.mark.skipif("REDIS_URL" not in os.environ, reason="scripts/test starts Redis and sets REDIS_URL")
def test_two_production_processes_share_what_one_kept(tmp_path):
    env = production_env(tmp_path / "var", "postgres://alert4you:unused@127.0.0.1:9/alert4you")
    env["CACHE_URL"] = os.environ["REDIS_URL"].rsplit("/", 1)[0] + "/1"
    _run(env, "set")
    assert _run(env, "get") == "kept by one"
    # Without CACHE_URL each process has its own memory: the other one finds nothing.
    env.pop("CACHE_URL")
    assert _run(env, "get") == "None"
