"""The demo challenges: believable, in every state, in both partnerships, and safe to load twice."""

import pytest

from partners import demo as partners_demo
from partners.models import Challenge, ChallengeStep
from safeguarding import demo

pytestmark = pytest.mark.django_db


def test_demo_challenges_cover_each_state_and_load_idempotently(today):
    partnerships = partners_demo.seed()
    demo.seed(partnerships)
    partners_demo.seed_records(partnerships)
    counts = (Challenge.objects.count(), ChallengeStep.objects.count())
    partners_demo.seed_records(partnerships)
    assert (Challenge.objects.count(), ChallengeStep.objects.count()) == counts

    three_rivers = Challenge.objects.filter(partnership__slug="three-rivers")
    assert set(three_rivers.values_list("status", flat=True)) == {
        "awaiting_response",
        "responded",
        "resolved",
        "withdrawn",
    }
    assert three_rivers.stuck().exists() and three_rivers.overdue(today).exists()
    assert set(three_rivers.values_list("stage", flat=True)) == {1, 2, 3}
    assert Challenge.objects.filter(partnership__slug="dunmore").count() == 2
    # Steps are in the order the story tells them, and no demo step waits to e-mail anyone.
    for challenge in Challenge.objects.all():
        steps = list(challenge.steps.all())
        assert steps[0].kind == "raised"
        assert [s.created_at for s in steps] == sorted(s.created_at for s in steps)
    assert not ChallengeStep.objects.filter(notice_pending=True).exists()
