"""Benchmark data for funding (`manage.py seed_bench`): three financial years per partnership with their
budgets, lines, sign-offs, partner splits, contributions and actual spend, and the overdue-pledge reminders
the daily sweep has already sent; the key pages and the contribution reminder sweep for `manage.py bench`.

The year before last and last year are signed off (a fifth of last year's budgets were revised and signed
again); this year's budget is signed off, being signed or still a draft. Rows go in the order the database
triggers allow: a budget's lines before it is locked, a new version only once the one before is locked.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from contextlib import contextmanager
from decimal import Decimal

from django.db import connection
from django.urls import reverse

from funding import services
from funding.models import (
    Budget,
    BudgetLine,
    BudgetSignOff,
    Contribution,
    FinancialYear,
    Outturn,
    PartnerSplit,
    start_year_of,
)
from funding.split import largest_remainder
from partners.models import LocalAuthorityArea, RoleAssignment
from safeguarding.models import Reminder
from safeguarding.reminders import subject_key
from safeguarding.roles import Role

TABLES = ["funding_financialyear", "funding_budgetline", "funding_contribution"]
CHECKSUM_COLUMNS = {
    "funding_financialyear": "concat_ws('|', public_id, start_year, split_rule)",
    "funding_partnersplit": "concat_ws('|', percentage, population)",
    "funding_budget": "concat_ws('|', public_id, version, reason, locked_at, signed_off_at, revision)",
    "funding_budgetline": "concat_ws('|', category, description, amount)",
    "funding_budgetsignoff": "signed_at::text",
    "funding_contribution": "concat_ws('|', public_id, kind, description, recurring, from_split, pledged, "
    "expected_on, invoiced, invoiced_on, received, received_on, revision)",
    "funding_outturn": "concat_ws('|', category, amount)",
}

C = BudgetLine.Category
UTC = datetime.UTC
PENNY = Decimal("0.01")
# Each kind of spend's share of the budget; staffing takes what is left after rounding.
SPEND_SHARES = [
    (C.CHAIR_SCRUTINY, "Independent scrutiny and chair", Decimal("0.12")),
    (C.TRAINING, "Multi-agency training programme", Decimal("0.09")),
    (C.CASE_REVIEWS, "Rapid reviews and LCSPRs", Decimal("0.08")),
    (C.AUDITS, "Section 11 and case file audits", Decimal("0.03")),
    (C.COMMUNICATIONS, "Website and campaigns", Decimal("0.02")),
    (C.OTHER_SPEND, "Meeting rooms and sundries", Decimal("0.05")),
]
FIXED_PERCENTAGES = [
    ("40.00", "30.00", "30.00"),
    ("33.34", "33.33", "33.33"),
    ("45.00", "25.00", "30.00"),
    ("30.00", "35.00", "35.00"),
]
IN_KIND = [
    "Training venue and catering for multi-agency courses",
    "Practice adviser time for case reviews, 10 days",
    "Venue for practitioner forums",
    "Analyst time for the partnership's data set",
]
REVISION_REASON = "The independent scrutineer's contract was renewed at a higher day rate after sign-off."


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=UTC)


def _pounds(value: float, step: int = 50) -> Decimal:
    return Decimal(int(round(value / step)) * step).quantize(PENNY)


def seed(ctx) -> None:
    with _constraints_checked_per_statement():
        _seed(ctx)


@contextmanager
def _constraints_checked_per_statement():
    """Check foreign keys as each statement ends rather than at commit. With hundreds of thousands of
    deferred checks queued, every statement an audit-trail trigger runs rescans the queue, so a deferred
    load slows quadratically (measured: 18,000 answers took 12 s deferred, 1.5 s checked per statement)."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    try:
        yield
    finally:
        # Every deferrable constraint here is initially deferred, so this restores the transaction's mode.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _seed(ctx) -> None:
    this_year = start_year_of(ctx.today)
    start_years = [this_year - 2, this_year - 1, this_year]
    footprints = defaultdict(int)
    for partnership_id, population in LocalAuthorityArea.objects.values_list(
        "partnership_id", "population_total"
    ):
        footprints[partnership_id] += population
    names = {agency.pk: agency.name for agency in ctx.agencies}
    years, plans = [], []
    for partnership in ctx.partnerships:
        base = ctx.rng.triangular(74_000, 682_000, 180_000)
        for start_year in start_years:
            base *= ctx.rng.uniform(1.02, 1.06)
            year = FinancialYear(
                public_id=ctx.uuid(),
                partnership=partnership,
                start_year=start_year,
                split_rule=ctx.rng.choices(["equal", "fixed", "population"], weights=[55, 30, 15])[0],
            )
            years.append(year)
            plans.append((partnership, year, _pounds(base, 500)))
    FinancialYear.objects.bulk_create(years)
    budgets = _seed_budgets(ctx, plans, this_year)
    _seed_splits_and_contributions(ctx, plans, budgets, footprints, names, this_year)
    Outturn.objects.bulk_create(
        Outturn(
            financial_year=year,
            category=line.category,
            amount=(line.amount * Decimal(str(round(ctx.rng.uniform(0.9, 1.08), 4)))).quantize(PENNY),
        )
        for partnership, year, _ in plans
        if year.start_year < this_year
        for line in budgets[year.pk][-1][1]
        if line.is_spend
    )
    _record_sent_reminders(ctx)


def _lines(ctx, spend: Decimal) -> list[BudgetLine]:
    lines, allotted = [], Decimal("0.00")
    for category, description, share in SPEND_SHARES:
        amount = _pounds(float(spend * share) * ctx.rng.uniform(0.85, 1.15))
        allotted += amount
        lines.append(BudgetLine(category=category, description=description, amount=amount))
    lines.insert(
        0, BudgetLine(category=C.STAFFING, description="Business unit posts", amount=spend - allotted)
    )
    contributions = _pounds(float(spend) * ctx.rng.uniform(0.82, 0.95), 100)
    training = _pounds(float(spend) * ctx.rng.uniform(0.03, 0.1), 100)
    lines += [
        BudgetLine(category=C.PARTNER_CONTRIBUTIONS, description="Statutory partners", amount=contributions),
        BudgetLine(category=C.TRAINING_INCOME, description="Course fees", amount=training),
        BudgetLine(
            category=C.OTHER_INCOME,
            description="Grants and sponsorship",
            amount=max(Decimal("0.00"), spend - contributions - training),
        ),
    ]
    return lines


def _seed_budgets(ctx, plans, this_year: int) -> dict:
    """Version 1 of every year, its lines, then the locks; revised versions after the locks they need."""
    versions, first, revised = {}, [], []
    for partnership, year, spend in plans:
        budget = Budget(public_id=ctx.uuid(), financial_year=year, version=1)
        manager = ctx.people[(partnership.pk, Role.BUSINESS_MANAGER)][0]
        budget.created_by_id = manager
        first.append(budget)
        versions[year.pk] = [(budget, _lines(ctx, spend))]
    Budget.objects.bulk_create(first)
    _create_lines(versions, 0)
    for partnership, year, _ in plans:
        if year.start_year == this_year - 1 and ctx.rng.random() < 0.2:
            revised.append((partnership, year))
    signatures = _lock(ctx, plans, versions, this_year, index=0)
    second = []
    for partnership, year in revised:
        budget, lines = versions[year.pk][0]
        budget_v2 = Budget(
            public_id=ctx.uuid(),
            financial_year=year,
            version=2,
            reason=REVISION_REASON,
            created_by_id=ctx.people[(partnership.pk, Role.BUSINESS_MANAGER)][0],
        )
        copied = [BudgetLine(category=x.category, description=x.description, amount=x.amount) for x in lines]
        for line in copied:
            if line.category in (C.CHAIR_SCRUTINY, C.OTHER_INCOME):
                line.amount += Decimal("1500.00")
        second.append(budget_v2)
        versions[year.pk].append((budget_v2, copied))
    Budget.objects.bulk_create(second)
    _create_lines(versions, 1)
    revised_plans = [(p, y, s) for p, y, s in plans if len(versions[y.pk]) > 1]
    signatures += _lock(ctx, revised_plans, versions, this_year, index=1)
    BudgetSignOff.objects.bulk_create(signatures, batch_size=5000)
    return versions


def _create_lines(versions: dict, index: int) -> None:
    lines = []
    for entries in versions.values():
        if len(entries) > index:
            budget, budget_lines = entries[index]
            for line in budget_lines:
                line.budget = budget
                lines.append(line)
    BudgetLine.objects.bulk_create(lines, batch_size=5000)


def _lock(ctx, plans, versions: dict, this_year: int, *, index: int) -> list[BudgetSignOff]:
    """Sign the versions: past years fully, this year's signed off, part-signed or left as a draft."""
    locked, signatures = [], []
    for partnership, year, _ in plans:
        budget = versions[year.pk][index][0]
        signers = ctx.people.get((partnership.pk, Role.LEAD_PARTNER), [])
        agencies = ctx.members[partnership.pk][: len(signers)]
        if year.start_year < this_year:
            count = len(signers)
            first_day = (
                datetime.date(year.start_year, 3, 10) if index == 0 else datetime.date(year.start_year, 9, 8)
            )
        else:
            count = ctx.rng.choices([len(signers), 1, 0], weights=[60, 20, 20])[0]
            first_day = datetime.date(year.start_year, 3, 12)
        if not count:
            continue
        days = sorted(first_day + datetime.timedelta(days=ctx.rng.randrange(15)) for _ in range(count))
        for user_id, agency_id, day in zip(signers, agencies, days, strict=False):
            signatures.append(
                BudgetSignOff(
                    budget=budget, signed_by_id=user_id, agency_id=agency_id, signed_at=_at(day, 11)
                )
            )
        budget.locked_at = _at(days[0], 11)
        budget.signed_off_at = _at(days[-1], 11) if count == len(signers) else None
        locked.append(budget)
    Budget.objects.bulk_update(locked, ["locked_at", "signed_off_at"], batch_size=1000)
    return signatures


def _paid(ctx, contribution: Contribution, fraction: float, late_by: int) -> None:
    """An invoice (cash only) and `fraction` of the pledge received, `late_by` days after it was due."""
    if contribution.kind == Contribution.Kind.CASH:
        contribution.invoiced = contribution.pledged
        contribution.invoiced_on = contribution.expected_on - datetime.timedelta(days=30)
    if fraction > 0:
        contribution.received = (contribution.pledged * Decimal(str(fraction))).quantize(PENNY)
        contribution.received_on = contribution.expected_on + datetime.timedelta(days=late_by)
        contribution.revision = 1


def _seed_splits_and_contributions(ctx, plans, budgets, footprints, names, this_year: int) -> None:
    splits, contributions = [], []
    for number, (partnership, year, _) in enumerate(plans):
        members = ctx.members[partnership.pk]
        partners = sorted(members[:3], key=lambda pk: (names[pk].casefold(), pk))
        percentages = ctx.rng.choice(FIXED_PERCENTAGES)
        population = footprints[partnership.pk]
        for agency_id, percentage in zip(partners, percentages, strict=False):
            splits.append(
                PartnerSplit(
                    financial_year=year,
                    agency_id=agency_id,
                    percentage=Decimal(percentage),
                    population=population,
                )
            )
        share_of = {"equal": [1] * len(partners), "population": [population] * len(partners)}
        weights = share_of.get(year.split_rule, [Decimal(p) for p in percentages[: len(partners)]])
        to_share = next(
            line.amount for line in budgets[year.pk][-1][1] if line.category == C.PARTNER_CONTRIBUTIONS
        )
        current = year.start_year == this_year
        for agency_id, amount in zip(partners, largest_remainder(to_share, weights), strict=True):
            pledge = Contribution(
                public_id=ctx.uuid(),
                financial_year=year,
                agency_id=agency_id,
                kind=Contribution.Kind.CASH,
                description="Statutory partner's share of the budget",
                from_split=True,
                pledged=amount,
                expected_on=datetime.date(year.start_year, 6, 30)
                + datetime.timedelta(days=ctx.rng.randrange(60)),
            )
            fraction = ctx.rng.choices([1.0, 0.5, 0.0], weights=[70, 12, 18] if current else [96, 4, 0])[0]
            _paid(ctx, pledge, fraction, ctx.rng.randrange(-10, 25))
            contributions.append(pledge)
        relevant = members[3:]
        for agency_id in ctx.rng.sample(relevant, min(len(relevant), ctx.rng.randrange(2, 7))):
            contributions.append(_other_contribution(ctx, year, agency_id, current))
        if ctx.rng.random() < 0.1:
            contributions.append(
                Contribution(
                    public_id=ctx.uuid(),
                    financial_year=year,
                    agency_id=ctx.rng.choice(partners),
                    kind=Contribution.Kind.CASH,
                    description="Independent reviewer for a local child safeguarding practice review",
                    recurring=False,
                    pledged=_pounds(ctx.rng.uniform(4000, 15000)),
                    expected_on=datetime.date(year.start_year, 10, 1),
                )
            )
        if current and number % 15 == 2 and relevant:
            # A pledge that reaches its 30-day reminder today, so the sweep has reminders to send.
            contributions.append(
                Contribution(
                    public_id=ctx.uuid(),
                    financial_year=year,
                    agency_id=relevant[-1],
                    kind=Contribution.Kind.CASH,
                    pledged=Decimal("1500.00"),
                    expected_on=ctx.today - datetime.timedelta(days=services.REMINDER_AFTER_DAYS),
                )
            )
    PartnerSplit.objects.bulk_create(splits, batch_size=5000)
    Contribution.objects.bulk_create(contributions, batch_size=5000)


def _other_contribution(ctx, year: FinancialYear, agency_id: int, current: bool) -> Contribution:
    in_kind = ctx.rng.random() < 0.35
    contribution = Contribution(
        public_id=ctx.uuid(),
        financial_year=year,
        agency_id=agency_id,
        kind=Contribution.Kind.IN_KIND if in_kind else Contribution.Kind.CASH,
        description=ctx.rng.choice(IN_KIND) if in_kind else "",
        pledged=_pounds(ctx.rng.uniform(500, 6000)),
        expected_on=datetime.date(year.start_year, 4, 1) + datetime.timedelta(days=ctx.rng.randrange(300)),
    )
    if current and contribution.expected_on >= ctx.today:
        return contribution
    weights = [60, 15, 25] if current else [92, 3, 5]
    fraction = ctx.rng.choices([1.0, 0.4, 0.0], weights=weights)[0]
    _paid(ctx, contribution, fraction, ctx.rng.randrange(-5, 40))
    return contribution


def _record_sent_reminders(ctx) -> None:
    """The overdue-pledge reminders sent before "today" (one per pledge and agency lead, 30 days after the
    expected date): a deployment that has been running, so today's sweep sends only today's."""
    cutoff = ctx.today - datetime.timedelta(days=services.REMINDER_AFTER_DAYS)
    overdue = Contribution.objects.due_for_reminder(ctx.today, services.REMINDER_AFTER_DAYS).filter(
        expected_on__lt=cutoff
    )
    leads = defaultdict(list)
    assignments = RoleAssignment.objects.filter(role=Role.AGENCY_LEAD).order_by("pk")
    for partnership_id, agency_id, user_id in assignments.values_list(
        "partnership_id", "agency_id", "user_id"
    ):
        leads[(partnership_id, agency_id)].append(user_id)
    rows = []
    for pk, partnership_id, agency_id, expected_on in overdue.order_by("pk").values_list(
        "pk", "financial_year__partnership_id", "agency_id", "expected_on"
    ):
        day = expected_on + datetime.timedelta(days=services.REMINDER_AFTER_DAYS)
        rows += [
            Reminder(
                kind=services.REMINDER_KIND,
                subject_key=subject_key("funding.contribution", pk),
                stage=f"overdue-{expected_on.isoformat()}",
                recipient_id=user_id,
                due_on=day,
                state=Reminder.State.SENT,
                claimed_at=_at(day, 6),
                sent_at=_at(day, 6),
            )
            for user_id in leads[(partnership_id, agency_id)]
        ]
    Reminder.objects.bulk_create(rows, batch_size=5000)


# What the bench measures --------------------------------------------------------------------------


def pages(partnership, people) -> list[dict]:
    from safeguarding.benchdata import TODAY

    year = FinancialYear.objects.filter(partnership=partnership, start_year=start_year_of(TODAY)).first()
    if year is None:
        return []
    return [
        {"label": "funding summary", "user": people.get(Role.CHAIR), "url": reverse("funding:index")},
        {
            "label": "funding year",
            "user": people.get(Role.BUSINESS_MANAGER),
            "url": reverse("funding:year_detail", kwargs={"public_id": year.public_id}),
        },
    ]


def sweeps(partnership) -> list[dict]:
    from django.test.utils import override_settings

    from safeguarding.benchdata import TODAY

    cutoff = TODAY - datetime.timedelta(days=services.REMINDER_AFTER_DAYS)
    condition = f"received < pledged AND expected_on <= '{cutoff.isoformat()}'"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM funding_contribution WHERE {condition}")  # noqa: S608 - built above
        rows = cursor.fetchone()[0]

    def run() -> None:
        # Mail goes to memory: the bench measures the sweep, not a mail server (nor the console).
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            services.contribution_reminders_sweep(today=TODAY)

    return [
        {
            "label": "funding contribution reminders",
            "rows": rows,
            "run": run,
            "bare_update": f"UPDATE funding_contribution SET revision = revision WHERE {condition}",  # noqa: S608
            "max_queries": 20,
        }
    ]
