"""Server-side charts, drawn as SVG and embedded as an <img> data URI (the CSP blocks inline SVG).

The same Chart serves a page and the PDF report. Every chart carries its data as a table, to be shown beside
it for screen-reader users and for anyone who prefers the numbers.

The SVG is written here rather than by matplotlib: a chart is a few dozen rectangles and labels, which
matplotlib took 50-300 ms to draw (plus half a second to import), and its SVG had ten times the elements for
WeasyPrint to lay out. Text stays text (searchable, in the page's fonts); label widths are measured with
DejaVu Sans's advance widths, the font the PDFs use and the SVG names first.
"""

from __future__ import annotations

import base64
import math
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

# GOV.UK colours with enough contrast against white; series are also told apart by the data table.
PALETTE = ["#1d70b8", "#f47738", "#00703c", "#4c2c92", "#d4351c", "#505a5f", "#912b88", "#28a197"]
INK = "#0b0c0c"
FONT = "'DejaVu Sans', Arial, sans-serif"
POINTS_PER_INCH = 72
TITLE_SIZE, LABEL_SIZE, AXIS_TITLE_SIZE = 12, 9, 10
TICK = 3.5  # length of a tick mark, in points

# Advance widths in em of DejaVu Sans (regular, then bold) for the printable ASCII characters, space to tilde.
_REGULAR = (
    0.318, 0.401, 0.46, 0.838, 0.636, 0.95, 0.78, 0.275, 0.39, 0.39, 0.5, 0.838, 0.318, 0.361,
    0.318, 0.337, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.337, 0.337,
    0.838, 0.838, 0.838, 0.531, 1.0, 0.684, 0.686, 0.698, 0.77, 0.632, 0.575, 0.775, 0.752, 0.295,
    0.295, 0.656, 0.557, 0.863, 0.748, 0.787, 0.603, 0.787, 0.695, 0.635, 0.611, 0.732, 0.684, 0.989,
    0.685, 0.611, 0.685, 0.39, 0.337, 0.39, 0.838, 0.5, 0.5, 0.613, 0.635, 0.55, 0.635, 0.615,
    0.352, 0.635, 0.634, 0.278, 0.278, 0.579, 0.278, 0.974, 0.634, 0.612, 0.635, 0.635, 0.411, 0.521,
    0.392, 0.634, 0.592, 0.818, 0.592, 0.592, 0.525, 0.636, 0.337, 0.636, 0.838,
)  # fmt: skip
_BOLD = (
    0.348, 0.456, 0.521, 0.838, 0.696, 1.002, 0.872, 0.306, 0.457, 0.457, 0.523, 0.838, 0.38, 0.415,
    0.38, 0.365, 0.696, 0.696, 0.696, 0.696, 0.696, 0.696, 0.696, 0.696, 0.696, 0.696, 0.4, 0.4,
    0.838, 0.838, 0.838, 0.58, 1.0, 0.774, 0.762, 0.734, 0.83, 0.683, 0.683, 0.821, 0.837, 0.372,
    0.372, 0.775, 0.637, 0.995, 0.837, 0.85, 0.733, 0.85, 0.77, 0.72, 0.682, 0.812, 0.774, 1.103,
    0.771, 0.724, 0.725, 0.457, 0.365, 0.457, 0.838, 0.5, 0.5, 0.675, 0.716, 0.593, 0.716, 0.678,
    0.435, 0.716, 0.712, 0.343, 0.343, 0.665, 0.343, 1.042, 0.712, 0.687, 0.716, 0.716, 0.493, 0.595,
    0.478, 0.712, 0.652, 0.924, 0.645, 0.652, 0.582, 0.712, 0.365, 0.712, 0.838,
)  # fmt: skip
_WIDE = 0.75  # any other character (£, accents, dashes): a little wider than most, so labels never collide


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


def text_width(text: str, size: float, bold: bool = False) -> float:
    widths = _BOLD if bold else _REGULAR
    return size * sum(widths[ord(c) - 32] if 32 <= ord(c) < 127 else _WIDE for c in text)


def _fit(text: str, size: float, room: float) -> str:
    """The label, shortened with an ellipsis if it is wider than `room` (the data table has it in full)."""
    if text_width(text, size) <= room:
        return text
    while text and text_width(text + "…", size) > room:
        text = text[:-1]
    return text.rstrip() + "…"


def _number(value: float) -> str:
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _ticks(low: float, high: float, integer: bool) -> list[float]:
    """About five round steps covering low..high (0 included), as matplotlib's MaxNLocator would choose."""
    if high <= low:
        high = low + 1
    raw = (high - low) / 5
    magnitude = 10 ** math.floor(math.log10(raw))
    multiples = (1, 2, 5, 10) if integer else (1, 2, 2.5, 5, 10)
    step = next(m * magnitude for m in multiples if m * magnitude >= raw)
    if integer:
        step = max(1, round(step))
    start, end = math.floor(low / step), math.ceil(high / step)
    return [round(i * step, 10) for i in range(start, end + 1)]


class _Svg:
    def __init__(self, width: float, height: float, title: str):
        self.width, self.height = width, height
        self.parts = [
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:g}pt" height="{height:g}pt" '
            f'viewBox="0 0 {width:g} {height:g}" font-family="{FONT}" fill="{INK}">',
            f"<title>{escape(title)}</title>",
            f'<rect width="{width:g}" height="{height:g}" fill="#ffffff"/>',
        ]

    def rect(self, x, y, w, h, colour):
        self.parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" fill="{colour}"/>')

    def line(self, x1, y1, x2, y2, width=0.8, colour=INK):
        self.parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{colour}" '
            f'stroke-width="{width:g}"/>'
        )

    def text(self, x, y, content, size=LABEL_SIZE, anchor="start", bold=False, rotate=None):
        attributes = f'x="{x:.1f}" y="{y:.1f}" font-size="{size:g}"'
        if anchor != "start":
            attributes += f' text-anchor="{anchor}"'
        if bold:
            attributes += ' font-weight="bold"'
        if rotate is not None:
            attributes += f' transform="rotate({rotate:g} {x:.1f} {y:.1f})"'
        self.parts.append(f"<text {attributes}>{escape(content)}</text>")

    def polyline(self, points, colour):
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        self.parts.append(
            f'<polyline points={quoteattr(path)} fill="none" stroke="{colour}" stroke-width="1.5"/>'
        )
        for x, y in points:
            self.parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"/>')

    def legend(self, names: list[str], left: float, top: float):
        for index, name in enumerate(names):
            y = top + index * 15
            self.rect(left, y, 14, 7, PALETTE[index % len(PALETTE)])
            self.text(left + 19, y + 7, name)

    def bytes(self) -> bytes:
        return ("\n".join([*self.parts, "</svg>"]) + "\n").encode("utf-8")


def _legend_width(names: list[str]) -> float:
    return 19 + max(text_width(name, LABEL_SIZE) for name in names) + 8 if len(names) > 1 else 0


def _frame(svg: _Svg, title: str, left: float, top: float, right: float, bottom: float) -> None:
    """Title over the plot, aligned with its left edge; the left and bottom axes only."""
    svg.text(left, 18, _fit(title, TITLE_SIZE, svg.width - left - 4), size=TITLE_SIZE, bold=True)
    svg.line(left, top, left, bottom)
    svg.line(left, bottom, right, bottom)


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
    # Horizontal bars grow with the categories, tighter when there are many (one an agency), so a long chart
    # still fits a printed page at a legible size.
    height = height or (max(2.5, (0.45 if count <= 12 else 0.3) * count + 1.2) if horizontal else 3.8)
    names = list(series)
    values = {name: [float(v or 0) for v in series[name]] for name in names}
    if stacked:
        sums = [sum(values[n][i] for n in names) for i in range(len(categories))]
        low, high = 0.0, max(sums, default=0.0)
    else:
        every = [v for name in names for v in values[name]]
        low, high = min(0.0, *every) if every else 0.0, max(0.0, *every) if every else 0.0
    # Counts get whole-number ticks: half a challenge is not a thing.
    integer = all(v.is_integer() for name in names for v in values[name])
    ticks = _ticks(low, high, integer)
    svg = _Svg(width * POINTS_PER_INCH, height * POINTS_PER_INCH, title)
    legend = _legend_width(names)
    slots = len(names) if not stacked and len(names) > 1 else 1
    bar = 0.8 / slots

    if horizontal:
        room = svg.width * 0.4
        labels = [_fit(c, LABEL_SIZE, room) for c in categories]
        left = 8 + max((text_width(label, LABEL_SIZE) for label in labels), default=0) + TICK + 4
        right, top = svg.width - legend - 10, 30
        bottom = svg.height - (36 if value_label else 22)
        band = (bottom - top) / count

        def scale(value):
            return left + (value - ticks[0]) / (ticks[-1] - ticks[0]) * (right - left)

        for index, label in enumerate(labels):
            middle = top + (index + 0.5) * band
            svg.line(left - TICK, middle, left, middle)
            svg.text(left - TICK - 3, middle + LABEL_SIZE * 0.35, label, anchor="end")
        base = [0.0] * len(categories)
        for number, name in enumerate(names):
            colour = PALETTE[number % len(PALETTE)]
            for index, value in enumerate(values[name]):
                offset = 0 if slots == 1 else number * bar
                y = top + (index + 0.1 + offset) * band
                start = base[index] if stacked else 0.0
                x1, x2 = sorted((scale(start), scale(start + value)))
                svg.rect(x1, y, x2 - x1, bar * band, colour)
                if stacked:
                    base[index] += value
        for tick in ticks:
            x = scale(tick)
            svg.line(x, bottom, x, bottom + TICK)
            svg.text(x, bottom + TICK + 10, _number(tick), anchor="middle")
        if value_label:
            svg.text((left + right) / 2, svg.height - 6, value_label, size=AXIS_TITLE_SIZE, anchor="middle")
    else:
        rotate = count > 6
        tick_width = max(text_width(_number(t), LABEL_SIZE) for t in ticks)
        left = 8 + (16 if value_label else 0) + tick_width + TICK + 3
        right, top = svg.width - legend - 10, 30
        longest = max((text_width(c, LABEL_SIZE) for c in categories), default=0)
        below = min(longest * 0.5, svg.height * 0.35) + 12 if rotate else 16
        bottom = svg.height - below - 6
        band = (right - left) / count

        def scale(value):
            return bottom - (value - ticks[0]) / (ticks[-1] - ticks[0]) * (bottom - top)

        for index, category in enumerate(categories):
            middle = left + (index + 0.5) * band
            svg.line(middle, bottom, middle, bottom + TICK)
            if rotate:
                label = _fit(category, LABEL_SIZE, (below - 12) * 2)
                svg.text(middle, bottom + TICK + 9, label, anchor="end", rotate=-30)
            else:
                svg.text(middle, bottom + TICK + 10, category, anchor="middle")
        base = [0.0] * len(categories)
        for number, name in enumerate(names):
            colour = PALETTE[number % len(PALETTE)]
            for index, value in enumerate(values[name]):
                offset = 0 if slots == 1 else number * bar
                x = left + (index + 0.1 + offset) * band
                start = base[index] if stacked else 0.0
                y1, y2 = sorted((scale(start), scale(start + value)))
                svg.rect(x, y1, bar * band, y2 - y1, colour)
                if stacked:
                    base[index] += value
        for tick in ticks:
            y = scale(tick)
            svg.line(left - TICK, y, left, y)
            svg.text(left - TICK - 3, y + LABEL_SIZE * 0.35, _number(tick), anchor="end")
        if value_label:
            middle = (top + bottom) / 2
            svg.text(14, middle, value_label, size=AXIS_TITLE_SIZE, anchor="middle", rotate=-90)
    _frame(svg, title, left, top, right, bottom)
    if legend:
        # Beside the plot, never over the bars.
        svg.legend(names, right + 10, top)
    headers = ["", *names]
    rows = [[category, *[series[n][i] for n in names]] for i, category in enumerate(categories)]
    kind = "Horizontal bar" if horizontal else "Bar"
    alt = f"{kind} chart: {title}. The figures are in the table that follows."
    return Chart(title=title, svg=svg.bytes(), alt=alt, headers=headers, rows=rows)


def line_chart(
    *, title: str, categories: list[str], series: dict[str, list[float]], value_label: str = ""
) -> Chart:
    """One line a series across the categories (usually years)."""
    names = list(series)
    values = {name: [float(v or 0) for v in series[name]] for name in names}
    every = [v for name in names for v in values[name]]
    integer = all(v.is_integer() for v in every)
    ticks = _ticks(min(0.0, *every) if every else 0.0, max(0.0, *every) if every else 0.0, integer)
    svg = _Svg(7.5 * POINTS_PER_INCH, 3.6 * POINTS_PER_INCH, title)
    tick_width = max(text_width(_number(t), LABEL_SIZE) for t in ticks)
    left = 8 + (16 if value_label else 0) + tick_width + TICK + 3
    right, top, bottom = svg.width - _legend_width(names) - 10, 30, svg.height - 22
    step = (right - left) / max(len(categories), 1)

    def scale(value):
        return bottom - (value - ticks[0]) / (ticks[-1] - ticks[0]) * (bottom - top)

    for index, category in enumerate(categories):
        middle = left + (index + 0.5) * step
        svg.line(middle, bottom, middle, bottom + TICK)
        svg.text(middle, bottom + TICK + 10, category, anchor="middle")
    for number, name in enumerate(names):
        points = [(left + (i + 0.5) * step, scale(v)) for i, v in enumerate(values[name])]
        svg.polyline(points, PALETTE[number % len(PALETTE)])
    for tick in ticks:
        y = scale(tick)
        svg.line(left - TICK, y, left, y)
        svg.text(left - TICK - 3, y + LABEL_SIZE * 0.35, _number(tick), anchor="end")
    if value_label:
        svg.text(14, (top + bottom) / 2, value_label, size=AXIS_TITLE_SIZE, anchor="middle", rotate=-90)
    _frame(svg, title, left, top, right, bottom)
    if len(names) > 1:
        svg.legend(names, right + 10, top)
    rows = [[category, *[series[n][i] for n in names]] for i, category in enumerate(categories)]
    return Chart(
        title=title,
        svg=svg.bytes(),
        alt=f"Line chart: {title}. The figures are in the table that follows.",
        headers=["", *names],
        rows=rows,
    )
