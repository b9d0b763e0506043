"""Measuring the yearly report's render against WeasyPrint's own floor: plain text of the same page count.

The report is timed as a render job does it (reports.services.report_render: gathering the figures, the
body's HTML, then the PDF). The floor is plain paragraphs under the same print stylesheet (page size, margins,
"Page N of M"), also written as a tagged PDF/UA, with exactly as many pages as the report.

Each run happens in a forked child so its peak memory (ru_maxrss) is its own. Both kinds of child are forked
from a parent that has already imported WeasyPrint and loaded its fonts, as the pdf worker does before it
forks (reports/tasks.py): neither side pays that one-off cost. Report and floor runs alternate, and the
median of each is compared, so a burst of load on the machine skews both alike.
"""

from __future__ import annotations

import multiprocessing
import resource
import statistics
import time
from dataclasses import dataclass

from django.db import connections

from safeguarding.pdf import BASE_URL, STATIC_PREFIX, render_html, url_fetcher, warm_up

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
        try:
            started = time.perf_counter()
            label, pages = function(*args)
            elapsed = time.perf_counter() - started
            peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            child_end.send(Measurement(label, elapsed, pages, peak_mb))
        except BaseException as error:  # the parent re-raises it rather than wait for ever
            child_end.send(RuntimeError(f"{function.__name__} failed in the child: {error!r}"))
            raise
        finally:
            connections.close_all()

    process = context.Process(target=target)
    process.start()
    child_end.close()  # so that a child dying without a word ends recv() with EOFError
    try:
        result = parent_end.recv()
    finally:
        process.join()
    if isinstance(result, Exception):
        raise result
    return result


def _render_report(report_id: int):
    from reports.models import YearlyReport
    from reports.services import report_render

    report = YearlyReport.objects.select_related("partnership").get(pk=report_id)
    _body, rendered = report_render(report=report)
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


def _pages_of(paragraphs: int) -> int:
    from weasyprint import HTML

    html = HTML(string=plain_text_html(paragraphs), base_url=BASE_URL, url_fetcher=url_fetcher())
    return len(html.render().pages)


def paragraphs_for(pages: int) -> int:
    """The fewest floor paragraphs that make exactly `pages` pages (layout only, no PDF written)."""
    if _pages_of(1) >= pages:
        return 1
    per_page = 20 / _pages_of(20)
    low, high = max(1, int(per_page * (pages - 1))), max(2, int(per_page * (pages + 1)) + 1)
    while _pages_of(low) >= pages and low > 1:
        low = max(1, low // 2)
    while _pages_of(high) < pages:
        high *= 2
    # Invariant: fewer than `pages` pages at `low`, at least `pages` at `high`.
    while high - low > 1:
        middle = (low + high) // 2
        if _pages_of(middle) >= pages:
            high = middle
        else:
            low = middle
    return high


def measure(report_id: int, runs: int = 5) -> dict:
    """Median of `runs` renders of the report and of its floor, alternated; the peak is the highest seen."""
    warm_up()  # as the pdf worker does before it forks (reports/tasks.py)
    reports, floors = [_in_child(_render_report, report_id)], []
    paragraphs = paragraphs_for(reports[0].pages)
    for index in range(runs):
        floors.append(_in_child(_render_plain, paragraphs))
        if index + 1 < runs:
            reports.append(_in_child(_render_report, report_id))
    report, floor = _summary(reports), _summary(floors)
    return {
        "report": report,
        "floor": floor,
        "ratio": report.seconds / floor.seconds if floor.seconds else float("inf"),
    }


def _summary(runs: list[Measurement]) -> Measurement:
    return Measurement(
        label=runs[0].label,
        seconds=statistics.median(run.seconds for run in runs),
        pages=runs[-1].pages,
        peak_mb=max(run.peak_mb for run in runs),
    )
