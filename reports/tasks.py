from celery import shared_task
from celery.signals import worker_init

from reports import services
from safeguarding import pdf
from safeguarding.audit import task_context


@worker_init.connect
def load_pdf_renderer(**kwargs) -> None:
    """In the worker's main process, before the pool forks: every child starts with WeasyPrint loaded, so a
    render job (and reports/bench.py, which measures from the same state) does not pay for it."""
    pdf.warm_up()


# acks_late with reject_on_worker_lost: a worker killed mid-render leaves the message to be delivered again,
# and job_run ends with exactly one version however many times it runs.
@shared_task(name="reports.render_report", queue="pdf", acks_late=True, reject_on_worker_lost=True)
def render_report(job_id: int) -> None:
    with task_context("reports.render_report"):
        services.job_run(job_id=job_id)


@shared_task(name="reports.requeue_stuck_jobs")
def requeue_stuck_jobs() -> None:
    services.jobs_requeue_stuck()


@shared_task(name="reports.sweep_publication_reminders")
def sweep_publication_reminders() -> None:
    with task_context("reports.sweep_publication_reminders"):
        services.publication_reminders_sweep()
