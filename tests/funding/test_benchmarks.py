"""The deployment's anonymised comparison: shown from three partnerships with figures, never naming one."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.urls import reverse

from funding.benchmarks import spread
from funding.metrics import benchmark_rows, peer_figures, year_figures
from funding.models import BudgetLine
from tests.factories import AreaFactory, PartnershipFactory
from tests.funding.factories import ContributionFactory, FinancialYearFactory, budget_with_lines

D = Decimal
C = BudgetLine.Category


def test_spread_needs_three_values_and_takes_the_middle_of_an_even_count():
    assert spread([D("1.00"), D("2.00")]) is None
    three = spread([D("250000.00"), D("60000.00"), D("100000.00")])
    assert (three.count, three.minimum, three.median, three.maximum) == (
        3,
        D("60000.00"),
        D("100000.00"),
        D("250000.00"),
    )
    # 60,000, 80,000, 100,000, 250,000: the median is halfway between 80,000 and 100,000.
    assert spread([D("60000"), D("250000"), D("100000"), D("80000")]).median == D("90000.00")


@pytest.fixture
def deployment(cast):
    """Home (300,000 people, 66,000 children), the other partnership (150,000 / 30,000), a third (500,000 /
    110,000) with budgets for 2025-26, and a fourth with a year but no budget, which does not count."""
    third = PartnershipFactory(name="Third Partnership", slug="third")
    AreaFactory(partnership=third, population_total=500_000, population_0_17=110_000)
    fourth = PartnershipFactory(name="Fourth Partnership", slug="fourth")
    AreaFactory(partnership=fourth, population_total=90_000, population_0_17=20_000)
    FinancialYearFactory(partnership=fourth, start_year=2025)
    years = {}
    for partnership, spend in ((cast.home, "100000.00"), (cast.other, "60000.00"), (third, "250000.00")):
        years[partnership.slug] = FinancialYearFactory(partnership=partnership, start_year=2025)
        budget_with_lines(years[partnership.slug], [(C.STAFFING, spend), (C.PARTNER_CONTRIBUTIONS, spend)])
    ContributionFactory(financial_year=years["home"], agency=cast.shared, pledged=D("30000.00"))
    ContributionFactory(financial_year=years["other"], agency=cast.shared, pledged=D("12000.00"))
    return years


def test_three_partnerships_give_minimum_median_and_maximum(deployment):
    year = deployment["home"]
    figures = year_figures(year, year.starts_on)
    peers = peer_figures(year, year.starts_on)
    assert len(peers) == 3
    rows = {row.metric: row for row in benchmark_rows(figures, peers)}
    budget = rows["Budget (planned spend)"].spread
    assert (budget.minimum, budget.median, budget.maximum) == (D("60000.00"), D("100000.00"), D("250000.00"))
    # Per head: 100,000 / 300,000 = 0.33; 60,000 / 150,000 = 0.40; 250,000 / 500,000 = 0.50.
    per_head = rows["Spend per head of population"].spread
    assert (per_head.minimum, per_head.median, per_head.maximum) == (D("0.33"), D("0.40"), D("0.50"))
    # Per child: 100,000 / 66,000 = 1.52; 60,000 / 30,000 = 2.00; 250,000 / 110,000 = 2.27.
    per_child = rows["Spend per child (aged 0 to 17)"].spread
    assert (per_child.minimum, per_child.median, per_child.maximum) == (D("1.52"), D("2.00"), D("2.27"))
    # Only two partnerships have police contributions (£1,000.00 and £800.00 per 10,000): not shown.
    assert rows["Police contribution per 10,000 population"].value == D("1000.00")
    assert rows["Police contribution per 10,000 population"].spread is None


def test_the_page_shows_the_spread_without_naming_anyone(client, cast, deployment):
    client.force_login(cast.board)
    page = client.get(reverse("funding:year_detail", kwargs={"public_id": deployment["home"].public_id}))
    page = page.content.decode()
    assert "£60,000.00, £100,000.00, £250,000.00" in page and "(3 partnerships)" in page
    assert "£0.33, £0.40, £0.50" in page
    assert "Fewer than 3 partnerships" not in page
    for name in ("Other Partnership", "Third Partnership", "Fourth Partnership"):
        assert name not in page


def test_the_comparison_is_kept_for_its_lifetime_and_read_again_after(settings, monkeypatch):
    from funding import metrics

    settings.FUNDING_PEER_CACHE_SECONDS = 300
    metrics._peer_cache.clear()
    reads = []
    monkeypatch.setattr(metrics, "peer_figures", lambda year, today: reads.append(today) or [today])
    clock = iter([1000.0, 1100.0, 1400.0])
    monkeypatch.setattr(metrics.time, "monotonic", lambda: next(clock))
    year = SimpleNamespace(start_year=2026)
    day = datetime.date(2026, 6, 1)
    assert metrics.cached_peer_figures(year, day) == [day]
    assert metrics.cached_peer_figures(year, day) == [day]  # 100 s later: kept
    assert len(reads) == 1
    metrics.cached_peer_figures(year, day)  # 400 s after the read: read again
    assert len(reads) == 2
    metrics._peer_cache.clear()
