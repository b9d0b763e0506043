"""Every change to a yearly report: drafting, rendering (in the pdf worker), sign-off and publication."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Max
from django.template.loader import render_to_string
from django.utils import timezone

from partners.models import Partnership, RoleAssignment
from reports.content import assemble, checklist, is_complete
from reports.models import DEFAULT_ORDER, RenderJob, ReportVersion, Section, SignOff, YearlyReport
from safeguarding import pdf
from safeguarding.queue import enqueue_on_commit
from safeguarding.roles import Role

logger = logging.getLogger(__name__)
# A job still "running" after the task's hard time limit (plus a margin) belonged to a worker that died.
STUCK_RUNNING_AFTER = datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 120)
# A job still "queued" this long after it was asked for was never delivered (Redis was down at commit).
STUCK_QUEUED_AFTER = datetime.timedelta(minutes=2)
MAX_ATTEMPTS = 3


class ReportError(Exception):
    """A request the report's state does not allow; the message is for the person who asked."""


class EditConflict(ReportError):
    def __init__(self, current: Section):
        self.current = current
        who = current.updated_by.full_name if current.updated_by else "Someone"
        super().__init__(
            f"{who} saved this section at {timezone.localtime(current.updated_at):%H:%M} "
            "while you were editing. "
            "Your text has not been saved: it is below, beside theirs. Copy what you need and save again."
        )


@transaction.atomic
def report_create(
    *, partnership: Partnership, title: str, period_start: datetime.date, period_end: datetime.date
) -> YearlyReport:
    report = YearlyReport.objects.create(
        partnership=partnership, title=title, period_start=period_start, period_end=period_end
    )
    Section.objects.bulk_create(
        Section(report=report, kind=kind, position=index) for index, kind in enumerate(DEFAULT_ORDER, start=1)
    )
    return report


def section_save(
    *, section: Section, seen_version: int, body: str, not_applicable: bool, reason: str, user
) -> Section:
    """Save only if nobody saved since the editor opened the section (optimistic lock on `version`)."""
    updated = Section.objects.filter(pk=section.pk, version=seen_version).update(
        body=body,
        not_applicable=not_applicable,
        not_applicable_reason=reason if not_applicable else "",
        version=F("version") + 1,
        updated_by=user,
        updated_at=timezone.now(),
    )
    current = Section.objects.select_related("updated_by").get(pk=section.pk)
    if not updated:
        raise EditConflict(current)
    return current


@transaction.atomic
def section_move(*, section: Section, up: bool) -> None:
    sections = list(Section.objects.select_for_update().filter(report=section.report_id).order_by("position"))
    index = next(i for i, s in enumerate(sections) if s.pk == section.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(sections):
        return
    sections[index], sections[other] = sections[other], sections[index]
    for position, item in enumerate(sections, start=1):
        if item.position != position:
            Section.objects.filter(pk=item.pk).update(position=position)


@transaction.atomic
def report_generate(*, report: YearlyReport, user) -> RenderJob:
    """Write the job row in the request's transaction and enqueue after commit; the request returns."""
    job = RenderJob.objects.create(report=report, requested_by=user)
    from reports.tasks import render_report

    enqueue_on_commit(render_report, job.pk)
    return job


@transaction.atomic
def job_retry(*, job: RenderJob) -> RenderJob:
    if job.state != RenderJob.State.FAILED:
        raise ReportError("Only a failed render can be retried.")
    RenderJob.objects.filter(pk=job.pk).update(state=RenderJob.State.QUEUED, progress=0, message="")
    from reports.tasks import render_report

    enqueue_on_commit(render_report, job.pk)
    job.refresh_from_db()
    return job


def _progress(job_id: int, progress: int, message: str) -> None:
    RenderJob.objects.filter(pk=job_id, state=RenderJob.State.RUNNING).update(
        progress=progress, message=message
    )


def document_context(report: YearlyReport) -> dict:
    assembled = assemble(report)
    return {
        "report": report,
        "partnership": report.partnership,
        "sections": assembled,
        "title": report.title,
        "site_url": settings.SITE_URL,
        "generated_on": timezone.localdate(),
    }


def report_render(*, report: YearlyReport, on_progress=None) -> tuple[str, pdf.RenderedPdf]:
    """Gather the report's figures and lay it out: the body's HTML (kept with the version) and the PDF.

    The render job calls this, and so does reports/bench.py, so the benchmark times what a job does.
    """
    context = document_context(report)
    body = render_to_string("reports/body.html", context)
    if on_progress:
        on_progress()
    rendered = pdf.render_template("reports/pdf.html", context)
    return body, rendered


def job_run(*, job_id: int) -> RenderJob | None:
    """Render a job's PDF in the pdf worker. Safe to run again after a worker died: ends with one version."""
    with transaction.atomic():
        job = RenderJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.state in {RenderJob.State.DONE, RenderJob.State.FAILED}:
            return job
        job.state, job.started_at, job.progress = RenderJob.State.RUNNING, timezone.now(), 10
        job.attempts += 1
        job.message = "Gathering the report's figures"
        job.save(update_fields=["state", "started_at", "progress", "attempts", "message"])
    try:
        report = YearlyReport.objects.select_related("partnership").get(pk=job.report_id)
        body, rendered = report_render(
            report=report, on_progress=lambda: _progress(job_id, 40, "Laying out the pages")
        )
        _progress(job_id, 90, "Saving the PDF")
        return _job_finish(job_id, report, body, rendered)
    except Exception as error:
        logger.exception("Rendering job %s failed", job_id)
        RenderJob.objects.filter(pk=job_id).exclude(state=RenderJob.State.DONE).update(
            state=RenderJob.State.FAILED,
            message=f"The PDF could not be made ({type(error).__name__}). Try again; if it fails again, "
            "tell your administrator.",
            finished_at=timezone.now(),
        )
        raise


@transaction.atomic
def _job_finish(job_id: int, report: YearlyReport, body: str, rendered: pdf.RenderedPdf) -> RenderJob:
    YearlyReport.objects.select_for_update().filter(pk=report.pk).first()  # serialises version numbers
    job = RenderJob.objects.select_for_update().get(pk=job_id)
    if job.state == RenderJob.State.DONE:  # a redelivered copy finished first
        return job
    number = (report.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = ReportVersion(
        report=report,
        number=number,
        html=body,
        sha256=rendered.sha256,
        pages=rendered.pages,
        size=len(rendered.content),
        created_by_id=job.requested_by_id,
    )
    name = f"{report.partnership.slug}-{report.period_start:%Y}-{report.period_end:%y}-v{number}.pdf"
    version.file.save(name, ContentFile(rendered.content), save=False)
    version.save()
    job.state, job.version, job.progress = RenderJob.State.DONE, version, 100
    job.message, job.finished_at = f"Version {number} is ready", timezone.now()
    job.save()
    return job


def jobs_requeue_stuck(*, now: datetime.datetime | None = None) -> int:
    """Re-enqueue jobs never delivered, and jobs whose worker died mid-render; give up after MAX_ATTEMPTS."""
    now = now or timezone.now()
    from reports.tasks import render_report

    queued = RenderJob.objects.filter(state=RenderJob.State.QUEUED, requested_at__lt=now - STUCK_QUEUED_AFTER)
    running = RenderJob.objects.filter(
        state=RenderJob.State.RUNNING, started_at__lt=now - STUCK_RUNNING_AFTER
    )
    RenderJob.objects.filter(pk__in=running.filter(attempts__gte=MAX_ATTEMPTS).values("pk")).update(
        state=RenderJob.State.FAILED,
        message="The PDF worker stopped several times. Try again.",
        finished_at=now,
    )
    running.update(state=RenderJob.State.QUEUED, message="Waiting for the PDF worker again")
    job_ids = list(queued.values_list("pk", flat=True))
    for job_id in job_ids:
        from safeguarding.queue import publish

        publish(render_report, job_id)
    return len(job_ids)


def lead_partners(partnership: Partnership):
    return RoleAssignment.objects.filter(partnership=partnership, role=Role.LEAD_PARTNER).select_related(
        "user"
    )


def version_status(version: ReportVersion) -> dict:
    leads = {a.user_id: a.user for a in lead_partners(version.report.partnership)}
    signed = {s.user_id: s for s in version.sign_offs.select_related("user")}
    return {
        "leads": list(leads.values()),
        "signed": [signed[u] for u in signed],
        "waiting": [user for user_id, user in leads.items() if user_id not in signed],
        "complete": bool(leads) and set(leads) <= set(signed),
    }


@transaction.atomic
def version_sign(*, version: ReportVersion, user) -> SignOff:
    report = version.report
    if report.published_version_id:
        raise ReportError("This report is already published.")
    if not lead_partners(report.partnership).filter(user=user).exists():
        raise ReportError("Only the lead safeguarding partners sign off the yearly report.")
    if not is_complete(assemble(report)):
        raise ReportError(
            "The report cannot be signed off until every statutory content is present or marked "
            "not applicable with a reason."
        )
    if version.sign_offs.filter(user=user).exists():
        raise ReportError("You have already signed off this version.")
    return SignOff.objects.create(version=version, user=user)


@transaction.atomic
def version_publish(*, version: ReportVersion, user) -> YearlyReport:
    report = YearlyReport.objects.select_for_update().get(pk=version.report_id)
    if report.published_version_id:
        raise ReportError("This report is already published.")
    if not version_status(version)["complete"]:
        raise ReportError(
            "Every lead safeguarding partner must sign off this version before it is published."
        )
    report.published_version, report.published_at, report.published_by = version, timezone.now(), user
    report.save(update_fields=["published_version", "published_at", "published_by"])
    return report


def report_record_sent(*, report: YearlyReport, panel_on, wwc_on) -> YearlyReport:
    report.sent_to_panel_on, report.sent_to_wwc_on = panel_on, wwc_on
    report.save(update_fields=["sent_to_panel_on", "sent_to_wwc_on"])
    return report


def checklist_for(report: YearlyReport):
    return checklist(assemble(report))


SEND_WITHIN_DAYS = 7
PUBLISH_EVERY_DAYS = 365


def publication_reminders_sweep(*, today: datetime.date | None = None) -> tuple[int, int]:
    """Daily: remind the chair and business manager when a published report has not been sent to the Panel
    and the What Works Centre within 7 days, and when no report has been published for 12 months.
    Set-based: three queries find everything due, whatever the number of partnerships."""
    from django.db.models import Max as MaxOf
    from django.db.models import Q

    from safeguarding import emails
    from safeguarding.reminders import Due, claim, deliver, subject_key

    today = today or timezone.localdate()
    unsent = list(
        YearlyReport.objects.filter(published_at__date__lte=today - datetime.timedelta(days=SEND_WITHIN_DAYS))
        .filter(Q(sent_to_panel_on__isnull=True) | Q(sent_to_wwc_on__isnull=True))
        .values_list("pk", "partnership_id", "published_at")
    )
    cutoff = today - datetime.timedelta(days=PUBLISH_EVERY_DAYS)
    lapsed = list(
        Partnership.objects.annotate(last=MaxOf("yearly_reports__published_at"))
        .filter(Q(last__date__lt=cutoff) | Q(last__isnull=True, created_at__date__lt=cutoff))
        .values_list("pk", "last", "created_at")
    )
    partnership_ids = {p for _, p, _ in unsent} | {p for p, _, _ in lapsed}
    recipients: dict[int, list[int]] = {}
    for partnership_id, user_id in RoleAssignment.objects.filter(
        partnership_id__in=partnership_ids, role__in=[Role.CHAIR, Role.BUSINESS_MANAGER]
    ).values_list("partnership_id", "user_id"):
        recipients.setdefault(partnership_id, []).append(user_id)
    dues = [
        Due("report.not_sent", subject_key("reports.yearlyreport", pk), user_id, stage="sent-within-7-days")
        for pk, partnership_id, _ in unsent
        for user_id in recipients.get(partnership_id, [])
    ]
    dues += [
        Due(
            "report.lapsed",
            subject_key("partners.partnership", pk),
            user_id,
            stage=f"since-{(last or created).date():%Y-%m-%d}",
        )
        for pk, last, created in lapsed
        for user_id in recipients.get(pk, [])
    ]
    claimed = claim(dues)
    reports = YearlyReport.objects.in_bulk(
        [int(r.subject_key.split(":")[1]) for r in claimed if r.kind == "report.not_sent"]
    )
    partnerships = Partnership.objects.in_bulk(
        [int(r.subject_key.split(":")[1]) for r in claimed if r.kind == "report.lapsed"]
    )

    def send_one(reminder) -> None:
        pk = int(reminder.subject_key.split(":")[1])
        if reminder.kind == "report.not_sent":
            report = reports[pk]
            context = {
                "person": reminder.recipient,
                "report": report,
                "url": settings.SITE_URL + f"/reports/{report.public_id}/",
            }
            emails.send("report_not_sent", context, [reminder.recipient.email])
        else:
            context = {
                "person": reminder.recipient,
                "partnership": partnerships[pk],
                "url": settings.SITE_URL + "/reports/",
            }
            emails.send("report_lapsed", context, [reminder.recipient.email])

    return deliver(claimed, send_one)
