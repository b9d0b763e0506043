"""Every change to funding records: years, budget versions and their lines, sign-off, contributions, spend.

A locked budget is refused here with a clear message, and again by the database triggers on
funding.models.BudgetLine and Budget, so no write path can change signed figures.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from funding.models import (
    ZERO,
    Budget,
    BudgetLine,
    BudgetSignOff,
    Contribution,
    FinancialYear,
    Outturn,
    PartnerSplit,
)
from partners.models import Partnership, RoleAssignment
from safeguarding import emails, reminders
from safeguarding.models import User
from safeguarding.roles import Role

REMINDER_KIND = "funding.contribution_overdue"
REMINDER_AFTER_DAYS = 30


class FundingError(Exception):
    """A change the rules do not allow; the message is for the person who asked for it."""


class BudgetLocked(FundingError):
    pass


class StaleEdit(FundingError):
    pass


def lead_partners(partnership: Partnership) -> list[RoleAssignment]:
    """The partnership's lead safeguarding partners, one assignment a person: all must sign the budget."""
    seen, result = set(), []
    assignments = RoleAssignment.objects.filter(partnership=partnership, role=Role.LEAD_PARTNER)
    for assignment in assignments.select_related("user", "agency").order_by("user__full_name", "pk"):
        if assignment.user_id not in seen:
            seen.add(assignment.user_id)
            result.append(assignment)
    return result


@transaction.atomic
def year_create(
    *,
    partnership: Partnership,
    start_year: int,
    split_rule: str,
    copy_previous: bool,
    created_by: User,
) -> FinancialYear:
    """A new financial year with a first, draft budget, optionally starting from last year's figures."""
    year = FinancialYear.objects.create(partnership=partnership, start_year=start_year, split_rule=split_rule)
    budget = Budget.objects.create(financial_year=year, version=1, created_by=created_by)
    previous = (
        FinancialYear.objects.filter(partnership=partnership, start_year__lt=start_year)
        .order_by("-start_year")
        .first()
    )
    if copy_previous and previous is not None:
        last = previous.budgets.order_by("-version").first()
        if last is not None:
            BudgetLine.objects.bulk_create(
                BudgetLine(
                    budget=budget, category=line.category, description=line.description, amount=line.amount
                )
                for line in last.lines.order_by("pk")
            )
        PartnerSplit.objects.bulk_create(
            PartnerSplit(
                financial_year=year, agency_id=s.agency_id, percentage=s.percentage, population=s.population
            )
            for s in previous.splits.all()
        )
    return year


@transaction.atomic
def split_save(
    *, year: FinancialYear, rule: str, weights: Mapping[int, tuple[Decimal, int]]
) -> FinancialYear:
    """Record the year's split rule and every statutory partner's percentage and population."""
    if rule == FinancialYear.SplitRule.FIXED:
        total = sum((percentage for percentage, _ in weights.values()), ZERO)
        if total != Decimal("100"):
            raise FundingError(f"The fixed percentages add up to {total}%, not 100%.")
    year.split_rule = rule
    year.save(update_fields=["split_rule"])
    for agency_id, (percentage, population) in weights.items():
        PartnerSplit.objects.update_or_create(
            financial_year=year,
            agency_id=agency_id,
            defaults={"percentage": percentage, "population": population},
        )
    return year


def _lock_budget(budget: Budget) -> Budget:
    return Budget.objects.select_for_update().get(pk=budget.pk)


@transaction.atomic
def budget_lines_save(*, budget: Budget, formset, revision: int) -> Budget:
    """Save the edited lines of an open budget version, unless it was locked or changed meanwhile."""
    current = _lock_budget(budget)
    if current.is_locked:
        raise BudgetLocked(
            "This budget version has been signed and is locked. Start a new version to change it."
        )
    if current.revision != revision:
        raise StaleEdit(
            "Someone else saved this budget while you were editing it. Your changes were not saved: "
            "look at the figures now and make your changes again."
        )
    formset.instance = current
    formset.save()
    Budget.objects.filter(pk=current.pk).update(revision=F("revision") + 1)
    current.refresh_from_db()
    return current


@transaction.atomic
def budget_new_version(*, year: FinancialYear, reason: str, created_by: User) -> Budget:
    """Open a new version of a signed (locked) budget, starting from its lines; the reason is recorded."""
    latest = Budget.objects.select_for_update().filter(financial_year=year).order_by("-version").first()
    if latest is not None and not latest.is_locked:
        raise FundingError(f"Version {latest.version} is still open for changes: edit it instead.")
    if not reason.strip():
        raise FundingError("Say why the budget needs a new version.")
    budget = Budget.objects.create(
        financial_year=year,
        version=(latest.version + 1) if latest else 1,
        reason=reason.strip(),
        created_by=created_by,
    )
    if latest is not None:
        BudgetLine.objects.bulk_create(
            BudgetLine(
                budget=budget, category=line.category, description=line.description, amount=line.amount
            )
            for line in latest.lines.order_by("pk")
        )
    return budget


@transaction.atomic
def budget_sign_off(*, budget: Budget, user: User) -> BudgetSignOff:
    """A lead partner signs the current version. The first signature locks it; the last signs it off."""
    current = _lock_budget(budget)
    latest_version = (
        Budget.objects.filter(financial_year_id=current.financial_year_id)
        .order_by("-version")
        .first()
        .version
    )
    if current.version != latest_version:
        raise FundingError("A newer version of this budget exists: sign that one instead.")
    partnership = current.financial_year.partnership
    signatories = lead_partners(partnership)
    mine = next((a for a in signatories if a.user_id == user.pk), None)
    if mine is None:
        raise FundingError("Only the partnership's lead safeguarding partners sign off the budget.")
    if current.sign_offs.filter(signed_by=user).exists():
        raise FundingError("You have already signed this version.")
    if not current.lines.exists():
        raise FundingError("There is nothing to sign: this version has no lines yet.")
    now = timezone.now()
    if current.locked_at is None:
        current.locked_at = now
        current.save(update_fields=["locked_at"])
    sign_off = BudgetSignOff.objects.create(budget=current, signed_by=user, agency=mine.agency, signed_at=now)
    signed = set(current.sign_offs.values_list("signed_by_id", flat=True))
    if {a.user_id for a in signatories} <= signed:
        current.signed_off_at = now
        current.save(update_fields=["signed_off_at"])
    return sign_off


def _check_contribution(contribution: Contribution) -> None:
    contribution.full_clean(exclude=["financial_year", "agency"])


@transaction.atomic
def contribution_create(*, year: FinancialYear, **values) -> Contribution:
    contribution = Contribution(financial_year=year, **values)
    _check_contribution(contribution)
    contribution.save()
    return contribution


@transaction.atomic
def contribution_update(*, contribution: Contribution, revision: int, **values) -> Contribution:
    """Change a contribution (amounts invoiced and received included) unless someone changed it meanwhile."""
    current = Contribution.objects.select_for_update().get(pk=contribution.pk)
    if current.revision != revision:
        raise StaleEdit(
            "Someone else changed this contribution while you were editing it. Your changes were not saved: "
            "look at it now and make your changes again."
        )
    for field, value in values.items():
        setattr(current, field, value)
    current.revision += 1
    _check_contribution(current)
    current.save()
    return current


@transaction.atomic
def pledges_apply(
    *, year: FinancialYear, amounts: Mapping[int, Decimal], expected_on: datetime.date
) -> list[Contribution]:
    """Record each statutory partner's pledge of its share, updating the split pledge it already has."""
    saved = []
    existing = {
        c.agency_id: c
        for c in Contribution.objects.select_for_update().filter(financial_year=year, from_split=True)
    }
    for agency_id, amount in amounts.items():
        contribution = existing.get(agency_id)
        if contribution is None:
            contribution = Contribution(
                financial_year=year,
                agency_id=agency_id,
                from_split=True,
                kind=Contribution.Kind.CASH,
                recurring=True,
                description="Statutory partner's share of the budget",
            )
        elif contribution.received > amount:
            raise FundingError(
                f"{contribution.agency.name} has already paid £{contribution.received:,.2f}: "
                "the pledge cannot be less than that."
            )
        else:
            contribution.revision += 1
        contribution.pledged = amount
        contribution.expected_on = expected_on
        _check_contribution(contribution)
        contribution.save()
        saved.append(contribution)
    return saved


@transaction.atomic
def outturn_save(*, year: FinancialYear, amounts: Mapping[str, Decimal | None]) -> None:
    """Record actual spend by category; a blank amount removes the category's figure."""
    for category, amount in amounts.items():
        if amount is None:
            Outturn.objects.filter(financial_year=year, category=category).delete()
        else:
            Outturn.objects.update_or_create(
                financial_year=year, category=category, defaults={"amount": amount}
            )


def contribution_reminders_due(today: datetime.date) -> list[reminders.Due]:
    """One query: each agency lead of each pledge 30 days past its expected date and not fully received.

    The stage names the expected date, so a pledge whose date is moved can be reminded about once more.
    """
    rows = (
        Contribution.objects.due_for_reminder(today, REMINDER_AFTER_DAYS)
        .filter(
            agency__role_assignments__role=Role.AGENCY_LEAD,
            agency__role_assignments__partnership=F("financial_year__partnership"),
        )
        .values_list("pk", "agency__role_assignments__user_id", "expected_on")
    )
    return [
        reminders.Due(
            kind=REMINDER_KIND,
            subject_key=reminders.subject_key("funding.contribution", pk),
            recipient_id=user_id,
            stage=f"overdue-{expected_on.isoformat()}",
            due_on=expected_on + datetime.timedelta(days=REMINDER_AFTER_DAYS),
        )
        for pk, user_id, expected_on in rows
    ]


def contribution_reminders_sweep(*, today: datetime.date | None = None) -> tuple[int, int]:
    """Send each overdue-pledge reminder exactly once: (sent, failed)."""
    today = today or timezone.localdate()
    claimed = reminders.claim(contribution_reminders_due(today))
    if not claimed:
        return 0, 0
    ids = [int(r.subject_key.split(":")[1]) for r in claimed]
    contributions = Contribution.objects.select_related("agency", "financial_year__partnership").in_bulk(ids)

    def send_one(reminder) -> None:
        contribution = contributions[int(reminder.subject_key.split(":")[1])]
        path = reverse("funding:contribution_detail", kwargs={"public_id": contribution.public_id})
        context = {
            "person": reminder.recipient,
            "contribution": contribution,
            "agency": contribution.agency,
            "partnership": contribution.financial_year.partnership,
            "year_label": contribution.financial_year.label,
            "days_late": (today - contribution.expected_on).days,
            "url": settings.SITE_URL + path,
        }
        emails.send("funding_contribution_overdue", context, [reminder.recipient.email])

    return reminders.deliver(claimed, send_one)
