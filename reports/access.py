"""Who may see and change yearly reports. Drafts are board-level reading; publication is for everyone."""

from __future__ import annotations

from django.http import Http404

from reports.models import RenderJob, ReportVersion, YearlyReport
from safeguarding.access import Seat
from safeguarding.roles import Role

READERS = frozenset(
    {
        Role.CHAIR,
        Role.SCRUTINEER,
        Role.LEAD_PARTNER,
        Role.DELEGATED_PARTNER,
        Role.BUSINESS_MANAGER,
        Role.BOARD_MEMBER,
    }
)
EDITORS = frozenset({Role.CHAIR, Role.BUSINESS_MANAGER})
SIGNERS = frozenset({Role.LEAD_PARTNER})
PUBLISHERS = frozenset({Role.CHAIR})


def navigation(seat: Seat) -> list[tuple[str, str]]:
    return [("Yearly report", "reports:list")] if can_view_reports(seat) else []


def can_view_reports(seat: Seat) -> bool:
    return seat.has(*READERS)


def can_edit_report(seat: Seat) -> bool:
    return seat.has(*EDITORS)


def can_sign_off(seat: Seat) -> bool:
    return seat.has(*SIGNERS)


def can_publish(seat: Seat) -> bool:
    return seat.has(*PUBLISHERS)


def reports_for_user(seat: Seat):
    if not can_view_reports(seat):
        return YearlyReport.objects.none()
    return YearlyReport.objects.filter(partnership=seat.partnership)


def get_report_for_user(seat: Seat, public_id) -> YearlyReport:
    report = (
        reports_for_user(seat).select_related("partnership", "published_version").filter(public_id=public_id)
    )
    report = report.first()
    if report is None:
        raise Http404
    return report


def get_section_for_user(seat: Seat, report: YearlyReport, pk: int):
    section = report.sections.filter(pk=pk).select_related("updated_by").first()
    if section is None:
        raise Http404
    return section


def get_version_for_user(seat: Seat, report: YearlyReport, number: int) -> ReportVersion:
    version = report.versions.filter(number=number).first()
    if version is None:
        raise Http404
    return version


def get_job_for_user(seat: Seat, public_id) -> RenderJob:
    job = RenderJob.objects.filter(public_id=public_id, report__in=reports_for_user(seat)).first()
    if job is None:
        raise Http404
    return job


# The public side: published reports only, no sign-in.
def published_reports(partnership):
    return (
        YearlyReport.objects.filter(partnership=partnership, published_version__isnull=False)
        .select_related("published_version")
        .order_by("-period_start")
    )


def get_published_report(partnership, public_id) -> YearlyReport:
    report = published_reports(partnership).filter(public_id=public_id).first()
    if report is None:
        raise Http404
    return report
