"""Who must answer a challenge at each stage of the ladder, and who is told about it.

Everything here works from one in-memory index of a set of partnerships' role assignments, built with one
query, so a page about one challenge and a sweep over a hundred thousand ask the database the same way.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from partners.models import Challenge, Responder, RoleAssignment
from safeguarding.roles import Role

# Who answers for an agency, in order of preference: the first role anyone holds for the agency answers.
# The ladder names the agency lead at stage 1 and the delegated safeguarding partner "or senior lead"
# at stage 2; an agency without those people (a school has no delegated partner) still has someone to ask.
AGENCY_CHAINS = {
    Responder.AGENCY_LEAD: (Role.AGENCY_LEAD, Role.DELEGATED_PARTNER, Role.LEAD_PARTNER, Role.BOARD_MEMBER),
    Responder.SENIOR_LEAD: (Role.DELEGATED_PARTNER, Role.LEAD_PARTNER, Role.BOARD_MEMBER, Role.AGENCY_LEAD),
}
INDEXED_ROLES = (
    Role.AGENCY_LEAD,
    Role.DELEGATED_PARTNER,
    Role.LEAD_PARTNER,
    Role.BOARD_MEMBER,
    Role.CHAIR,
    Role.SCRUTINEER,
    Role.BUSINESS_MANAGER,
)


@dataclass(frozen=True)
class Person:
    id: int
    full_name: str
    email: str


class People:
    """The people holding challenge-relevant roles in some partnerships."""

    def __init__(self, rows: Iterable[dict]):
        self._by_agency: dict[tuple, list[Person]] = defaultdict(list)
        self._by_role: dict[tuple, list[Person]] = defaultdict(list)
        self.person: dict[int, Person] = {}
        for row in rows:
            person = self.person.setdefault(
                row["user_id"], Person(row["user_id"], row["user__full_name"], row["user__email"])
            )
            key = (row["partnership_id"], row["role"])
            if person not in self._by_role[key]:
                self._by_role[key].append(person)
            if row["agency_id"]:
                self._by_agency[(*key, row["agency_id"])].append(person)

    @classmethod
    def for_partnerships(cls, partnership_ids: Iterable[int]) -> People:
        ids = set(partnership_ids)
        if not ids:
            return cls([])
        rows = (
            RoleAssignment.objects.filter(
                partnership_id__in=ids, role__in=INDEXED_ROLES, user__is_active=True
            )
            .order_by("user__full_name", "user_id")
            .values("partnership_id", "role", "agency_id", "user_id", "user__full_name", "user__email")
        )
        return cls(rows)

    @classmethod
    def for_challenge(cls, challenge: Challenge) -> People:
        """Memoised on the challenge: a page asks several questions about the same people."""
        cached = getattr(challenge, "_people", None)
        if cached is None:
            cached = cls.for_partnerships([challenge.partnership_id])
            challenge._people = cached
        return cached

    def holders(self, partnership_id: int, *roles: str) -> list[Person]:
        people: list[Person] = []
        for role in roles:
            people += [p for p in self._by_role[(partnership_id, role)] if p not in people]
        return people

    def for_agency(self, partnership_id: int, role: str, agency_id: int) -> list[Person]:
        return list(self._by_agency[(partnership_id, role, agency_id)])

    def responders(self, partnership_id: int, responder: str, agency_id: int) -> list[Person]:
        """The people who must answer at a stage with this responder; empty when nobody holds the roles."""
        if responder == Responder.LEAD_PARTNERS:
            return self.holders(partnership_id, Role.LEAD_PARTNER, Role.SCRUTINEER)
        for role in AGENCY_CHAINS[responder]:
            people = self.for_agency(partnership_id, role, agency_id)
            if people:
                return people
        return []

    def answerers(self, partnership_id: int, responder: str, agency_id: int) -> list[Person]:
        """Who is e-mailed to answer: the responders, or the business managers when there are none, so the
        missing role is noticed and filled rather than the challenge waiting unseen."""
        people = self.responders(partnership_id, responder, agency_id)
        return people or self.holders(partnership_id, Role.BUSINESS_MANAGER)

    def agency_leads(self, partnership_id: int, agency_id: int) -> list[Person]:
        return self.for_agency(partnership_id, Role.AGENCY_LEAD, agency_id)

    def oversight(self, partnership_id: int) -> list[Person]:
        """Told when a challenge is stuck: the chair and the independent scrutineer."""
        return self.holders(partnership_id, Role.CHAIR, Role.SCRUTINEER)


def unique(*groups: Iterable[Person], leave_out: Iterable[int] = ()) -> list[Person]:
    """The people of several groups, each once, in order, without those left out (say, the author)."""
    skip = set(leave_out)
    seen: list[Person] = []
    for group in groups:
        for person in group:
            if person.id not in skip and person not in seen:
                seen.append(person)
    return seen
