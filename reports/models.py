"""The yearly report: sections in order, PDF render jobs, numbered versions, sign-off and publication."""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from partners.models import Partnership
from safeguarding.audit import track


class SectionKind(models.TextChoices):
    # Narrative sections, written in the portal.
    FOREWORD = "foreword", "Foreword"
    PRIORITIES = "priorities", "Priorities and progress"
    LITTLE_PROGRESS = "little_progress", "Areas with little or no progress"
    VOICE = "voice", "Voice of children, families and practitioners"
    TRAINING = "training", "Training and its impact"
    NEXT_PRIORITIES = "next_priorities", "Next year's priorities"
    # Data sections, drawn live from the portal's records.
    PROFILE = "profile", "Local profile"
    GOVERNANCE = "governance", "Governance and membership"
    BUDGET = "budget", "Budget and contributions"
    SECTION_11 = "section_11", "Agency effectiveness: section 11 audits"
    CASE_REVIEWS = "case_reviews", "Case reviews and learning"
    CHALLENGE = "challenge", "Challenge and scrutiny"
    IMPROVEMENT = "improvement", "Progress on the improvement plan"


NARRATIVE_KINDS = frozenset(
    {
        SectionKind.FOREWORD,
        SectionKind.PRIORITIES,
        SectionKind.LITTLE_PROGRESS,
        SectionKind.VOICE,
        SectionKind.TRAINING,
        SectionKind.NEXT_PRIORITIES,
    }
)
# The typical structure of a yearly report (DOMAIN.md §6), the order a new report starts with.
DEFAULT_ORDER = [
    SectionKind.FOREWORD,
    SectionKind.PROFILE,
    SectionKind.GOVERNANCE,
    SectionKind.BUDGET,
    SectionKind.PRIORITIES,
    SectionKind.LITTLE_PROGRESS,
    SectionKind.SECTION_11,
    SectionKind.CASE_REVIEWS,
    SectionKind.CHALLENGE,
    SectionKind.IMPROVEMENT,
    SectionKind.TRAINING,
    SectionKind.VOICE,
    SectionKind.NEXT_PRIORITIES,
]


def default_period(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The last complete financial year (1 April - 31 March) before `today`."""
    end_year = today.year if today.month >= 4 else today.year - 1
    return datetime.date(end_year - 1, 4, 1), datetime.date(end_year, 3, 31)


@track
class YearlyReport(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="yearly_reports")
    title = models.CharField(max_length=200, help_text="As it will appear on the cover.")
    period_start = models.DateField(help_text="Usually 1 April.")
    period_end = models.DateField(help_text="Usually 31 March the year after.")
    published_version = models.OneToOneField(
        "ReportVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="published_as"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sent_to_panel_on = models.DateField(
        "sent to the national Panel on", null=True, blank=True, help_text="Due within 7 days of publication."
    )
    sent_to_wwc_on = models.DateField(
        "sent to the What Works Centre on",
        null=True,
        blank=True,
        help_text="Due within 7 days of publication.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-period_start"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "period_start"], name="one_report_per_period"),
            models.CheckConstraint(
                condition=Q(period_end__gt=models.F("period_start")), name="report_period_order"
            ),
        ]
        indexes = [models.Index(fields=["partnership", "published_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def period_label(self) -> str:
        return f"{self.period_start:%-d %B %Y} to {self.period_end:%-d %B %Y}"


@track
class Section(models.Model):
    report = models.ForeignKey(YearlyReport, on_delete=models.CASCADE, related_name="sections")
    kind = models.CharField(max_length=20, choices=SectionKind.choices)
    position = models.PositiveSmallIntegerField()
    body = models.TextField(
        blank=True,
        default="",
        help_text="Plain paragraphs separated by a blank line. Lists start with '- '. No names of children.",
    )
    not_applicable = models.BooleanField(default=False)
    not_applicable_reason = models.TextField(blank=True, default="")
    version = models.PositiveIntegerField(default=1, help_text="Optimistic lock: the version the editor saw.")
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["report", "kind"], name="one_section_per_kind"),
            models.CheckConstraint(
                condition=Q(not_applicable=False) | ~Q(not_applicable_reason=""),
                name="not_applicable_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()

    @property
    def is_narrative(self) -> bool:
        return self.kind in NARRATIVE_KINDS


class ReportVersion(models.Model):
    """One generated PDF, kept for good: sign-off and publication name a version."""

    report = models.ForeignKey(YearlyReport, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    file = models.FileField(upload_to="reports/%Y/")
    html = models.TextField(help_text="The report's body as rendered, for the published web version.")
    sha256 = models.CharField(max_length=64)
    pages = models.PositiveIntegerField()
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="version_numbers_unique")]

    def __str__(self) -> str:
        return f"Version {self.number}"


class RenderJob(models.Model):
    """A request to render the report, written in the request's transaction.

    Redis being down at commit loses nothing: the sweeper re-enqueues jobs left queued."""

    class State(models.TextChoices):
        QUEUED = "queued", "Waiting for the PDF worker"
        RUNNING = "running", "Rendering"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    report = models.ForeignKey(YearlyReport, on_delete=models.CASCADE, related_name="jobs")
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    message = models.CharField(max_length=300, blank=True, default="")
    attempts = models.PositiveSmallIntegerField(default=0)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    version = models.OneToOneField(
        ReportVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="job"
    )

    class Meta:
        ordering = ["-requested_at"]
        indexes = [models.Index(fields=["state", "requested_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="done") | Q(version__isnull=False), name="done_job_has_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.report} render {self.get_state_display()}"


@track
class SignOff(models.Model):
    version = models.ForeignKey(ReportVersion, on_delete=models.PROTECT, related_name="sign_offs")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["signed_at"]
        constraints = [models.UniqueConstraint(fields=["version", "user"], name="sign_once_per_version")]

    def __str__(self) -> str:
        return f"{self.user} signed {self.version}"
