"""Measuring the yearly report's render against WeasyPrint's own floor: plain text of the same page count.

Each measurement runs in a forked child so its peak memory (ru_maxrss) is its own.
"""

from __future__ import annotations

import multiprocessing
import resource
import time
from dataclasses import dataclass

from django.db import connections

from safeguarding.pdf import STATIC_PREFIX, render_html

PARAGRAPH = (
    "The partners met regularly through the year to review the effectiveness of local arrangements, to hear "
    "from practitioners and to agree the actions that followed from audits and reviews. "
) * 3


@dataclass(frozen=True)
class Measurement:
    label: str
    seconds: float
    pages: int
    peak_mb: float


def _in_child(function, *args) -> Measurement:
    """Run `function(*args)` -> (label, pages) in a forked process; time it and read its peak memory."""
    connections.close_all()  # the child opens its own database connection
    context = multiprocessing.get_context("fork")
    parent_end, child_end = context.Pipe(duplex=False)

    def target():
        started = time.perf_counter()
        label, pages = function(*args)
        elapsed = time.perf_counter() - started
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        child_end.send(Measurement(label, elapsed, pages, peak_mb))
        connections.close_all()

    process = context.Process(target=target)
    process.start()
    result = parent_end.recv()
    process.join()
    return result


def _render_report(report_id: int):
    from reports.models import YearlyReport
    from reports.services import document_context
    from safeguarding import pdf

    report = YearlyReport.objects.select_related("partnership").get(pk=report_id)
    rendered = pdf.render_template("reports/pdf.html", document_context(report))
    return "yearly report", rendered.pages


def plain_text_html(paragraphs: int) -> str:
    body = "".join(f"<p>{PARAGRAPH}</p>" for _ in range(paragraphs))
    return (
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>Floor</title>'
        f'<link rel="stylesheet" href="{STATIC_PREFIX}pdf/print.css"></head><body>{body}</body></html>'
    )


def _render_plain(paragraphs: int):
    rendered = render_html(plain_text_html(paragraphs))
    return "plain text floor", rendered.pages


def paragraphs_for(pages: int) -> int:
    """How many floor paragraphs fill `pages` pages (measured once on two pages, then scaled)."""
    per_two_pages = render_html(plain_text_html(20)).pages
    per_page = 20 / max(per_two_pages, 1)
    return max(1, round(per_page * pages))


def measure(report_id: int) -> dict:
    report = _in_child(_render_report, report_id)
    floor = _in_child(_render_plain, paragraphs_for(report.pages))
    return {
        "report": report,
        "floor": floor,
        "ratio": report.seconds / floor.seconds if floor.seconds else float("inf"),
    }
