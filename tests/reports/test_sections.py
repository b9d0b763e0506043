"""The data sections draw on the other apps' records, for the report's partnership and period only."""

import pytest
from django.template.loader import render_to_string

from reports.models import YearlyReport
from reports.services import document_context

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    from partners import demo as partners_demo
    from safeguarding import demo as people
    from safeguarding.apps_registry import DEMO_ORDER, hooks

    partnerships = partners_demo.seed()
    people.seed(partnerships)
    for seed_records in hooks("demo", "seed_records", DEMO_ORDER):
        seed_records(partnerships)
    return partnerships


def body(report) -> str:
    return render_to_string("reports/body.html", document_context(report))


def test_budget_and_challenge_sections_come_from_funding_and_the_challenge_log(demo):
    report = YearlyReport.objects.get(partnership__slug="three-rivers")
    html = body(report)
    assert "Contributions by agency" in html and "Total planned spend" in html
    assert "£263,000.00" in html  # this year's budget in the funding demo
    assert "formal challenge" in html and "Stage 1" in html


def test_sections_hold_nothing_of_the_other_partnership(demo):
    report = YearlyReport.objects.get(partnership__slug="three-rivers")
    html = body(report)
    assert "Dunmore City Council" not in html and "Little Steps Nurseries" not in html


def test_long_tables_are_capped_with_a_link_to_the_full_export(demo):
    from partners.models import Agency, Membership, Partnership

    partnership = Partnership.objects.get(slug="three-rivers")
    agencies = Agency.objects.bulk_create(
        Agency(name=f"Extra agency {i:02d}", sector="voluntary") for i in range(45)
    )
    Membership.objects.bulk_create(
        Membership(
            partnership=partnership, agency=a, statutory_role="relevant_agency", starts_on="2020-01-01"
        )
        for a in agencies
    )
    html = body(YearlyReport.objects.get(partnership=partnership))
    assert "The first 40 of" in html and "/partners/agencies/export.csv" in html
