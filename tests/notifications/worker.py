"""A real Celery worker process for the outbox tests, with a hook that kills it at a fixed point.

NOTIFICATIONS_TEST_CRASH_AT="email_sent:2" ends the process (os._exit, as abrupt as SIGKILL: no
cleanup, no ack, no state written) the second time the sweep reaches that checkpoint.
"""

import os

import django

os.environ["DJANGO_SETTINGS_MODULE"] = "tests.notifications.worker_settings"
django.setup()

from alert4you.celery import app  # noqa: E402
from notifications.signals import sweep_checkpoint  # noqa: E402

crash_at = os.environ.get("NOTIFICATIONS_TEST_CRASH_AT", "")
if crash_at:
    point, _, nth = crash_at.partition(":")
    seen = []

    def crash(sender, point=None, outbox_id=None, **kwargs):
        if point == crash_point:
            seen.append(outbox_id)
            if len(seen) >= int(nth or 1):
                os._exit(137)

    crash_point = point
    sweep_checkpoint.connect(crash, weak=False)

if __name__ == "__main__":
    app.worker_main(["worker", "--pool=solo", "--loglevel=INFO", "--without-mingle", "--without-gossip",
                     "--without-heartbeat"])
