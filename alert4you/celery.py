import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alert4you.settings.dev")

app = Celery("alert4you")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
