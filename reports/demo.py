"""Demo: a drafted yearly report for the Three Rivers partnership; the chair generates its PDF in the demo."""

import datetime

from django.utils import timezone

from reports import services
from reports.models import Section, YearlyReport

NARRATIVE = {
    "foreword": (
        "This is the partnership's fifth yearly report under the multi-agency safeguarding arrangements. It "
        "sets out what the three safeguarding partners and the relevant agencies did this year, and, more "
        "importantly, what difference it made to children and families in Ashford Vale, Brookmere and "
        "Calderwick.\n\nThe year brought a rise in contacts about neglect and in concerns about children "
        "exploited outside the home. We have tried to be honest about where our work made a difference, and "
        "about the areas where it has not yet."
    ),
    "priorities": (
        "The partners agreed three priorities for the year:\n\n- Neglect: earlier help for families\n"
        "- Exploitation: a shared response to children at risk outside the home\n"
        "- Information sharing: the right information reaching the right professional in time\n\n"
        "Multi-agency audits of neglect cases found that chronologies were in place in most cases, up from a "
        "minority two years ago, and that step-down from statutory services was better planned."
    ),
    "little_progress": (
        "Information sharing between GP practices and children's social care remains inconsistent. Two of "
        "this year's rapid reviews found that health information known to one agency did not reach the "
        "strategy discussion. The action plan from the section 11 audit has not yet closed this gap, and the "
        "partners have made it a priority for next year."
    ),
    "voice": (
        "Young people from the Calderwick youth forum reviewed the partnership's exploitation leaflet and "
        "rewrote it. Parents who had been through child protection conferences told us that reports arrived "
        "too late to read; conference reports are now shared three working days beforehand.\n\n"
        "A practitioner "
        "survey (412 responses) tested what agencies declared in their section 11 returns."
    ),
    "training": (
        "The partnership ran 38 multi-agency courses attended by 1,140 practitioners. Follow-up evaluation "
        "three months after the neglect course found that 71% of attendees had used the graded care profile "
        "in their practice."
    ),
    "next_priorities": (
        "- Information sharing between primary care and children's social care\n"
        "- Children exploited outside the home, with a contextual safeguarding approach\n"
        "- Hearing from children with special educational needs and disabilities"
    ),
}


def seed_records(partnerships) -> None:
    """This financial year's report, in draft: the demo's other records fall in it."""
    partnership = partnerships["three-rivers"]
    today = timezone.localdate()
    start_year = today.year if today.month >= 4 else today.year - 1
    start = datetime.date(start_year, 4, 1)
    report = YearlyReport.objects.filter(partnership=partnership, period_start=start).first()
    if report is None:
        report = services.report_create(
            partnership=partnership,
            title=f"{partnership.name}: yearly report {start_year} to {start_year + 1}",
            period_start=start,
            period_end=datetime.date(start_year + 1, 3, 31),
        )
    for kind, text in NARRATIVE.items():
        Section.objects.filter(report=report, kind=kind, body="").update(body=text)
