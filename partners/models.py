"""Partnerships, their footprint, member agencies and the roles people hold in them."""

import uuid

import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q, Sum

from safeguarding.audit import track
from safeguarding.roles import AGENCY_ROLES, Role


@track
class Partnership(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(
        max_length=80, unique=True, help_text="Used in the partnership's public web address."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def populations(self) -> dict:
        """Total and 0-17 populations: the sums over the footprint's local authority areas."""
        totals = self.areas.aggregate(total=Sum("population_total"), children=Sum("population_0_17"))
        return {"total": totals["total"] or 0, "children": totals["children"] or 0}


@track
class LocalAuthorityArea(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="areas")
    name = models.CharField(max_length=200)
    ons_code = models.CharField(
        "ONS code", max_length=9, unique=True, help_text="The nine-character ONS code, for example E06000023."
    )
    population_total = models.PositiveIntegerField("total population", help_text="Latest mid-year estimate.")
    population_0_17 = models.PositiveIntegerField(
        "population aged 0 to 17", help_text="Latest mid-year estimate."
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(population_0_17__lte=models.F("population_total")),
                name="area_children_within_total",
            ),
            models.CheckConstraint(
                condition=Q(ons_code__regex=r"^[A-Z][0-9]{8}$"), name="area_ons_code_format"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.ons_code})"


@track
class Agency(models.Model):
    class Sector(models.TextChoices):
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        ICB = "icb", "Integrated care board"
        NHS_TRUST = "nhs_trust", "NHS trust"
        PRIMARY_CARE = "primary_care", "GP / primary care"
        POLICE = "police", "Police"
        PROBATION = "probation", "Probation"
        YOUTH_JUSTICE = "youth_justice", "Youth justice"
        CAFCASS = "cafcass", "CAFCASS"
        SCHOOL = "school", "School / academy trust"
        COLLEGE = "college", "College"
        EARLY_YEARS = "early_years", "Early years"
        HOUSING = "housing", "Housing"
        VOLUNTARY = "voluntary", "Voluntary and community"
        OTHER = "other", "Other"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200, unique=True)
    sector = models.CharField(max_length=20, choices=Sector.choices, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(ends_on__isnull=True)


@track
class Membership(models.Model):
    class StatutoryRole(models.TextChoices):
        SAFEGUARDING_PARTNER = "safeguarding_partner", "Safeguarding partner"
        RELEVANT_AGENCY = "relevant_agency", "Relevant agency"
        OTHER = "other", "Other member"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="memberships")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="memberships")
    statutory_role = models.CharField(max_length=24, choices=StatutoryRole.choices, db_index=True)
    starts_on = models.DateField(help_text="The date the agency joined the arrangements.")
    ends_on = models.DateField(null=True, blank=True, help_text="Leave blank while the membership continues.")

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["agency__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "agency"],
                condition=Q(ends_on__isnull=True),
                name="one_active_membership",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="membership_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["partnership", "ends_on"])]

    def __str__(self) -> str:
        return f"{self.agency} in {self.partnership}"

    @property
    def is_active(self) -> bool:
        return self.ends_on is None


@track
class RoleAssignment(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments"
    )
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(max_length=24, choices=Role.choices)
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_assignments",
        help_text="The agency the person acts for: required for agency leads.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["partnership__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "partnership", "role", "agency"],
                nulls_distinct=False,
                name="one_assignment_per_role",
            ),
            models.CheckConstraint(
                condition=~Q(role__in=sorted(AGENCY_ROLES)) | Q(agency__isnull=False),
                name="agency_role_names_agency",
            ),
        ]
        indexes = [models.Index(fields=["partnership", "role"])]
        triggers = [
            # The agency a role names must be an active member of that partnership. A check constraint cannot
            # look at another table, so a trigger enforces it for every write path, bulk ones included.
            pgtrigger.Trigger(
                name="role_agency_is_member",
                operation=pgtrigger.Insert | pgtrigger.Update,
                when=pgtrigger.Before,
                condition=pgtrigger.Q(new__agency__isnull=False),
                func="""
                    IF NOT EXISTS (
                        SELECT 1 FROM partners_membership m
                        WHERE m.partnership_id = NEW.partnership_id AND m.agency_id = NEW.agency_id
                          AND m.ends_on IS NULL
                    ) THEN
                        RAISE EXCEPTION 'The agency of a role must be an active member of the partnership'
                            USING ERRCODE = 'check_violation';
                    END IF;
                    RETURN NEW;
                """,
            )
        ]

    def __str__(self) -> str:
        suffix = f" for {self.agency}" if self.agency_id else ""
        return f"{self.get_role_display()}{suffix} in {self.partnership}"


# The challenge log (DOMAIN.md §4): partners holding each other to account, with an escalation ladder.


class Responder(models.TextChoices):
    """Who must answer a challenge at a stage of the escalation ladder."""

    AGENCY_LEAD = "agency_lead", "The agency's lead"
    SENIOR_LEAD = "senior_lead", "The agency's delegated safeguarding partner or senior lead"
    LEAD_PARTNERS = "lead_partners", "The lead safeguarding partners with the independent scrutineer"


# (stage, who must answer, working days to answer): the ladder a partnership starts with.
DEFAULT_LADDER = (
    (1, Responder.AGENCY_LEAD, 10),
    (2, Responder.SENIOR_LEAD, 10),
    (3, Responder.LEAD_PARTNERS, 15),
)
MAX_STAGE_WORKING_DAYS = 60


class EscalationStageQuerySet(models.QuerySet):
    def ladder_for(self, partnership_id: int) -> list:
        """The partnership's stages in order; the default ladder (unsaved) when it has not set its own."""
        stages = list(self.filter(partnership_id=partnership_id).order_by("number"))
        if stages:
            return stages
        return [
            EscalationStage(partnership_id=partnership_id, number=n, responder=r, working_days=d)
            for n, r, d in DEFAULT_LADDER
        ]


@track
class EscalationStage(models.Model):
    """One rung of a partnership's escalation ladder: who must answer a challenge, and how fast."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="escalation_stages")
    number = models.PositiveSmallIntegerField()
    responder = models.CharField(
        "who must answer", max_length=20, choices=Responder.choices, help_text="Who answers at this stage."
    )
    working_days = models.PositiveSmallIntegerField(
        help_text=f"Working days they have to answer (1 to {MAX_STAGE_WORKING_DAYS})."
    )

    objects = EscalationStageQuerySet.as_manager()

    class Meta:
        ordering = ["partnership", "number"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "number"], name="one_escalation_stage_per_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="escalation_stage_number_positive"),
            models.CheckConstraint(
                condition=Q(working_days__gte=1, working_days__lte=MAX_STAGE_WORKING_DAYS),
                name="escalation_stage_working_days_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Stage {self.number}: {self.get_responder_display()} ({self.working_days} working days)"


class ChallengeQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=Challenge.OPEN_STATUSES)

    def awaiting_response(self):
        return self.filter(status=Challenge.Status.AWAITING_RESPONSE)

    def overdue(self, today):
        return self.awaiting_response().filter(stage_due_on__lt=today)

    def stuck(self):
        return self.awaiting_response().filter(stuck_since__isnull=False)

    def due_for_reminders(self, latest_due_on):
        """Challenges waiting for an answer, due on or before `latest_due_on`, not yet flagged stuck.

        Stuck is the last reminder of a stage, so a stuck challenge has nothing more to be reminded of
        until it moves on: leaving those out keeps the daily sweep's work to what can still be due.
        """
        return self.awaiting_response().filter(stuck_since__isnull=True, stage_due_on__lte=latest_due_on)


@track
class Challenge(models.Model):
    """A challenge raised on behalf of the partnership or an agency, addressed to a member agency."""

    class Status(models.TextChoices):
        AWAITING_RESPONSE = "awaiting_response", "Awaiting a response"
        RESPONDED = "responded", "Response received"
        RESOLVED = "resolved", "Resolved"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class Outcome(models.TextChoices):
        CHANGED_PRACTICE = "changed_practice", "Changed practice"
        ASSURANCE_GIVEN = "assurance_given", "Assurance given"
        NO_CHANGE_NEEDED = "no_change_needed", "No change needed"

    OPEN_STATUSES = (Status.AWAITING_RESPONSE, Status.RESPONDED)

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="challenges")
    number = models.PositiveIntegerField(help_text="The challenge's number within the partnership.")
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="challenges_raised"
    )
    raised_by_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="challenges_raised",
        help_text="The agency the challenge is raised for; blank when raised for the partnership.",
    )
    addressed_to = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="challenges_received")
    subject = models.CharField(max_length=200, help_text="A short title for the challenge.")
    concern = models.TextField(help_text="What the concern is and the evidence for it.")
    asked = models.TextField("what is asked of the agency", help_text="What the agency is asked to do.")
    raised_on = models.DateField(db_index=True)
    response_due_on = models.DateField(help_text="The date the first response is due.")
    link_kind = models.CharField(max_length=60, blank=True, default="")
    link_ref = models.CharField(max_length=100, blank=True, default="")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.AWAITING_RESPONSE)
    stage = models.PositiveSmallIntegerField(default=1)
    stage_responder = models.CharField(max_length=20, choices=Responder.choices)
    stage_due_on = models.DateField(help_text="When the answer at the current stage is due.")
    stuck_since = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True, default="")
    closed_on = models.DateField(null=True, blank=True)
    # Every change of state adds one; a form carries the value it was shown, so a second person acting on a
    # page that is out of date is refused instead of silently overwriting the first.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ChallengeQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_on", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "number"], name="one_challenge_number"),
            models.CheckConstraint(
                condition=Q(raised_by_agency__isnull=True) | ~Q(raised_by_agency=models.F("addressed_to")),
                name="challenge_not_addressed_to_raiser",
            ),
            models.CheckConstraint(
                condition=Q(status="resolved", outcome__gt="") | (~Q(status="resolved") & Q(outcome="")),
                name="challenge_outcome_when_resolved",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["awaiting_response", "responded"], closed_on__isnull=True)
                | (Q(status__in=["resolved", "withdrawn"]) & Q(closed_on__isnull=False)),
                name="challenge_closed_on_when_closed",
            ),
            models.CheckConstraint(
                condition=Q(status="awaiting_response") | Q(stuck_since__isnull=True),
                name="challenge_stuck_only_while_waiting",
            ),
            models.CheckConstraint(condition=Q(stage__gte=1), name="challenge_stage_positive"),
            models.CheckConstraint(
                condition=Q(link_kind="", link_ref="") | (Q(link_kind__gt="") & Q(link_ref__gt="")),
                name="challenge_link_complete",
            ),
        ]
        indexes = [
            # The log filtered by status and sorted or bounded by due date, and the dashboard's overdue list.
            models.Index(fields=["partnership", "status", "stage_due_on"], name="challenge_status_due_idx"),
            models.Index(fields=["partnership", "stage_due_on"]),
            models.Index(fields=["status", "stage_due_on"], name="challenge_sweep_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.subject}"

    @property
    def reference(self) -> str:
        return f"CH-{self.number:04d}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def is_overdue(self, today) -> bool:
        return self.status == self.Status.AWAITING_RESPONSE and self.stage_due_on < today

    def ladder(self) -> list[EscalationStage]:
        """The partnership's escalation ladder, read once per instance."""
        if getattr(self, "_ladder", None) is None:
            self._ladder = EscalationStage.objects.ladder_for(self.partnership_id)
        return self._ladder

    def next_stage(self) -> EscalationStage | None:
        """The stage a non-accepted answer escalates to; None at the top of the ladder."""
        return next((s for s in self.ladder() if s.number == self.stage + 1), None)


@track
class ChallengeStep(models.Model):
    """One step of a challenge's conversation, kept in order: raised, answered, accepted, escalated..."""

    class Kind(models.TextChoices):
        RAISED = "raised", "Challenge raised"
        RESPONSE = "response", "Response"
        ACCEPTED = "accepted", "Response accepted: challenge resolved"
        NOT_ACCEPTED = "not_accepted", "Response not accepted"
        ESCALATED = "escalated", "Escalated"
        WITHDRAWN = "withdrawn", "Challenge withdrawn"
        STUCK = "stuck", "Flagged stuck"

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    stage = models.PositiveSmallIntegerField(help_text="The stage the step belongs to, or enters.")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="challenge_steps",
        help_text="Blank for steps the portal takes itself (flagging a challenge stuck).",
    )
    text = models.TextField(blank=True, default="")
    outcome = models.CharField(max_length=20, choices=Challenge.Outcome.choices, blank=True, default="")
    due_on = models.DateField(null=True, blank=True, help_text="For a stage entered: its due date.")
    responder = models.CharField(max_length=20, choices=Responder.choices, blank=True, default="")
    evidence = models.FileField(upload_to="challenges/evidence/%Y/%m/", blank=True, default="")
    evidence_name = models.CharField(max_length=200, blank=True, default="")
    # Set for steps that e-mail people, cleared once those e-mails are claimed (safeguarding.reminders):
    # the daily sweep sends any notice whose task never ran (the broker was down at commit).
    notice_pending = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(
                fields=["created_at"], condition=Q(notice_pending=True), name="challenge_step_notice_idx"
            ),
            models.Index(fields=["challenge", "kind"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.challenge.reference}, stage {self.stage})"
