"""The yearly report's benchmark compares like with like: a floor of exactly the report's page count."""

import pytest

from reports import bench
from tests.reports.factories import make_report


def test_the_floor_is_the_fewest_paragraphs_that_fill_exactly_the_pages_asked_for():
    for pages in (2, 5):
        paragraphs = bench.paragraphs_for(pages)
        assert bench._pages_of(paragraphs) == pages and bench._pages_of(paragraphs - 1) < pages


@pytest.mark.django_db(transaction=True)  # the measuring children read the report on their own connections
def test_the_report_and_its_floor_are_measured_at_the_same_page_count(cast):
    result = bench.measure(make_report(cast.home).pk, runs=1)
    report, floor = result["report"], result["floor"]
    assert report.pages == floor.pages >= 3
    assert report.seconds > 0 and floor.seconds > 0 and report.peak_mb > 0
    assert result["ratio"] == report.seconds / floor.seconds
