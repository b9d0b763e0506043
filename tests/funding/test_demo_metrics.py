"""The demo's last financial year (2025-26, seen from November 2026), checked against sums done by hand.

Three Rivers: footprint 210,400 + 158,900 + 267,300 = 636,600 people, 46,300 + 33,100 + 60,200 = 139,600 of
them aged 0 to 17. Dunmore: 312,600 people, 70,800 children.
"""

import datetime as dt
from decimal import Decimal

import pytest

from funding import demo as funding_demo
from funding.metrics import agency_rows, benchmark_rows, peer_figures, year_figures
from funding.models import Budget, Contribution, FinancialYear
from funding.split import propose
from partners import demo as partners_demo
from safeguarding import demo

D = Decimal
TODAY = dt.date(2026, 11, 26)


@pytest.fixture
def demo_years(db, time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 26, 10, 0, tzinfo=dt.UTC), tick=False)
    partnerships = partners_demo.seed()
    demo.seed(partnerships)
    funding_demo.seed_records(partnerships)
    return {
        slug: FinancialYear.objects.get(partnership__slug=slug, start_year=2025)
        for slug in ("three-rivers", "dunmore")
    }


def test_three_rivers_budget_spend_and_per_head_figures(demo_years):
    figures = year_figures(demo_years["three-rivers"], TODAY)
    # Planned spend 168,000 + 32,000 + 24,500 + 18,000 + 6,000 + 3,500 + 2,000.
    assert figures.budget == D("254000.00")
    # Planned income 236,000 + 15,000 + 3,000: the budget balances.
    assert figures.planned_income == D("254000.00")
    # Actual spend 165,250 + 32,000 + 21,980.50 + 19,400 + 5,600 + 3,120 + 1,650.
    assert figures.spend_is_actual and figures.spend == D("249000.50")
    # 249,000.50 / 139,600 = 1.7837 -> £1.78 a child; 249,000.50 / 636,600 = 0.3911 -> £0.39 a head.
    assert figures.per_child == D("1.78")
    assert figures.per_head == D("0.39")
    # The police pledge (below) 78,666.67 x 10,000 / 636,600 = 1,235.7315 -> £1,235.73 per 10,000 people.
    assert figures.police_per_10k == D("1235.73")
    assert figures.status == "Signed off"


def test_three_rivers_pledged_received_and_one_off_items(demo_years):
    figures = year_figures(demo_years["three-rivers"], TODAY)
    # Statutory partners 236,000 + hospitals (in kind) 4,500 + mental health trust 3,000 + probation 1,500
    # + school trust 2,000 + CAFCASS (in kind) 2,800.
    assert figures.pledged == D("249800.00")
    # Everything arrived but probation's 1,500, expected on 1 April 2025: overdue.
    assert figures.received == D("248300.00")
    assert figures.outstanding == D("1500.00")
    assert (figures.overdue, figures.overdue_count) == (D("1500.00"), 1)
    # The LCSPR about Child T: 12,500 + 6,000, reported apart and not in the budget's figures.
    assert (figures.one_off_pledged, figures.one_off_received) == (D("18500.00"), D("18500.00"))


def test_three_rivers_agencies_shares(demo_years):
    rows = {row.name: row for row in agency_rows(demo_years["three-rivers"])}
    # Each share is the agency's pledge over 249,800.00, to a tenth of a per cent.
    expected = {
        "Midshire Police": ("78666.67", "31.5"),  # 31.4919%
        "Midshire and Vale Integrated Care Board": ("78666.67", "31.5"),
        "Calderwick Council": ("33031.10", "13.2"),  # 13.2230%
        "Ashford Vale Council": ("25999.79", "10.4"),  # 10.4082%
        "Brookmere Council": ("19635.77", "7.9"),  # 7.8606%
        "Midshire Hospitals NHS Foundation Trust": ("4500.00", "1.8"),  # 1.8014%
        "Vale Community and Mental Health NHS Trust": ("3000.00", "1.2"),  # 1.2010%
        "CAFCASS Midshire": ("2800.00", "1.1"),  # 1.1209%
        "Riverside Learning Trust": ("2000.00", "0.8"),  # 0.8006%
        "Midshire Probation Delivery Unit": ("1500.00", "0.6"),  # 0.6005%
    }
    assert {name: (str(row.pledged), str(row.share)) for name, row in rows.items()} == expected
    hospitals = rows["Midshire Hospitals NHS Foundation Trust"]
    assert (hospitals.cash, hospitals.in_kind) == (D("0.00"), D("4500.00"))


def test_three_rivers_split_under_each_rule_adds_up_to_the_budget(demo_years):
    year = demo_years["three-rivers"]
    names = [
        "Ashford Vale Council",
        "Brookmere Council",
        "Calderwick Council",
        "Midshire and Vale Integrated Care Board",
        "Midshire Police",
    ]
    # Population (the year's rule): weights are each council's area and the whole footprint (636,600) for
    # the ICB and the police, 1,909,800 in all. In pence: 23,600,000 x 210,400 / 1,909,800 = 2,599,979.06,
    # x 158,900 / ... = 1,963,577.34, x 267,300 / ... = 3,303,110.27, x 636,600 / ... = 7,866,666.67 twice.
    # The floors add up to 23,599,998p; the two pennies left go to the largest remainders, .67 and .67.
    total, proposals = propose(year)
    assert total == D("236000.00")
    assert [p.agency.name for p in proposals] == names
    assert [p.amount for p in proposals] == [
        D("25999.79"),
        D("19635.77"),
        D("33031.10"),
        D("78666.67"),
        D("78666.67"),
    ]
    # The pledges recorded in the demo are exactly these.
    recorded = dict(
        Contribution.objects.filter(financial_year=year, from_split=True).values_list(
            "agency__name", "pledged"
        )
    )
    assert recorded == {p.agency.name: p.amount for p in proposals}
    # Equal shares: 236,000 / 5 = 47,200.00 each.
    _, proposals = propose(year, FinancialYear.SplitRule.EQUAL)
    assert [p.amount for p in proposals] == [D("47200.00")] * 5
    # Fixed 12.5% / 9.5% / 11.33% / 33.34% / 33.33% of 236,000.
    _, proposals = propose(year, FinancialYear.SplitRule.FIXED)
    amounts = [p.amount for p in proposals]
    assert amounts == [D("29500.00"), D("22420.00"), D("26738.80"), D("78682.40"), D("78658.80")]
    assert sum(amounts) == D("236000.00")


def test_dunmore_equal_thirds_and_per_head_figures(demo_years):
    year = demo_years["dunmore"]
    # 100,000.00 / 3: 33,333.33 each leaves a penny, which goes to the first partner by name.
    _, proposals = propose(year)
    assert [(p.agency.name, p.amount) for p in proposals] == [
        ("Dunmore City Council", D("33333.34")),
        ("Midshire and Vale Integrated Care Board", D("33333.33")),
        ("Midshire Police", D("33333.33")),
    ]
    figures = year_figures(year, TODAY)
    # Actual spend 91,200 + 18,000 + 8,700 + 6,400 + 2,500 + 1,300 + 800 = 128,900.00.
    assert figures.spend == D("128900.00")
    # 128,900 / 70,800 = 1.8206 -> £1.82; 128,900 / 312,600 = 0.4124 -> £0.41.
    assert (figures.per_child, figures.per_head) == (D("1.82"), D("0.41"))
    # 33,333.33 x 10,000 / 312,600 = 1,066.3253 -> £1,066.33.
    assert figures.police_per_10k == D("1066.33")
    # 100,000 + 1,800 + 600 (in kind).
    assert figures.pledged == D("102400.00")
    # Dunmore has no lead partner in the demo, so its budget is never signed: still a draft.
    assert figures.status == "Draft"


def test_with_two_partnerships_the_deployment_comparison_is_withheld(demo_years):
    year = demo_years["three-rivers"]
    figures = year_figures(year, TODAY)
    peers = peer_figures(year, TODAY)
    assert len(peers) == 2
    assert all(row.spread is None for row in benchmark_rows(figures, peers))


def test_this_year_has_a_signed_version_and_a_draft_with_its_reason(demo_years):
    year = FinancialYear.objects.get(partnership__slug="three-rivers", start_year=2026)
    first, second = Budget.objects.filter(financial_year=year).order_by("version")
    assert first.is_signed_off and first.is_locked
    assert not second.is_locked and second.reason == funding_demo.NEW_VERSION_REASON
    # The draft (174,500 + 35,500 + 25,000 + 18,000 + 6,500 + 3,500 + 0) is the year's current budget.
    assert year_figures(year, TODAY).budget == D("263000.00")


def test_seeding_again_changes_nothing(demo_years):
    counts = (Budget.objects.count(), Contribution.objects.count())
    partnerships = partners_demo.seed()
    funding_demo.seed_records(partnerships)
    assert (Budget.objects.count(), Contribution.objects.count()) == counts
