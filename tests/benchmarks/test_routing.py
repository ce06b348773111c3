"""Beyond one machine: reads for statistics go to the read replica when one is configured, and
every kind of Celery work has its own queue with a worker that consumes it."""

import importlib
from pathlib import Path

import pytest
import yaml
from django.db import connections
from django.test.utils import CaptureQueriesContext

from alert4you.celery import app
from alert4you.routers import REPLICA, ReplicaRouter, replica_reads
from surveys.models import Answer, Response

REPO = Path(__file__).resolve().parents[2]


class ComposeLoader(yaml.SafeLoader):
    """Reads compose's own `!reset` / `!override` tags (an override file's way to replace a list)."""


ComposeLoader.add_constructor("!reset", lambda loader, node: [])
ComposeLoader.add_constructor("!override", lambda loader, node: loader.construct_sequence(node))


def scaled_compose():
    with (REPO / "docker-compose.scale.yml").open(encoding="utf-8") as f:
        return yaml.load(f, Loader=ComposeLoader)  # noqa: S506 (a safe loader with two tags more)


def _add_replica(settings):
    """A "replica" alias that reads the test database itself (as DATABASE_REPLICA_URL would add it)."""
    settings.DATABASES[REPLICA] = {**settings.DATABASES["default"]}


def _remove_replica(settings):
    if hasattr(connections._connections, REPLICA):
        connections[REPLICA].close()
        delattr(connections._connections, REPLICA)
    del settings.DATABASES[REPLICA]


@pytest.fixture
def with_replica(settings):
    _add_replica(settings)
    yield
    _remove_replica(settings)


@pytest.fixture
def live_replica(settings, transactional_db):
    """After the test database is set up: a second, real connection to it under the replica alias.
    Connected while the alias is briefly unlisted: Django's test case refuses connections to aliases it
    was not told about at set-up, and allows those made on the fly."""
    _add_replica(settings)
    replica = connections[REPLICA]
    entry = settings.DATABASES.pop(REPLICA)
    replica.ensure_connection()
    settings.DATABASES[REPLICA] = entry
    yield
    _remove_replica(settings)


def test_without_a_replica_everything_reads_the_primary():
    router = ReplicaRouter()
    with replica_reads():
        assert router.db_for_read(Answer) is None
        assert Answer.objects.all().db == "default"
    assert router.db_for_write(Answer) == "default"


def test_with_a_replica_only_statistics_reads_go_there(with_replica):
    with replica_reads():
        assert Answer.objects.all().db == REPLICA
        assert Response.objects.filter(submitted_on__isnull=False).db == REPLICA
    # Anything outside (a respondent reading her own answers) stays on the primary.
    assert Answer.objects.all().db == "default"
    # Writes never go to the replica, not even inside the block.
    with replica_reads():
        assert ReplicaRouter().db_for_write(Answer) == "default"
    assert not ReplicaRouter().allow_migrate(REPLICA, "surveys")


def test_statistics_queries_run_on_the_replica_connection(live_replica):
    with CaptureQueriesContext(connections[REPLICA]) as on_replica, \
            CaptureQueriesContext(connections["default"]) as on_primary, replica_reads():
        list(Response.objects.filter(submitted_on__isnull=False).values_list("pk", flat=True))
        Answer.objects.count()
    assert len(on_replica) == 2
    assert len(on_primary) == 0


@pytest.mark.parametrize(("task", "queue"), [
    ("scheduling.plan_propose", "plans"),
    ("notifications.tasks.sweep_outbox", "reminders"),
    ("notifications.tasks.enqueue_reminders", "reminders"),
    ("consent.tasks.remind_pending_consents", "reminders"),
    ("surveys.tasks.send_survey_reminders", "reminders"),
    ("notifications.tasks.send_email", "email"),
    ("casework.tasks.render_handover_pdf", "pdf"),
    ("alert4you.tasks.heartbeat", "celery"),
])
def test_each_kind_of_work_has_its_queue(task, queue):
    assert app.amqp.router.route({}, task)["queue"].name == queue


def test_web_scales_behind_the_load_balancer():
    services = scaled_compose()["services"]
    assert services["web"]["ports"] == []
    assert services["lb"]["ports"]
    assert "web:8000" in (REPO / "deploy" / "lb.conf").read_text(encoding="utf-8")


def test_every_queue_has_a_worker_in_the_scaled_compose_file():
    app.loader.import_default_modules()
    services = scaled_compose()["services"]
    consumed = set()
    for service in services.values():
        command = service.get("command") or []
        if "worker" in command and "-Q" in command:
            consumed |= set(command[command.index("-Q") + 1].split(","))
    tasks = [name for name in app.tasks if not name.startswith("celery.")]
    assert tasks
    for name in tasks:
        assert app.amqp.router.route({}, name)["queue"].name in consumed, name


def test_the_survey_analysis_reads_the_replica_when_one_is_set(live_replica):
    """The real statistics selector, on synthetic answers: every query on the replica, none on the primary."""
    from django.apps import apps
    from django.db import connection

    from accounts.models import User
    from benchmarks.synthesize import Synthesizer
    from surveys.models import Questionnaire, SurveyRound
    from surveys.selectors import analysis

    if not Questionnaire.objects.exists():
        # A transactional test empties the tables, the questionnaires the migration shipped included.
        instruments = importlib.import_module("surveys.migrations.0002_instruments_2020")
        instruments.load(apps, connection.schema_editor())
    Synthesizer(scale=0.0005, seed=2).run()
    survey_round = SurveyRound.objects.order_by("pk").first()
    user = User.objects.get(username="bench.programme_coordinator")
    municipality_ids = list(survey_round.municipalities.values_list("pk", flat=True))
    questionnaire = survey_round.questionnaires.order_by("pk").first()
    with CaptureQueriesContext(connections[REPLICA]) as on_replica, \
            CaptureQueriesContext(connections["default"]) as on_primary:
        result = analysis(user, survey_round, municipality_ids=municipality_ids, questionnaire=questionnaire)
    assert result["questionnaire"] == questionnaire
    assert len(on_replica) >= 1
    assert len(on_primary) == 0
