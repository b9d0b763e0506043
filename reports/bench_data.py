"""Benchmark data for the yearly report: one drafted report per partnership, and its page."""

import datetime

from reports import services
from reports.demo import NARRATIVE
from reports.models import Section, YearlyReport

TABLES = ["reports_yearlyreport", "reports_section"]
CHECKSUM_COLUMNS = {"reports_yearlyreport": "public_id::text || title", "reports_section": "kind || body"}


def seed(ctx) -> None:
    start = datetime.date(ctx.today.year - 1 if ctx.today.month >= 4 else ctx.today.year - 2, 4, 1)
    for partnership in ctx.partnerships:
        report = services.report_create(
            partnership=partnership,
            title=f"{partnership.name}: yearly report",
            period_start=start,
            period_end=start.replace(year=start.year + 1) - datetime.timedelta(days=1),
        )
        YearlyReport.objects.filter(pk=report.pk).update(public_id=ctx.uuid())
        for kind, text in NARRATIVE.items():
            Section.objects.filter(report=report, kind=kind).update(body=text)


def pages(partnership, people) -> list[dict]:
    """None: the draft report's page is not one of the key pages (its PDF is measured on its own)."""
    return []
