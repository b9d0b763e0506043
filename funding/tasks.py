from celery import shared_task

from funding import services
from safeguarding.audit import task_context


@shared_task(name="funding.sweep_contribution_reminders")
def sweep_contribution_reminders() -> tuple[int, int]:
    """Daily: remind agency leads of pledges 30 days past their expected date, once each."""
    with task_context("funding.sweep_contribution_reminders"):
        return services.contribution_reminders_sweep()
