"""docker-compose.yml describes a production that can start: no docker engine needed to check it.

The helpers here are shared with test_gunicorn_production.py, which runs the web command itself.
"""

import importlib
import importlib.util
import inspect
import re
import shlex
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
COMPOSE_FILE = REPO / "docker-compose.yml"
APP_SERVICES = ("web", "worker", "beat")
BACKING_SERVICES = ("postgres", "redis")


def load_compose():
    with COMPOSE_FILE.open(encoding="utf-8") as f:
        return yaml.safe_load(f)


def service(name):
    return load_compose()["services"][name]


def command_steps(name):
    """A service's command as argv lists, one per step of an `sh -c "a && exec b"` chain."""
    command = service(name)["command"]
    argv = shlex.split(command) if isinstance(command, str) else [str(part) for part in command]
    if argv[:2] == ["sh", "-c"] and len(argv) == 3:
        steps = [shlex.split(step) for step in argv[2].split("&&")]
        return [step[1:] if step[:1] == ["exec"] else step for step in steps]
    return [argv]


def gunicorn_argv():
    """The web service's gunicorn step, `gunicorn ...` included."""
    steps = [step for step in command_steps("web") if step[0] == "gunicorn"]
    assert len(steps) == 1, f"the web command should run gunicorn exactly once: {command_steps('web')}"
    return steps[0]


def option_value(argv, *names):
    """The value of `--name value` or `--name=value` in argv, or None."""
    for i, arg in enumerate(argv):
        for name in names:
            if arg == name and i + 1 < len(argv):
                return argv[i + 1]
            if name.startswith("--") and arg.startswith(name + "="):
                return arg.split("=", 1)[1]
    return None


def environment(name):
    env = service(name).get("environment", {})
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return env


def test_the_five_services_exist():
    assert set(load_compose()["services"]) == {*BACKING_SERVICES, *APP_SERVICES}


@pytest.mark.parametrize("name", ["postgres", "redis", "web"])
def test_health_checks(name):
    healthcheck = service(name).get("healthcheck")
    assert healthcheck, f"{name} has no health check"
    assert not healthcheck.get("disable", False)
    test = healthcheck["test"]
    assert isinstance(test, list), "use the exec form: [CMD, ...] or [CMD-SHELL, ...]"
    assert test[0] in {"CMD", "CMD-SHELL"} and len(test) > 1


def test_backing_services_use_the_expected_images_and_keep_their_data():
    assert service("postgres")["image"] == "postgres:15"
    assert service("redis")["image"].startswith("redis:7")
    assert "pg_isready" in " ".join(service("postgres")["healthcheck"]["test"])
    assert "redis-cli ping" in " ".join(service("redis")["healthcheck"]["test"])
    named_volumes = set(load_compose()["volumes"])
    for name in BACKING_SERVICES:
        sources = {volume.split(":", 1)[0] for volume in service(name)["volumes"]}
        assert sources & named_volumes, f"{name} keeps its data in no named volume"


def test_the_web_health_check_fetches_the_health_view_with_python():
    script = service("web")["healthcheck"]["test"]
    assert script[:3] == ["CMD", "python", "-c"]
    assert "urllib" in script[3] and "http://localhost:8000/health/" in script[3]


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_services_wait_for_healthy_postgres_and_redis(name):
    depends_on = service(name).get("depends_on")
    assert isinstance(depends_on, dict), f"{name}: depends_on needs conditions, not a list"
    for dependency in BACKING_SERVICES:
        assert depends_on.get(dependency, {}).get("condition") == "service_healthy", f"{name} -> {dependency}"


@pytest.mark.parametrize("name", ["worker", "beat"])
def test_celery_commands_name_an_importable_celery_app(name):
    from celery import Celery
    from celery.app.utils import find_app

    argv = command_steps(name)[-1]
    assert argv[0] == "celery"
    target = option_value(argv, "-A", "--app")
    assert target, f"{name}: `celery` without -A"
    # The very lookup the celery command does for -A.
    app = find_app(target)
    assert isinstance(app, Celery)
    assert argv[argv.index(target) + 1] == name


def test_beat_keeps_its_schedule_in_a_volume():
    argv = command_steps("beat")[-1]
    schedule = option_value(argv, "--schedule", "-s")
    assert schedule == "/var/lib/alert4you/celerybeat-schedule"
    mounts = [volume.split(":")[1] for volume in service("beat")["volumes"]]
    assert any(schedule.startswith(mount.rstrip("/") + "/") for mount in mounts)


def test_web_migrates_then_runs_gunicorn():
    steps = command_steps("web")
    assert steps[0][:3] == ["python", "manage.py", "migrate"]
    assert steps[-1] == gunicorn_argv()
    argv = gunicorn_argv()
    assert option_value(argv, "--bind", "-b") == "0.0.0.0:8000"  # noqa: S104 - inside the container
    assert option_value(argv, "--workers", "-w") == "3"
    assert option_value(argv, "--forwarded-allow-ips") == "*"


def test_the_gunicorn_application_is_a_wsgi_callable():
    target = next(arg for arg in gunicorn_argv()[1:] if not arg.startswith("-") and ":" in arg)
    module_name, attr = target.split(":")
    application = getattr(importlib.import_module(module_name), attr)
    assert callable(application)
    parameters = inspect.signature(application).parameters
    assert len(parameters) == 2, f"a WSGI application takes (environ, start_response), not {list(parameters)}"


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_services_run_the_production_settings(name):
    module = environment(name).get("DJANGO_SETTINGS_MODULE")
    assert module == "alert4you.settings.production"
    assert importlib.util.find_spec(module) is not None, f"{module} is not importable"
    assert service(name).get("env_file"), f"{name} reads no .env file"


def test_web_does_not_hide_the_collected_static_files_behind_a_volume():
    static_root = "/var/lib/alert4you/staticfiles"
    for volume in service("web").get("volumes", []):
        mount = volume.split(":")[1].rstrip("/")
        assert not static_root.startswith(mount + "/"), f"{volume} covers the static files baked into the image"


def test_the_dockerfile_builds_the_image():
    dockerfile = REPO / "Dockerfile"
    assert dockerfile.is_file()
    text = dockerfile.read_text(encoding="utf-8")
    assert re.search(r"^FROM python:3\.11-slim\b", text, re.MULTILINE)
    assert "pip install" in text and "collectstatic --noinput" in text
    ignored = (REPO / ".dockerignore").read_text(encoding="utf-8").split()
    assert {".env", ".venv", ".git", "var"} <= set(ignored)


def test_every_setting_from_the_environment_is_documented_in_env_example():
    settings_dir = REPO / "alert4you" / "settings"
    read = set()
    for path in settings_dir.glob("*.py"):
        read |= set(re.findall(r"""env\.\w+\(\s*["'](\w+)["']""", path.read_text(encoding="utf-8")))
    compose_text = COMPOSE_FILE.read_text(encoding="utf-8")
    interpolated = set(re.findall(r"\$\{(\w+)", compose_text.replace("$$", "")))
    example = (REPO / ".env.example").read_text(encoding="utf-8")
    documented = set(re.findall(r"^(\w+)=", example, re.MULTILINE))
    set_by_compose = set(environment("web"))
    test_only = {"CELERY_TASK_ALWAYS_EAGER", "DJANGO_DEBUG"}
    assert (read - test_only - set_by_compose) | interpolated <= documented


def test_env_example_holds_no_secrets():
    example = (REPO / ".env.example").read_text(encoding="utf-8")
    values = dict(re.findall(r"^(\w+)=(.*)$", example, re.MULTILINE))
    assert values["DJANGO_SECRET_KEY"] == ""
    assert values["POSTGRES_PASSWORD"] == ""
