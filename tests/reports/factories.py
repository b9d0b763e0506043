import datetime

from django.core.files.base import ContentFile

from reports import services
from reports.models import RenderJob, ReportVersion


def make_report(partnership, *, title="Yearly report 2025 to 2026", start=datetime.date(2025, 4, 1)):
    return services.report_create(
        partnership=partnership,
        title=title,
        period_start=start,
        period_end=start.replace(year=start.year + 1) - datetime.timedelta(days=1),
    )


def make_version(report, user, *, number=None, html="<section><h2>1. Foreword</h2><p>Text</p></section>"):
    number = number or (report.versions.count() + 1)
    version = ReportVersion(
        report=report, number=number, html=html, sha256="0" * 64, pages=3, size=9, created_by=user
    )
    version.file.save(
        f"{report.partnership.slug}-v{number}.pdf", ContentFile(b"%PDF-1.7\n%test\n"), save=False
    )
    version.save()
    RenderJob.objects.create(
        report=report, requested_by=user, state=RenderJob.State.DONE, progress=100, version=version
    )
    return version


def fill_statutory_sections(report):
    """Write every narrative section and mark data sections without data not applicable."""
    from reports.content import assemble

    for item in assemble(report):
        section = item.section
        if item.data is None and not section.body:
            section.body = f"Narrative for {section.get_kind_display()}."
        elif not item.present:
            section.not_applicable, section.not_applicable_reason = (
                True,
                "No records in the portal this year.",
            )
        section.save()
