"""Funding charts, drawn by safeguarding.charts. Amounts become floats only for drawing: each chart's data
table shows the exact Decimal figures as pounds.

A chart is a pure function of its figures, so each process keeps the charts it drew last, keyed by every
input: a changed figure is a different key, so nothing is ever stale and nothing needs clearing. (Drawing is
about a millisecond a chart since the charts stopped going through matplotlib; the cache saves that on the
pages people reload.)
"""

from __future__ import annotations

import dataclasses
import functools

from funding import benchmarks
from funding.metrics import AgencyRow, YearFigures
from funding.money import pounds
from safeguarding.charts import Chart, bar_chart


@functools.lru_cache(maxsize=128)
def _drawn(title: str, categories: tuple, series: tuple, value_label: str, horizontal: bool) -> Chart:
    return bar_chart(
        title=title,
        categories=list(categories),
        series={name: list(values) for name, values in series},
        value_label=value_label,
        horizontal=horizontal,
    )


def _bar_chart(*, title: str, categories: list, series: dict, value_label: str, horizontal: bool = False):
    frozen = tuple((name, tuple(values)) for name, values in series.items())
    return _drawn(title, tuple(categories), frozen, value_label, horizontal)


def _with_pounds(chart: Chart, rows: list[list]) -> Chart:
    return dataclasses.replace(chart, rows=[[row[0], *[pounds(v) for v in row[1:]]] for row in rows])


def contributions_chart(rows: list[AgencyRow], year_label: str) -> Chart | None:
    if not rows:
        return None
    categories = [row.name for row in rows]
    exact = [[row.name, row.pledged, row.received] for row in rows]
    chart = _bar_chart(
        title=f"Contributions by agency, {year_label}",
        categories=categories,
        series={
            "Pledged": [float(row.pledged) for row in rows],
            "Received": [float(row.received) for row in rows],
        },
        value_label="£",
        horizontal=True,
    )
    return _with_pounds(chart, exact)


def year_on_year_chart(figures: list[YearFigures]) -> Chart | None:
    """Budget, actual spend and contributions pledged, oldest year first."""
    years = sorted((f for f in figures if f.has_budget), key=lambda f: f.year.start_year)
    if not years:
        return None
    exact = [
        [f.year.label, f.budget, f.year.actual_spend if f.spend_is_actual else None, f.pledged] for f in years
    ]
    chart = _bar_chart(
        title="Budget year on year",
        categories=[f.year.label for f in years],
        series={
            "Budget (planned spend)": [float(f.budget) for f in years],
            "Actual spend": [float(f.year.actual_spend) if f.spend_is_actual else 0.0 for f in years],
            "Contributions pledged": [float(f.pledged) for f in years],
        },
        value_label="£",
    )
    return _with_pounds(chart, exact)


def benchmark_chart(figures: YearFigures, per_head_spread: benchmarks.Spread | None) -> Chart | None:
    """Spend per head beside the sector's outstanding and inadequate boards (and the deployment's median)."""
    if figures.per_head is None:
        return None
    bars = [
        ("This partnership", figures.per_head),
        ("Outstanding boards (2016-17)", benchmarks.PER_HEAD_OUTSTANDING),
        ("Inadequate boards (2016-17)", benchmarks.PER_HEAD_INADEQUATE),
    ]
    if per_head_spread is not None:
        bars.append(("Median of partnerships in this portal", per_head_spread.median))
    chart = _bar_chart(
        title=f"Spend per head against the benchmarks, {figures.year.label}",
        categories=[label for label, _ in bars],
        series={"Spend per head": [float(value) for _, value in bars]},
        value_label="£ per head",
        horizontal=True,
    )
    return _with_pounds(chart, [[label, value] for label, value in bars])
