"""The Celery application. Settings come from Django's, under the CELERY_ prefix."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeguarding.settings")

app = Celery("safeguarding")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def add_app_schedules(sender, **kwargs):
    """Each app keeps its beat entries beside its tasks (<app>/schedule.py, plain data)."""
    from safeguarding.apps_registry import modules

    for module in modules("schedule"):
        sender.conf.beat_schedule.update(module.BEAT_SCHEDULE)
