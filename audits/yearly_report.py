"""The yearly report's section 11 section (reports.providers): the latest cycle's grades by agency and
standard as this partnership moderated them, and the change since the previous cycle."""

from __future__ import annotations

import datetime

from audits.models import Cycle
from audits.results import SHOWN, comparison, results_for

DETAIL_ROWS = 40


def section_11_section(partnership, period_start: datetime.date, period_end: datetime.date) -> dict:
    cycle = (
        Cycle.objects.for_partnership(partnership)
        .filter(opens_on__lte=period_end)
        .order_by("-opens_on")
        .first()
    )
    if cycle is None:
        return {"has_content": False}
    results = results_for(cycle, partnership)
    rows = [row for row in results.rows if row.return_record.status in SHOWN]
    return {
        "has_content": bool(rows),
        "cycle": cycle,
        "results": results,
        "rows": rows[:DETAIL_ROWS],
        "more": max(0, len(rows) - DETAIL_ROWS),
        "trends": comparison(results, partnership),
    }
