"""The year's figures: budget, spend and income, per-head spend, contributions and shares, benchmarks.

Every total comes from one query however many years or partnerships are asked about: `attach_figures`
sets the year's sums on each financial year, and `YearFigures` turns one such year into the metrics a page
shows. Division results are rounded half up to the penny (shares to a tenth of a per cent).

Definitions
- budget: the planned spend of the year's current (latest) budget version;
- spend: the actual spend recorded for the year when there is any, otherwise the budget (and labelled so);
- spend per child / per head: spend over the footprint's 0-17 / total population;
- contributions: recurring ones only (one-off items such as a review's cost are reported apart);
- police per 10,000: the police forces' recurring contributions over the total population, times 10,000.
"""

from __future__ import annotations

import datetime
import time
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from types import SimpleNamespace

from django.conf import settings
from django.db import connection
from django.db.models import Count, DecimalField, F, Q, QuerySet, Sum
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


# Every total of a set of years in one statement: each part is grouped once over the years asked about and
# joined back, so the cost grows with the rows of those years only (the deployment-wide peer comparison reads
# about ten rows a partnership). Table names come from the models; values are always parameters.
FIGURES_SQL = """
WITH years AS (
    SELECT {year_columns} FROM {year} y WHERE {where}
),
current_budget AS (
    SELECT DISTINCT ON (b.financial_year_id)
        b.financial_year_id, b.id, b.public_id, b.version, b.locked_at, b.signed_off_at
    FROM {budget} b JOIN years ON years.id = b.financial_year_id
    ORDER BY b.financial_year_id, b.version DESC
),
planned AS (
    SELECT cb.financial_year_id,
        sum(l.amount) FILTER (WHERE l.category = ANY(%(spend)s)) AS spend,
        sum(l.amount) FILTER (WHERE l.category = ANY(%(income)s)) AS income,
        sum(l.amount) FILTER (WHERE l.category = %(partner_contributions)s) AS contributions
    FROM current_budget cb JOIN {line} l ON l.budget_id = cb.id
    GROUP BY cb.financial_year_id
),
spent AS (
    SELECT o.financial_year_id, sum(o.amount) AS amount, count(*) AS entries
    FROM {outturn} o JOIN years ON years.id = o.financial_year_id
    GROUP BY o.financial_year_id
),
given AS (
    SELECT c.financial_year_id,
        sum(c.pledged) FILTER (WHERE c.recurring) AS pledged,
        sum(c.received) FILTER (WHERE c.recurring) AS received,
        sum(c.pledged - c.received) FILTER (WHERE c.recurring AND {overdue}) AS overdue_amount,
        count(*) FILTER (WHERE c.recurring AND {overdue}) AS overdue_count,
        sum(c.pledged) FILTER (WHERE NOT c.recurring) AS one_off_pledged,
        sum(c.received) FILTER (WHERE NOT c.recurring) AS one_off_received,
        sum(c.pledged) FILTER (WHERE c.recurring AND police.id IS NOT NULL) AS police_pledged
    FROM {contribution} c
    JOIN years ON years.id = c.financial_year_id
    LEFT JOIN {agency} police ON police.id = c.agency_id AND police.sector = %(police)s
    GROUP BY c.financial_year_id
),
population AS (
    SELECT area.partnership_id, sum(area.population_total) AS total, sum(area.population_0_17) AS children
    FROM {area} area WHERE area.partnership_id IN (SELECT partnership_id FROM years)
    GROUP BY area.partnership_id
)
SELECT {outer_year_columns}, cb.id, cb.public_id, cb.version, cb.locked_at, cb.signed_off_at,
    planned.spend, planned.income, planned.contributions, spent.amount, spent.entries,
    given.pledged, given.received, given.overdue_amount, given.overdue_count,
    given.one_off_pledged, given.one_off_received, given.police_pledged,
    population.total, population.children
FROM years
LEFT JOIN current_budget cb ON cb.financial_year_id = years.id
LEFT JOIN planned ON planned.financial_year_id = years.id
LEFT JOIN spent ON spent.financial_year_id = years.id
LEFT JOIN given ON given.financial_year_id = years.id
LEFT JOIN population ON population.partnership_id = years.partnership_id
ORDER BY years.start_year DESC, years.id
"""
# The year's own columns, read with its figures so a page needs no second query for the years.
YEAR_COLUMNS = ["id", "public_id", "partnership_id", "start_year", "split_rule", "created_at"]
# The attributes each row sets on its FinancialYear, in the SELECT's order after the year's id; the money
# totals are ZERO and the counts 0 where there is nothing to add up.
FIGURE_COLUMNS = [
    ("current_budget_id", None),
    ("current_budget_public_id", None),
    ("current_version", None),
    ("current_locked_at", None),
    ("current_signed_off_at", None),
    ("planned_spend", ZERO),
    ("planned_income", ZERO),
    ("planned_contributions", ZERO),
    ("actual_spend", ZERO),
    ("outturn_count", 0),
    ("pledged", ZERO),
    ("received", ZERO),
    ("overdue_amount", ZERO),
    ("overdue_count", 0),
    ("one_off_pledged", ZERO),
    ("one_off_received", ZERO),
    ("police_pledged", ZERO),
    ("population_total", 0),
    ("population_children", 0),
]


def _figures_sql(where: str) -> str:
    return FIGURES_SQL.format(
        where=where,
        year_columns=", ".join(f"y.{column}" for column in YEAR_COLUMNS),
        outer_year_columns=", ".join(f"years.{column}" for column in YEAR_COLUMNS),
        # Overdue as in ContributionQuerySet.overdue: not fully received and expected before today.
        overdue="c.received < c.pledged AND c.expected_on < %(today)s",
        year=FinancialYear._meta.db_table,
        budget=Budget._meta.db_table,
        line=BudgetLine._meta.db_table,
        outturn=Outturn._meta.db_table,
        contribution=Contribution._meta.db_table,
        agency=Agency._meta.db_table,
        area=LocalAuthorityArea._meta.db_table,
    )


def _figure_rows(where: str, today: datetime.date, as_models: bool = True, **params) -> list[FinancialYear]:
    """The years matching `where`, newest first, each with its figures set (one query). Without
    `as_models`, plain records with the same attributes: the deployment-wide comparison reads a year per
    partnership, and building model instances for them cost more than the query."""
    values = {
        "spend": [str(c) for c in SPEND_CATEGORIES],
        "income": [str(c) for c in INCOME_CATEGORIES],
        "partner_contributions": str(BudgetLine.Category.PARTNER_CONTRIBUTIONS),
        "police": str(Agency.Sector.POLICE),
        "today": today,
        **params,
    }
    with connection.cursor() as cursor:
        cursor.execute(_figures_sql(where), values)
        rows = cursor.fetchall()
    split = len(YEAR_COLUMNS)
    if not as_models:
        return [
            _attach(SimpleNamespace(**dict(zip(YEAR_COLUMNS, row[:split], strict=True))), row[split:])
            for row in rows
        ]
    return [_attach(FinancialYear.from_db("default", YEAR_COLUMNS, row[:split]), row[split:]) for row in rows]


def _attach(year: FinancialYear, row: tuple) -> FinancialYear:
    for (name, default), value in zip(FIGURE_COLUMNS, row, strict=True):
        setattr(year, name, default if value is None else value)
    return year


def attach_figures(years: list[FinancialYear], today: datetime.date) -> list[FinancialYear]:
    """Set every figure `YearFigures` reads on each of the years, with one query however many they are."""
    if not years:
        return years
    found = {year.pk: year for year in _figure_rows("y.id = ANY(%(ids)s)", today, ids=[y.pk for y in years])}
    for year in years:
        for name, _ in FIGURE_COLUMNS:
            setattr(year, name, getattr(found[year.pk], name))
    return years


def partnership_figures(
    partnership, today: datetime.date, start_year: int | None = None
) -> list[YearFigures]:
    """A partnership's financial years (or the one starting in `start_year`), newest first, with their
    figures: one query."""
    where = "y.partnership_id = %(partnership)s"
    if start_year is not None:
        where += " AND y.start_year = %(start_year)s"
    years = _figure_rows(where, today, partnership=partnership.pk, start_year=start_year)
    return [YearFigures(year) for year in years]


def _per(amount: Decimal, population: int, scale: int = 1) -> Decimal | None:
    if not population:
        return None
    return pence(amount * scale / Decimal(population))


@dataclass(frozen=True)
class YearFigures:
    """The metrics of one financial year, from a year whose sums `attach_figures` has set."""

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


def year_figures(year: FinancialYear, today: datetime.date) -> YearFigures:
    return YearFigures(attach_figures([FinancialYear.objects.get(pk=year.pk)], today)[0])


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
    contributions = Contribution.objects.filter(financial_year=year, recurring=True).select_related("agency")
    return agency_rows_of(list(contributions), agency_ids)


def agency_rows_of(contributions: list[Contribution], agency_ids=None) -> list[AgencyRow]:
    """`agency_rows` from a year's contributions already read in their usual order (by agency name):
    one-off contributions are left out, as the shares are of the yearly budget. The largest total comes
    first; agencies with equal totals stay in name order."""
    totals: dict[int, dict] = {}
    for contribution in contributions:
        if not contribution.recurring:
            continue
        row = totals.setdefault(
            contribution.agency_id,
            {"agency": contribution.agency, "cash": ZERO, "in_kind": ZERO, "total": ZERO, "got": ZERO},
        )
        kind = "cash" if contribution.kind == Contribution.Kind.CASH else "in_kind"
        row[kind] += contribution.pledged
        row["total"] += contribution.pledged
        row["got"] += contribution.received
    rows = sorted(totals.values(), key=lambda row: -row["total"])
    grand = sum((row["total"] for row in rows), ZERO)
    result = []
    for row in rows:
        agency = row["agency"]
        if agency_ids is not None and agency.pk not in agency_ids:
            continue
        share = (row["total"] * 100 / grand).quantize(TENTH, rounding=ROUND_HALF_UP) if grand else None
        result.append(
            AgencyRow(
                agency_id=agency.pk,
                name=agency.name,
                sector=agency.sector,
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


_peer_cache: dict[tuple[int, datetime.date], tuple[float, list[YearFigures]]] = {}


def cached_peer_figures(year: FinancialYear, today: datetime.date) -> list[YearFigures]:
    """`peer_figures`, kept in the process for FUNDING_PEER_CACHE_SECONDS.

    The comparison reads the year of every partnership in the deployment (about 5 ms of a 15 ms page with
    150 partnerships) and shows only an anonymised spread, so a few minutes' lag is acceptable; the
    partnership's own figures are always read fresh. 0 turns the cache off (the test settings do)."""
    lifetime = settings.FUNDING_PEER_CACHE_SECONDS
    if lifetime <= 0:
        return peer_figures(year, today)
    key, now = (year.start_year, today), time.monotonic()
    cached = _peer_cache.get(key)
    if cached is None or now - cached[0] > lifetime:
        cached = _peer_cache[key] = (now, peer_figures(year, today))
    return cached[1]


def peer_figures(year: FinancialYear, today: datetime.date) -> list[YearFigures]:
    """The same year's figures of every partnership in the deployment that has a budget (one query)."""
    peers = _figure_rows("y.start_year = %(start_year)s", today, as_models=False, start_year=year.start_year)
    peers.sort(key=_pk)
    return [f for f in (YearFigures(peer) for peer in peers) if f.has_budget and f.budget > 0]


def _pk(year) -> int:
    return year.id


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
