from celery.schedules import crontab

BEAT_SCHEDULE = {
    "reports-requeue-stuck-jobs": {"task": "reports.requeue_stuck_jobs", "schedule": 120.0},
    "reports-publication-reminders": {
        "task": "reports.sweep_publication_reminders",
        "schedule": crontab(hour=7, minute=40),
    },
}
