"""The challenge log's URLs in the matrix (tests/access/policies.py explains the cast and the cases)."""

from tests.access.policies import BOARD, MANAGER, NONE, OVERSIGHT, foreign, own

LOG_READERS = BOARD | {"lead_a", "lead_b"}
# Who sees each world challenge (tests/access/world_challenges.py).
SEES_HOME = OVERSIGHT | {"board", "lead_a"}  # addressed to agency A
SEES_RESPONDED = OVERSIGHT | {"board", "lead_a", "lead_b"}  # raised by agency A, addressed to agency B
SEES_OVERDUE = OVERSIGHT | {"lead_partner", "delegated_partner"}  # addressed to the shared agency


def section(w) -> dict:
    home = {"public_id": w.challenge_home.public_id}
    responded = {"public_id": w.challenge_responded.public_id}
    overdue = {"public_id": w.challenge_overdue.public_id}
    other = {"public_id": w.challenge_other.public_id}
    chair_scrutineer = frozenset({"chair", "scrutineer"})
    return {
        "challenges:list": [own(get=LOG_READERS)],
        "challenges:export": [
            own("csv", {"fmt": "csv"}, get=LOG_READERS, relative=True),
            own("xlsx", {"fmt": "xlsx"}, get=LOG_READERS, relative=True),
        ],
        "challenges:summary": [own(get=BOARD)],
        "challenges:ladder": [own(get=BOARD, post=MANAGER, read=BOARD)],
        "challenges:raise": [own(get=BOARD, post=BOARD, read=LOG_READERS)],
        "challenges:detail": [
            own("addressed to agency A", home, get=SEES_HOME),
            own("raised by agency A", responded, get=SEES_RESPONDED),
            own("addressed to the shared agency", overdue, get=SEES_OVERDUE),
            foreign(kwargs=other, get=OVERSIGHT),
        ],
        "challenges:respond": [
            own("waiting for agency A's lead", home, get={"lead_a"}, post={"lead_a"}, read=SEES_HOME),
            own("already answered", responded, get=NONE, post=NONE, read=SEES_RESPONDED),
            own(
                "stage 2: the shared agency's delegated partner",
                overdue,
                get={"delegated_partner"},
                post={"delegated_partner"},
                read=SEES_OVERDUE,
            ),
            foreign(kwargs=other, get=NONE, post=NONE, read=OVERSIGHT),
        ],
        "challenges:decide": [
            own("not yet answered", home, get=NONE, post=NONE, read=SEES_HOME),
            own(
                "answered: the raiser, chair or scrutineer decide",
                responded,
                get=chair_scrutineer | {"board"},
                post=chair_scrutineer | {"board"},
                read=SEES_RESPONDED,
            ),
            # Answered, and raised by the outsider (the other partnership's manager).
            foreign(kwargs=other, get=MANAGER, post=MANAGER, read=OVERSIGHT),
        ],
        "challenges:escalate": [
            own("not overdue", home, get=NONE, post=NONE, read=SEES_HOME),
            own("overdue", overdue, get=chair_scrutineer, post=chair_scrutineer, read=SEES_OVERDUE),
            foreign(kwargs=other, get=NONE, post=NONE, read=OVERSIGHT),
        ],
        "challenges:withdraw": [
            own("raised by the chair", home, get=chair_scrutineer, post=chair_scrutineer, read=SEES_HOME),
            own(
                "raised by the board member",
                responded,
                get=chair_scrutineer | {"board"},
                post=chair_scrutineer | {"board"},
                read=SEES_RESPONDED,
            ),
            foreign(kwargs=other, get=MANAGER, post=MANAGER, read=OVERSIGHT),
        ],
        "challenges:evidence": [
            own("evidence", {**responded, "step_id": w.evidence_step.pk}, get=SEES_RESPONDED, post=None),
            own("another challenge's step", {**home, "step_id": w.evidence_step.pk}, get=NONE, post=None),
            foreign(kwargs={**other, "step_id": w.evidence_step_other.pk}, get=OVERSIGHT, post=None),
        ],
    }
