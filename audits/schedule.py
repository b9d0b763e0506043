"""Celery beat entries for section 11 (read by safeguarding/celery.py)."""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    # Returns due in 14 and 3 days, and overdue: each stage once per return and agency lead.
    "audits.sweep_return_reminders": {
        "task": "audits.sweep_return_reminders",
        "schedule": crontab(hour=7, minute=20),
    },
}
