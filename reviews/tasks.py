from celery import shared_task
from django.utils import timezone

from reviews import services
from safeguarding.audit import task_context


@shared_task(name="reviews.sweep_reminders", autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def sweep_reminders() -> None:
    """Daily: statutory clock warnings and action due-date reminders (each sent exactly once)."""
    with task_context("reviews.sweep_reminders"):
        services.reminders_sweep(today=timezone.localdate())
