"""The budget table the yearly report uses: income by partner (cash and in kind), other income, spend by
budget line and actual spend by kind, with one-off items apart. Also its CSV and XLSX exports.

`budget_table(partnership, start_year)` is the entry point for the reports app.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import tablib
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce

from funding.models import (
    CATEGORY_ORDER,
    SPEND_CATEGORIES,
    ZERO,
    Budget,
    BudgetLine,
    Contribution,
    FinancialYear,
    Outturn,
)
from partners.models import Partnership


@dataclass(frozen=True)
class PartnerIncome:
    agency: str
    cash: Decimal
    in_kind: Decimal
    received: Decimal

    @property
    def total(self) -> Decimal:
        return self.cash + self.in_kind


@dataclass(frozen=True)
class Line:
    category: str
    description: str
    amount: Decimal


@dataclass(frozen=True)
class SpendByKind:
    category: str
    planned: Decimal
    actual: Decimal | None


@dataclass(frozen=True)
class OneOff:
    agency: str
    description: str
    kind: str
    pledged: Decimal
    received: Decimal


@dataclass(frozen=True)
class BudgetTable:
    partnership: str
    year_label: str
    version: int | None
    signed_off: bool
    partner_income: list[PartnerIncome] = field(default_factory=list)
    other_income: list[Line] = field(default_factory=list)
    spend: list[Line] = field(default_factory=list)
    spend_by_kind: list[SpendByKind] = field(default_factory=list)
    one_off: list[OneOff] = field(default_factory=list)

    @property
    def partner_cash(self) -> Decimal:
        return sum((row.cash for row in self.partner_income), ZERO)

    @property
    def partner_in_kind(self) -> Decimal:
        return sum((row.in_kind for row in self.partner_income), ZERO)

    @property
    def partner_total(self) -> Decimal:
        return self.partner_cash + self.partner_in_kind

    @property
    def income_total(self) -> Decimal:
        return self.partner_total + sum((line.amount for line in self.other_income), ZERO)

    @property
    def spend_total(self) -> Decimal:
        return sum((line.amount for line in self.spend), ZERO)

    @property
    def has_actual_spend(self) -> bool:
        return any(row.actual is not None for row in self.spend_by_kind)

    @property
    def actual_total(self) -> Decimal | None:
        if not self.has_actual_spend:
            return None
        return sum((row.actual or ZERO for row in self.spend_by_kind), ZERO)

    @property
    def one_off_total(self) -> Decimal:
        return sum((row.pledged for row in self.one_off), ZERO)


def budget_table(partnership: Partnership, start_year: int) -> BudgetTable | None:
    """The year's budget table, or None when the partnership has no such financial year (5 queries)."""
    year = FinancialYear.objects.filter(partnership=partnership, start_year=start_year).first()
    if year is None:
        return None
    return budget_table_for_year(year, partnership_name=partnership.name)


def budget_table_for_year(year: FinancialYear, *, partnership_name: str) -> BudgetTable:
    budget = Budget.objects.filter(financial_year=year).order_by("-version").first()
    lines = list(budget.lines.order_by("pk")) if budget else []
    lines.sort(key=lambda line: CATEGORY_ORDER[line.category])
    income_rows = (
        Contribution.objects.filter(financial_year=year, recurring=True)
        .values("agency__name")
        .annotate(
            cash=Coalesce(Sum("pledged", filter=Q(kind=Contribution.Kind.CASH)), ZERO),
            in_kind=Coalesce(Sum("pledged", filter=Q(kind=Contribution.Kind.IN_KIND)), ZERO),
            got=Sum("received"),
        )
        .order_by("agency__name")
    )
    actual = dict(Outturn.objects.filter(financial_year=year).values_list("category", "amount"))
    planned: dict[str, Decimal] = {}
    for line in lines:
        if line.is_spend:
            planned[line.category] = planned.get(line.category, ZERO) + line.amount
    one_off = (
        Contribution.objects.filter(financial_year=year, recurring=False)
        .select_related("agency")
        .order_by("agency__name", "pk")
    )
    return BudgetTable(
        partnership=partnership_name,
        year_label=year.label,
        version=budget.version if budget else None,
        signed_off=bool(budget and budget.is_signed_off),
        partner_income=[
            PartnerIncome(row["agency__name"], row["cash"], row["in_kind"], row["got"]) for row in income_rows
        ],
        other_income=[
            Line(line.get_category_display(), line.description, line.amount)
            for line in lines
            if not line.is_spend and line.category != BudgetLine.Category.PARTNER_CONTRIBUTIONS
        ],
        spend=[
            Line(line.get_category_display(), line.description, line.amount)
            for line in lines
            if line.is_spend
        ],
        spend_by_kind=[
            SpendByKind(category.label, planned.get(category.value, ZERO), actual.get(category.value))
            for category in SPEND_CATEGORIES
            if category.value in planned or category.value in actual
        ],
        one_off=[
            OneOff(c.agency.name, c.description, c.get_kind_display(), c.pledged, c.received) for c in one_off
        ],
    )


HEADERS = ["Section", "Item", "Detail", "Cash (£)", "In kind (£)", "Amount (£)"]


def budget_table_dataset(table: BudgetTable) -> tablib.Dataset:
    """The table as rows for CSV and XLSX; amounts stay Decimal (numbers in XLSX, exact text in CSV)."""
    data = tablib.Dataset(headers=HEADERS, title=f"Budget {table.year_label}"[:31])
    for row in table.partner_income:
        data.append(["Income from partners", row.agency, "", row.cash, row.in_kind, row.total])
    for line in table.other_income:
        data.append(["Other income", line.category, line.description, "", "", line.amount])
    data.append(["Total income", "", "", table.partner_cash, table.partner_in_kind, table.income_total])
    for line in table.spend:
        data.append(["Planned spend", line.category, line.description, "", "", line.amount])
    data.append(["Total planned spend", "", "", "", "", table.spend_total])
    if table.has_actual_spend:
        for row in table.spend_by_kind:
            data.append(
                ["Actual spend", row.category, "", "", "", row.actual if row.actual is not None else ""]
            )
        data.append(["Total actual spend", "", "", "", "", table.actual_total])
    for item in table.one_off:
        cash = item.pledged if item.kind == Contribution.Kind.CASH.label else ""
        in_kind = item.pledged if item.kind == Contribution.Kind.IN_KIND.label else ""
        data.append(
            ["One-off items (outside the budget)", item.agency, item.description, cash, in_kind, item.pledged]
        )
    return data
