"""A review's restricted detail as CSV: its timeline, then its recommendations and actions."""

from __future__ import annotations

import csv
import datetime
import re

from reviews import clocks
from reviews.models import Review

# Spreadsheet programs run a cell starting with one of these as a formula; a leading apostrophe stops it.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def filename(review: Review) -> str:
    return "review-" + re.sub(r"[^A-Za-z0-9_-]", "-", review.reference) + ".csv"


def write_review(out, review: Review, recommendations, today: datetime.date) -> None:
    """`recommendations` come with their themes and the actions the person may see prefetched."""
    writer = csv.writer(out)

    def row(*cells):
        writer.writerow([_cell(c) for c in cells])

    row("Reference", review.reference, "Type", review.get_kind_display(), "Pseudonym", review.subject)
    row()
    row("Date", "Event", "Detail")
    for event in clocks.timeline(review, today):
        row(event.on.isoformat(), event.title, event.detail)
    row()
    row("Recommendation", "Themes", "Action", "Owner", "Due", "Status", "Impact", "Measure")
    for rec in recommendations:
        themes = "; ".join(theme.name for theme in rec.themes.all())
        actions = list(rec.actions.all())
        if not actions:
            row(rec.text, themes)
        for action in actions:
            row(
                rec.text,
                themes,
                action.description,
                action.owner_agency.name,
                action.due_on.isoformat(),
                action.get_status_display(),
                action.impact_statement,
                action.impact_measure,
            )
