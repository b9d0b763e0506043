"""Who may see and change section 11 records. Views ask nothing else.

- The partnership's chair, scrutineer and business manager (oversight) read every return of its member
  agencies in the cycles it takes part in, with their evidence, and moderate them; the business manager runs
  cycles and standard sets.
- Board-level roles (partners and board members) read cycle results: completion and the heatmap.
- An agency lead reads and edits only their own agency's return, in cycles the partnership they are looking at
  takes part in (a shared cycle's return is reachable from either partnership).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from audits.models import Cycle, Evidence, Return, StandardSet
from partners.models import RoleAssignment
from safeguarding.access import Seat
from safeguarding.roles import BOARD_ROLES, OVERSIGHT_ROLES, Role

RESULT_READERS = BOARD_ROLES
OVERSIGHT = OVERSIGHT_ROLES
MANAGERS = frozenset({Role.BUSINESS_MANAGER})
MODERATORS = OVERSIGHT_ROLES
AGENCY_LEADS = frozenset({Role.AGENCY_LEAD})
SECTION_READERS = RESULT_READERS | AGENCY_LEADS


def navigation(seat: Seat) -> list[tuple[str, str]]:
    return [("Section 11", "audits:home")] if seat.has(*SECTION_READERS) else []


def can_read_section(seat: Seat) -> bool:
    return seat.has(*SECTION_READERS)


def can_read_results(seat: Seat) -> bool:
    return seat.has(*RESULT_READERS)


def can_read_returns(seat: Seat) -> bool:
    """All member agencies' returns, evidence and exports."""
    return seat.has(*OVERSIGHT)


def can_manage(seat: Seat) -> bool:
    return seat.has(*MANAGERS)


def can_moderate(seat: Seat) -> bool:
    return seat.has(*MODERATORS)


def lead_agency_ids(seat: Seat, user) -> frozenset[int]:
    """The agencies the person is agency lead for in the current partnership (not those of other roles)."""
    if not seat.has(*AGENCY_LEADS):
        return frozenset()
    return frozenset(
        RoleAssignment.objects.filter(
            user=user, partnership=seat.partnership, role=Role.AGENCY_LEAD
        ).values_list("agency_id", flat=True)
    )


# Standard sets ------------------------------------------------------------------------------------


def sets_for_user(seat: Seat) -> QuerySet[StandardSet]:
    if not can_read_returns(seat):
        return StandardSet.objects.none()
    return StandardSet.objects.available_to(seat.partnership)


def get_set_for_user(seat: Seat, public_id) -> StandardSet:
    standard_set = sets_for_user(seat).filter(public_id=public_id).first()
    if standard_set is None:
        raise Http404
    return standard_set


def can_edit_set(seat: Seat, standard_set: StandardSet) -> bool:
    """The partnership's own sets; the statutory set is shared by every partnership and only copied."""
    return can_manage(seat) and standard_set.partnership_id == seat.partnership.pk


# Cycles -------------------------------------------------------------------------------------------


def cycles_for_user(seat: Seat) -> QuerySet[Cycle]:
    if not can_read_results(seat):
        return Cycle.objects.none()
    return Cycle.objects.for_partnership(seat.partnership)


def get_cycle_for_user(seat: Seat, public_id) -> Cycle:
    # get(), not first(): the public id is unique, and first()'s ordering on the joined rows only costs time.
    try:
        return (
            cycles_for_user(seat)
            .select_related("standard_set", "lead_partnership", "previous")
            .get(public_id=public_id)
        )
    except Cycle.DoesNotExist:
        raise Http404 from None


def can_share_cycle(seat: Seat, cycle: Cycle) -> bool:
    return can_manage(seat) and cycle.lead_partnership_id == seat.partnership.pk


# Returns ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReturnAccess:
    """What the seat may do with one return."""

    is_lead: bool
    oversight: bool
    manage: bool
    moderate: bool

    @property
    def can_edit(self) -> bool:
        return self.is_lead

    @property
    def can_download_letter(self) -> bool:
        return self.is_lead or self.moderate


def returns_for_user(seat: Seat, user) -> QuerySet[Return]:
    """Every return the seat may read: member agencies' for oversight, their own agency's for agency leads."""
    if can_read_returns(seat):
        return Return.objects.visible_in(seat.partnership)
    leads = lead_agency_ids(seat, user)
    if not leads:
        return Return.objects.none()
    return Return.objects.filter(agency_id__in=leads, cycle__participations__partnership=seat.partnership)


def lead_returns(seat: Seat, user) -> QuerySet[Return]:
    """The returns the person answers as agency lead (empty for everyone else)."""
    leads = lead_agency_ids(seat, user)
    return Return.objects.filter(agency_id__in=leads, cycle__participations__partnership=seat.partnership)


def access_to(seat: Seat, user, return_record: Return, leads: frozenset[int] | None = None) -> ReturnAccess:
    leads = lead_agency_ids(seat, user) if leads is None else leads
    return ReturnAccess(
        is_lead=return_record.agency_id in leads,
        oversight=can_read_returns(seat),
        manage=can_manage(seat),
        moderate=can_moderate(seat),
    )


def get_return_for_user(seat: Seat, user, public_id) -> tuple[Return, ReturnAccess]:
    if not can_read_section(seat):
        raise Http404
    leads = lead_agency_ids(seat, user)
    candidates = Return.objects.filter(public_id=public_id).select_related(
        "agency", "cycle", "cycle__standard_set"
    )
    if can_read_returns(seat):
        return_record = candidates.visible_in(seat.partnership).first()
    else:
        return_record = candidates.filter(
            agency_id__in=leads, cycle__participations__partnership=seat.partnership
        ).first()
    if return_record is None:
        raise Http404
    return return_record, access_to(seat, user, return_record, leads)


def get_evidence_for_user(seat: Seat, user, public_id) -> tuple[Evidence, ReturnAccess]:
    evidence = Evidence.objects.filter(public_id=public_id).select_related("answer__return_record").first()
    if evidence is None:
        raise Http404
    return_record, access = get_return_for_user(seat, user, evidence.answer.return_record.public_id)
    return evidence, access
