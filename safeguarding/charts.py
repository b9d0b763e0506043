"""Server-side charts: matplotlib draws SVG, embedded as an <img> data URI (the CSP blocks inline SVG).

The same Chart serves a page and the PDF report. Every chart carries its data as a table, to be shown beside
it for screen-reader users and for anyone who prefers the numbers.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")
matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text: searchable, and sized by the page's fonts
matplotlib.rcParams["font.family"] = ["DejaVu Sans", "sans-serif"]  # ships with matplotlib
matplotlib.rcParams["svg.hashsalt"] = "portal"  # identical input gives identical SVG

from matplotlib import pyplot as plt  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

# GOV.UK colours with enough contrast against white; series are also told apart by the data table.
PALETTE = ["#1d70b8", "#f47738", "#00703c", "#4c2c92", "#d4351c", "#505a5f", "#912b88", "#28a197"]


@dataclass(frozen=True)
class Chart:
    title: str
    svg: bytes
    alt: str
    headers: list[str]
    rows: list[list]

    @property
    def data_uri(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg).decode("ascii")


def _finish(fig, ax, title: str) -> bytes:
    ax.set_title(title, loc="left", fontsize=12, fontweight="bold", color="#0b0c0c")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(colors="#0b0c0c", labelsize=9)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None})
    plt.close(fig)
    return buffer.getvalue()


def bar_chart(
    *,
    title: str,
    categories: list[str],
    series: dict[str, list[float]],
    value_label: str = "",
    horizontal: bool = False,
    stacked: bool = False,
    width: float = 7.5,
    height: float | None = None,
) -> Chart:
    """Grouped (or stacked) bars: one bar a category for each series."""
    count = max(len(categories), 1)
    height = height or (max(2.5, 0.45 * count + 1.2) if horizontal else 3.8)
    fig, ax = plt.subplots(figsize=(width, height))
    names = list(series)
    positions = list(range(len(categories)))
    bar_width = 0.8 if stacked or len(names) == 1 else 0.8 / len(names)
    base = [0.0] * len(categories)
    for index, name in enumerate(names):
        values = [float(v or 0) for v in series[name]]
        offset = 0 if stacked or len(names) == 1 else (index - (len(names) - 1) / 2) * bar_width
        where = [p + offset for p in positions]
        colour = PALETTE[index % len(PALETTE)]
        if horizontal:
            ax.barh(where, values, height=bar_width, left=base if stacked else None, color=colour, label=name)
        else:
            ax.bar(where, values, width=bar_width, bottom=base if stacked else None, color=colour, label=name)
        if stacked:
            base = [b + v for b, v in zip(base, values, strict=True)]
    # Counts get whole-number ticks: half a challenge is not a thing.
    if all(float(v or 0).is_integer() for values in series.values() for v in values):
        (ax.xaxis if horizontal else ax.yaxis).set_major_locator(MaxNLocator(integer=True))
    if horizontal:
        ax.set_yticks(positions, categories)
        ax.invert_yaxis()
        ax.set_xlabel(value_label)
    else:
        ax.set_xticks(
            positions, categories, rotation=30 if count > 6 else 0, ha="right" if count > 6 else "center"
        )
        ax.set_ylabel(value_label)
    if len(names) > 1:
        # Beside the plot, never over the bars.
        ax.legend(frameon=False, fontsize=9, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    svg = _finish(fig, ax, title)
    headers = ["", *names]
    rows = [[category, *[series[n][i] for n in names]] for i, category in enumerate(categories)]
    kind = "Horizontal bar" if horizontal else "Bar"
    alt = f"{kind} chart: {title}. The figures are in the table that follows."
    return Chart(title=title, svg=svg, alt=alt, headers=headers, rows=rows)


def line_chart(
    *, title: str, categories: list[str], series: dict[str, list[float]], value_label: str = ""
) -> Chart:
    """One line a series across the categories (usually years)."""
    fig, ax = plt.subplots(figsize=(7.5, 3.6))
    for index, (name, values) in enumerate(series.items()):
        ax.plot(
            categories,
            [float(v or 0) for v in values],
            marker="o",
            color=PALETTE[index % len(PALETTE)],
            label=name,
        )
    ax.set_ylabel(value_label)
    if len(series) > 1:
        ax.legend(frameon=False, fontsize=9)
    svg = _finish(fig, ax, title)
    names = list(series)
    rows = [[category, *[series[n][i] for n in names]] for i, category in enumerate(categories)]
    return Chart(
        title=title,
        svg=svg,
        alt=f"Line chart: {title}. The figures are in the table that follows.",
        headers=["", *names],
        rows=rows,
    )
