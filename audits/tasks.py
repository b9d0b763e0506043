"""Section 11 background work: thin wrappers that take ids and call one service."""

from celery import shared_task
from django.utils import timezone

from audits import services
from safeguarding.audit import task_context


@shared_task(name="audits.sweep_return_reminders")
def sweep_return_reminders() -> tuple[int, int]:
    with task_context("audits.sweep_return_reminders"):
        return services.return_reminders_sweep(today=timezone.localdate())


@shared_task(name="audits.send_feedback_letter", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_feedback_letter(moderation_id: int) -> int:
    with task_context("audits.send_feedback_letter"):
        return services.feedback_letter_mail(moderation_id=moderation_id)


@shared_task(name="audits.send_return_sent_back", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_return_sent_back(return_id: int) -> int:
    with task_context("audits.send_return_sent_back"):
        return services.return_sent_back_mail(return_id=return_id)
