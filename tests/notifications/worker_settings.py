"""Settings of a Celery worker that a test starts as a separate process (tests/notifications/worker.py).

It is the test profile, pointed at pytest-django's test database, writing its e-mails to files the
test can count, with the claim timeout the test chooses.
"""

import os
from datetime import timedelta

from alert4you.settings.test import *  # noqa: F403
from alert4you.settings.test import DATABASES

DATABASES["default"]["NAME"] = os.environ["NOTIFICATIONS_TEST_DB_NAME"]
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["NOTIFICATIONS_TEST_MAIL_DIR"]
NOTIFICATIONS_CLAIM_TIMEOUT = timedelta(seconds=float(os.environ.get("NOTIFICATIONS_TEST_CLAIM_TIMEOUT", "600")))
