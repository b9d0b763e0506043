"""The yearly report's dashboard panel: where this year's report stands, and what it still needs."""

from reports import access
from reports.content import assemble, checklist


def panels(request, seat) -> list[dict]:
    if not access.can_view_reports(seat):
        return []
    report = access.reports_for_user(seat).select_related("published_version").first()
    if report is None:
        return [
            {
                "title": "Yearly report",
                "template": "reports/panels/status.html",
                "report": None,
                "can_edit": access.can_edit_report(seat),
            }
        ]
    items = checklist(assemble(report))
    missing = [item.label for item in items if not item.present]
    latest = report.versions.first()
    return [
        {
            "title": "Yearly report",
            "template": "reports/panels/status.html",
            "report": report,
            "missing": missing,
            "latest": latest,
            "can_edit": access.can_edit_report(seat),
        }
    ]
