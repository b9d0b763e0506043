"""Who may see and change funding records. Every function takes the request's `Seat`; views ask nothing else.

- Board-level roles read the summary: the years, budgets, metrics, benchmarks and the budget table.
- The chair, scrutineer, lead and delegated partners and the business manager read every contribution;
  board members and agency leads read only their own agency's.
- The business manager changes everything; lead safeguarding partners sign off budgets.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from funding.models import Budget, Contribution, FinancialYear
from safeguarding.access import Seat
from safeguarding.roles import BOARD_ROLES, Role

SUMMARY_READERS = frozenset(BOARD_ROLES)
ALL_CONTRIBUTION_READERS = frozenset(
    {Role.CHAIR, Role.SCRUTINEER, Role.LEAD_PARTNER, Role.DELEGATED_PARTNER, Role.BUSINESS_MANAGER}
)
# Read their own agency's contributions only.
AGENCY_READERS = frozenset({Role.BOARD_MEMBER, Role.AGENCY_LEAD})
FUNDING_READERS = SUMMARY_READERS | AGENCY_READERS
EDITORS = frozenset({Role.BUSINESS_MANAGER})
SIGNERS = frozenset({Role.LEAD_PARTNER})


def navigation(seat: Seat) -> list[tuple[str, str]]:
    return [("Funding", "funding:index")] if can_view_funding(seat) else []


def can_view_funding(seat: Seat) -> bool:
    return seat.has(*FUNDING_READERS)


def can_view_summary(seat: Seat) -> bool:
    return seat.has(*SUMMARY_READERS)


def can_edit_funding(seat: Seat) -> bool:
    return seat.has(*EDITORS)


def can_view_history(seat: Seat) -> bool:
    return seat.has(*EDITORS)


def can_sign_budgets(seat: Seat) -> bool:
    return seat.has(*SIGNERS)


def contribution_agency_ids(seat: Seat) -> frozenset[int] | None:
    """None when the seat reads every agency's contributions, else the agencies it reads them for."""
    if seat.has(*ALL_CONTRIBUTION_READERS):
        return None
    if seat.has(*AGENCY_READERS):
        return seat.agency_ids
    return frozenset()


def years_for_user(seat: Seat) -> QuerySet[FinancialYear]:
    if not can_view_funding(seat):
        return FinancialYear.objects.none()
    return FinancialYear.objects.filter(partnership=seat.partnership)


def get_year_for_user(seat: Seat, public_id) -> FinancialYear:
    """A financial year of the current partnership, for anyone who reads funding at all; otherwise 404."""
    year = years_for_user(seat).select_related("partnership").filter(public_id=public_id).first()
    if year is None:
        raise Http404
    return year


def get_summary_year_for_user(seat: Seat, public_id) -> FinancialYear:
    """A year whose summary (metrics, budget, benchmarks) the seat may read; otherwise 404."""
    if not can_view_summary(seat):
        raise Http404
    return get_year_for_user(seat, public_id)


def get_budget_for_user(seat: Seat, public_id) -> Budget:
    if not can_view_summary(seat):
        raise Http404
    budget = (
        Budget.objects.filter(financial_year__partnership=seat.partnership, public_id=public_id)
        .select_related("financial_year__partnership", "created_by")
        .first()
    )
    if budget is None:
        raise Http404
    return budget


def contributions_for_user(seat: Seat) -> QuerySet[Contribution]:
    """The current partnership's contributions the seat may read: all of them, or its own agency's."""
    if not can_view_funding(seat):
        return Contribution.objects.none()
    contributions = Contribution.objects.filter(financial_year__partnership=seat.partnership)
    agency_ids = contribution_agency_ids(seat)
    if agency_ids is not None:
        contributions = contributions.filter(agency_id__in=agency_ids)
    return contributions


def get_contribution_for_user(seat: Seat, public_id) -> Contribution:
    contribution = (
        contributions_for_user(seat)
        .select_related("agency", "financial_year__partnership")
        .filter(public_id=public_id)
        .first()
    )
    if contribution is None:
        raise Http404
    return contribution
