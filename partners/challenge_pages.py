"""What a challenge's page shows: its ladder with due dates and names, its steps in order, the reminders
that went out, and the actions the viewer may take."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from partners import access, challenge_links
from partners.challenge_people import People
from partners.models import Challenge, ChallengeStep, Responder
from safeguarding import reminders
from safeguarding.access import Seat

REMINDER_LABELS = {
    "challenge.due_soon": "Reminder: answer due within 3 working days",
    "challenge.due": "Reminder: answer due today",
    "challenge.overdue": "Answer overdue",
    "challenge.stuck": "Stuck: the chair and scrutineer told",
    "challenge.raised": "Told of the new challenge",
    "challenge.response": "Told of the response",
    "challenge.accepted": "Told the challenge is resolved",
    "challenge.escalated": "Told of the escalation",
    "challenge.withdrawn": "Told the challenge is withdrawn",
}
ENTRY_KINDS = {ChallengeStep.Kind.RAISED, ChallengeStep.Kind.ESCALATED}


@dataclass
class LadderRow:
    number: int
    responder: str
    working_days: int | None
    state: str  # "passed", "current", "resolved", "closed" or "not reached"
    due_on: datetime.date | None = None
    answered_on: datetime.date | None = None
    people: str = ""


def _ladder(challenge: Challenge, steps: list[ChallengeStep], people: People) -> list[LadderRow]:
    entries = {s.stage: s for s in steps if s.kind in ENTRY_KINDS}
    answers = {s.stage: s for s in steps if s.kind == ChallengeStep.Kind.RESPONSE}
    configured = {stage.number: stage for stage in challenge.ladder()}
    rows = []
    for number in sorted(set(configured) | set(entries)):
        entry, answer, stage = entries.get(number), answers.get(number), configured.get(number)
        responder = entry.responder if entry else stage.responder
        row = LadderRow(
            number=number,
            responder=Responder(responder).label,
            working_days=stage.working_days if stage else None,
            state="not reached",
            due_on=entry.due_on if entry else None,
            answered_on=timezone.localtime(answer.created_at).date() if answer else None,
        )
        if answer:
            row.people = answer.author.full_name if answer.author else ""
        if number < challenge.stage:
            row.state = "passed"
        elif number == challenge.stage:
            row.state = {
                Challenge.Status.RESOLVED: "resolved",
                Challenge.Status.WITHDRAWN: "closed",
            }.get(challenge.status, "current")
            if challenge.status == Challenge.Status.AWAITING_RESPONSE:
                names = people.responders(challenge.partnership_id, responder, challenge.addressed_to_id)
                row.people = ", ".join(p.full_name for p in names) or (
                    "Nobody holds this role: the business manager has been told"
                )
        rows.append(row)
    return rows


def _reminder_rows(challenge: Challenge, steps: list[ChallengeStep]) -> list[dict]:
    step_stage = {f"step-{s.pk}": s.stage for s in steps}
    rows = []
    for reminder in reminders.sent_for(challenge):
        rows.append(
            {
                "when": reminder.sent_at or reminder.claimed_at,
                "what": REMINDER_LABELS.get(reminder.kind, reminder.kind),
                "stage": step_stage.get(reminder.stage) or reminder.stage,
                "to": reminder.recipient.full_name,
                "state": reminder.get_state_display(),
                "sent": reminder.state == reminder.State.SENT,
            }
        )
    return rows


def challenge_page_context(seat: Seat, user, challenge: Challenge) -> dict:
    today = timezone.localdate()
    steps = list(challenge.steps.select_related("author"))
    people = People.for_challenge(challenge)
    return {
        "challenge": challenge,
        "today": today,
        "overdue": challenge.is_overdue(today),
        "steps": steps,
        "ladder": _ladder(challenge, steps, people),
        "reminders": _reminder_rows(challenge, steps),
        "link": challenge_links.describe(seat, user, challenge),
        "can_respond": access.can_respond_to_challenge(seat, user, challenge),
        "can_decide": access.can_decide_challenge(seat, user, challenge),
        "can_escalate": access.can_escalate_challenge(seat, user, challenge, today),
        "can_withdraw": access.can_withdraw_challenge(seat, user, challenge),
    }
