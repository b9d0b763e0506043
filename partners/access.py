"""Who may see and change partnership records: the footprint, member agencies, memberships and roles.

Every function takes the request's `Seat` (safeguarding.access); views ask nothing else.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from partners.challenge_people import People
from partners.models import (
    Agency,
    Challenge,
    ChallengeStep,
    LocalAuthorityArea,
    Membership,
    Responder,
    RoleAssignment,
)
from safeguarding.access import Seat
from safeguarding.roles import BOARD_ROLES, OVERSIGHT_ROLES, Role

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
    if can_view_challenge_log(seat):
        items.append(("Challenges", "challenges:list"))
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


# The challenge log. Anyone with a board-level role raises challenges; the chair, scrutineer and business
# manager see all of the partnership's; people acting for an agency see those addressed to or raised by it;
# everyone sees those they raised; the lead safeguarding partners see those escalated to them.

CHALLENGE_RAISERS = BOARD_ROLES
CHALLENGE_ALL_READERS = OVERSIGHT_ROLES
CHALLENGE_LOG_READERS = BOARD_ROLES | {Role.AGENCY_LEAD}
CHALLENGE_SUMMARY_READERS = BOARD_ROLES
# Besides the person who raised it, these decide on answers, escalate overdue challenges and withdraw them.
CHALLENGE_DECIDERS = frozenset({Role.CHAIR, Role.SCRUTINEER})
# Roles held for an agency that show the challenges addressed to or raised by that agency.
CHALLENGE_AGENCY_READERS = frozenset(
    {Role.AGENCY_LEAD, Role.BOARD_MEMBER, Role.LEAD_PARTNER, Role.DELEGATED_PARTNER}
)
# Board-level roles held for an agency, which let their holder raise a challenge on the agency's behalf.
CHALLENGE_AGENCY_RAISERS = frozenset({Role.BOARD_MEMBER, Role.LEAD_PARTNER, Role.DELEGATED_PARTNER})


def can_view_challenge_log(seat: Seat) -> bool:
    return seat.has(*CHALLENGE_LOG_READERS)


def can_raise_challenge(seat: Seat) -> bool:
    return seat.has(*CHALLENGE_RAISERS)


def can_view_challenge_summary(seat: Seat) -> bool:
    return seat.has(*CHALLENGE_SUMMARY_READERS)


def can_view_escalation_ladder(seat: Seat) -> bool:
    return seat.has(*BOARD_ROLES)


def can_manage_escalation_ladder(seat: Seat) -> bool:
    return seat.has(*MANAGERS)


def can_view_challenge_oversight_panel(seat: Seat) -> bool:
    return seat.has(*CHALLENGE_ALL_READERS)


def can_view_challenge_awaiting_panel(seat: Seat) -> bool:
    return seat.has(Role.AGENCY_LEAD)


def _agencies_acted_for(seat: Seat, user, roles) -> QuerySet:
    """A subquery: the agencies the user holds one of `roles` for in the current partnership."""
    return RoleAssignment.objects.filter(
        user=user, partnership=seat.partnership, role__in=sorted(roles), agency__isnull=False
    ).values("agency_id")


def challenges_for_user(seat: Seat, user) -> QuerySet[Challenge]:
    """The current partnership's challenges the person may see, as one query with subqueries."""
    if not can_view_challenge_log(seat):
        return Challenge.objects.none()
    # Through the partnership's own manager, so each challenge knows its partnership without another query.
    challenges = seat.partnership.challenges.all()
    if seat.has(*CHALLENGE_ALL_READERS):
        return challenges
    agencies = _agencies_acted_for(seat, user, CHALLENGE_AGENCY_READERS)
    scope = Q(raised_by=user) | Q(addressed_to__in=agencies) | Q(raised_by_agency__in=agencies)
    if seat.has(Role.LEAD_PARTNER):
        scope |= Q(stage_responder=Responder.LEAD_PARTNERS)
    return challenges.filter(scope)


def get_challenge_for_user(seat: Seat, user, public_id) -> Challenge:
    # The partnership is the seat's (challenges_for_user reads it through the partnership's manager), and
    # the public id is unique: no join for the partnership and no ordering to find the one row.
    try:
        return (
            challenges_for_user(seat, user)
            .select_related("raised_by", "raised_by_agency", "addressed_to")
            .get(public_id=public_id)
        )
    except Challenge.DoesNotExist:
        raise Http404 from None


def challenge_raising_agencies(seat: Seat, user) -> QuerySet[Agency]:
    """The agencies the person may raise a challenge for (besides the partnership as a whole)."""
    if not can_raise_challenge(seat):
        return Agency.objects.none()
    return Agency.objects.filter(
        pk__in=_agencies_acted_for(seat, user, CHALLENGE_AGENCY_RAISERS),
        memberships__partnership=seat.partnership,
        memberships__ends_on__isnull=True,
    ).order_by("name")


def challenge_addressable_agencies(seat: Seat) -> QuerySet[Agency]:
    """Challenges are addressed to the partnership's current member agencies."""
    return Agency.objects.filter(
        memberships__partnership=seat.partnership, memberships__ends_on__isnull=True
    ).order_by("name")


def challenge_answerers(challenge: Challenge) -> list:
    """Who must answer the challenge at its current stage (challenge_people.People.responders)."""
    people = People.for_challenge(challenge)
    return people.responders(challenge.partnership_id, challenge.stage_responder, challenge.addressed_to_id)


def can_respond_to_challenge(seat: Seat, user, challenge: Challenge) -> bool:
    if challenge.status != Challenge.Status.AWAITING_RESPONSE:
        return False
    return any(person.id == user.pk for person in challenge_answerers(challenge))


def _decides(seat: Seat, user, challenge: Challenge) -> bool:
    return challenge.raised_by_id == user.pk or seat.has(*CHALLENGE_DECIDERS)


def can_decide_challenge(seat: Seat, user, challenge: Challenge) -> bool:
    """Accept the answer (resolving the challenge) or not (escalating it, unless at the top of the ladder)."""
    return challenge.status == Challenge.Status.RESPONDED and _decides(seat, user, challenge)


def can_escalate_challenge(seat: Seat, user, challenge: Challenge, today) -> bool:
    """Escalate a challenge whose answer is overdue, without waiting any longer for it."""
    return (
        challenge.is_overdue(today) and challenge.next_stage() is not None and _decides(seat, user, challenge)
    )


def can_withdraw_challenge(seat: Seat, user, challenge: Challenge) -> bool:
    return challenge.is_open and _decides(seat, user, challenge)


def get_challenge_evidence_for_user(seat: Seat, user, challenge: Challenge, step_id: int) -> ChallengeStep:
    """A step's evidence file, on a challenge the person may see (the caller fetched it with access)."""
    step = ChallengeStep.objects.filter(challenge=challenge, pk=step_id).exclude(evidence="").first()
    if step is None:
        raise Http404
    return step


def challenges_awaiting_agency_response(seat: Seat, user) -> QuerySet[Challenge]:
    """Open challenges waiting for an answer from an agency the person is an agency lead for."""
    if not can_view_challenge_awaiting_panel(seat):
        return Challenge.objects.none()
    agencies = _agencies_acted_for(seat, user, {Role.AGENCY_LEAD})
    return Challenge.objects.awaiting_response().filter(
        partnership=seat.partnership, addressed_to__in=agencies
    )
