"""Celery beat entries for partners (read by safeguarding/celery.py)."""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    "partners.sweep_challenge_reminders": {
        "task": "partners.sweep_challenge_reminders",
        # Early on each day, before people start work; the sweep itself decides what each day calls for.
        "schedule": crontab(hour=6, minute=30),
        # A sweep that could not start within the day is overtaken by the next one.
        "options": {"queue": "default", "expires": 20 * 60 * 60},
    },
}
