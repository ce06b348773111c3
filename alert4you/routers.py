"""Reads for dashboards and statistics go to a read replica, when there is one.

Off unless DATABASE_REPLICA_URL is set (settings add the "replica" alias then). A view or selector
that only reads aggregate figures (the monitoring dashboard, a survey round's analysis) runs inside
`replica_reads()`; every other read, and every write, stays on the primary. Routing by context
rather than by model keeps read-your-own-writes where it matters: a guardian answering a survey
reads her own response from the primary, while the analysis of the same tables may lag a second.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps

from django.conf import settings

REPLICA = "replica"
_reading_from_replica = ContextVar("reading_from_replica", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextmanager
def replica_reads():
    """Inside this block, reads go to the replica (when configured)."""
    token = _reading_from_replica.set(True)
    try:
        yield
    finally:
        _reading_from_replica.reset(token)


def reads_from_replica(func):
    """Decorator form of `replica_reads()`, for a read-only dashboard view or selector."""

    @wraps(func)
    def wrapper(*args, **kwargs):
        with replica_reads():
            return func(*args, **kwargs)

    return wrapper


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _reading_from_replica.get() and replica_configured():
            return REPLICA
        return None  # the default: the primary

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # Both aliases hold the same data: rows read from the replica may refer to rows of the primary.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica follows the primary by streaming replication: never migrate it directly.
        return db != REPLICA
