"""The shared budget: financial years, budget versions and lines, sign-offs, contributions, actual spend.

Money is pence-exact: every amount is a DecimalField with two decimal places, never a float.
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

import pgtrigger
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from partners.models import Agency, Partnership
from safeguarding.audit import track

ZERO = Decimal("0.00")


def money_field(verbose_name: str, **kwargs) -> models.DecimalField:
    kwargs.setdefault("validators", [MinValueValidator(ZERO)])
    return models.DecimalField(verbose_name, max_digits=12, decimal_places=2, **kwargs)


def start_year_of(day: datetime.date) -> int:
    """The financial year (1 April - 31 March) a date falls in, named by the calendar year it starts in."""
    return day.year if day.month >= 4 else day.year - 1


def year_label(start_year: int) -> str:
    return f"{start_year}-{(start_year + 1) % 100:02d}"


class FinancialYearQuerySet(models.QuerySet):
    def containing(self, day: datetime.date):
        return self.filter(start_year=start_year_of(day))


@track
class FinancialYear(models.Model):
    """A partnership's financial year, 1 April to 31 March, named by the year it starts in."""

    class SplitRule(models.TextChoices):
        EQUAL = "equal", "Equal shares (thirds, when there are three partners)"
        FIXED = "fixed", "Fixed percentages"
        POPULATION = "population", "Shares of population"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="financial_years")
    start_year = models.PositiveSmallIntegerField(
        help_text="The calendar year in which the financial year starts on 1 April: 2025 for 2025-26."
    )
    split_rule = models.CharField(
        "how the statutory partners share the contributions",
        max_length=12,
        choices=SplitRule.choices,
        default=SplitRule.EQUAL,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FinancialYearQuerySet.as_manager()

    class Meta:
        ordering = ["partnership__name", "-start_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "start_year"], name="one_financial_year_per_start"
            ),
            models.CheckConstraint(
                condition=Q(start_year__gte=2000) & Q(start_year__lte=2100), name="financial_year_plausible"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.partnership})"

    @property
    def label(self) -> str:
        return year_label(self.start_year)

    @property
    def starts_on(self) -> datetime.date:
        return datetime.date(self.start_year, 4, 1)

    @property
    def ends_on(self) -> datetime.date:
        return datetime.date(self.start_year + 1, 3, 31)


@track
class PartnerSplit(models.Model):
    """One statutory partner's weight when the contributions are split: a fixed percentage, or a population.

    The population is the one the partner funds the arrangements for: a council's own area, the whole
    footprint for a police force or ICB. Weighted by population, three councils with a force and an ICB that
    cover all three areas come out as the classic thirds, the councils' third divided by their populations.
    """

    financial_year = models.ForeignKey(FinancialYear, on_delete=models.CASCADE, related_name="splits")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    percentage = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=ZERO,
        validators=[MinValueValidator(ZERO), MaxValueValidator(Decimal("100"))],
        help_text="Used by the fixed-percentages rule. The partners' percentages must add up to 100.",
    )
    population = models.PositiveIntegerField(
        default=0, help_text="Used by the population rule: the population this partner funds the work for."
    )

    class Meta:
        ordering = ["agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["financial_year", "agency"], name="one_split_per_partner"),
            models.CheckConstraint(
                condition=Q(percentage__gte=0) & Q(percentage__lte=100), name="split_percentage_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} in {self.financial_year}"


# A locked budget keeps its figures: only the moment it was fully signed off may still be recorded.
_BUDGET_FROZEN = pgtrigger.Q(old__locked_at__isnull=False) & (
    pgtrigger.Q(old__locked_at__df=pgtrigger.F("new__locked_at"))
    | pgtrigger.Q(old__financial_year_id__df=pgtrigger.F("new__financial_year_id"))
    | pgtrigger.Q(old__version__df=pgtrigger.F("new__version"))
    | pgtrigger.Q(old__reason__df=pgtrigger.F("new__reason"))
    | pgtrigger.Q(old__revision__df=pgtrigger.F("new__revision"))
    | (
        pgtrigger.Q(old__signed_off_at__isnull=False)
        & pgtrigger.Q(old__signed_off_at__df=pgtrigger.F("new__signed_off_at"))
    )
)


@track
class Budget(models.Model):
    """One version of a year's budget. The first sign-off locks it; a change after that is a new version.

    It is "signed off" once every lead safeguarding partner of the partnership has signed.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    financial_year = models.ForeignKey(FinancialYear, on_delete=models.PROTECT, related_name="budgets")
    version = models.PositiveSmallIntegerField(default=1)
    reason = models.TextField(
        blank=True, help_text="Why the budget changed after it was signed off. Required from version 2."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    locked_at = models.DateTimeField(null=True, blank=True)
    signed_off_at = models.DateTimeField(null=True, blank=True)
    # Goes up by one with every save of the lines, so an edit made from a stale page is refused.
    revision = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["financial_year", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["financial_year", "version"], name="one_budget_per_version"),
            models.UniqueConstraint(
                fields=["financial_year"],
                condition=Q(locked_at__isnull=True),
                name="one_open_budget_per_year",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="budget_version_positive"),
            models.CheckConstraint(
                condition=Q(version=1) | ~Q(reason=""), name="budget_new_version_has_reason"
            ),
            models.CheckConstraint(
                condition=Q(signed_off_at__isnull=True) | Q(locked_at__isnull=False),
                name="budget_signed_off_is_locked",
            ),
        ]
        triggers = [
            pgtrigger.Protect(
                name="locked_budget_frozen", operation=pgtrigger.Update, condition=_BUDGET_FROZEN
            ),
            pgtrigger.Protect(
                name="locked_budget_kept",
                operation=pgtrigger.Delete,
                condition=pgtrigger.Q(old__locked_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.financial_year.label} budget, version {self.version}"

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None

    @property
    def is_signed_off(self) -> bool:
        return self.signed_off_at is not None


@track
class BudgetLine(models.Model):
    """A planned amount of spend or income in one budget version."""

    class Category(models.TextChoices):
        STAFFING = "staffing", "Business unit staffing"
        CHAIR_SCRUTINY = "chair_scrutiny", "Independent chair and scrutiny"
        TRAINING = "training", "Training"
        CASE_REVIEWS = "case_reviews", "Case reviews"
        AUDITS = "audits", "Audits"
        COMMUNICATIONS = "communications", "Communications"
        OTHER_SPEND = "other_spend", "Other spend"
        PARTNER_CONTRIBUTIONS = "partner_contributions", "Partner contributions"
        TRAINING_INCOME = "training_income", "Training income"
        OTHER_INCOME = "other_income", "Other income"

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="lines")
    category = models.CharField(max_length=24, choices=Category.choices)
    description = models.CharField(
        max_length=200,
        blank=True,
        help_text="Optional detail, for example the posts a staffing line pays for.",
    )
    amount = money_field("amount (£)")

    class Meta:
        ordering = ["budget", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="budget_line_not_negative")]
        indexes = [models.Index(fields=["budget", "category"])]
        triggers = [
            # Signing locks the figures for every write path (bulk updates and raw SQL included); a change
            # after that is a new version. DELETE triggers see NEW as NULL, INSERT ones see OLD as NULL.
            pgtrigger.Trigger(
                name="locked_budget_lines_frozen",
                operation=pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete,
                when=pgtrigger.Before,
                func="""
                    IF EXISTS (
                        SELECT 1 FROM funding_budget b
                        WHERE b.locked_at IS NOT NULL
                          AND (
                            (TG_OP <> 'INSERT' AND b.id = OLD.budget_id)
                            OR (TG_OP <> 'DELETE' AND b.id = NEW.budget_id)
                          )
                    ) THEN
                        RAISE EXCEPTION 'The budget is signed and locked: start a new version to change it'
                            USING ERRCODE = 'check_violation';
                    END IF;
                    IF TG_OP = 'DELETE' THEN
                        RETURN OLD;
                    END IF;
                    RETURN NEW;
                """,
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.amount}"

    @property
    def is_spend(self) -> bool:
        return self.category in SPEND_CATEGORIES


SPEND_CATEGORIES = (
    BudgetLine.Category.STAFFING,
    BudgetLine.Category.CHAIR_SCRUTINY,
    BudgetLine.Category.TRAINING,
    BudgetLine.Category.CASE_REVIEWS,
    BudgetLine.Category.AUDITS,
    BudgetLine.Category.COMMUNICATIONS,
    BudgetLine.Category.OTHER_SPEND,
)
INCOME_CATEGORIES = (
    BudgetLine.Category.PARTNER_CONTRIBUTIONS,
    BudgetLine.Category.TRAINING_INCOME,
    BudgetLine.Category.OTHER_INCOME,
)
CATEGORY_ORDER = {category: index for index, category in enumerate(BudgetLine.Category)}


@track
class BudgetSignOff(models.Model):
    """A lead safeguarding partner's signature on one budget version: who and when, never changed."""

    budget = models.ForeignKey(Budget, on_delete=models.PROTECT, related_name="sign_offs")
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The agency the lead partner signed for.",
    )
    signed_at = models.DateTimeField()

    class Meta:
        ordering = ["signed_at"]
        constraints = [
            models.UniqueConstraint(fields=["budget", "signed_by"], name="one_signature_per_partner")
        ]
        triggers = [
            pgtrigger.Protect(name="sign_off_permanent", operation=pgtrigger.Update | pgtrigger.Delete),
        ]

    def __str__(self) -> str:
        return f"{self.signed_by} signed {self.budget}"


class ContributionQuerySet(models.QuerySet):
    def outstanding(self):
        return self.filter(received__lt=models.F("pledged"))

    def overdue(self, today: datetime.date):
        return self.outstanding().filter(expected_on__lt=today)

    def due_for_reminder(self, today: datetime.date, days: int):
        """Pledges still not fully received `days` days after their expected date."""
        return self.outstanding().filter(expected_on__lte=today - datetime.timedelta(days=days))


@track
class Contribution(models.Model):
    """What one member agency gives in one financial year: cash, or support in kind with its valuation."""

    class Kind(models.TextChoices):
        CASH = "cash", "Cash"
        IN_KIND = "in_kind", "In kind"

    class Status(models.TextChoices):
        PLEDGED = "pledged", "Pledged"
        INVOICED = "invoiced", "Invoiced"
        PART_RECEIVED = "part_received", "Part received"
        RECEIVED = "received", "Received"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    financial_year = models.ForeignKey(FinancialYear, on_delete=models.PROTECT, related_name="contributions")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="funding_contributions")
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.CASH)
    description = models.CharField(
        max_length=300,
        blank=True,
        help_text="Required for contributions in kind: what is given (for example, a training venue).",
    )
    recurring = models.BooleanField(
        "part of the yearly budget",
        default=True,
        help_text="Untick for one-off items, such as the cost of a local child safeguarding practice review. "
        "They are reported apart from the budget.",
    )
    from_split = models.BooleanField(
        default=False,
        editable=False,
        help_text="The statutory partner's share of the budget, proposed by the split rule.",
    )
    pledged = money_field("amount pledged (£)", help_text="For a contribution in kind, its valuation.")
    expected_on = models.DateField(
        "expected by", help_text="When the money (or the support in kind) is due to arrive."
    )
    invoiced = money_field("amount invoiced (£)", default=ZERO)
    invoiced_on = models.DateField("invoiced on", null=True, blank=True)
    received = money_field("amount received (£)", default=ZERO)
    received_on = models.DateField(
        "last received on", null=True, blank=True, help_text="The date of the latest payment received."
    )
    revision = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ContributionQuerySet.as_manager()

    class Meta:
        ordering = ["agency__name", "expected_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(pledged__gte=0) & Q(invoiced__gte=0) & Q(received__gte=0),
                name="contribution_amounts_not_negative",
            ),
            models.CheckConstraint(
                condition=~Q(kind="in_kind") | ~Q(description=""), name="in_kind_contribution_described"
            ),
            models.CheckConstraint(
                condition=Q(invoiced=0) | Q(invoiced_on__isnull=False), name="invoice_has_date"
            ),
            models.CheckConstraint(
                condition=Q(received=0) | Q(received_on__isnull=False), name="receipt_has_date"
            ),
            models.CheckConstraint(
                condition=Q(received__lte=models.F("pledged")), name="received_within_pledge"
            ),
            models.UniqueConstraint(
                fields=["financial_year", "agency"],
                condition=Q(from_split=True),
                name="one_split_pledge_per_partner",
            ),
        ]
        indexes = [
            models.Index(fields=["financial_year", "agency"]),
            models.Index(fields=["expected_on"]),
        ]
        triggers = [
            # Only member agencies (present or past) contribute; a check constraint cannot see memberships.
            pgtrigger.Trigger(
                name="contribution_agency_is_member",
                operation=pgtrigger.Insert | pgtrigger.Update,
                when=pgtrigger.Before,
                func="""
                    IF NOT EXISTS (
                        SELECT 1 FROM partners_membership m
                        JOIN funding_financialyear y ON y.partnership_id = m.partnership_id
                        WHERE y.id = NEW.financial_year_id AND m.agency_id = NEW.agency_id
                    ) THEN
                        RAISE EXCEPTION 'A contribution must come from a member agency of the partnership'
                            USING ERRCODE = 'check_violation';
                    END IF;
                    RETURN NEW;
                """,
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.get_kind_display().lower()} {self.pledged} ({self.financial_year.label})"

    @property
    def outstanding(self) -> Decimal:
        return self.pledged - self.received

    @property
    def status(self) -> str:
        if self.pledged > 0 and self.received >= self.pledged:
            return self.Status.RECEIVED
        if self.received > 0:
            return self.Status.PART_RECEIVED
        if self.invoiced_on is not None:
            return self.Status.INVOICED
        return self.Status.PLEDGED

    def get_status_display(self) -> str:
        return self.Status(self.status).label

    def is_overdue(self, today: datetime.date) -> bool:
        return self.outstanding > 0 and self.expected_on < today


@track
class Outturn(models.Model):
    """What was actually spent in a year on one kind of spend, recorded as the year goes and at its end."""

    financial_year = models.ForeignKey(FinancialYear, on_delete=models.CASCADE, related_name="outturns")
    category = models.CharField(max_length=24, choices=[(c.value, c.label) for c in SPEND_CATEGORIES])
    amount = money_field("amount spent (£)")

    class Meta:
        ordering = ["financial_year", "category"]
        constraints = [
            models.UniqueConstraint(fields=["financial_year", "category"], name="one_outturn_per_category"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="outturn_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.amount}"
