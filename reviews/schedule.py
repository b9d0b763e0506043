"""Celery beat entries for case reviews and the improvement tracker (read by safeguarding/celery.py)."""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    "reviews.sweep_reminders": {
        "task": "reviews.sweep_reminders",
        # Early on every day: reminders are windowed and claimed once, so a weekend or missed run loses none.
        "schedule": crontab(hour=6, minute=15),
    },
}
