"""Section 11 audits: standard sets, cycles shared by one or more partnerships, agency returns and moderation.

An agency answers a cycle once (one Return per agency per cycle) however many of the cycle's partnerships it
belongs to; each partnership adds its own Moderation of that return. Standard sets are data, and a set used by
a cycle is frozen (database triggers refuse every change to it, its standards and its criteria).
"""

from __future__ import annotations

import uuid

import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q

from audits import grades
from audits.grades import Scale
from safeguarding.audit import track

FROZEN_MESSAGE = "This standard set is used by an audit cycle and cannot be changed; copy it instead"


def _frozen_trigger(name: str, set_id_sql: str, operation) -> pgtrigger.Trigger:
    """Refuse writes to a standard set's rows while a cycle uses the set, whatever path the write takes."""
    # Built only from constants in this module, never from input.
    check = f"SELECT 1 FROM audits_cycle c WHERE c.standard_set_id = {set_id_sql}"  # noqa: S608
    return pgtrigger.Trigger(
        name=name,
        operation=operation,
        when=pgtrigger.Before,
        func=f"""
            IF EXISTS ({check}) THEN
                RAISE EXCEPTION '{FROZEN_MESSAGE}' USING ERRCODE = 'check_violation';
            END IF;
            IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
            RETURN NEW;
        """,
    )


class StandardSetQuerySet(models.QuerySet):
    def available_to(self, partnership):
        """The statutory sets every partnership may use, and the partnership's own."""
        return self.filter(Q(partnership__isnull=True) | Q(partnership=partnership))

    def with_use(self):
        return self.annotate(cycle_count=models.Count("cycles", distinct=True))


@track
class StandardSet(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(
        "partners.Partnership",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="standard_sets",
        help_text="The partnership that keeps this set; blank for the statutory sets all partnerships share.",
    )
    name = models.CharField(max_length=200, help_text="For example: Section 11 (voluntary sector), 2026.")
    description = models.TextField(blank=True, help_text="Who the set is for and how it differs.")
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = StandardSetQuerySet.as_manager()

    class Meta:
        ordering = ["partnership_id", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "name"], nulls_distinct=False, name="standard_set_name_unique"
            )
        ]
        triggers = [
            _frozen_trigger("set_frozen_update", "OLD.id", pgtrigger.Update | pgtrigger.Delete),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_statutory(self) -> bool:
        return self.partnership_id is None

    def is_frozen(self) -> bool:
        return self.cycles.exists()


@track
class Standard(models.Model):
    standard_set = models.ForeignKey(StandardSet, on_delete=models.CASCADE, related_name="standards")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)

    class Meta:
        ordering = ["standard_set_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["standard_set", "number"], name="standard_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="standard_number_positive"),
        ]
        triggers = [
            _frozen_trigger("standard_frozen_insert", "NEW.standard_set_id", pgtrigger.Insert),
            _frozen_trigger(
                "standard_frozen_change", "OLD.standard_set_id", pgtrigger.Update | pgtrigger.Delete
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


@track
class Criterion(models.Model):
    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="criteria")
    # Denormalised from the standard so the freeze trigger and set-wide queries need no join.
    standard_set = models.ForeignKey(StandardSet, on_delete=models.CASCADE, related_name="criteria")
    number = models.PositiveSmallIntegerField(
        help_text="Its place within the standard: 1 for 1.1, 2 for 1.2."
    )
    text = models.TextField(help_text="What the agency must show, as one statement.")
    guidance = models.TextField(blank=True, help_text="What a good answer covers.")
    expected_evidence = models.TextField(blank=True, help_text="The documents or data that would show it.")

    class Meta:
        ordering = ["standard__number", "number"]
        verbose_name_plural = "criteria"
        constraints = [
            models.UniqueConstraint(fields=["standard", "number"], name="criterion_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="criterion_number_positive"),
        ]
        triggers = [
            _frozen_trigger("criterion_frozen_insert", "NEW.standard_set_id", pgtrigger.Insert),
            _frozen_trigger(
                "criterion_frozen_change", "OLD.standard_set_id", pgtrigger.Update | pgtrigger.Delete
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.text[:60]}"

    @property
    def label(self) -> str:
        return f"{self.standard.number}.{self.number}"


class CycleQuerySet(models.QuerySet):
    def for_partnership(self, partnership):
        return self.filter(participations__partnership=partnership)


@track
class Cycle(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200, help_text="For example: Section 11 audit 2026 to 2027.")
    lead_partnership = models.ForeignKey(
        "partners.Partnership",
        on_delete=models.PROTECT,
        related_name="led_cycles",
        help_text="The partnership whose business manager opened the cycle and may share it.",
    )
    standard_set = models.ForeignKey(StandardSet, on_delete=models.PROTECT, related_name="cycles")
    scale = models.CharField(max_length=12, choices=Scale.choices, default=Scale.FOUR_POINT)
    opens_on = models.DateField(db_index=True)
    due_on = models.DateField(db_index=True, help_text="The date returns must be submitted by.")
    previous = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next_cycles",
        help_text="The earlier cycle to compare results with.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CycleQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__gt=models.F("opens_on")), name="cycle_due_after_opening"
            )
        ]

    def __str__(self) -> str:
        return self.name


@track
class Participation(models.Model):
    """A partnership taking part in a cycle: it sees its member agencies' returns and moderates them."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="participations")
    partnership = models.ForeignKey(
        "partners.Partnership", on_delete=models.PROTECT, related_name="audit_participations"
    )
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cycle", "partnership"], name="one_participation_per_partnership")
        ]

    def __str__(self) -> str:
        return f"{self.partnership} in {self.cycle}"


class ReturnQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=[Return.Status.DRAFT, Return.Status.RETURNED])

    def visible_in(self, partnership):
        """Returns of the partnership's active member agencies, in cycles the partnership takes part in.

        Semi-joins rather than joins through agency and membership: the same rows, and a plan PostgreSQL
        settles on in a fraction of the time (planning was most of this query's cost on every page)."""
        from partners.models import Membership

        return self.filter(
            cycle_id__in=Participation.objects.filter(partnership=partnership).values("cycle_id"),
            agency_id__in=Membership.objects.filter(partnership=partnership, ends_on__isnull=True).values(
                "agency_id"
            ),
        )


@track
class Return(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        RETURNED = "returned", "Returned for revision"
        ACCEPTED = "accepted", "Accepted"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="returns")
    agency = models.ForeignKey("partners.Agency", on_delete=models.PROTECT, related_name="audit_returns")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    summary = models.TextField(
        blank=True, help_text="An overview of the agency's safeguarding arrangements, for the partnership."
    )
    revision_reasons = models.TextField(
        blank=True, help_text="Why the return was sent back; the agency sees this."
    )
    carried_forward_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="carried_into"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReturnQuerySet.as_manager()

    class Meta:
        ordering = ["agency__name"]
        constraints = [
            # Answer once, share to many: one return per agency per cycle, whichever partnerships it is in.
            models.UniqueConstraint(fields=["cycle", "agency"], name="one_return_per_agency_per_cycle"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False), name="return_submitted_has_date"
            ),
        ]
        indexes = [models.Index(fields=["cycle", "status"])]

    def __str__(self) -> str:
        return f"{self.agency} – {self.cycle}"

    @property
    def is_editable(self) -> bool:
        return self.status in {self.Status.DRAFT, self.Status.RETURNED}


@track
class Answer(models.Model):
    return_record = models.ForeignKey(Return, on_delete=models.CASCADE, related_name="answers")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="answers")
    grade = models.CharField(max_length=8, blank=True)
    narrative = models.TextField(
        blank=True, max_length=5000, help_text="How the agency meets the criterion, and what shows it."
    )
    carried_forward = models.BooleanField(
        default=False, help_text="Pre-filled from the previous return and not yet confirmed or updated."
    )
    action_text = models.TextField(
        "action", blank=True, max_length=2000, help_text="What the agency will do to close the gap."
    )
    action_owner = models.CharField(
        "action owner", max_length=200, blank=True, help_text="The post or person responsible."
    )
    action_due_on = models.DateField("action due date", null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["criterion__standard__number", "criterion__number"]
        constraints = [
            models.UniqueConstraint(fields=["return_record", "criterion"], name="one_answer_per_criterion"),
            models.CheckConstraint(
                condition=Q(grade="") | Q(grade__in=grades.ALL_CODES), name="answer_grade_known"
            ),
        ]

    def __str__(self) -> str:
        return f"Answer to {self.criterion_id} in return {self.return_record_id}"


def evidence_path(instance, filename: str) -> str:
    """Private storage under MEDIA_ROOT, named by a random id: the uploaded name is kept only as data."""
    return f"private/audits/evidence/{uuid.uuid4().hex}"


@track
class Evidence(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=evidence_path, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    description = models.CharField(max_length=300, blank=True, help_text="What the document shows.")
    effective_date = models.DateField(
        help_text="The date the document speaks for (a policy's approval date, a report's period end)."
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    carried_forward = models.BooleanField(default=False)

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name_plural = "evidence"

    def __str__(self) -> str:
        return self.original_name


@track
class Moderation(models.Model):
    """One partnership's challenge of one return: the session, moderated grades and the feedback letter."""

    return_record = models.ForeignKey(Return, on_delete=models.CASCADE, related_name="moderations")
    partnership = models.ForeignKey("partners.Partnership", on_delete=models.PROTECT, related_name="+")
    session_on = models.DateField("challenge session date", null=True, blank=True)
    attendees = models.TextField(blank=True, help_text="Who took part, one a line, with their roles.")
    notes = models.TextField(blank=True, help_text="What was discussed and challenged.")
    letter = models.TextField(
        "feedback letter", blank=True, help_text="The partnership's feedback to the agency, in full."
    )
    letter_sent_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["return_record", "partnership"], name="one_moderation_per_partnership"
            )
        ]

    def __str__(self) -> str:
        return f"Moderation of {self.return_record_id} by {self.partnership_id}"


@track
class ModeratedGrade(models.Model):
    moderation = models.ForeignKey(Moderation, on_delete=models.CASCADE, related_name="grades")
    standard = models.ForeignKey(Standard, on_delete=models.PROTECT, related_name="+")
    grade = models.CharField(max_length=8, blank=True)
    comment = models.TextField(blank=True, max_length=2000)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["moderation", "standard"], name="one_moderated_grade_per_standard"
            ),
            models.CheckConstraint(
                condition=Q(grade="") | Q(grade__in=grades.ALL_CODES), name="moderated_grade_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.standard_id}: {self.grade}"


@track
class GapAction(models.Model):
    """A criterion graded below met / good, handed to one partnership's improvement tracker.

    Created when a return is accepted, once per partnership that sees the return. `tracker_action_id` is the
    tracker's action (reviews app) when it accepted it; rows without one are waiting to be handed over.
    """

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="gap_actions")
    partnership = models.ForeignKey("partners.Partnership", on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    owner = models.CharField(max_length=200)
    due_on = models.DateField()
    tracker_action_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["answer", "partnership"], name="one_gap_action_per_partnership")
        ]

    def __str__(self) -> str:
        return self.text[:60]
