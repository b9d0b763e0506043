import pytest

from partners import demo as partners_demo
from reviews import demo
from reviews.models import Action, Evidence, Recommendation, Review, ReviewerGrant
from safeguarding import demo as people_demo

pytestmark = pytest.mark.django_db


def test_demo_records_are_believable_and_idempotent():
    partnerships = partners_demo.seed()
    people_demo.seed(partnerships)
    demo.seed_records(partnerships)
    counts = [m.objects.count() for m in (Review, Recommendation, Action, Evidence, ReviewerGrant)]
    demo.seed_records(partnerships)
    assert [m.objects.count() for m in (Review, Recommendation, Action, Evidence, ReviewerGrant)] == counts
    three_rivers = Review.objects.filter(partnership__slug="three-rivers")
    assert {"notification", "rapid_review", "in_progress", "published"} <= set(
        three_rivers.values_list("stage", flat=True)
    )
    lcspr = three_rivers.get(reference="TR-2025-07-LCSPR")
    assert lcspr.origin.reference == "TR-2025-07" and lcspr.next_clock == "final_report"
    assert Review.objects.filter(partnership__slug="dunmore").exists()
    assert ReviewerGrant.objects.filter(user__email="reviewer@demo.example.org").count() == 2
    assert Action.objects.filter(status="complete").exclude(impact_statement="").exists()
