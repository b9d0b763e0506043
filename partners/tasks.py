from celery import shared_task

from partners import services
from safeguarding.audit import task_context


@shared_task(name="partners.send_invitation", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_invitation(assignment_id: int, invited_by_id: int) -> None:
    with task_context("partners.send_invitation"):
        services.invitation_send(assignment_id=assignment_id, invited_by_id=invited_by_id)


@shared_task(
    name="partners.send_challenge_notice", autoretry_for=(OSError,), retry_backoff=True, max_retries=5
)
def send_challenge_notice(step_id: int) -> None:
    with task_context("partners.send_challenge_notice"):
        services.challenge_steps_notify(step_ids=[step_id])


@shared_task(name="partners.sweep_challenge_reminders")
def sweep_challenge_reminders() -> None:
    """Daily (partners/schedule.py): reminders, overdue and stuck notices, and notices whose task was lost."""
    with task_context("partners.sweep_challenge_reminders"):
        services.challenge_reminders_sweep()
