"""The year's figures: budget, spend and income, per-head spend, contributions and shares, benchmarks.

Every total comes from one query however many years or partnerships are asked about: `annotate_figures`
adds correlated sums to a queryset of financial years, and `YearFigures` turns one annotated year into the
metrics a page shows. Division results are rounded half up to the penny (shares to a tenth of a per cent).

Definitions
- budget: the planned spend of the year's current (latest) budget version;
- spend: the actual spend recorded for the year when there is any, otherwise the budget (and labelled so);
- spend per child / per head: spend over the footprint's 0-17 / total population;
- contributions: recurring ones only (one-off items such as a review's cost are reported apart);
- police per 10,000: the police forces' recurring contributions over the total population, times 10,000.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from funding import benchmarks
from funding.models import (
    INCOME_CATEGORIES,
    SPEND_CATEGORIES,
    ZERO,
    Budget,
    BudgetLine,
    Contribution,
    FinancialYear,
    Outturn,
)
from funding.money import pounds
from partners.models import Agency, LocalAuthorityArea

PENNY = Decimal("0.01")
TENTH = Decimal("0.1")
MONEY = DecimalField(max_digits=14, decimal_places=2)


def pence(value: Decimal) -> Decimal:
    return value.quantize(PENNY, rounding=ROUND_HALF_UP)


def _sum(queryset: QuerySet, group: str, field: str | ExpressionWrapper, output=MONEY, default=ZERO):
    """A correlated subquery summing `field` over `queryset` (grouped by its one outer reference)."""
    total = queryset.order_by().values(group).annotate(total=Sum(field)).values("total")
    return Coalesce(Subquery(total, output_field=output), Value(default, output_field=output))


def annotate_figures(years: QuerySet[FinancialYear], today: datetime.date) -> QuerySet[FinancialYear]:
    current = Budget.objects.filter(financial_year=OuterRef("pk")).order_by("-version")
    lines = BudgetLine.objects.filter(budget=OuterRef("current_budget_id"))
    recurring = Contribution.objects.filter(financial_year=OuterRef("pk"), recurring=True)
    one_off = Contribution.objects.filter(financial_year=OuterRef("pk"), recurring=False)
    overdue = recurring.overdue(today)
    areas = LocalAuthorityArea.objects.filter(partnership=OuterRef("partnership"))
    outturns = Outturn.objects.filter(financial_year=OuterRef("pk"))
    count = IntegerField()
    return years.annotate(
        current_budget_id=Subquery(current.values("pk")[:1]),
        current_budget_public_id=Subquery(current.values("public_id")[:1]),
        current_version=Subquery(current.values("version")[:1]),
        current_locked_at=Subquery(current.values("locked_at")[:1]),
        current_signed_off_at=Subquery(current.values("signed_off_at")[:1]),
        planned_spend=_sum(lines.filter(category__in=SPEND_CATEGORIES), "budget", "amount"),
        planned_income=_sum(lines.filter(category__in=INCOME_CATEGORIES), "budget", "amount"),
        planned_contributions=_sum(
            lines.filter(category=BudgetLine.Category.PARTNER_CONTRIBUTIONS), "budget", "amount"
        ),
        actual_spend=_sum(outturns, "financial_year", "amount"),
        outturn_count=Coalesce(
            Subquery(
                outturns.order_by().values("financial_year").annotate(n=Count("pk")).values("n"),
                output_field=count,
            ),
            0,
        ),
        pledged=_sum(recurring, "financial_year", "pledged"),
        received=_sum(recurring, "financial_year", "received"),
        overdue_amount=_sum(
            overdue, "financial_year", ExpressionWrapper(F("pledged") - F("received"), output_field=MONEY)
        ),
        overdue_count=Coalesce(
            Subquery(
                overdue.order_by().values("financial_year").annotate(n=Count("pk")).values("n"),
                output_field=count,
            ),
            0,
        ),
        one_off_pledged=_sum(one_off, "financial_year", "pledged"),
        one_off_received=_sum(one_off, "financial_year", "received"),
        police_pledged=_sum(
            recurring.filter(agency__sector=Agency.Sector.POLICE), "financial_year", "pledged"
        ),
        population_total=_sum(areas, "partnership", "population_total", output=count, default=0),
        population_children=_sum(areas, "partnership", "population_0_17", output=count, default=0),
    )


def _per(amount: Decimal, population: int, scale: int = 1) -> Decimal | None:
    if not population:
        return None
    return pence(amount * scale / Decimal(population))


@dataclass(frozen=True)
class YearFigures:
    """The metrics of one financial year, from a year annotated by `annotate_figures`."""

    year: FinancialYear

    @property
    def has_budget(self) -> bool:
        return self.year.current_budget_id is not None

    @property
    def budget(self) -> Decimal:
        return self.year.planned_spend

    @property
    def planned_income(self) -> Decimal:
        return self.year.planned_income

    @property
    def spend_is_actual(self) -> bool:
        return self.year.outturn_count > 0

    @property
    def spend(self) -> Decimal:
        return self.year.actual_spend if self.spend_is_actual else self.year.planned_spend

    @property
    def population_total(self) -> int:
        return self.year.population_total

    @property
    def population_children(self) -> int:
        return self.year.population_children

    @property
    def per_child(self) -> Decimal | None:
        return _per(self.spend, self.population_children)

    @property
    def per_head(self) -> Decimal | None:
        return _per(self.spend, self.population_total)

    @property
    def police_per_10k(self) -> Decimal | None:
        if not self.year.police_pledged:
            return None
        return _per(self.year.police_pledged, self.population_total, 10_000)

    @property
    def pledged(self) -> Decimal:
        return self.year.pledged

    @property
    def received(self) -> Decimal:
        return self.year.received

    @property
    def outstanding(self) -> Decimal:
        return self.year.pledged - self.year.received

    @property
    def overdue(self) -> Decimal:
        return self.year.overdue_amount

    @property
    def overdue_count(self) -> int:
        return self.year.overdue_count

    @property
    def one_off_pledged(self) -> Decimal:
        return self.year.one_off_pledged

    @property
    def one_off_received(self) -> Decimal:
        return self.year.one_off_received

    @property
    def status(self) -> str:
        if not self.has_budget:
            return "No budget yet"
        if self.year.current_signed_off_at:
            return "Signed off"
        if self.year.current_locked_at:
            return "Being signed off"
        return "Draft"


def figures_for(years: QuerySet[FinancialYear], today: datetime.date) -> list[YearFigures]:
    return [YearFigures(year) for year in years.with_figures(today)]


def year_figures(year: FinancialYear, today: datetime.date) -> YearFigures:
    return YearFigures(FinancialYear.objects.with_figures(today).get(pk=year.pk))


@dataclass(frozen=True)
class AgencyRow:
    agency_id: int
    name: str
    sector: str
    cash: Decimal
    in_kind: Decimal
    pledged: Decimal
    received: Decimal
    share: Decimal | None  # per cent of all recurring contributions, to a tenth

    @property
    def outstanding(self) -> Decimal:
        return self.pledged - self.received


def agency_rows(year: FinancialYear, agency_ids=None) -> list[AgencyRow]:
    """Each contributing agency's recurring contributions in the year and its share of them (one query).

    Shares are of the whole year's contributions even when `agency_ids` narrows the rows shown.
    """
    rows = list(
        Contribution.objects.filter(financial_year=year, recurring=True)
        .values("agency_id", "agency__name", "agency__sector")
        .annotate(
            cash=Coalesce(Sum("pledged", filter=Q(kind=Contribution.Kind.CASH)), ZERO),
            in_kind=Coalesce(Sum("pledged", filter=Q(kind=Contribution.Kind.IN_KIND)), ZERO),
            total=Sum("pledged"),
            got=Sum("received"),
        )
        .order_by("-total", "agency__name")
    )
    grand = sum((row["total"] for row in rows), ZERO)
    result = []
    for row in rows:
        if agency_ids is not None and row["agency_id"] not in agency_ids:
            continue
        share = (row["total"] * 100 / grand).quantize(TENTH, rounding=ROUND_HALF_UP) if grand else None
        result.append(
            AgencyRow(
                agency_id=row["agency_id"],
                name=row["agency__name"],
                sector=row["agency__sector"],
                cash=row["cash"],
                in_kind=row["in_kind"],
                pledged=row["total"],
                received=row["got"],
                share=share,
            )
        )
    return result


@dataclass(frozen=True)
class BenchmarkRow:
    key: str
    metric: str
    value: Decimal | None
    sector: str
    spread: benchmarks.Spread | None
    note: str = ""


def peer_figures(year: FinancialYear, today: datetime.date) -> list[YearFigures]:
    """The same year's figures of every partnership in the deployment that has a budget (one query)."""
    peers = FinancialYear.objects.filter(start_year=year.start_year).order_by("pk")
    return [f for f in figures_for(peers, today) if f.has_budget and f.budget > 0]


def benchmark_rows(figures: YearFigures, peers: list[YearFigures]) -> list[BenchmarkRow]:
    """This partnership beside the sector figures and the deployment's anonymised spread."""

    def values(attribute: str) -> list[Decimal]:
        return [v for v in (getattr(p, attribute) for p in peers) if v is not None]

    return [
        BenchmarkRow(
            "budget",
            "Budget (planned spend)",
            figures.budget if figures.has_budget else None,
            f"Average {pounds(benchmarks.BUDGET_AVERAGE)}; range {pounds(benchmarks.BUDGET_LOWEST)} "
            f"to {pounds(benchmarks.BUDGET_HIGHEST)}",
            benchmarks.spread(values("budget")),
        ),
        BenchmarkRow(
            "per_head",
            "Spend per head of population",
            figures.per_head,
            f"Outstanding boards {pounds(benchmarks.PER_HEAD_OUTSTANDING)}; "
            f"inadequate boards {pounds(benchmarks.PER_HEAD_INADEQUATE)}",
            benchmarks.spread(values("per_head")),
        ),
        BenchmarkRow(
            "per_child",
            "Spend per child (aged 0 to 17)",
            figures.per_child,
            "No sector figure",
            benchmarks.spread(values("per_child")),
        ),
        BenchmarkRow(
            "police_per_10k",
            "Police contribution per 10,000 population",
            figures.police_per_10k,
            f"Range {pounds(benchmarks.POLICE_PER_10K_LOWEST)} "
            f"to {pounds(benchmarks.POLICE_PER_10K_HIGHEST)}",
            benchmarks.spread(values("police_per_10k")),
        ),
    ]


def budget_totals(budget: Budget) -> dict[str, Decimal]:
    """A budget version's planned spend and income (one query)."""
    totals = budget.lines.aggregate(
        spend=Coalesce(Sum("amount", filter=Q(category__in=SPEND_CATEGORIES)), ZERO),
        income=Coalesce(Sum("amount", filter=Q(category__in=INCOME_CATEGORIES)), ZERO),
    )
    return {**totals, "balance": totals["income"] - totals["spend"]}


def own_agency_years(contributions: QuerySet[Contribution], today: datetime.date) -> list[dict]:
    """An agency's contributions summed by year, newest first, for its own people (one query)."""
    return list(
        contributions.values("financial_year__public_id", "financial_year__start_year", "agency__name")
        .annotate(
            total_pledged=Sum("pledged"),
            total_received=Sum("received"),
            overdue=Count("pk", filter=Q(received__lt=F("pledged"), expected_on__lt=today)),
        )
        .order_by("-financial_year__start_year", "agency__name")
    )
