"""The yearly report's dashboard panel: where this year's report stands.

Cheap on purpose (one query): the statutory-contents checklist draws on every app's records, so it lives on
the report's own page, not on every dashboard load.
"""

from django.db.models import OuterRef, Subquery

from reports import access
from reports.models import ReportVersion


def panels(request, seat) -> list[dict]:
    if not access.can_view_reports(seat):
        return []
    latest = ReportVersion.objects.filter(report=OuterRef("pk")).order_by("-number")
    report = (
        access.reports_for_user(seat)
        .annotate(
            latest_number=Subquery(latest.values("number")[:1]),
            latest_made_at=Subquery(latest.values("created_at")[:1]),
        )
        .select_related("published_version")
        .defer("published_version__html")
        .first()
    )
    return [
        {
            "title": "Yearly report",
            "template": "reports/panels/status.html",
            "report": report,
            "can_edit": access.can_edit_report(seat),
        }
    ]
