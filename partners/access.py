"""Who may see and change partnership records: the footprint, member agencies, memberships and roles.

Every function takes the request's `Seat` (safeguarding.access); views ask nothing else.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from partners.models import Agency, LocalAuthorityArea, Membership, RoleAssignment
from safeguarding.access import Seat
from safeguarding.roles import Role

# Everyone with a board-level or agency role reads the partnership's profile and its list of member agencies.
PROFILE_READERS = frozenset(
    {
        Role.CHAIR,
        Role.SCRUTINEER,
        Role.LEAD_PARTNER,
        Role.DELEGATED_PARTNER,
        Role.BUSINESS_MANAGER,
        Role.BOARD_MEMBER,
        Role.AGENCY_LEAD,
    }
)
# These read every member agency's detail; board members and agency leads read only their own agency's.
ALL_AGENCY_READERS = frozenset(
    {Role.CHAIR, Role.SCRUTINEER, Role.LEAD_PARTNER, Role.DELEGATED_PARTNER, Role.BUSINESS_MANAGER}
)
PEOPLE_READERS = frozenset({Role.CHAIR, Role.SCRUTINEER, Role.BUSINESS_MANAGER})
MANAGERS = frozenset({Role.BUSINESS_MANAGER})


def navigation(seat: Seat) -> list[tuple[str, str]]:
    items = []
    if can_view_profile(seat):
        items += [("Partnership", "partners:profile"), ("Agencies", "partners:agency_list")]
    if can_view_people(seat):
        items.append(("People", "partners:people"))
    return items


def can_view_profile(seat: Seat) -> bool:
    return seat.has(*PROFILE_READERS)


def can_manage_partnership(seat: Seat) -> bool:
    return seat.has(*MANAGERS)


def can_view_people(seat: Seat) -> bool:
    return seat.has(*PEOPLE_READERS)


def can_view_history(seat: Seat) -> bool:
    return seat.has(*MANAGERS)


def memberships_for_user(seat: Seat) -> QuerySet[Membership]:
    """The current partnership's memberships (active and ended), for those who may list agencies."""
    if not can_view_profile(seat):
        return Membership.objects.none()
    return Membership.objects.filter(partnership=seat.partnership)


def agency_detail_visible(seat: Seat, agency: Agency) -> bool:
    return seat.has(*ALL_AGENCY_READERS) or agency.pk in seat.agency_ids


def get_agency_for_user(seat: Seat, public_id) -> Agency:
    """A member agency of the current partnership whose detail the seat may read; otherwise 404."""
    if not can_view_profile(seat):
        raise Http404
    agency = (
        Agency.objects.filter(public_id=public_id, memberships__partnership=seat.partnership)
        .distinct()
        .first()
    )
    if agency is None or not agency_detail_visible(seat, agency):
        raise Http404
    return agency


def get_membership_for_user(seat: Seat, pk: int) -> Membership:
    membership = memberships_for_user(seat).select_related("agency", "partnership").filter(pk=pk).first()
    if membership is None or not agency_detail_visible(seat, membership.agency):
        raise Http404
    return membership


def get_area_for_user(seat: Seat, pk: int) -> LocalAuthorityArea:
    if not can_view_profile(seat):
        raise Http404
    area = LocalAuthorityArea.objects.filter(partnership=seat.partnership, pk=pk).first()
    if area is None:
        raise Http404
    return area


def role_assignments_for_user(seat: Seat) -> QuerySet[RoleAssignment]:
    if not can_view_people(seat):
        return RoleAssignment.objects.none()
    return RoleAssignment.objects.filter(partnership=seat.partnership)


def get_role_assignment_for_user(seat: Seat, pk: int) -> RoleAssignment:
    assignment = role_assignments_for_user(seat).select_related("user", "agency").filter(pk=pk).first()
    if assignment is None:
        raise Http404
    return assignment
