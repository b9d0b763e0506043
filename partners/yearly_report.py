"""The yearly report's challenge and scrutiny section (reports.providers): the challenge log in the period."""

from __future__ import annotations

import datetime

from partners.challenge_summary import summarise


def challenge_section(partnership, period_start: datetime.date, period_end: datetime.date) -> dict:
    summary = summarise(partnership, start=period_start, end=period_end)
    return {
        "has_content": bool(summary.raised or summary.resolved or summary.open_now),
        "summary": summary,
        "chart": summary.chart if summary.raised else None,
    }
