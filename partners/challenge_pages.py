"""What a challenge's page shows: its ladder with due dates and names, its steps in order, the reminders
that went out, and the actions the viewer may take."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from partners import access, challenge_links
from partners.challenge_people import People
from partners.models import Agency, Challenge, ChallengeStep, Responder
from safeguarding import reminders
from safeguarding.access import Seat
from safeguarding.listing import short_date_maker, url_maker

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
# The status tag of a challenge (GOV.UK tag colour, text); colour is never the only signal.
STATUS_TAGS = {
    Challenge.Status.AWAITING_RESPONSE: ("blue", "Awaiting response"),
    Challenge.Status.RESPONDED: ("yellow", "Response received"),
    Challenge.Status.RESOLVED: ("green", "Resolved"),
    Challenge.Status.WITHDRAWN: ("grey", "Withdrawn"),
}
# What the log reads of each challenge on a page: plain values, without joins (agency names come from the
# filter's list of member agencies, which the page reads anyway).
LOG_FIELDS = (
    "public_id",
    "number",
    "subject",
    "addressed_to_id",
    "raised_by_agency_id",
    "stage",
    "status",
    "stage_due_on",
    "raised_on",
    "stuck_since",
)


def status_tags(status: str, stuck_since, stage_due_on, today: datetime.date) -> SafeString:
    """The status tag, then Stuck or Overdue when the challenge is either, as GOV.UK tags.

    Written here, not by a template loop: fifty rows of a nested loop cost the log more than the rest of
    its table."""
    tags = [STATUS_TAGS.get(status, STATUS_TAGS[Challenge.Status.WITHDRAWN])]
    if stuck_since:
        tags.append(("red", "Stuck"))
    elif status == Challenge.Status.AWAITING_RESPONSE and stage_due_on < today:
        tags.append(("orange", "Overdue"))
    return format_html_join(" ", '<strong class="govuk-tag govuk-tag--{}">{}</strong>', tags)


# One row of the log's table. Written in Python, as Django's admin writes its change list's cells: through
# the template engine, fifty rows of eight cells cost more than the rest of the page.
LOG_ROW = format_html(
    '<td class="govuk-table__cell"><a class="govuk-link" href="{{}}">{{}}</a></td>{}',
    mark_safe('<td class="govuk-table__cell">{}</td>' * 7),  # noqa: S308 - a constant
)
CLOSED = mark_safe('<span class="govuk-visually-hidden">Closed</span>–')  # noqa: S308 - a constant


def log_rows(values, agency_names: dict[int, str], today: datetime.date) -> list[SafeString]:
    """One page of the log (rows of LOG_FIELDS), each as the cells of its table row."""
    values = list(values)
    names = dict(agency_names)
    missing = {row[key] for row in values for key in ("addressed_to_id", "raised_by_agency_id")} - {None}
    missing -= names.keys()
    if missing:
        # An agency whose membership is not on record: the invariants say never, but show its name anyway.
        names.update(Agency.objects.filter(pk__in=missing).values_list("pk", "name"))
    short = short_date_maker()
    detail_url = url_maker("challenges:detail")
    rows = []
    for row in values:
        on_behalf = row["raised_by_agency_id"]
        rows.append(
            format_html(
                LOG_ROW,
                detail_url(row["public_id"]),
                f"CH-{row['number']:04d}",  # Challenge.reference
                row["subject"],
                names[row["addressed_to_id"]],
                names[on_behalf] if on_behalf else "The partnership",
                row["stage"],
                short(row["stage_due_on"]) if row["status"] in Challenge.OPEN_STATUSES else CLOSED,
                short(row["raised_on"]),
                status_tags(row["status"], row["stuck_since"], row["stage_due_on"], today),
            )
        )
    return rows


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
        "tags": status_tags(challenge.status, challenge.stuck_since, challenge.stage_due_on, today),
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
