"""Sharing an amount to the penny: every expected figure below was worked out by hand."""

import random
from decimal import Decimal

import pytest

from funding.models import BudgetLine, FinancialYear, PartnerSplit
from funding.split import SplitError, largest_remainder, partner_weights, propose, statutory_partners
from partners.models import Agency, Membership
from tests.factories import AgencyFactory, AreaFactory, MembershipFactory, PartnershipFactory
from tests.funding.factories import FinancialYearFactory, budget_with_lines

D = Decimal
SP = Membership.StatutoryRole.SAFEGUARDING_PARTNER


def test_equal_thirds_give_the_odd_penny_to_the_first_partner():
    # 100.00 / 3 = 33.333...: 33.33 each is 99.99, and the one penny left goes to the first (all tie).
    assert largest_remainder(D("100.00"), [1, 1, 1]) == [D("33.34"), D("33.33"), D("33.33")]


def test_two_pennies_left_over_go_to_the_largest_remainders():
    # 0.05 by 1:1:1 = 1.666p each -> 1p each, 2p left: the first two (equal remainders, order decides).
    assert largest_remainder(D("0.05"), [1, 1, 1]) == [D("0.02"), D("0.02"), D("0.01")]
    # 10.00 by 1:2:4 (7 parts) = 142.857p, 285.714p, 571.428p -> 142, 285, 571 = 998p; the 2p left go to the
    # remainders .857 and .714, not .428.
    assert largest_remainder(D("10.00"), [1, 2, 4]) == [D("1.43"), D("2.86"), D("5.71")]


def test_fixed_percentages_round_to_pence_and_add_up():
    # 1,000.01 at 33.34% / 33.33% / 33.33% = 33,340.3334p, 33,330.3333p, 33,330.3333p:
    # floors 33,340 + 33,330 + 33,330 = 100,000p, 1p left, to the largest remainder (.3334, the first).
    parts = largest_remainder(D("1000.01"), [D("33.34"), D("33.33"), D("33.33")])
    assert parts == [D("333.41"), D("333.30"), D("333.30")]
    assert sum(parts) == D("1000.01")


def test_population_shares():
    # 50,000.00 by 210,400 : 158,900 (369,300 in all):
    # 5,000,000p x 210,400 / 369,300 = 2,848,632.54p; the rest 2,151,367.45p. Floors leave 1p, to .54.
    assert largest_remainder(D("50000.00"), [210_400, 158_900]) == [D("28486.33"), D("21513.67")]


def test_every_split_adds_up_exactly():
    generator = random.Random(7)
    for _ in range(500):
        total = D(generator.randint(0, 10_000_000)) / 100
        weights = [generator.randint(0, 700_000) for _ in range(generator.randint(1, 7))]
        if not any(weights):
            continue
        parts = largest_remainder(total, weights)
        assert sum(parts) == total
        assert all(p == p.quantize(D("0.01")) and p >= 0 for p in parts)


def test_unsplittable_amounts_are_refused():
    with pytest.raises(SplitError):
        largest_remainder(D("10.001"), [1, 1])
    with pytest.raises(SplitError):
        largest_remainder(D("10.00"), [0, 0])
    with pytest.raises(SplitError):
        largest_remainder(D("10.00"), [])
    with pytest.raises(SplitError):
        largest_remainder(D("-1.00"), [1])


@pytest.fixture
def footprint(db):
    """Two councils with their own areas, a police force and an ICB covering both, and a relevant agency."""
    partnership = PartnershipFactory()
    AreaFactory(partnership=partnership, name="Northvale", population_total=120_000, population_0_17=27_000)
    AreaFactory(partnership=partnership, name="Southmoor", population_total=80_000, population_0_17=18_000)
    agencies = {
        "north": AgencyFactory(name="Northvale Borough Council", sector=Agency.Sector.LOCAL_AUTHORITY),
        "south": AgencyFactory(name="Southmoor District Council", sector=Agency.Sector.LOCAL_AUTHORITY),
        "police": AgencyFactory(name="County Police", sector=Agency.Sector.POLICE),
        "icb": AgencyFactory(name="County ICB", sector=Agency.Sector.ICB),
    }
    for agency in agencies.values():
        MembershipFactory(partnership=partnership, agency=agency, statutory_role=SP)
    MembershipFactory(partnership=partnership, agency=AgencyFactory(name="A School"))
    year = FinancialYearFactory(partnership=partnership, start_year=2025)
    budget_with_lines(year, [(BudgetLine.Category.PARTNER_CONTRIBUTIONS, "100000.00")])
    return year, agencies


def test_only_statutory_partners_share_in_name_order(footprint):
    year, agencies = footprint
    assert [a.name for a in statutory_partners(year)] == [
        "County ICB",
        "County Police",
        "Northvale Borough Council",
        "Southmoor District Council",
    ]


def test_a_partner_whose_membership_ended_before_the_year_is_left_out(footprint):
    year, agencies = footprint
    Membership.objects.filter(agency=agencies["south"]).update(ends_on="2025-03-31")
    assert agencies["south"] not in statutory_partners(year)


def test_default_populations_are_the_councils_areas_and_the_whole_footprint(footprint):
    year, _ = footprint
    assert [w.population for w in partner_weights(year)] == [200_000, 200_000, 120_000, 80_000]


def test_proposals_under_each_rule(footprint):
    year, agencies = footprint
    # Equal: 100,000.00 / 4 = 25,000.00 each.
    total, proposals = propose(year, FinancialYear.SplitRule.EQUAL)
    assert total == D("100000.00")
    assert [p.amount for p in proposals] == [D("25000.00")] * 4
    # Population: weights 200,000 / 200,000 / 120,000 / 80,000 (600,000 in all): ICB and police a third
    # each (3,333,333.33p), Northvale a fifth (2,000,000p exactly), Southmoor 1,333,333.33p; the floors add
    # up to 9,999,999p, and the one penny left goes to the first of the equal remainders of 1/3p: the ICB.
    _, proposals = propose(year, FinancialYear.SplitRule.POPULATION)
    assert [p.amount for p in proposals] == [D("33333.34"), D("33333.33"), D("20000.00"), D("13333.33")]
    assert sum(p.amount for p in proposals) == total
    # Fixed: 40% / 30% / 17.5% / 12.5%.
    for agency, percentage in [("icb", "40"), ("police", "30"), ("north", "17.5"), ("south", "12.5")]:
        PartnerSplit.objects.create(financial_year=year, agency=agencies[agency], percentage=D(percentage))
    _, proposals = propose(year, FinancialYear.SplitRule.FIXED)
    assert [p.amount for p in proposals] == [D("40000.00"), D("30000.00"), D("17500.00"), D("12500.00")]
