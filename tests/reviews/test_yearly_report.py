"""What the yearly report draws from case reviews and the tracker: counts and published reviews only."""

import datetime as dt

import pytest

from reviews import yearly_report
from reviews.models import Theme
from tests.reviews.factories import ActionFactory, EvidenceFactory, RecommendationFactory, ReviewFactory

pytestmark = pytest.mark.django_db
D = dt.date
START, END = D(2025, 4, 1), D(2026, 3, 31)


def test_case_reviews_section_counts_the_period_and_names_no_one(cast):
    ReviewFactory(
        partnership=cast.home, subject="Child Q", aware_on=D(2025, 5, 1), notified_on=D(2025, 5, 12)
    )
    ReviewFactory(
        partnership=cast.home,
        aware_on=D(2025, 6, 2),
        notified_on=D(2025, 6, 3),
        rapid_review_completed_on=D(2025, 6, 20),
        decision="none",
        decision_rationale="No new learning.",
    )
    ReviewFactory(
        partnership=cast.home,
        reference="PUB-1",
        kind="lcspr",
        aware_on=D(2024, 9, 2),
        final_report_on=D(2025, 3, 3),
        published_on=D(2025, 5, 20),
        summary="Anonymised learning.",
    )
    ReviewFactory(partnership=cast.other, aware_on=D(2025, 5, 1))
    section = yearly_report.case_reviews_section(cast.home, START, END)
    assert section["has_content"]
    assert section["serious_incidents"] == 2
    assert section["decisions"] == {"No further review": 1}
    assert [p["reference"] for p in section["published"]] == ["PUB-1"]
    assert (section["stages_completed"], section["stages_late"]) == (3, 1)
    assert section["late_by_stage"] == {"Notify the national Panel": 1}
    assert "Child Q" not in repr(section)


def test_improvement_section_counts_actions_and_evidenced_impact(cast):
    rec = RecommendationFactory(
        review=ReviewFactory(partnership=cast.home), themes=[Theme.objects.get(name="Neglect")]
    )
    done = ActionFactory(
        recommendation=rec,
        owner_agency=cast.agency_a,
        due_on=D(2025, 9, 1),
        status="complete",
        completed_on=D(2025, 8, 20),
        impact_statement="Chronologies in most files.",
        impact_measure="40% to 85%",
    )
    EvidenceFactory(action=done)
    EvidenceFactory(action=done)
    ActionFactory(recommendation=rec, owner_agency=cast.agency_b, due_on=D(2025, 12, 1))
    section = yearly_report.improvement_section(cast.home, START, END)
    assert (section["due"], section["completed"], section["evidenced"], section["overdue_at_end"]) == (
        2,
        1,
        1,
        1,
    )
    assert section["themes"][0]["name"] == "Neglect"
    assert section["impacts"][0]["measure"] == "40% to 85%"
