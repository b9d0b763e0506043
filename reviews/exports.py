"""A review's restricted detail as CSV: its timeline, then its recommendations and actions."""

from __future__ import annotations

import csv
import datetime
import re

from reviews import clocks
from reviews.models import Action, Review

# Spreadsheet programs run a cell starting with one of these as a formula; a leading apostrophe stops it.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def filename(review: Review) -> str:
    return "review-" + re.sub(r"[^A-Za-z0-9_-]", "-", review.reference) + ".csv"


def write_review(out, review: Review, recommendations, today: datetime.date) -> None:
    """`recommendations` come from reviews.rows.recommendations_with_actions: with their theme names and
    the actions the person may see."""
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
        themes = "; ".join(rec.theme_names)
        if not rec.action_values:
            row(rec.text, themes)
        for action in rec.action_values:
            row(
                rec.text,
                themes,
                action["description"],
                action["owner_agency__name"],
                action["due_on"].isoformat(),
                Action.Status(action["status"]).label,
                action["impact_statement"],
                action["impact_measure"],
            )
