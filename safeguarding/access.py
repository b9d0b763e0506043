"""The shared part of the access layer: who the signed-in person is in the partnership they are looking at.

Each app's own access.py decides about its records; they all start from the `Seat` built here once per
request: the current partnership, the roles held in it, and the agencies those roles act for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from safeguarding.roles import BOARD_ROLES, OVERSIGHT_ROLES, Role

SESSION_KEY = "current_partnership"


@dataclass(frozen=True)
class Seat:
    """The signed-in person's place in one partnership."""

    partnership: object | None = None
    roles: frozenset[str] = frozenset()
    agency_ids: frozenset[int] = frozenset()
    partnerships: tuple = field(default_factory=tuple)
    roles_anywhere: frozenset[str] = frozenset()

    def has(self, *roles: str) -> bool:
        return not self.roles.isdisjoint(roles)

    @property
    def is_member(self) -> bool:
        return self.partnership is not None and bool(self.roles)

    @property
    def is_board(self) -> bool:
        return self.has(*BOARD_ROLES)

    @property
    def is_oversight(self) -> bool:
        return self.has(*OVERSIGHT_ROLES)

    @property
    def is_manager(self) -> bool:
        return self.has(Role.BUSINESS_MANAGER)


NO_SEAT = Seat()


def build_seat(user, chosen_partnership_id: int | None) -> Seat:
    """One query: every role the user holds, with partnership; the current one is the chosen or the first."""
    if not user.is_authenticated:
        return NO_SEAT
    from partners.models import RoleAssignment

    assignments = list(
        RoleAssignment.objects.filter(user=user).select_related("partnership").order_by("partnership__name")
    )
    if not assignments:
        return NO_SEAT
    partnerships = {}
    for assignment in assignments:
        partnerships.setdefault(assignment.partnership_id, assignment.partnership)
    current_id = chosen_partnership_id if chosen_partnership_id in partnerships else next(iter(partnerships))
    mine = [a for a in assignments if a.partnership_id == current_id]
    return Seat(
        partnership=partnerships[current_id],
        roles=frozenset(a.role for a in mine),
        agency_ids=frozenset(a.agency_id for a in mine if a.agency_id),
        partnerships=tuple(partnerships.values()),
        roles_anywhere=frozenset(a.role for a in assignments),
    )


def seat_for(request: HttpRequest) -> Seat:
    return getattr(request, "seat", NO_SEAT)


def require_member(request: HttpRequest) -> Seat:
    """The seat of a signed-in member of some partnership; everyone else is told the page does not exist."""
    seat = seat_for(request)
    if not seat.is_member:
        raise Http404
    return seat


def roles_needing_mfa() -> frozenset[str]:
    return frozenset(settings.MFA_REQUIRED_ROLES)


def user_needs_mfa(user, seat: Seat | None = None) -> bool:
    """Privileged roles in any partnership, and staff who can reach the admin site, must use MFA."""
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    if seat is not None:
        return not seat.roles_anywhere.isdisjoint(roles_needing_mfa())
    from partners.models import RoleAssignment

    return RoleAssignment.objects.filter(user=user, role__in=roles_needing_mfa()).exists()


def member_required(view):
    """Signed-in members of a partnership only: anonymous people sign in first, everyone else gets 404."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        require_member(request)
        return view(request, *args, **kwargs)

    return wrapper


def require_role(seat: Seat, roles) -> None:
    """404 unless the seat holds one of the roles: the page's existence is not revealed."""
    if not seat.has(*roles):
        raise Http404


def deny_write() -> None:
    """The person may read this but not change it."""
    raise PermissionDenied
