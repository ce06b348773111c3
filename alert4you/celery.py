import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alert4you.settings.dev")

app = Celery("alert4you")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# The project package is not an installed app, so its own tasks (the beat heartbeat) are named here.
app.autodiscover_tasks(["alert4you"])
