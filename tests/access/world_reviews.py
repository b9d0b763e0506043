"""Records for the reviews app's URLs in the access matrix: reviews, grants, the tracker, evidence, themes."""

from safeguarding.roles import Role
from tests.factories import RoleFactory, UserFactory
from tests.reviews.factories import (
    ActionFactory,
    EvidenceFactory,
    RecommendationFactory,
    ReviewFactory,
    ThemeFactory,
    grant,
)


def build(w) -> None:
    # The home partnership's reviewer is granted review_home only; review_hidden is not theirs.
    w.review_home = ReviewFactory(partnership=w.home, reference="HOME-1")
    w.review_hidden = ReviewFactory(partnership=w.home, reference="HOME-2")
    w.review_other = ReviewFactory(partnership=w.other, reference="OTHER-1")
    grant(w.reviewer, w.review_home)
    w.grant_home = w.review_home.reviewer_grants.get()
    other_reviewer = UserFactory(full_name="Other Reviewer")
    RoleFactory(user=other_reviewer, partnership=w.other, role=Role.REVIEWER)
    grant(other_reviewer, w.review_other)
    w.grant_other = w.review_other.reviewer_grants.get()

    w.recommendation_home = RecommendationFactory(review=w.review_home)
    w.recommendation_other = RecommendationFactory(review=w.review_other)
    w.action_a = ActionFactory(recommendation=w.recommendation_home, owner_agency=w.agency_a)
    w.action_b = ActionFactory(recommendation=w.recommendation_home, owner_agency=w.agency_b)
    w.action_other = ActionFactory(recommendation=w.recommendation_other, owner_agency=w.shared)
    w.evidence_a = EvidenceFactory(action=w.action_a)
    w.evidence_other = EvidenceFactory(action=w.action_other)
    w.theme_home = ThemeFactory(partnership=w.home, name="Home theme")
    w.theme_other = ThemeFactory(partnership=w.other, name="Other theme")
