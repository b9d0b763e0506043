import datetime
from decimal import Decimal

import factory

from funding.models import Budget, BudgetLine, Contribution, FinancialYear
from tests.factories import PartnershipFactory


class FinancialYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FinancialYear

    partnership = factory.SubFactory(PartnershipFactory)
    start_year = 2025
    split_rule = FinancialYear.SplitRule.EQUAL


class BudgetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Budget

    financial_year = factory.SubFactory(FinancialYearFactory)
    version = 1


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine

    budget = factory.SubFactory(BudgetFactory)
    category = BudgetLine.Category.STAFFING
    description = ""
    amount = Decimal("1000.00")


class ContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contribution

    financial_year = factory.SubFactory(FinancialYearFactory)
    kind = Contribution.Kind.CASH
    pledged = Decimal("1000.00")
    expected_on = datetime.date(2025, 6, 30)


def budget_with_lines(year, lines, **kwargs) -> Budget:
    """A budget version with lines given as (category, amount) pairs."""
    budget = BudgetFactory(financial_year=year, **kwargs)
    for category, amount, *description in lines:
        BudgetLineFactory(
            budget=budget,
            category=category,
            amount=Decimal(amount),
            description=description[0] if description else "",
        )
    return budget
