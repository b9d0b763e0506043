"""The yearly report's dashboard panel: where this year's report stands.

Cheap on purpose (one query): the statutory-contents checklist draws on every app's records, so it lives on
the report's own page, not on every dashboard load.
"""

from types import SimpleNamespace

from django.db import connection

from reports import access
from reports.models import ReportVersion, YearlyReport


def panels(request, seat) -> list[dict]:
    if not access.can_view_reports(seat):
        return []
    report = _latest_report(seat.partnership)
    return [
        {
            "title": "Yearly report",
            "template": "reports/panels/status.html",
            "report": report,
            "can_edit": access.can_edit_report(seat),
        }
    ]


# The partnership's most recent report (by period, as YearlyReport orders them) with its newest version.
# Written out: composing it in the ORM took longer than running it, on every dashboard.
LATEST_REPORT_SQL = """
SELECT r.public_id, r.title, r.published_version_id, r.published_at, r.sent_to_panel_on, r.sent_to_wwc_on,
    v.number, v.created_at
FROM {report} r
LEFT JOIN LATERAL (
    SELECT number, created_at FROM {version} WHERE report_id = r.id ORDER BY number DESC LIMIT 1
) v ON true
WHERE r.partnership_id = %s
ORDER BY r.period_start DESC, r.id DESC
LIMIT 1
"""
REPORT_FIELDS = [
    "public_id",
    "title",
    "published_version_id",
    "published_at",
    "sent_to_panel_on",
    "sent_to_wwc_on",
    "latest_number",
    "latest_made_at",
]


def _latest_report(partnership) -> SimpleNamespace | None:
    sql = LATEST_REPORT_SQL.format(report=YearlyReport._meta.db_table, version=ReportVersion._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(sql, [partnership.pk])
        row = cursor.fetchone()
    return SimpleNamespace(**dict(zip(REPORT_FIELDS, row, strict=True))) if row else None
