"""Sharing the statutory partners' contribution between them, to the penny.

The amount to share is the current budget's "partner contributions" income. The year's rule gives each
statutory partner a weight: 1 each (equal shares: thirds for the classic three partners), its fixed
percentage, or the population it funds the work for. Amounts are rounded down to the penny, and the pennies
left over go one each to the parts that lost the most in rounding (the largest-remainder method), ties to the
partner listed first, so the parts always add up to the total exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.db.models import Q

from funding.models import ZERO, BudgetLine, Contribution, FinancialYear, PartnerSplit
from partners.models import Agency, LocalAuthorityArea, Membership

PENNY = Decimal("0.01")


class SplitError(ValueError):
    """The rule cannot share the amount: no partners, or weights that add up to nothing."""


def largest_remainder(total: Decimal, weights: Sequence[Decimal | int]) -> list[Decimal]:
    """Split `total` (pounds, to the penny) in proportion to `weights`, in whole pence adding up exactly."""
    if total != total.quantize(PENNY):
        raise SplitError("The amount to share must be in whole pence.")
    if total < 0:
        raise SplitError("The amount to share cannot be negative.")
    if not weights:
        raise SplitError("There is nobody to share the amount between.")
    exact = [Fraction(w) for w in weights]
    if any(w < 0 for w in exact):
        raise SplitError("Weights cannot be negative.")
    weight_total = sum(exact)
    if weight_total == 0:
        raise SplitError("The weights add up to nothing.")
    total_pence = int(total * 100)
    shares = [total_pence * w / weight_total for w in exact]
    floors = [int(share) for share in shares]  # shares are not negative: int() rounds down
    left_over = total_pence - sum(floors)
    # Stable sort: equal remainders keep the partners' order.
    by_remainder = sorted(range(len(shares)), key=lambda i: shares[i] - floors[i], reverse=True)
    for index in by_remainder[:left_over]:
        floors[index] += 1
    return [Decimal(p) / 100 for p in floors]


def statutory_partners(year: FinancialYear) -> list[Agency]:
    """The agencies that were statutory safeguarding partners of the partnership at any time in the year."""
    # One filter() call, so every condition applies to the same membership.
    agencies = Agency.objects.filter(
        Q(memberships__ends_on__isnull=True) | Q(memberships__ends_on__gte=year.starts_on),
        memberships__partnership=year.partnership_id,
        memberships__statutory_role=Membership.StatutoryRole.SAFEGUARDING_PARTNER,
        memberships__starts_on__lte=year.ends_on,
    )
    # Sorted here rather than by the database, whose collation may differ: the order breaks rounding ties.
    return sorted(set(agencies), key=lambda agency: (agency.name.casefold(), agency.pk))


def default_population(agency: Agency, areas: list[LocalAuthorityArea]) -> int:
    """A starting point the business manager can change: a council's own area if its name begins with the
    area's name (Ashford Vale Council, Ashford Vale), otherwise the whole footprint."""
    total = sum(area.population_total for area in areas)
    if agency.sector == Agency.Sector.LOCAL_AUTHORITY:
        for area in areas:
            if agency.name.lower().startswith(area.name.lower()):
                return area.population_total
    return total


@dataclass(frozen=True)
class PartnerWeight:
    agency: Agency
    percentage: Decimal
    population: int


def partner_weights(year: FinancialYear) -> list[PartnerWeight]:
    """Each statutory partner's recorded weights, or the defaults where none are recorded yet (2 queries,
    3 when populations are defaulted)."""
    partners = statutory_partners(year)
    recorded = {s.agency_id: s for s in PartnerSplit.objects.filter(financial_year=year)}
    areas = None
    weights = []
    for agency in partners:
        split = recorded.get(agency.pk)
        if split is not None:
            weights.append(PartnerWeight(agency, split.percentage, split.population))
            continue
        if areas is None:
            areas = list(LocalAuthorityArea.objects.filter(partnership=year.partnership_id))
        weights.append(PartnerWeight(agency, ZERO, default_population(agency, areas)))
    return weights


def rule_weight(rule: str, weight: PartnerWeight) -> Decimal | int:
    if rule == FinancialYear.SplitRule.FIXED:
        return weight.percentage
    if rule == FinancialYear.SplitRule.POPULATION:
        return weight.population
    return 1


@dataclass(frozen=True)
class Proposal:
    agency: Agency
    weight: Decimal | int
    amount: Decimal
    current: Contribution | None


def amount_to_share(year: FinancialYear) -> Decimal:
    """The current budget's partner-contributions income (zero when there is no budget yet)."""
    budget = year.budgets.order_by("-version").first()
    if budget is None:
        return ZERO
    lines = budget.lines.filter(category=BudgetLine.Category.PARTNER_CONTRIBUTIONS)
    return sum((line.amount for line in lines), ZERO)


def propose(year: FinancialYear, rule: str | None = None) -> tuple[Decimal, list[Proposal]]:
    """The amount to share and each statutory partner's proposed pledge under `rule` (the year's own rule
    unless given), beside the split pledge already recorded for it, if any."""
    rule = rule or year.split_rule
    total = amount_to_share(year)
    weights = partner_weights(year)
    amounts = largest_remainder(total, [rule_weight(rule, w) for w in weights])
    current = {c.agency_id: c for c in Contribution.objects.filter(financial_year=year, from_split=True)}
    return total, [
        Proposal(w.agency, rule_weight(rule, w), amount, current.get(w.agency.pk))
        for w, amount in zip(weights, amounts, strict=True)
    ]
