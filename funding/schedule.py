"""Celery beat entries for funding (read by safeguarding/celery.py)."""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    "funding.sweep_contribution_reminders": {
        "task": "funding.sweep_contribution_reminders",
        # After the working day starts, so a reminder arrives when someone can act on it.
        "schedule": crontab(hour=8, minute=15),
    },
}
