"""Challenges for the access matrix: one at each state a URL cares about, in both partnerships."""

import datetime

from django.utils import timezone

from partners.models import Responder
from safeguarding.calendar import add_working_days
from tests.challenges.factories import ChallengeFactory, respond_directly


def build(w) -> None:
    today = timezone.localdate()
    # Raised by the chair for the partnership, addressed to agency A, waiting at stage 1.
    w.challenge_home = ChallengeFactory(partnership=w.home, raised_by=w.chair, addressed_to=w.agency_a)
    # Raised by agency A's board member for agency A, addressed to agency B, answered with evidence.
    w.challenge_responded = ChallengeFactory(
        partnership=w.home, raised_by=w.board, raised_by_agency=w.agency_a, addressed_to=w.agency_b
    )
    w.evidence_step = respond_directly(w.challenge_responded, w.lead_b, evidence=b"%PDF-1.4 evidence")
    # Raised by the scrutineer, addressed to the shared agency, overdue at stage 2 (its delegated partner).
    w.challenge_overdue = ChallengeFactory(
        partnership=w.home,
        raised_by=w.scrutineer,
        addressed_to=w.shared,
        raised_on=today - datetime.timedelta(days=40),
        response_due_on=add_working_days(today, -20),
        stage=2,
        stage_responder=Responder.SENIOR_LEAD,
        stage_due_on=add_working_days(today, -2),
    )
    # The other partnership's: raised by its business manager (the outsider), addressed to the shared agency.
    w.challenge_other = ChallengeFactory(partnership=w.other, raised_by=w.outsider, addressed_to=w.shared)
    w.evidence_step_other = respond_directly(w.challenge_other, w.outsider, evidence=b"%PDF-1.4 other")
