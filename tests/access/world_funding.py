"""Funding records for the URL x role matrix: a year, an open budget, contributions in both partnerships."""

from decimal import Decimal

from funding.models import BudgetLine
from tests.funding.factories import ContributionFactory, FinancialYearFactory, budget_with_lines

LINES = [
    (BudgetLine.Category.STAFFING, "90000.00"),
    (BudgetLine.Category.PARTNER_CONTRIBUTIONS, "90000.00"),
]


def build(w) -> None:
    w.year_home = FinancialYearFactory(partnership=w.home, start_year=2025)
    w.budget_home = budget_with_lines(w.year_home, LINES)
    w.year_other = FinancialYearFactory(partnership=w.other, start_year=2025)
    w.budget_other = budget_with_lines(w.year_other, LINES)
    w.contribution_a = ContributionFactory(financial_year=w.year_home, agency=w.agency_a)
    w.contribution_b = ContributionFactory(financial_year=w.year_home, agency=w.agency_b)
    w.contribution_shared = ContributionFactory(
        financial_year=w.year_home, agency=w.shared, pledged=Decimal("5000")
    )
    w.contribution_other = ContributionFactory(financial_year=w.year_other, agency=w.shared)
