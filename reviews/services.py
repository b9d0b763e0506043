"""Every change to case reviews and the improvement tracker that spans models, sends mail or grants access.

Other apps attach their own findings to the one improvement tracker with `recommendation_create` and
`action_create`: a section 11 gap, a case file audit finding or a challenge outcome becomes a Recommendation
with `source_kind` and `source_label` (and, optionally, `source=<their record>`), and its Actions are tracked,
evidenced, reminded and counted on the Learning page exactly like a case review's.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, CharField, F, QuerySet, Value, When
from django.db.models.functions import Concat
from django.utils import timezone
from guardian.shortcuts import assign_perm, remove_perm

from partners.models import Agency, Membership, Partnership
from reviews import clocks
from reviews.models import (
    VIEW_REVIEW,
    Action,
    Evidence,
    Recommendation,
    Review,
    ReviewAccess,
    ReviewerGrant,
    Theme,
)
from reviews.uploads import FileType
from safeguarding import emails
from safeguarding.calendar import add_working_days
from safeguarding.models import Reminder, User
from safeguarding.reminders import claim_query, deliver, due_rows, iso_date, link_to
from safeguarding.roles import Role


class ConcurrentEdit(Exception):
    """Someone else saved the record after this person opened it: their save is refused, nothing is lost."""


# Reviews ---------------------------------------------------------------------------------------------------


@transaction.atomic
def review_create(*, partnership: Partnership, created_by: User | None, **fields) -> Review:
    """Record a new review (fields as on the review form) and start its clocks."""
    review = Review(partnership=partnership, created_by=created_by, **fields)
    review.refresh_clock()
    review.full_clean()
    review.save()
    return review


@transaction.atomic
def review_save(*, review: Review) -> Review:
    """Save a review changed by a form, with its stage and next deadline brought up to date."""
    review.refresh_clock()
    review.save()
    return review


@dataclass(frozen=True)
class StageResult:
    review: Review
    opened: Review | None = None  # the LCSPR a rapid review's decision opened


@transaction.atomic
def review_record_stage(*, review: Review) -> StageResult:
    """Save a stage recorded on the review (dates, decision, delay reasons) and move its clocks on.

    A rapid review decided for an LCSPR opens the LCSPR, linked to it, with its clock starting on the
    decision date; the rapid review's reviewers carry over to it.
    """
    review = review_save(review=review)
    opened = None
    needs_lcspr = review.decision == Review.Decision.LCSPR
    if needs_lcspr and not Review.objects.filter(origin=review).exists():
        opened = review_create(
            partnership=review.partnership,
            created_by=review.created_by,
            kind=Review.Kind.LCSPR,
            reference=_follow_up_reference(review),
            subject=review.subject,
            summary=review.summary,
            details=review.details,
            origin=review,
            commissioned_on=review.rapid_review_completed_on,
        )
        for grant in review.reviewer_grants.select_related("user"):
            assign_perm(VIEW_REVIEW, grant.user, opened)
    return StageResult(review=review, opened=opened)


def _follow_up_reference(review: Review) -> str:
    base = f"{review.reference}-LCSPR"[:36]
    taken = set(
        Review.objects.filter(partnership=review.partnership, reference__startswith=base).values_list(
            "reference", flat=True
        )
    )
    if base not in taken:
        return base
    return next(f"{base}-{n}" for n in range(2, 1000) if f"{base}-{n}" not in taken)


def review_access_record(*, review: Review, user: User, action: str) -> ReviewAccess:
    """Write who looked at (or exported) a review's restricted detail. Called by every such view."""
    return ReviewAccess.objects.create(review=review, user=user, action=action)


def reviewers_available(review: Review):
    """People holding the reviewer role in the review's partnership who are not yet granted it."""
    return (
        User.objects.filter(
            role_assignments__partnership=review.partnership, role_assignments__role=Role.REVIEWER
        )
        .exclude(pk__in=review.reviewer_grants.values("user"))
        .distinct()
        .order_by("full_name")
    )


@transaction.atomic
def reviewer_grant(*, review: Review, user: User) -> ReviewerGrant:
    if not reviewers_available(review).filter(pk=user.pk).exists():
        raise ValidationError("Only people holding the reviewer role in this partnership can be granted.")
    assign_perm(VIEW_REVIEW, user, review)
    return ReviewerGrant.objects.get(content_object=review, user=user, permission__codename=VIEW_REVIEW)


@transaction.atomic
def reviewer_revoke(*, grant: ReviewerGrant) -> None:
    remove_perm(VIEW_REVIEW, grant.user, grant.content_object)


def clocks_refresh() -> int:
    """Bring every open review's stored next deadline in line with the settings and calendar in force.

    Run before each sweep: a changed duration setting or a newly announced bank holiday moves due dates.
    """
    changed = []
    for review in Review.objects.open().order_by("pk"):
        if review.refresh_clock():
            changed.append(review)
    Review.objects.bulk_update(changed, ["stage", "next_due_on", "next_clock"], batch_size=500)
    return len(changed)


# The improvement tracker -----------------------------------------------------------------------------------


def _check_themes(partnership: Partnership, themes: Iterable[Theme]) -> list[Theme]:
    themes = list(themes)
    allowed = set(
        Theme.objects.for_partnership(partnership)
        .filter(pk__in=[t.pk for t in themes], is_active=True)
        .values_list("pk", flat=True)
    )
    if any(theme.pk not in allowed for theme in themes):
        raise ValidationError("Choose themes from the partnership's list.")
    return themes


@transaction.atomic
def recommendation_create(
    *,
    partnership: Partnership,
    source_kind: str,
    source_label: str,
    text: str,
    themes: Iterable[Theme],
    review: Review | None = None,
    source=None,
    reference: str = "",
    made_on: datetime.date | None = None,
) -> Recommendation:
    """Add a recommendation to the partnership's tracker from any source.

    `review` is required for (and only for) source_kind "review"; `source` is any other model instance the
    recommendation came from (a section 11 answer, an audit, a challenge), stored generically.
    """
    if review is not None and review.partnership_id != partnership.pk:
        raise ValidationError("The review belongs to another partnership.")
    recommendation = Recommendation(
        partnership=partnership,
        source_kind=source_kind,
        source_label=source_label,
        review=review,
        reference=reference,
        text=text,
        made_on=made_on or timezone.localdate(),
    )
    if source is not None:
        recommendation.source_type = ContentType.objects.get_for_model(source)
        recommendation.source_id = source.pk
    recommendation.full_clean(exclude=["themes"])
    recommendation.save()
    recommendation.themes.set(_check_themes(partnership, themes))
    return recommendation


@transaction.atomic
def recommendation_update(
    *, recommendation: Recommendation, themes: Iterable[Theme], **fields
) -> Recommendation:
    for name, value in fields.items():
        setattr(recommendation, name, value)
    recommendation.full_clean(exclude=["themes"])
    recommendation.save()
    recommendation.themes.set(_check_themes(recommendation.partnership, themes))
    return recommendation


def _check_owner(partnership: Partnership, agency: Agency) -> None:
    if not Membership.objects.active().filter(partnership=partnership, agency=agency).exists():
        raise ValidationError("The owner must be a current member agency of the partnership.")


@transaction.atomic
def action_create(
    *, recommendation: Recommendation, owner_agency: Agency, description: str, due_on: datetime.date
) -> Action:
    """Add an action to a recommendation; its owner agency's leads are reminded as its due date nears."""
    _check_owner(recommendation.partnership, owner_agency)
    action = Action(
        partnership=recommendation.partnership,
        recommendation=recommendation,
        owner_agency=owner_agency,
        description=description,
        due_on=due_on,
    )
    action.full_clean()
    action.save()
    return action


def _locked(action: Action, expected_version: int) -> Action:
    current = Action.objects.select_for_update().get(pk=action.pk)
    if current.version != expected_version:
        raise ConcurrentEdit
    return current


@transaction.atomic
def action_edit(
    *,
    action: Action,
    expected_version: int,
    owner_agency: Agency,
    description: str,
    due_on: datetime.date,
) -> Action:
    """The business manager changes what the action is, who owns it or when it is due."""
    current = _locked(action, expected_version)
    if owner_agency.pk != current.owner_agency_id:
        _check_owner(current.partnership, owner_agency)
    current.owner_agency, current.description, current.due_on = owner_agency, description, due_on
    current.version = F("version") + 1
    current.full_clean(exclude=["version"])
    current.save()
    current.refresh_from_db()
    return current


@transaction.atomic
def action_record_progress(
    *,
    action: Action,
    expected_version: int,
    status: str,
    completed_on: datetime.date | None,
    progress_note: str,
    impact_statement: str,
    impact_measure: str,
) -> Action:
    """The owning agency (or the business manager) records progress, completion and impact."""
    current = _locked(action, expected_version)
    current.status = status
    current.completed_on = completed_on if status == Action.Status.COMPLETE else None
    current.progress_note = progress_note
    current.impact_statement = impact_statement
    current.impact_measure = impact_measure
    current.version = F("version") + 1
    current.full_clean(exclude=["version"])
    current.save()
    current.refresh_from_db()
    return current


@transaction.atomic
def evidence_add(
    *, action: Action, upload, file_type: FileType, description: str, uploaded_by: User
) -> Evidence:
    """Store a checked upload under a random private name; the person's file name is kept for downloads."""
    evidence = Evidence(
        action=action,
        original_name=upload.name.rsplit("/", 1)[-1][:200],
        extension=file_type.extension,
        content_type=file_type.content_type,
        size=upload.size,
        description=description,
        uploaded_by=uploaded_by,
    )
    evidence.file.save(f"upload.{file_type.extension}", upload, save=False)
    try:
        evidence.save()
    except Exception:
        evidence.file.delete(save=False)
        raise
    return evidence


# Reminders -------------------------------------------------------------------------------------------------

CLOCK_KIND = "review.clock"
ACTION_KIND = "action.due"


@dataclass(frozen=True)
class SweepResult:
    refreshed: int
    sent: int
    failed: int


def _clock_due_rows(today: datetime.date) -> QuerySet:
    """Open clocks due within the warning window or already missed, for each business manager, with the
    stage worked out in SQL: the working-day boundary is computed once, not per review."""
    warn_until = add_working_days(today, settings.REVIEW_WARNING_WORKING_DAYS)
    missed = Case(When(next_due_on__lt=today, then=Value("missed")), default=Value("warning"))
    return due_rows(
        Review.objects.open().filter(
            next_due_on__lte=warn_until, partnership__role_assignments__role=Role.BUSINESS_MANAGER
        ),
        kind=CLOCK_KIND,
        stage=Concat("next_clock", Value(":"), iso_date("next_due_on"), Value(":"), missed),
        recipient="partnership__role_assignments__user_id",
        due_on="next_due_on",
    )


def _action_stage(today: datetime.date) -> Case:
    """Overdue, or due within the smallest of ACTION_REMINDER_DAYS that the days left fit in."""
    within = [
        When(due_on__lte=today + datetime.timedelta(days=days), then=Value(f"due_in_{days}"))
        for days in sorted(settings.ACTION_REMINDER_DAYS)
    ]
    return Case(When(due_on__lt=today, then=Value("overdue")), *within, output_field=CharField())


def _action_due_rows(today: datetime.date) -> QuerySet:
    """Outstanding actions inside the reminder window, for each lead of the owning agency."""
    horizon = today + datetime.timedelta(days=max(settings.ACTION_REMINDER_DAYS))
    return due_rows(
        Action.objects.outstanding().filter(
            due_on__lte=horizon,
            owner_agency__role_assignments__role=Role.AGENCY_LEAD,
            owner_agency__role_assignments__partnership=F("partnership"),
        ),
        kind=ACTION_KIND,
        stage=Concat(_action_stage(today), Value(":"), iso_date("due_on")),
        recipient="owner_agency__role_assignments__user_id",
    )


def _ids(reminders: list[Reminder], kind: str) -> list[int]:
    return [int(r.subject_key.rsplit(":", 1)[1]) for r in reminders if r.kind == kind]


def _sender(claimed: list[Reminder], today: datetime.date):
    reviews = Review.objects.select_related("partnership").in_bulk(_ids(claimed, CLOCK_KIND))
    actions = Action.objects.select_related("partnership", "owner_agency", "recommendation").in_bulk(
        _ids(claimed, ACTION_KIND)
    )
    review_link, action_link = link_to("reviews:detail"), link_to("reviews:action_detail")

    def send_one(reminder: Reminder) -> None:
        pk = int(reminder.subject_key.rsplit(":", 1)[1])
        if reminder.kind == CLOCK_KIND:
            review = reviews[pk]
            clock_key, _, stage = reminder.stage.split(":")
            context = {
                "person": reminder.recipient,
                "review": review,
                "clock_label": clocks.CLOCK_LABELS[clock_key],
                "due_on": reminder.due_on,
                "days_left": clocks.days_left(reminder.due_on, today),
                "url": review_link(review.public_id),
            }
            template = "review_clock_missed" if stage == "missed" else "review_clock_warning"
        else:
            action = actions[pk]
            context = {
                "person": reminder.recipient,
                "action": action,
                "due_on": reminder.due_on,
                "days_left": (reminder.due_on - today).days,
                "url": action_link(action.public_id),
            }
            template = "action_overdue" if reminder.stage.startswith("overdue") else "action_due"
        emails.send(template, context, [reminder.recipient.email])

    return send_one


def reminders_sweep(*, today: datetime.date) -> SweepResult:
    """The daily sweep: statutory clock warnings to business managers, action reminders to agency leads.

    Each reminder is claimed under the Reminder table's unique constraint before it is sent, so a sweep run
    twice, or two running at once, send each one exactly once (safeguarding.reminders).
    """
    refreshed = clocks_refresh()
    # One INSERT ... SELECT: reminders already sent (most of them, on any day) never leave the database.
    claimed = claim_query(_clock_due_rows(today).union(_action_due_rows(today), all=True))
    sent, failed = deliver(claimed, _sender(claimed, today))
    return SweepResult(refreshed=refreshed, sent=sent, failed=failed)
