"""Charts are SVG written by safeguarding/charts.py: well formed whatever the labels hold, drawn to scale, and
every figure still in the chart's data table."""

import xml.etree.ElementTree as ET

from safeguarding.charts import PALETTE, bar_chart, line_chart

SVG = "{http://www.w3.org/2000/svg}"


def tree(chart) -> ET.Element:
    return ET.fromstring(chart.svg)  # noqa: S314  (SVG the test just drew, not outside input)


def texts(chart) -> list[str]:
    return [node.text for node in tree(chart).iter(f"{SVG}text")]


def bars(chart) -> list[ET.Element]:
    return [node for node in tree(chart).iter(f"{SVG}rect") if node.get("fill") in PALETTE]


def test_labels_holding_markup_are_shown_as_the_text_they_are():
    chart = bar_chart(
        title="Contributions <b>", categories=["Smith & Jones <script>"], series={"Pledged": [10]}
    )
    assert "Smith & Jones <script>" in texts(chart) and "Contributions <b>" in texts(chart)
    assert b"<script>" not in chart.svg


def test_bars_are_drawn_to_scale_one_for_each_category_and_series():
    chart = bar_chart(
        title="Challenges by agency",
        categories=["Agency A", "Agency B"],
        series={"Raised": [2, 4], "Resolved": [1, 0]},
        value_label="Challenges",
        horizontal=True,
    )
    raised_a, raised_b, resolved_a, resolved_b = (float(bar.get("width")) for bar in bars(chart)[:4])
    assert raised_b == 2 * raised_a and resolved_a * 2 == raised_a and resolved_b == 0
    assert len(bars(chart)) == 4 + 2  # and the legend's two swatches
    # Counts get whole-number ticks.
    assert [t for t in texts(chart) if t.isdigit()] == ["0", "1", "2", "3", "4"]


def test_a_label_too_long_for_the_chart_is_shortened_and_the_table_keeps_it_whole():
    name = "The Very Long Named Multi-Agency Safeguarding Hub of the Three Rivers Partnership Area"
    chart = bar_chart(title="By agency", categories=[name], series={"Raised": [3]}, horizontal=True)
    assert name not in texts(chart) and any(t.endswith("…") for t in texts(chart))
    assert chart.rows == [[name, 3]] and "table that follows" in chart.alt


def test_stacked_bars_reach_the_sum_of_their_series():
    chart = bar_chart(
        title="Stacked", categories=["2025"], series={"A": [1.5], "B": [2.5]}, stacked=True, value_label="£"
    )
    heights = [float(bar.get("height")) for bar in bars(chart)[:2]]
    assert heights[1] / heights[0] == 2.5 / 1.5


def test_a_line_chart_has_a_line_for_each_series():
    chart = line_chart(title="Trend", categories=["2024", "2025"], series={"One": [1, 2], "Two": [2, 1]})
    assert len(list(tree(chart).iter(f"{SVG}polyline"))) == 2
    assert chart.headers == ["", "One", "Two"]
