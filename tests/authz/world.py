"""The matrix's world: the fuzz tests' world (tests/fuzz/world.py) plus a second specialist
(tests/authz/objects.py), built once per run inside a transaction rolled back at the end."""

import logging

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import override_settings

from tests.fuzz.world import build_world

from .objects import KINDS, extend_world
from .table import ACTORS


class MatrixWorld:
    def __init__(self, world, actors):
        self.world = world
        self._objects = {}
        # Logged in once, outside every request's savepoint, so the sessions outlive each cell.
        cache.clear()
        self._clients = {actor: world.actors[actor].client() for actor in actors}

    def client(self, actor):
        return self._clients[actor]

    def objects(self, kind, column):
        key = (kind, column)
        if key not in self._objects:
            self._objects[key] = KINDS[kind].pick(self.world, column)
        return self._objects[key]


@pytest.fixture(scope="module")
def authz_world(django_db_setup, django_db_blocker, tmp_path_factory):
    mp = pytest.MonkeyPatch()
    for name in ("django.request", "django.security", "axes"):
        mp.setattr(logging.getLogger(name), "level", logging.CRITICAL)
    media = tmp_path_factory.mktemp("authz-media")
    # Each request runs in a savepoint that is rolled back, so a session's "last seen" never moves on
    # in the database: the idle timeout (tested in tests/accounts) is set out of the way for the run.
    with override_settings(DEMO_MAILBOX=True, EMAIL_BACKEND="demo.backends.MailboxBackend", MEDIA_ROOT=media,
                           SESSION_IDLE_TIMEOUT_SHARED=24 * 3600, SESSION_IDLE_TIMEOUT_TRUSTED=24 * 3600), \
            django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            world = build_world()
            extend_world(world)
            yield MatrixWorld(world, ACTORS)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            mp.undo()
