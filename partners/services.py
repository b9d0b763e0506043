"""Every change to partnership records that spans models or sends mail."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from partners.challenge_people import People, Person, unique
from partners.models import (
    Agency,
    Challenge,
    ChallengeStep,
    EscalationStage,
    Membership,
    Partnership,
    RoleAssignment,
)
from safeguarding import emails, reminders
from safeguarding.access import roles_needing_mfa
from safeguarding.calendar import add_working_days, working_days_between
from safeguarding.models import User
from safeguarding.queue import enqueue_on_commit
from safeguarding.reminders import Due, subject_key


@transaction.atomic
def agency_join(
    *,
    partnership: Partnership,
    name: str,
    sector: str,
    statutory_role: str,
    starts_on: datetime.date,
) -> tuple[Membership, bool]:
    """Make an agency a member, creating the agency unless one of that name exists (agencies are shared).

    Returns the membership and whether the agency was new to the portal.
    """
    agency = Agency.objects.filter(name__iexact=name.strip()).first()
    created = agency is None
    if created:
        agency = Agency.objects.create(name=name.strip(), sector=sector)
    membership = Membership.objects.create(
        partnership=partnership, agency=agency, statutory_role=statutory_role, starts_on=starts_on
    )
    return membership, created


@transaction.atomic
def membership_end(*, membership: Membership, ends_on: datetime.date) -> Membership:
    """End a membership; the roles people held for that agency in this partnership end with it."""
    membership.ends_on = ends_on
    membership.full_clean()
    membership.save(update_fields=["ends_on"])
    RoleAssignment.objects.filter(partnership=membership.partnership, agency=membership.agency).delete()
    return membership


@dataclass(frozen=True)
class InviteResult:
    assignment: RoleAssignment
    new_account: bool


@transaction.atomic
def person_invite(
    *,
    partnership: Partnership,
    full_name: str,
    email: str,
    role: str,
    agency: Agency | None,
    invited_by: User,
) -> InviteResult:
    """Give a person a role, creating their account if needed, and e-mail them (with a set-password link)."""
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    new_account = user is None
    if new_account:
        user = User.objects.create_user(email=email, password=None, full_name=full_name.strip())
    assignment = RoleAssignment.objects.create(user=user, partnership=partnership, role=role, agency=agency)
    from partners.tasks import send_invitation

    enqueue_on_commit(send_invitation, assignment.pk, invited_by.pk)
    return InviteResult(assignment=assignment, new_account=new_account)


def role_remove(*, assignment: RoleAssignment) -> None:
    """Takes effect on the person's next request: every request reads roles afresh."""
    assignment.delete()


def invitation_send(*, assignment_id: int, invited_by_id: int) -> None:
    """E-mail a person about their new role; people who have never set a password get a one-time link."""
    assignment = (
        RoleAssignment.objects.select_related("user", "partnership", "agency")
        .filter(pk=assignment_id)
        .first()
    )
    if assignment is None:  # the role was removed before the mail went out
        return
    user = assignment.user
    set_password_url = None
    if not user.has_usable_password():
        key = default_token_generator.make_token(user)
        path = reverse(
            "account_reset_password_from_key", kwargs={"uidb36": user_pk_to_url_str(user), "key": key}
        )
        set_password_url = settings.SITE_URL + path
    context = {
        "person": user,
        "invited_by": User.objects.filter(pk=invited_by_id).first(),
        "partnership": assignment.partnership,
        "role_label": assignment.get_role_display(),
        "agency": assignment.agency,
        "set_password_url": set_password_url,
        "link_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        "needs_mfa": assignment.role in roles_needing_mfa(),
    }
    emails.send("invitation", context, [user.email])


# The challenge log: raising a challenge, the conversation with its clock, escalation, and the daily sweep.

logger = logging.getLogger(__name__)

SOON_WORKING_DAYS = 3  # the first reminder goes this many working days before the answer is due
STUCK_WORKING_DAYS = 5  # overdue by this many working days, the chair and scrutineer are told
# A step's notice is sent by a task enqueued on commit; the sweep sends any still pending after this long
# (the broker was unreachable at commit, say). The claim makes it impossible to send one twice.
NOTICE_GRACE = datetime.timedelta(minutes=15)


class ChallengeChanged(Exception):
    """Someone acted on the challenge after the page was shown: nothing was saved."""


@transaction.atomic
def escalation_ladder_ensure(*, partnership: Partnership) -> list[EscalationStage]:
    """The partnership's ladder, saving the default one first when the partnership has none."""
    stages = EscalationStage.objects.ladder_for(partnership.pk)
    if stages[0].pk is None:
        EscalationStage.objects.bulk_create(stages)
        stages = EscalationStage.objects.ladder_for(partnership.pk)
    return stages


@transaction.atomic
def escalation_ladder_save(
    *, partnership: Partnership, stages: list[tuple[str, int]]
) -> list[EscalationStage]:
    """Replace the ladder with `stages` (who answers, working days), numbered 1, 2, ... in order.

    Open challenges keep the due date of the stage they are at; the new ladder applies from their next
    escalation.
    """
    if not stages:
        raise ValueError("An escalation ladder needs at least one stage.")
    Partnership.objects.select_for_update().filter(pk=partnership.pk).first()
    for number, (responder, working_days) in enumerate(stages, start=1):
        EscalationStage.objects.update_or_create(
            partnership=partnership,
            number=number,
            defaults={"responder": responder, "working_days": working_days},
        )
    EscalationStage.objects.filter(partnership=partnership, number__gt=len(stages)).delete()
    return EscalationStage.objects.ladder_for(partnership.pk)


def _notify_on_commit(step: ChallengeStep) -> None:
    from partners.tasks import send_challenge_notice

    enqueue_on_commit(send_challenge_notice, step.pk)


def _lock_challenge(challenge: Challenge, version: int) -> Challenge:
    """The challenge, locked for this transaction, provided nobody has acted on it since `version`."""
    # Only the challenge's row is locked (of=self): its partnership row stays free for other challenges.
    locked = (
        Challenge.objects.select_for_update(of=("self",)).select_related("partnership").get(pk=challenge.pk)
    )
    if locked.version != version:
        raise ChallengeChanged
    return locked


def _save_state(challenge: Challenge, *fields: str) -> None:
    challenge.version += 1
    challenge.save(update_fields=[*fields, "version"])


@transaction.atomic
def challenge_raise(
    *,
    partnership: Partnership,
    raised_by: User,
    raised_by_agency: Agency | None,
    addressed_to: Agency,
    subject: str,
    concern: str,
    asked: str,
    response_due_on: datetime.date,
    link_kind: str = "",
    link_ref: str = "",
) -> Challenge:
    """Raise a challenge at the first stage of the ladder and tell whoever must answer it."""
    # Numbering and the first use of the default ladder must not race with another challenge's.
    Partnership.objects.select_for_update().filter(pk=partnership.pk).first()
    first = escalation_ladder_ensure(partnership=partnership)[0]
    number = (Challenge.objects.filter(partnership=partnership).aggregate(n=Max("number"))["n"] or 0) + 1
    challenge = Challenge.objects.create(
        partnership=partnership,
        number=number,
        raised_by=raised_by,
        raised_by_agency=raised_by_agency,
        addressed_to=addressed_to,
        subject=subject.strip(),
        concern=concern.strip(),
        asked=asked.strip(),
        raised_on=timezone.localdate(),
        response_due_on=response_due_on,
        link_kind=link_kind,
        link_ref=link_ref,
        stage=first.number,
        stage_responder=first.responder,
        stage_due_on=response_due_on,
    )
    step = ChallengeStep.objects.create(
        challenge=challenge,
        kind=ChallengeStep.Kind.RAISED,
        stage=first.number,
        author=raised_by,
        due_on=response_due_on,
        responder=first.responder,
        notice_pending=True,
    )
    _notify_on_commit(step)
    return challenge


@transaction.atomic
def challenge_respond(
    *, challenge: Challenge, author: User, text: str, evidence=None, version: int
) -> ChallengeStep:
    """Record the answer at the current stage (stopping its clock) and tell the person who raised it."""
    challenge = _lock_challenge(challenge, version)
    if challenge.status != Challenge.Status.AWAITING_RESPONSE:
        raise ChallengeChanged
    step = ChallengeStep(
        challenge=challenge,
        kind=ChallengeStep.Kind.RESPONSE,
        stage=challenge.stage,
        author=author,
        text=text.strip(),
        notice_pending=True,
    )
    if evidence is not None:
        step.evidence = evidence
        step.evidence_name = evidence.name[:200]
    step.save()
    challenge.status = Challenge.Status.RESPONDED
    challenge.stuck_since = None
    _save_state(challenge, "status", "stuck_since")
    _notify_on_commit(step)
    return step


@transaction.atomic
def challenge_accept(
    *, challenge: Challenge, decided_by: User, outcome: str, note: str, version: int
) -> Challenge:
    """Accept the answer: the challenge is resolved with an outcome."""
    challenge = _lock_challenge(challenge, version)
    if challenge.status != Challenge.Status.RESPONDED:
        raise ChallengeChanged
    challenge.status = Challenge.Status.RESOLVED
    challenge.outcome = outcome
    challenge.closed_on = timezone.localdate()
    _save_state(challenge, "status", "outcome", "closed_on")
    step = ChallengeStep.objects.create(
        challenge=challenge,
        kind=ChallengeStep.Kind.ACCEPTED,
        stage=challenge.stage,
        author=decided_by,
        outcome=outcome,
        text=note.strip(),
        notice_pending=True,
    )
    _notify_on_commit(step)
    return challenge


@transaction.atomic
def challenge_escalate(*, challenge: Challenge, decided_by: User, reason: str, version: int) -> Challenge:
    """Move the challenge up the ladder: the answer was not accepted, or no answer came by the due date.

    The next stage's clock starts today, on the working-day calendar, and its people are told.
    """
    challenge = _lock_challenge(challenge, version)
    today = timezone.localdate()
    next_stage = challenge.next_stage()
    if next_stage is None:
        raise ChallengeChanged
    if challenge.status == Challenge.Status.RESPONDED:
        ChallengeStep.objects.create(
            challenge=challenge,
            kind=ChallengeStep.Kind.NOT_ACCEPTED,
            stage=challenge.stage,
            author=decided_by,
            text=reason.strip(),
        )
        escalation_note = ""
    elif challenge.is_overdue(today):
        escalation_note = reason.strip()
    else:
        raise ChallengeChanged
    due_on = add_working_days(today, next_stage.working_days)
    challenge.stage = next_stage.number
    challenge.stage_responder = next_stage.responder
    challenge.stage_due_on = due_on
    challenge.status = Challenge.Status.AWAITING_RESPONSE
    challenge.stuck_since = None
    _save_state(challenge, "stage", "stage_responder", "stage_due_on", "status", "stuck_since")
    step = ChallengeStep.objects.create(
        challenge=challenge,
        kind=ChallengeStep.Kind.ESCALATED,
        stage=next_stage.number,
        author=decided_by,
        text=escalation_note,
        due_on=due_on,
        responder=next_stage.responder,
        notice_pending=True,
    )
    _notify_on_commit(step)
    return challenge


@transaction.atomic
def challenge_withdraw(*, challenge: Challenge, withdrawn_by: User, reason: str, version: int) -> Challenge:
    challenge = _lock_challenge(challenge, version)
    if not challenge.is_open:
        raise ChallengeChanged
    challenge.status = Challenge.Status.WITHDRAWN
    challenge.closed_on = timezone.localdate()
    challenge.stuck_since = None
    _save_state(challenge, "status", "closed_on", "stuck_since")
    step = ChallengeStep.objects.create(
        challenge=challenge,
        kind=ChallengeStep.Kind.WITHDRAWN,
        stage=challenge.stage,
        author=withdrawn_by,
        text=reason.strip(),
        notice_pending=True,
    )
    _notify_on_commit(step)
    return challenge


def challenge_url(challenge: Challenge) -> str:
    return settings.SITE_URL + reverse("challenges:detail", kwargs={"public_id": challenge.public_id})


def _person(user: User) -> Person | None:
    return Person(user.pk, user.full_name, user.email) if user.is_active else None


def _notice_recipients(step: ChallengeStep, people: People) -> list[Person]:
    """Who a step concerns: the people who must now act, and those whose challenge it is."""
    challenge = step.challenge
    partnership_id, agency_id = challenge.partnership_id, challenge.addressed_to_id
    raiser = [p for p in [_person(challenge.raised_by)] if p]
    leads = people.agency_leads(partnership_id, agency_id)
    Kind = ChallengeStep.Kind
    if step.kind == Kind.RAISED:
        groups = [people.answerers(partnership_id, step.responder, agency_id)]
    elif step.kind == Kind.RESPONSE:
        groups = [raiser]
    elif step.kind == Kind.ESCALATED:
        groups = [people.answerers(partnership_id, step.responder, agency_id), leads, raiser]
    elif step.kind in {Kind.ACCEPTED, Kind.WITHDRAWN}:
        answering = people.responders(partnership_id, challenge.stage_responder, agency_id)
        groups = [answering, leads, raiser]
    else:
        return []
    return unique(*groups, leave_out=[step.author_id] if step.author_id else [])


def challenge_steps_notify(*, step_ids: list[int]) -> int:
    """E-mail the people each step concerns, exactly once each: claimed (committed) first, then sent.

    Not atomic on purpose: the claims must be committed before any e-mail leaves.
    """
    if not step_ids:
        return 0
    steps = list(
        ChallengeStep.objects.filter(pk__in=step_ids, notice_pending=True).select_related(
            "author",
            "challenge__partnership",
            "challenge__addressed_to",
            "challenge__raised_by",
            "challenge__raised_by_agency",
        )
    )
    if not steps:
        return 0
    people = People.for_partnerships({step.challenge.partnership_id for step in steps})
    dues = [
        Due(
            kind=f"challenge.{step.kind}",
            subject_key=subject_key("partners.challenge", step.challenge_id),
            recipient_id=person.id,
            stage=f"step-{step.pk}",
        )
        for step in steps
        for person in _notice_recipients(step, people)
    ]
    claimed = reminders.claim(dues)
    ChallengeStep.objects.filter(pk__in=[step.pk for step in steps]).update(notice_pending=False)
    by_pk = {step.pk: step for step in steps}

    def send_one(reminder) -> None:
        step = by_pk[int(reminder.stage.removeprefix("step-"))]
        context = {
            "step": step,
            "challenge": step.challenge,
            "person": reminder.recipient,
            "url": challenge_url(step.challenge),
        }
        emails.send("challenge_notice", context, [reminder.recipient.email])

    sent, _failed = reminders.deliver(claimed, send_one)
    return sent


@dataclass(frozen=True)
class ReminderWindows:
    """The due dates that call for each reminder on a given day, on the working-day calendar."""

    today: datetime.date
    soon_latest: datetime.date  # due within SOON_WORKING_DAYS working days of today (and not yet due)
    stuck_latest: datetime.date  # overdue by at least STUCK_WORKING_DAYS working days

    @classmethod
    def on(cls, today: datetime.date) -> ReminderWindows:
        one_day = datetime.timedelta(days=1)
        # The last date whose count of working days after today is SOON_WORKING_DAYS: the day before the
        # next working day; and the last date with STUCK_WORKING_DAYS working days from it to today.
        soon_latest = add_working_days(today, SOON_WORKING_DAYS + 1) - one_day
        stuck_latest = add_working_days(today + one_day, -STUCK_WORKING_DAYS) - one_day
        return cls(today=today, soon_latest=soon_latest, stuck_latest=stuck_latest)

    def kinds(self, due_on: datetime.date) -> list[str]:
        if due_on > self.today:
            return ["challenge.due_soon"] if due_on <= self.soon_latest else []
        if due_on == self.today:
            return ["challenge.due"]
        if due_on <= self.stuck_latest:
            return ["challenge.overdue", "challenge.stuck"]
        return ["challenge.overdue"]


@dataclass(frozen=True)
class SweepResult:
    reminders_sent: int
    reminders_failed: int
    flagged_stuck: int
    notices_sent: int
    unconfirmed: int


def _flag_stuck(challenge_ids: list[int], today: datetime.date) -> int:
    """Flag challenges stuck, once each even when two sweeps run at once (the second skips locked rows)."""
    if not challenge_ids:
        return 0
    with transaction.atomic():
        fresh = list(
            Challenge.objects.select_for_update(skip_locked=True)
            .filter(pk__in=challenge_ids, stuck_since__isnull=True, status=Challenge.Status.AWAITING_RESPONSE)
            .values_list("pk", "stage")
        )
        if not fresh:
            return 0
        # Not a change of state a person acts on, so the version stays: nobody's open form is refused.
        Challenge.objects.filter(pk__in=[pk for pk, _ in fresh]).update(stuck_since=today)
        ChallengeStep.objects.bulk_create(
            [
                ChallengeStep(
                    challenge_id=pk,
                    kind=ChallengeStep.Kind.STUCK,
                    stage=stage,
                    text=f"Overdue by {STUCK_WORKING_DAYS} working days: the chair and scrutineer were told.",
                )
                for pk, stage in fresh
            ],
            batch_size=2000,
        )
    return len(fresh)


def challenge_reminders_sweep(*, today: datetime.date | None = None) -> SweepResult:
    """The daily sweep: reminders before and on the due date, overdue and stuck notices, exactly once each.

    One query finds every challenge that may be due something, one more the people to tell; the reminders
    are claimed (committed) before any is sent, so a second sweep at the same time, or one after a crash,
    sends nothing twice. Not atomic on purpose, for the same reason.
    """
    windows = ReminderWindows.on(today or timezone.localdate())
    columns = ("pk", "partnership_id", "addressed_to_id", "stage", "stage_responder", "stage_due_on")
    rows = list(
        Challenge.objects.due_for_reminders(windows.soon_latest).values_list(
            *columns, "raised_by_id", "raised_by__is_active"
        )
    )
    people = People.for_partnerships({row[1] for row in rows})
    dues: list[Due] = []
    stuck_ids: list[int] = []
    for pk, partnership_id, agency_id, stage, responder, due_on, raiser_id, raiser_active in rows:
        answerers = [p.id for p in people.answerers(partnership_id, responder, agency_id)]
        raiser = [raiser_id] if raiser_active else []
        recipients = {
            "challenge.due_soon": answerers,
            "challenge.due": answerers,
            "challenge.overdue": list(dict.fromkeys([*answerers, *raiser])),
            "challenge.stuck": [p.id for p in people.oversight(partnership_id)],
        }
        key = subject_key("partners.challenge", pk)
        for kind in windows.kinds(due_on):
            dues += [Due(kind, key, user_id, stage=str(stage), due_on=due_on) for user_id in recipients[kind]]
            if kind == "challenge.stuck":
                stuck_ids.append(pk)
    claimed = reminders.claim(dues)
    flagged = _flag_stuck(stuck_ids, windows.today)
    sent, failed = _send_reminders(claimed, windows.today)
    pending = list(
        ChallengeStep.objects.filter(
            notice_pending=True, created_at__lt=timezone.now() - NOTICE_GRACE
        ).values_list("pk", flat=True)
    )
    notices = challenge_steps_notify(step_ids=pending)
    unconfirmed = reminders.unconfirmed().filter(kind__startswith="challenge.").count()
    if unconfirmed:
        logger.warning(
            "%s challenge reminder(s) were claimed but never confirmed sent: check them before resending.",
            unconfirmed,
        )
    return SweepResult(sent, failed, flagged, notices, unconfirmed)


def _send_reminders(claimed: list, today: datetime.date) -> tuple[int, int]:
    if not claimed:
        return 0, 0
    ids = {int(reminder.subject_key.split(":")[1]) for reminder in claimed}
    challenges = Challenge.objects.select_related("partnership", "addressed_to", "raised_by").in_bulk(ids)

    def send_one(reminder) -> None:
        challenge = challenges[int(reminder.subject_key.split(":")[1])]
        context = {
            "kind": reminder.kind.removeprefix("challenge."),
            "challenge": challenge,
            "person": reminder.recipient,
            "is_raiser": reminder.recipient_id == challenge.raised_by_id,
            "due_on": reminder.due_on,
            "stage": reminder.stage,
            "working_days_overdue": working_days_between(reminder.due_on, today) if reminder.due_on else 0,
            "url": challenge_url(challenge),
        }
        emails.send("challenge_reminder", context, [reminder.recipient.email])

    return reminders.deliver(claimed, send_one)
