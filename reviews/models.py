"""Case reviews on their statutory clocks, and the learning-and-improvement tracker.

The tracker (Recommendation -> Action -> Evidence, with an impact statement) is the partnership's one
tracker: case reviews feed it here, and section 11 gaps, case file audits and challenge outcomes feed it from
their own apps through `reviews.services.recommendation_create` and `action_create`.
"""

from __future__ import annotations

import uuid

import pgtrigger
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import Lower
from guardian.models import UserObjectPermissionBase

from partners.models import Agency, Partnership
from reviews import clocks
from reviews.pseudonyms import (
    PSEUDONYM_HELP,
    PSEUDONYM_PATTERN,
    validate_no_date_of_birth,
    validate_no_identifiers,
    validate_pseudonym,
)
from safeguarding.audit import track

NO_IDENTIFIERS = "Anonymised: no names, no dates of birth, no case-file content."
# The object permission a reviewer is granted on one review (django-guardian).
VIEW_REVIEW = "view_review"


class ThemeQuerySet(models.QuerySet):
    def for_partnership(self, partnership):
        """The standard themes and the partnership's own."""
        return self.filter(Q(partnership__isnull=True) | Q(partnership=partnership))


@track
class Theme(models.Model):
    """A theme of learning (neglect, exploitation, ...): the managed list recommendations are tagged from."""

    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="themes",
        help_text="Blank for the standard themes every partnership uses.",
    )
    name = models.CharField(max_length=100)
    description = models.CharField(max_length=300, blank=True, help_text="What the theme covers (optional).")
    is_active = models.BooleanField(
        "in use",
        default=True,
        help_text="Retired themes stay on existing recommendations but cannot be chosen for new ones.",
    )

    objects = ThemeQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"), F("partnership"), nulls_distinct=False, name="theme_name_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_standard(self) -> bool:
        return self.partnership_id is None


class ReviewQuerySet(models.QuerySet):
    def open(self):
        return self.filter(closed_on__isnull=True)

    def granted_to(self, user):
        """Reviews the user holds the object permission on: a semi-join on the grant table, no table scan."""
        return self.filter(
            Exists(
                ReviewerGrant.objects.filter(
                    content_object=OuterRef("pk"), user=user, permission__codename=VIEW_REVIEW
                )
            )
        )


@track
class Review(models.Model):
    class Kind(models.TextChoices):
        SERIOUS_INCIDENT = "serious_incident", "Serious incident notification and rapid review"
        LCSPR = "lcspr", "Local child safeguarding practice review"
        SCR = "scr", "Serious case review (legacy)"
        OTHER = "other", "Other learning review"

    class Stage(models.TextChoices):
        NOTIFICATION = "notification", "Awaiting notification to the Panel"
        RAPID_REVIEW = "rapid_review", "Rapid review"
        DECIDED = "decided", "Rapid review decided"
        IN_PROGRESS = "in_progress", "Review in progress"
        PUBLICATION = "publication", "Report complete, not yet published"
        PUBLISHED = "published", "Published"
        CLOSED = "closed", "Closed"

    class Decision(models.TextChoices):
        LCSPR = "lcspr", "Local child safeguarding practice review"
        NATIONAL = "national", "Recommend a national review"
        NONE = "none", "No further review"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="reviews")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    reference = models.CharField(
        max_length=40, help_text="The partnership's own reference, for example TR-2026-03. Not a case number."
    )
    subject = models.CharField(
        "pseudonym", max_length=60, validators=[validate_pseudonym], help_text=PSEUDONYM_HELP
    )
    summary = models.TextField(
        "anonymised summary",
        blank=True,
        validators=[validate_no_identifiers],
        help_text="What happened and what was learned, for board members and agency leads. " + NO_IDENTIFIERS,
    )
    details = models.TextField(
        "key circumstances",
        blank=True,
        validators=[validate_no_identifiers],
        help_text="Restricted to the review team. " + NO_IDENTIFIERS,
    )
    origin = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_up",
        help_text="The rapid review whose decision opened this LCSPR.",
    )
    # Serious incident notification and rapid review.
    aware_on = models.DateField("date the local authority became aware", null=True, blank=True)
    notified_on = models.DateField("date notified to the national Panel", null=True, blank=True)
    notification_delay_reason = models.TextField(blank=True)
    rapid_review_completed_on = models.DateField(
        "date the rapid review was completed and sent to the Panel", null=True, blank=True
    )
    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True)
    decision_rationale = models.TextField(blank=True, validators=[validate_no_identifiers])
    rapid_review_delay_reason = models.TextField(blank=True)
    # LCSPR, legacy SCR and other learning reviews.
    commissioned_on = models.DateField(
        "date of the decision to hold the review",
        null=True,
        blank=True,
        help_text="For an LCSPR, the decision date that starts its clock; otherwise the date commissioned.",
    )
    final_report_on = models.DateField("date the final report was completed", null=True, blank=True)
    final_report_delay_reason = models.TextField(blank=True)
    publication_planned_on = models.DateField("planned publication date", null=True, blank=True)
    panel_sent_on = models.DateField(
        "date the full report was sent to the Panel and the Secretary of State", null=True, blank=True
    )
    panel_notice_delay_reason = models.TextField(blank=True)
    published_on = models.DateField("date published", null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    # Kept up to date by `refresh_clock` so lists can filter and sort on the next deadline.
    stage = models.CharField(max_length=20, choices=Stage.choices, db_index=True)
    next_due_on = models.DateField(null=True, blank=True)
    next_clock = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "reference"], name="review_reference_unique"),
            models.CheckConstraint(condition=Q(subject__regex=PSEUDONYM_PATTERN), name="review_pseudonym"),
            models.CheckConstraint(
                condition=(Q(kind="serious_incident") & Q(aware_on__isnull=False))
                | (~Q(kind="serious_incident") & Q(commissioned_on__isnull=False)),
                name="review_start_date",
            ),
            models.CheckConstraint(
                condition=Q(notified_on__isnull=True) | Q(notified_on__gte=F("aware_on")),
                name="review_notified_after_aware",
            ),
            models.CheckConstraint(
                condition=Q(rapid_review_completed_on__isnull=True)
                | Q(rapid_review_completed_on__gte=F("notified_on")),
                name="review_rapid_review_after_notification",
            ),
            models.CheckConstraint(
                condition=(Q(decision="") & Q(rapid_review_completed_on__isnull=True))
                | (~Q(decision="") & Q(rapid_review_completed_on__isnull=False) & ~Q(decision_rationale="")),
                name="review_decision_with_rationale",
            ),
            models.CheckConstraint(
                condition=Q(origin__isnull=True) | Q(kind="lcspr"), name="review_origin_only_lcspr"
            ),
            models.CheckConstraint(
                condition=Q(final_report_on__isnull=True) | Q(final_report_on__gte=F("commissioned_on")),
                name="review_report_after_start",
            ),
            models.CheckConstraint(
                condition=Q(published_on__isnull=True) | Q(final_report_on__isnull=False),
                name="review_published_after_report",
            ),
            models.CheckConstraint(
                condition=Q(panel_sent_on__isnull=True) | Q(kind="lcspr"), name="review_panel_notice_lcspr"
            ),
        ]
        indexes = [
            models.Index(fields=["partnership", "closed_on", "next_due_on"]),
            models.Index(fields=["partnership", "kind"]),
        ]

    def __str__(self) -> str:
        return f"{self.reference} ({self.subject})"

    @property
    def opened_on(self):
        return self.aware_on or self.commissioned_on

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    def clocks(self) -> list[clocks.Clock]:
        return clocks.clocks_for(self)

    def next_clock_label(self) -> str:
        return clocks.CLOCK_LABELS.get(self.next_clock, "")

    def linked_reviews(self) -> dict[str, dict]:
        """The rapid review that opened this LCSPR ("origin") and the LCSPR this rapid review's decision
        opened ("follow_up"), each as {"public_id", "reference"}: one small query, none for a review that
        can have neither (a follow-up exists only after a decision for an LCSPR, which then cannot change).
        """
        if not self.origin_id and self.decision != self.Decision.LCSPR:
            return {}
        rows = Review.objects.filter(Q(pk=self.origin_id) | Q(origin_id=self.pk)).values(
            "pk", "public_id", "reference"
        )
        return {"origin" if row["pk"] == self.origin_id else "follow_up": row for row in rows}

    def compute_stage(self) -> str:
        if self.closed_on:
            return self.Stage.CLOSED
        if self.kind == self.Kind.SERIOUS_INCIDENT:
            if not self.notified_on:
                return self.Stage.NOTIFICATION
            return self.Stage.RAPID_REVIEW if not self.rapid_review_completed_on else self.Stage.DECIDED
        if self.published_on:
            return self.Stage.PUBLISHED
        return self.Stage.PUBLICATION if self.final_report_on else self.Stage.IN_PROGRESS

    def refresh_clock(self) -> bool:
        """Recompute the stored stage and next deadline from the dates; True if anything changed."""
        clock = clocks.next_open(self)
        values = (self.compute_stage(), clock.due_on if clock else None, clock.key if clock else "")
        changed = values != (self.stage, self.next_due_on, self.next_clock)
        self.stage, self.next_due_on, self.next_clock = values
        return changed


@track
class ReviewerGrant(UserObjectPermissionBase):
    """django-guardian's object permission for one reviewer on one review, in its own table.

    A direct foreign key (not guardian's generic table) lets lists join on it; only `view_review` is granted.
    Grants and revocations are in the audit trail like every other change.
    """

    content_object = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="reviewer_grants")
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = "reviewer grant"


class ReviewAccess(models.Model):
    """Who viewed or exported a review's restricted detail, and when. Rows are never changed or deleted."""

    class Action(models.TextChoices):
        VIEW = "view", "Viewed"
        EXPORT = "export", "Exported"

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="access_log")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=10, choices=Action.choices)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["review", "-at"])]
        triggers = [
            pgtrigger.Protect(name="access_log_append_only", operation=pgtrigger.Update | pgtrigger.Delete)
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.review_id} by {self.user_id} at {self.at:%Y-%m-%d %H:%M}"


class RecommendationQuerySet(models.QuerySet):
    def for_source(self, source):
        """Recommendations attached to one record of another app (a section 11 return, an audit, ...)."""
        return self.filter(source_type=ContentType.objects.get_for_model(source), source_id=source.pk)


@track
class Recommendation(models.Model):
    class SourceKind(models.TextChoices):
        REVIEW = "review", "Case review"
        SECTION_11 = "section_11", "Section 11 audit"
        CASE_FILE_AUDIT = "case_file_audit", "Multi-agency case file audit"
        CHALLENGE = "challenge", "Challenge outcome"
        OTHER = "other", "Other"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="recommendations")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    source_kind = models.CharField("source", max_length=20, choices=SourceKind.choices, db_index=True)
    source_label = models.CharField(
        max_length=200, help_text="How the source is named in lists, for example 'LCSPR TR-2026-01'."
    )
    review = models.ForeignKey(
        Review, on_delete=models.PROTECT, null=True, blank=True, related_name="recommendations"
    )
    # Any other source record (a section 11 gap, an audit finding, a challenge), without this app knowing it.
    source_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    reference = models.CharField(max_length=20, blank=True, help_text="Its number in the source, e.g. 3.")
    text = models.TextField("recommendation", validators=[validate_no_date_of_birth])
    themes = models.ManyToManyField(Theme, related_name="recommendations")
    made_on = models.DateField(help_text="The date the recommendation was made (its year shows on Learning).")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["made_on", "reference", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(source_kind="review") & Q(review__isnull=False))
                | (~Q(source_kind="review") & Q(review__isnull=True)),
                name="recommendation_review_source",
            ),
            models.CheckConstraint(
                condition=Q(source_type__isnull=True, source_id__isnull=True)
                | Q(source_type__isnull=False, source_id__isnull=False),
                name="recommendation_source_pair",
            ),
        ]
        indexes = [
            models.Index(fields=["partnership", "source_kind"]),
            models.Index(fields=["source_type", "source_id"]),
        ]

    def __str__(self) -> str:
        number = f" {self.reference}" if self.reference else ""
        return f"{self.source_label}: recommendation{number}"


class ActionQuerySet(models.QuerySet):
    def outstanding(self):
        return self.filter(status__in=Action.OUTSTANDING)

    def overdue(self, today):
        return self.outstanding().filter(due_on__lt=today)

    def with_evidence_count(self):
        """`evidence_count` per action, as a subquery: a join and GROUP BY on a list's query would group
        every joined row (agencies, recommendations) before the page's limit."""
        # Written out: the same subquery composed through the ORM cost more to build than to run.
        files = RawSQL(  # noqa: S611 - no values from outside: table names from the models
            f'SELECT count(*) FROM "{Evidence._meta.db_table}" e '  # noqa: S608 - table names from the models
            f'WHERE e.action_id = "{Action._meta.db_table}"."id"',
            [],
            output_field=models.IntegerField(),
        )
        return self.annotate(evidence_count=files)


@track
class Action(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETE = "complete", "Complete"
        WITHDRAWN = "withdrawn", "Withdrawn"

    OUTSTANDING = (Status.NOT_STARTED, Status.IN_PROGRESS)

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="improvement_actions")
    recommendation = models.ForeignKey(Recommendation, on_delete=models.PROTECT, related_name="actions")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    description = models.TextField("action", validators=[validate_no_date_of_birth])
    owner_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="improvement_actions",
        help_text="The member agency responsible for the action.",
    )
    due_on = models.DateField("due date")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    completed_on = models.DateField(null=True, blank=True)
    progress_note = models.TextField(
        "progress", blank=True, validators=[validate_no_date_of_birth], help_text="The latest update."
    )
    impact_statement = models.TextField(
        blank=True,
        validators=[validate_no_date_of_birth],
        help_text="What changed for children and families, or for practice, because of this action.",
    )
    impact_measure = models.CharField(
        max_length=300,
        blank=True,
        help_text="How the impact was measured, with the result: for example 'Audited referrals with a "
        "chronology: 40% in March 2025, 85% in March 2026'.",
    )
    # Optimistic locking: a save from a page opened before someone else's save is refused, not merged.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(status="complete") & Q(completed_on__isnull=False))
                | (~Q(status="complete") & Q(completed_on__isnull=True)),
                name="action_completed_on_when_complete",
            ),
            models.CheckConstraint(
                condition=(Q(impact_statement="") & Q(impact_measure=""))
                | (~Q(impact_statement="") & ~Q(impact_measure="")),
                name="action_impact_has_measure",
            ),
        ]
        indexes = [
            models.Index(fields=["partnership", "status", "due_on"]),
            models.Index(fields=["owner_agency", "status", "due_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.description[:60]} ({self.owner_agency})"

    @property
    def is_outstanding(self) -> bool:
        return self.status in self.OUTSTANDING

    def is_overdue(self, today) -> bool:
        return self.is_overdue_for(self.status, self.due_on, today)

    @classmethod
    def is_overdue_for(cls, status: str, due_on, today) -> bool:
        """Outstanding past its due date: for lists that read an action's values, not the action."""
        return status in cls.OUTSTANDING and due_on < today

    @property
    def has_impact(self) -> bool:
        return bool(self.impact_statement and self.impact_measure)


def evidence_path(instance: Evidence, filename: str) -> str:
    """A random name under the private evidence folder: the uploader's file name is kept only in the row."""
    extension = instance.extension
    return f"private/evidence/{instance.action.partnership_id}/{uuid.uuid4().hex}.{extension}"


@track
class Evidence(models.Model):
    """A file showing an action was done. Stored under MEDIA_ROOT, never served except by a checked view."""

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="evidence")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    file = models.FileField(upload_to=evidence_path, max_length=200)
    original_name = models.CharField(max_length=200)
    extension = models.CharField(max_length=5)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    description = models.CharField(max_length=200, blank=True, help_text="What the file shows (optional).")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name_plural = "evidence"

    def __str__(self) -> str:
        return self.original_name
