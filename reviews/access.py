"""Who may see and change case reviews and the improvement tracker. Views ask nothing else.

- A review's restricted detail: the chair, scrutineer, business manager and lead and delegated partners of
  its partnership, and reviewers granted that one review (a django-guardian object permission; a model-wide
  permission never counts, and superusers are not special).
- Board members and agency leads: anonymised summaries, and the actions their agency owns.
- The business manager records reviews, grants reviewers and runs the tracker; agency leads update their
  own agency's actions and upload evidence for them.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from partners.models import Agency
from reviews.models import Action, Evidence, Recommendation, Review, ReviewerGrant, Theme
from safeguarding.access import Seat
from safeguarding.roles import BOARD_ROLES, Role

# Read every review's detail in the partnership.
REVIEW_READERS = frozenset(
    {Role.CHAIR, Role.SCRUTINEER, Role.BUSINESS_MANAGER, Role.LEAD_PARTNER, Role.DELEGATED_PARTNER}
)
MANAGERS = frozenset({Role.BUSINESS_MANAGER})
ACCESS_LOG_READERS = frozenset({Role.CHAIR, Role.BUSINESS_MANAGER})
# Read anonymised summaries of every review in the partnership.
SUMMARY_READERS = frozenset(BOARD_ROLES | {Role.AGENCY_LEAD})
# Read every recommendation and action in the partnership's tracker.
TRACKER_READERS = REVIEW_READERS
# Read (board members) or update (agency leads) the actions their own agency owns.
AGENCY_ACTION_ROLES = frozenset({Role.BOARD_MEMBER, Role.AGENCY_LEAD})
ACTION_UPDATERS = frozenset({Role.AGENCY_LEAD})
LEARNING_READERS = frozenset(BOARD_ROLES)


def navigation(seat: Seat) -> list[tuple[str, str]]:
    items = []
    if can_list_reviews(seat):
        items.append(("Case reviews", "reviews:list"))
    elif can_list_summaries(seat):
        items.append(("Review summaries", "reviews:summaries"))
    if can_list_actions(seat):
        items.append(("Improvement tracker", "reviews:tracker"))
    if can_view_learning(seat):
        items.append(("Learning", "reviews:learning"))
    return items


# Reviews ---------------------------------------------------------------------------------------------------


def can_list_reviews(seat: Seat) -> bool:
    return seat.has(*REVIEW_READERS, Role.REVIEWER)


def can_manage_reviews(seat: Seat) -> bool:
    return seat.has(*MANAGERS)


def can_read_access_log(seat: Seat) -> bool:
    return seat.has(*ACCESS_LOG_READERS)


def reads_every_review(seat: Seat) -> bool:
    """All of the partnership's reviews; otherwise a reviewer reads only the reviews granted to them."""
    return seat.has(*REVIEW_READERS)


def reviews_for_user(seat: Seat, user) -> QuerySet[Review]:
    """Reviews whose detail the person may read: all of the partnership's, or, for reviewers, their grants."""
    if seat.partnership is None:
        return Review.objects.none()
    # Through the partnership's own manager, so each review knows its partnership without another query.
    reviews = seat.partnership.reviews.all()
    if reads_every_review(seat):
        return reviews
    if seat.has(Role.REVIEWER):
        return reviews.granted_to(user)
    return Review.objects.none()


def get_review_for_user(seat: Seat, user, public_id) -> Review:
    """A review whose restricted detail the person may read; anyone else is told it does not exist."""
    try:
        return reviews_for_user(seat, user).get(public_id=public_id)
    except Review.DoesNotExist:
        raise Http404 from None


def can_list_summaries(seat: Seat) -> bool:
    return seat.has(*SUMMARY_READERS)


def summaries_for_user(seat: Seat) -> QuerySet[Review]:
    if not can_list_summaries(seat):
        return Review.objects.none()
    return Review.objects.filter(partnership=seat.partnership)


def get_review_summary_for_user(seat: Seat, user, public_id) -> Review:
    """A review's anonymised summary: for board-level people and agency leads, and granted reviewers."""
    review = summaries_for_user(seat).filter(public_id=public_id).first()
    if review is None:
        return get_review_for_user(seat, user, public_id)
    return review


def get_grant_for_user(seat: Seat, review: Review, pk: int) -> ReviewerGrant:
    grant = review.reviewer_grants.select_related("user").filter(pk=pk).first()
    if grant is None:
        raise Http404
    return grant


# The improvement tracker -----------------------------------------------------------------------------------


def can_list_actions(seat: Seat) -> bool:
    return seat.has(*TRACKER_READERS, *AGENCY_ACTION_ROLES)


def can_manage_tracker(seat: Seat) -> bool:
    return seat.has(*MANAGERS)


def reads_every_action(seat: Seat) -> bool:
    """All of the partnership's actions; otherwise board members and leads read their own agencies'."""
    return seat.has(*TRACKER_READERS)


def actions_for_user(seat: Seat) -> QuerySet[Action]:
    """Every action in the partnership for tracker readers; their own agency's for board members and leads."""
    actions = Action.objects.filter(partnership=seat.partnership)
    if reads_every_action(seat):
        return actions
    if seat.has(*AGENCY_ACTION_ROLES):
        return actions.filter(owner_agency_id__in=seat.agency_ids)
    return Action.objects.none()


def owner_agencies_for_user(seat: Seat) -> QuerySet[Agency]:
    """The owner agencies the person may filter the tracker by: every member, or their own agencies."""
    agencies = Agency.objects.filter(memberships__partnership=seat.partnership).distinct()
    if seat.has(*TRACKER_READERS):
        return agencies
    return agencies.filter(pk__in=seat.agency_ids)


def get_action_for_user(seat: Seat, public_id) -> Action:
    action = (
        actions_for_user(seat)
        .select_related("recommendation__review", "owner_agency")
        .filter(public_id=public_id)
        .first()
    )
    if action is None:
        raise Http404
    return action


def can_update_action(seat: Seat, action: Action) -> bool:
    """The business manager, or an agency lead of the agency that owns the action."""
    if seat.has(*MANAGERS):
        return True
    return seat.has(*ACTION_UPDATERS) and action.owner_agency_id in seat.agency_ids


def can_view_recommendations(seat: Seat) -> bool:
    """Recommendation pages (every source's) are for tracker readers; others see the text on their actions."""
    return seat.has(*TRACKER_READERS)


def recommendations_for_user(seat: Seat) -> QuerySet[Recommendation]:
    if not can_view_recommendations(seat):
        return Recommendation.objects.none()
    return Recommendation.objects.filter(partnership=seat.partnership)


def get_recommendation_for_user(seat: Seat, public_id) -> Recommendation:
    recommendation = (
        recommendations_for_user(seat).select_related("review").filter(public_id=public_id).first()
    )
    if recommendation is None:
        raise Http404
    return recommendation


def get_evidence_for_user(seat: Seat, public_id) -> Evidence:
    evidence = (
        Evidence.objects.filter(public_id=public_id, action__in=actions_for_user(seat))
        .select_related("action")
        .first()
    )
    if evidence is None:
        raise Http404
    return evidence


# Learning and themes ---------------------------------------------------------------------------------------


def can_view_learning(seat: Seat) -> bool:
    return seat.has(*LEARNING_READERS)


def can_view_themes(seat: Seat) -> bool:
    return seat.has(*REVIEW_READERS)


def themes_for_user(seat: Seat) -> QuerySet[Theme]:
    if not can_view_themes(seat):
        return Theme.objects.none()
    return Theme.objects.for_partnership(seat.partnership)


def get_theme_for_user(seat: Seat, pk: int) -> Theme:
    """One of the partnership's own themes (the standard ones are managed centrally)."""
    theme = themes_for_user(seat).filter(pk=pk, partnership=seat.partnership).first()
    if theme is None:
        raise Http404
    return theme
