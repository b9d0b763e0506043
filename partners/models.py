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
