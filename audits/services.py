"""Every change to section 11 records that spans models, checks a version, sends mail or starts a task."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, CharField, F, QuerySet, Value, When
from django.urls import reverse
from django.utils import timezone

from audits import grades
from audits.models import (
    Answer,
    Criterion,
    Cycle,
    Evidence,
    GapAction,
    ModeratedGrade,
    Moderation,
    Participation,
    Return,
    Standard,
    StandardSet,
)
from partners.models import Agency, Membership, Partnership, RoleAssignment
from safeguarding import emails
from safeguarding.models import Reminder, User
from safeguarding.queue import enqueue_on_commit
from safeguarding.reminders import Due, claim_query, deliver, due_rows
from safeguarding.roles import Role


class SetFrozen(Exception):
    """The standard set is used by a cycle: its standards and criteria cannot change."""

    message = (
        "This standard set is used by an audit cycle, so it cannot be changed. Copy it to make a new one."
    )


@dataclass
class StaleEdit(Exception):
    """Someone else saved the record after this person opened it. Their save stays; this one is refused.

    `changed` names what the other person changed (criteria labels, or the record), `by` who saved last.
    """

    changed: list[str]
    by: str = "someone else"

    def __str__(self) -> str:
        what = ", ".join(self.changed)
        return (
            f"{self.by} saved {what} after you opened this page, so your changes were not saved. "
            "Their version is shown below; your text is kept in the form so you can apply it again."
        )


@dataclass
class Incomplete(Exception):
    missing: list[str] = field(default_factory=list)


class WrongState(Exception):
    pass


# Standard sets ------------------------------------------------------------------------------------


def _refuse_if_frozen(standard_set: StandardSet) -> None:
    if standard_set.is_frozen():
        raise SetFrozen(SetFrozen.message)


@dataclass(frozen=True)
class CriterionRow:
    standard_number: int
    standard_title: str
    number: int
    text: str
    guidance: str = ""
    expected_evidence: str = ""


def set_rows(standard_set: StandardSet) -> list[CriterionRow]:
    """The set as flat rows (one per criterion), for export and copying."""
    criteria = Criterion.objects.filter(standard_set=standard_set).select_related("standard")
    rows = [
        CriterionRow(c.standard.number, c.standard.title, c.number, c.text, c.guidance, c.expected_evidence)
        for c in criteria.order_by("standard__number", "number")
    ]
    # Standards without criteria still travel, as a row with no criterion.
    with_criteria = {r.standard_number for r in rows}
    for standard in standard_set.standards.exclude(number__in=with_criteria):
        rows.append(CriterionRow(standard.number, standard.title, 0, ""))
    return sorted(rows, key=lambda r: (r.standard_number, r.number))


def _fill_set(standard_set: StandardSet, rows: Iterable[CriterionRow]) -> None:
    standards: dict[int, Standard] = {}
    criteria = []
    for row in rows:
        standard = standards.get(row.standard_number)
        if standard is None:
            standard = Standard.objects.create(
                standard_set=standard_set, number=row.standard_number, title=row.standard_title
            )
            standards[row.standard_number] = standard
        if row.number:
            criteria.append(
                Criterion(
                    standard=standard,
                    standard_set=standard_set,
                    number=row.number,
                    text=row.text,
                    guidance=row.guidance,
                    expected_evidence=row.expected_evidence,
                )
            )
    Criterion.objects.bulk_create(criteria)


@transaction.atomic
def standard_set_copy(
    *, source: StandardSet, partnership: Partnership, name: str, description: str = ""
) -> StandardSet:
    """A new, editable set owned by the partnership, with the source's standards and criteria."""
    copy = StandardSet.objects.create(
        partnership=partnership,
        name=name.strip(),
        description=description or source.description,
        copied_from=source,
    )
    _fill_set(copy, set_rows(source))
    return copy


@transaction.atomic
def standard_set_import(
    *, partnership: Partnership, name: str, description: str, rows: list[CriterionRow]
) -> StandardSet:
    standard_set = StandardSet.objects.create(
        partnership=partnership, name=name.strip(), description=description
    )
    _fill_set(standard_set, rows)
    return standard_set


@transaction.atomic
def standard_set_update(*, standard_set: StandardSet, name: str, description: str) -> StandardSet:
    _refuse_if_frozen(standard_set)
    standard_set.name = name.strip()
    standard_set.description = description
    standard_set.save(update_fields=["name", "description"])
    return standard_set


@dataclass(frozen=True)
class CriterionEdit:
    criterion: Criterion | None  # None: a new criterion
    number: int
    text: str
    guidance: str
    expected_evidence: str
    delete: bool = False


@transaction.atomic
def standard_save(*, standard: Standard, title: str, criteria: list[CriterionEdit]) -> Standard:
    """Change a standard's title and its criteria (edit, add, delete) in one go, unless the set is frozen."""
    _refuse_if_frozen(standard.standard_set)
    standard.title = title
    standard.save(update_fields=["title"])
    kept = [c for c in criteria if not c.delete]
    numbers = [c.number for c in kept]
    if len(numbers) != len(set(numbers)):
        raise ValidationError("Two criteria have the same number.")
    Criterion.objects.filter(pk__in=[c.criterion.pk for c in criteria if c.delete and c.criterion]).delete()
    existing = [c for c in kept if c.criterion]
    # Move the kept criteria out of the way first, so renumbering (2 -> 1, 1 -> 2) never collides.
    for offset, edit in enumerate(existing, start=1000):
        Criterion.objects.filter(pk=edit.criterion.pk).update(number=offset)
    for edit in kept:
        values = {
            "number": edit.number,
            "text": edit.text,
            "guidance": edit.guidance,
            "expected_evidence": edit.expected_evidence,
        }
        if edit.criterion:
            Criterion.objects.filter(pk=edit.criterion.pk).update(**values)
        else:
            Criterion.objects.create(standard=standard, standard_set_id=standard.standard_set_id, **values)
    return standard


# Cycles -------------------------------------------------------------------------------------------


@transaction.atomic
def cycle_open(
    *,
    partnership: Partnership,
    name: str,
    standard_set: StandardSet,
    scale: str,
    opens_on: datetime.date,
    due_on: datetime.date,
    agencies: Iterable[Agency],
    previous: Cycle | None = None,
) -> Cycle:
    """Open a cycle led by the partnership, and a return (pre-filled where possible) for each agency."""
    if standard_set.partnership_id not in (None, partnership.pk):
        raise ValidationError("Choose one of the partnership's standard sets or the statutory set.")
    cycle = Cycle(
        name=name.strip(),
        lead_partnership=partnership,
        standard_set=standard_set,
        scale=scale,
        opens_on=opens_on,
        due_on=due_on,
        previous=previous,
    )
    cycle.full_clean()
    cycle.save()
    Participation.objects.create(cycle=cycle, partnership=partnership)
    cycle_require_agencies(cycle=cycle, partnership=partnership, agencies=agencies)
    return cycle


@transaction.atomic
def cycle_share(*, cycle: Cycle, partnership: Partnership) -> Participation:
    """Another partnership takes part: it sees its member agencies' returns and moderates them itself."""
    participation, _ = Participation.objects.get_or_create(cycle=cycle, partnership=partnership)
    return participation


def _member_ids(partnership: Partnership, agencies: Iterable[Agency]) -> list[int]:
    ids = [a.pk for a in agencies]
    members = set(
        Membership.objects.active()
        .filter(partnership=partnership, agency_id__in=ids)
        .values_list("agency_id", flat=True)
    )
    if set(ids) - members:
        raise ValidationError("Only current member agencies of the partnership can be asked for a return.")
    return ids


@transaction.atomic
def cycle_require_agencies(*, cycle: Cycle, partnership: Partnership, agencies: Iterable[Agency]) -> int:
    """Ask member agencies for a return. An agency that already has one (through another partnership of a
    shared cycle) keeps it: it answers once. Returns the number of returns created."""
    if not Participation.objects.filter(cycle=cycle, partnership=partnership).exists():
        raise ValidationError("The partnership does not take part in this cycle.")
    ids = _member_ids(partnership, agencies)
    existing = set(Return.objects.filter(cycle=cycle, agency_id__in=ids).values_list("agency_id", flat=True))
    new_ids = [pk for pk in ids if pk not in existing]
    if not new_ids:
        return 0
    created = Return.objects.bulk_create([Return(cycle=cycle, agency_id=pk) for pk in new_ids])
    criteria = list(Criterion.objects.filter(standard_set=cycle.standard_set).select_related("standard"))
    Answer.objects.bulk_create([Answer(return_record=r, criterion=c) for r in created for c in criteria])
    _carry_forward(cycle, created, criteria)
    return len(created)


def _carry_forward(cycle: Cycle, returns: list[Return], criteria: list[Criterion]) -> None:
    """Pre-fill each new return from the agency's latest earlier submitted return: grades (when the scale is
    the same), narrative, actions and evidence links, matched by criterion number (1.1, 1.2, ...) and marked
    "carried forward" until the agency confirms or updates them."""
    by_agency = {r.agency_id: r for r in returns}
    earlier = (
        Return.objects.filter(agency_id__in=by_agency, cycle__opens_on__lt=cycle.opens_on)
        .exclude(cycle=cycle)
        .filter(status__in=[Return.Status.SUBMITTED, Return.Status.ACCEPTED, Return.Status.RETURNED])
        .select_related("cycle")
        .order_by("agency_id", "-cycle__opens_on")
        .distinct("agency_id")
    )
    sources = {r.agency_id: r for r in earlier}
    if not sources:
        return
    label_of = {c.pk: (c.standard.number, c.number) for c in criteria}
    new_answers = {
        (a.return_record_id, label_of[a.criterion_id]): a
        for a in Answer.objects.filter(return_record__in=[by_agency[pk] for pk in sources])
    }
    old_answers = (
        Answer.objects.filter(return_record__in=sources.values())
        .select_related("criterion__standard", "return_record__cycle")
        .prefetch_related("evidence")
    )
    to_update, evidence = [], []
    for old in old_answers:
        target = new_answers.get(
            (by_agency[old.return_record.agency_id].pk, (old.criterion.standard.number, old.criterion.number))
        )
        if target is None:
            continue
        same_scale = old.return_record.cycle.scale == cycle.scale
        target.grade = old.grade if same_scale else ""
        target.narrative = old.narrative
        target.action_text = old.action_text
        target.action_owner = old.action_owner
        target.action_due_on = old.action_due_on
        target.carried_forward = True
        to_update.append(target)
        for item in old.evidence.all():
            evidence.append(
                Evidence(
                    answer=target,
                    file=item.file.name,
                    original_name=item.original_name,
                    content_type=item.content_type,
                    size=item.size,
                    sha256=item.sha256,
                    description=item.description,
                    effective_date=item.effective_date,
                    uploaded_by=item.uploaded_by,
                    carried_forward=True,
                )
            )
    Answer.objects.bulk_update(
        to_update,
        ["grade", "narrative", "action_text", "action_owner", "action_due_on", "carried_forward"],
    )
    Evidence.objects.bulk_create(evidence)
    for agency_id, source in sources.items():
        Return.objects.filter(pk=by_agency[agency_id].pk).update(carried_forward_from=source)


# Answering ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AnswerEdit:
    answer: Answer
    expected_version: int
    grade: str
    narrative: str
    action_text: str = ""
    action_owner: str = ""
    action_due_on: datetime.date | None = None


def _require_editable(return_record: Return) -> None:
    if not Return.objects.filter(
        pk=return_record.pk, status__in=[Return.Status.DRAFT, Return.Status.RETURNED]
    ).exists():
        raise WrongState("The return has been submitted, so it can no longer be changed.")


@transaction.atomic
def answers_save(*, return_record: Return, edits: list[AnswerEdit], user: User) -> int:
    """Save a set of answers as a draft, each only if nobody saved it since it was read (its version).

    All or nothing: when any answer is stale the whole save is refused and rolled back, and StaleEdit says
    which criteria someone else changed. Returns the number of answers saved.
    """
    _require_editable(return_record)
    stale = []
    for edit in edits:
        if edit.answer.return_record_id != return_record.pk:
            raise ValidationError("The answer belongs to another return.")
        gap = grades.is_gap(return_record.cycle.scale, edit.grade)
        updated = Answer.objects.filter(pk=edit.answer.pk, version=edit.expected_version).update(
            grade=edit.grade,
            narrative=edit.narrative,
            action_text=edit.action_text if gap else "",
            action_owner=edit.action_owner if gap else "",
            action_due_on=edit.action_due_on if gap else None,
            carried_forward=False,
            version=F("version") + 1,
            updated_by=user,
            updated_at=timezone.now(),
        )
        if not updated:
            stale.append(edit.answer)
    if stale:
        # Raising leaves the atomic block, which rolls back the answers that were saved before the stale one.
        last = (
            Answer.objects.filter(pk__in=[a.pk for a in stale])
            .select_related("updated_by")
            .order_by("-updated_at")
            .first()
        )
        who = last.updated_by.full_name if last and last.updated_by else "Someone else"
        raise StaleEdit(changed=[f"criterion {a.criterion.label}" for a in stale], by=who)
    return len(edits)


@transaction.atomic
def return_summary_save(*, return_record: Return, expected_version: int, summary: str, user: User) -> Return:
    _require_editable(return_record)
    updated = Return.objects.filter(pk=return_record.pk, version=expected_version).update(
        summary=summary, version=F("version") + 1, updated_at=timezone.now()
    )
    if not updated:
        raise StaleEdit(changed=["the return's summary"])
    return_record.refresh_from_db()
    return return_record


@transaction.atomic
def evidence_add(
    *, answer: Answer, upload, content_type: str, effective_date: datetime.date, description: str, user: User
) -> Evidence:
    """Store a checked upload privately under a random name; the person's file name is kept as data."""
    _require_editable(answer.return_record)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    evidence = Evidence(
        answer=answer,
        original_name=upload.name.rsplit("/", 1)[-1][:200],
        content_type=content_type,
        size=upload.size,
        sha256=digest.hexdigest(),
        description=description,
        effective_date=effective_date,
        uploaded_by=user,
    )
    evidence.file.save("evidence", upload, save=False)
    try:
        evidence.save()
    except Exception:
        evidence.file.delete(save=False)
        raise
    return evidence


@transaction.atomic
def evidence_remove(*, evidence: Evidence) -> None:
    """Unlink evidence from a draft answer. The stored file stays: a carried-forward copy may point at it."""
    _require_editable(evidence.answer.return_record)
    evidence.delete()


# Workflow -----------------------------------------------------------------------------------------


def missing_items(return_record: Return) -> list[str]:
    """What stops the return being submitted, in criterion order (one query)."""
    scale = return_record.cycle.scale
    missing = []
    answers = Answer.objects.filter(return_record=return_record).select_related("criterion__standard")
    for answer in answers.order_by("criterion__standard__number", "criterion__number"):
        label = f"Criterion {answer.criterion.label}"
        if answer.carried_forward:
            missing.append(f"{label}: confirm or update the answer carried forward from the last return")
            continue
        if not answer.grade:
            missing.append(f"{label}: choose a grade")
        if not answer.narrative.strip():
            missing.append(f"{label}: describe how the agency meets it")
        if grades.is_gap(scale, answer.grade) and not (
            answer.action_text.strip() and answer.action_owner.strip() and answer.action_due_on
        ):
            missing.append(f"{label}: give an action, its owner and a due date for the gap")
    return missing


def _transition(return_record: Return, expected_version: int, allowed: set[str], **values) -> None:
    updated = Return.objects.filter(pk=return_record.pk, version=expected_version, status__in=allowed).update(
        version=F("version") + 1, updated_at=timezone.now(), **values
    )
    if not updated:
        current = Return.objects.get(pk=return_record.pk)
        if current.status not in allowed:
            raise WrongState(f"The return is now {current.get_status_display().lower()}.")
        raise StaleEdit(changed=["the return"])
    return_record.refresh_from_db()


@transaction.atomic
def return_submit(*, return_record: Return, expected_version: int, user: User) -> Return:
    """Submit the return (locking it for the agency) if it is complete and nobody changed it meanwhile."""
    missing = missing_items(return_record)
    if missing:
        raise Incomplete(missing)
    _transition(
        return_record,
        expected_version,
        {Return.Status.DRAFT, Return.Status.RETURNED},
        status=Return.Status.SUBMITTED,
        submitted_at=timezone.now(),
        submitted_by=user,
    )
    return return_record


@transaction.atomic
def return_send_back(*, return_record: Return, expected_version: int, reasons: str, user: User) -> Return:
    """Return the submitted (or accepted) return to the agency for revision; its leads are told why."""
    _transition(
        return_record,
        expected_version,
        {Return.Status.SUBMITTED, Return.Status.ACCEPTED},
        status=Return.Status.RETURNED,
        revision_reasons=reasons.strip(),
        accepted_at=None,
    )
    from audits.tasks import send_return_sent_back

    enqueue_on_commit(send_return_sent_back, return_record.pk)
    return return_record


@transaction.atomic
def return_accept(*, return_record: Return, expected_version: int, user: User) -> Return:
    """Accept a submitted return; every gap becomes an action in each partnership's improvement tracker."""
    _transition(
        return_record,
        expected_version,
        {Return.Status.SUBMITTED},
        status=Return.Status.ACCEPTED,
        accepted_at=timezone.now(),
    )
    gaps_to_tracker(return_record=return_record)
    return return_record


def _partnerships_seeing(return_record: Return) -> list[Partnership]:
    return list(
        Partnership.objects.filter(
            audit_participations__cycle_id=return_record.cycle_id,
            memberships__agency_id=return_record.agency_id,
            memberships__ends_on__isnull=True,
        ).distinct()
    )


def gaps_to_tracker(*, return_record: Return) -> int:
    """Hand each gap (a criterion graded below met / good) to the improvement tracker of every partnership
    that sees the return, once: a recommendation naming the criterion, with the agency's action under it.

    Runs inside the caller's transaction, so an accepted return never lacks its actions.
    """
    from reviews import services as tracker
    from reviews.models import Recommendation

    scale = return_record.cycle.scale
    gaps = [
        a
        for a in Answer.objects.filter(return_record=return_record).select_related("criterion__standard")
        if grades.is_gap(scale, a.grade)
    ]
    if not gaps:
        return 0
    done = set(GapAction.objects.filter(answer__in=gaps).values_list("answer_id", "partnership_id"))
    created = 0
    for partnership in _partnerships_seeing(return_record):
        for answer in gaps:
            if (answer.pk, partnership.pk) in done:
                continue
            found = grades.grade(scale, answer.grade)
            recommendation = tracker.recommendation_create(
                partnership=partnership,
                source_kind=Recommendation.SourceKind.SECTION_11,
                source_label=f"Section 11: {return_record.agency.name}, {return_record.cycle.name}"[:200],
                text=f"Meet section 11 criterion {answer.criterion.label} (self-assessed {found.label}): "
                f"{answer.criterion.text}",
                themes=[],
                source=answer,
                reference=answer.criterion.label,
            )
            action = tracker.action_create(
                recommendation=recommendation,
                owner_agency=return_record.agency,
                description=f"{answer.action_text} (Owner: {answer.action_owner}.)",
                due_on=answer.action_due_on,
            )
            GapAction.objects.create(
                answer=answer,
                partnership=partnership,
                text=answer.action_text,
                owner=answer.action_owner,
                due_on=answer.action_due_on,
                tracker_action_id=action.pk,
            )
            created += 1
    return created


# Moderation ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ModerationInput:
    session_on: datetime.date | None
    attendees: str
    notes: str
    letter: str
    grades: dict[int, tuple[str, str]]  # standard id -> (grade code, comment)


@transaction.atomic
def moderation_save(
    *,
    return_record: Return,
    partnership: Partnership,
    expected_version: int | None,
    data: ModerationInput,
    user: User,
) -> Moderation:
    """Record the partnership's challenge session and moderated grades for an accepted return.

    `expected_version` is None when the page was opened before the partnership had a record: a record
    created meanwhile by a colleague then makes this save stale, like any later change.
    """
    if return_record.status != Return.Status.ACCEPTED:
        raise WrongState("Only accepted returns are moderated.")
    values = {
        "session_on": data.session_on,
        "attendees": data.attendees,
        "notes": data.notes,
        "letter": data.letter,
        "updated_by": user,
        "updated_at": timezone.now(),
    }
    if expected_version is None:
        try:
            with transaction.atomic():
                moderation = Moderation.objects.create(
                    return_record=return_record, partnership=partnership, **values
                )
        except IntegrityError:
            raise StaleEdit(changed=["the moderation record"]) from None
    else:
        updated = Moderation.objects.filter(
            return_record=return_record, partnership=partnership, version=expected_version
        ).update(version=F("version") + 1, **values)
        if not updated:
            raise StaleEdit(changed=["the moderation record"])
        moderation = Moderation.objects.get(return_record=return_record, partnership=partnership)
    valid_standards = set(return_record.cycle.standard_set.standards.values_list("pk", flat=True))
    for standard_id, (code, comment) in data.grades.items():
        if standard_id not in valid_standards:
            raise ValidationError("The standard is not part of this cycle's set.")
        ModeratedGrade.objects.update_or_create(
            moderation=moderation, standard_id=standard_id, defaults={"grade": code, "comment": comment}
        )
    return moderation


@transaction.atomic
def feedback_letter_send(*, moderation: Moderation) -> Moderation:
    """Mark the letter sent and e-mail the agency's leads a link to it (the PDF is behind sign-in)."""
    if not moderation.letter.strip():
        raise ValidationError("Write the feedback letter before sending it.")
    moderation.letter_sent_at = timezone.now()
    moderation.save(update_fields=["letter_sent_at"])
    from audits.tasks import send_feedback_letter

    enqueue_on_commit(send_feedback_letter, moderation.pk)
    return moderation


def _lead_addresses(agency_id: int, partnership_ids: Iterable[int]) -> list[str]:
    return sorted(
        set(
            RoleAssignment.objects.filter(
                agency_id=agency_id, partnership_id__in=list(partnership_ids), role=Role.AGENCY_LEAD
            ).values_list("user__email", flat=True)
        )
    )


def feedback_letter_mail(*, moderation_id: int) -> int:
    """The e-mail half of sending a letter (run by a task): to the agency's leads in that partnership."""
    moderation = (
        Moderation.objects.select_related("return_record__agency", "return_record__cycle", "partnership")
        .filter(pk=moderation_id, letter_sent_at__isnull=False)
        .first()
    )
    if moderation is None:
        return 0
    return_record = moderation.return_record
    recipients = _lead_addresses(return_record.agency_id, [moderation.partnership_id])
    if not recipients:
        return 0
    from django.conf import settings

    context = {
        "moderation": moderation,
        "return": return_record,
        "partnership": moderation.partnership,
        "letter_url": settings.SITE_URL
        + reverse("audits:letter_pdf", kwargs={"public_id": return_record.public_id}),
        "return_url": settings.SITE_URL
        + reverse("audits:return_detail", kwargs={"public_id": return_record.public_id}),
    }
    emails.send("audit_feedback_letter", context, recipients)
    return len(recipients)


def return_sent_back_mail(*, return_id: int) -> int:
    return_record = Return.objects.select_related("agency", "cycle").filter(pk=return_id).first()
    if return_record is None or return_record.status != Return.Status.RETURNED:
        return 0
    partnership_ids = Participation.objects.filter(cycle_id=return_record.cycle_id).values_list(
        "partnership_id", flat=True
    )
    recipients = _lead_addresses(return_record.agency_id, partnership_ids)
    if not recipients:
        return 0
    from django.conf import settings

    context = {
        "return": return_record,
        "return_url": settings.SITE_URL
        + reverse("audits:return_detail", kwargs={"public_id": return_record.public_id}),
    }
    emails.send("return_sent_back", context, recipients)
    return len(recipients)


# Reminders ----------------------------------------------------------------------------------------

REMINDER_KIND = "audits.return_due"
STAGES = (("due_14", 14), ("due_3", 3))


def reminder_stage(days_left: int) -> str | None:
    """The stage a return is in: due within 14 days, within 3, or overdue. Each is reminded once."""
    if days_left < 0:
        return "overdue"
    for stage, days in sorted(STAGES, key=lambda pair: pair[1]):
        if days_left <= days:
            return stage
    return None


def _stage_case(today: datetime.date) -> Case:
    """`reminder_stage` in SQL, on the cycle's due date: one boundary date per stage, computed once."""
    within = [
        When(cycle__due_on__lte=today + datetime.timedelta(days=days), then=Value(stage))
        for stage, days in sorted(STAGES, key=lambda pair: pair[1])
    ]
    return Case(When(cycle__due_on__lt=today, then=Value("overdue")), *within, output_field=CharField())


def _return_due_rows(today: datetime.date) -> QuerySet:
    """Every open return due within 14 days (or overdue), with each lead of its agency in the partnerships
    taking part in its cycle, and its stage: the reminders due today, as SQL."""
    returns = Return.objects.filter(
        status__in=[Return.Status.DRAFT, Return.Status.RETURNED],
        cycle__due_on__lte=today + datetime.timedelta(days=max(days for _, days in STAGES)),
        cycle__opens_on__lte=today,
        agency__role_assignments__role=Role.AGENCY_LEAD,
        agency__role_assignments__partnership_id=F("cycle__participations__partnership_id"),
    )
    rows = due_rows(
        returns,
        kind=REMINDER_KIND,
        stage=_stage_case(today),
        recipient="agency__role_assignments__user_id",
        due_on="cycle__due_on",
    )
    # A lead in two partnerships of a shared cycle is one recipient.
    return rows.distinct()


def return_reminder_dues(today: datetime.date) -> list[Due]:
    """One query: the reminders due today (sent or not), as the sweep claims them."""
    return [
        Due(kind, key, recipient_id, stage, due_on)
        for kind, key, stage, recipient_id, due_on in _return_due_rows(today)
    ]


def return_reminders_sweep(*, today: datetime.date) -> tuple[int, int]:
    """Claim the due reminders (each stage once per return and person), then send them: (sent, failed)."""
    # One INSERT ... SELECT: the reminders sent on earlier days never leave the database.
    claimed = claim_query(_return_due_rows(today))
    if not claimed:
        return 0, 0
    ids = [int(r.subject_key.split(":", 1)[1]) for r in claimed]
    returns = Return.objects.select_related("agency", "cycle").in_bulk(ids)
    from django.conf import settings

    def send_one(reminder: Reminder) -> None:
        return_record = returns[int(reminder.subject_key.split(":", 1)[1])]
        context = {
            "person": reminder.recipient,
            "return": return_record,
            "stage": reminder.stage,
            "days_left": (return_record.cycle.due_on - today).days,
            "days_overdue": (today - return_record.cycle.due_on).days,
            "return_url": settings.SITE_URL
            + reverse("audits:return_detail", kwargs={"public_id": return_record.public_id}),
        }
        emails.send("return_reminder", context, [reminder.recipient.email])

    return deliver(claimed, send_one)
