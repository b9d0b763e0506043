"""The yearly report's dashboard panel: where this year's report stands.

Cheap on purpose (two queries): the statutory-contents checklist draws on every app's records, so it lives on
the report's own page, not on every dashboard load.
"""

from reports import access


def panels(request, seat) -> list[dict]:
    if not access.can_view_reports(seat):
        return []
    report = access.reports_for_user(seat).select_related("published_version").first()
    latest = report.versions.first() if report is not None else None
    return [
        {
            "title": "Yearly report",
            "template": "reports/panels/status.html",
            "report": report,
            "latest": latest,
            "can_edit": access.can_edit_report(seat),
        }
    ]
