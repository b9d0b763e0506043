from celery import shared_task

from partners import services
from safeguarding.audit import task_context


@shared_task(name="partners.send_invitation", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_invitation(assignment_id: int, invited_by_id: int) -> None:
    with task_context("partners.send_invitation"):
        services.invitation_send(assignment_id=assignment_id, invited_by_id=invited_by_id)
