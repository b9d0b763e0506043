"""Demo funding: three financial years (the year before last, last year and this year) per demo partnership.

Everything goes through funding.services, as a business manager and the lead partner would do it. A year that
already exists is left alone, so running the seed again changes nothing. tests/funding/test_demo_metrics.py
checks last year's figures against sums done by hand: change them together.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from funding import services, split
from funding.models import BudgetLine, Contribution, FinancialYear, start_year_of
from partners.models import Agency, Partnership, RoleAssignment
from safeguarding.models import User
from safeguarding.roles import Role

C = BudgetLine.Category
D = Decimal

# Budget lines by year offset (-2: the year before last, -1: last year, 0: this year).
BUDGETS = {
    "three-rivers": {
        -2: [
            (C.STAFFING, "Business manager, two officers and an analyst", D("158000.00")),
            (C.CHAIR_SCRUTINY, "Independent scrutineer, 40 days", D("30000.00")),
            (C.TRAINING, "Multi-agency training programme", D("21000.00")),
            (C.CASE_REVIEWS, "Rapid reviews and thematic reviews", D("15000.00")),
            (C.AUDITS, "Multi-agency case file audits", D("5000.00")),
            (C.COMMUNICATIONS, "Website and campaigns", D("3000.00")),
            (C.OTHER_SPEND, "Meeting rooms and sundries", D("2000.00")),
            (C.PARTNER_CONTRIBUTIONS, "Statutory partners", D("219000.00")),
            (C.TRAINING_INCOME, "Course fees from schools and the voluntary sector", D("13000.00")),
            (C.OTHER_INCOME, "Conference sponsorship", D("2000.00")),
        ],
        -1: [
            (C.STAFFING, "Business manager, two officers and an analyst", D("168000.00")),
            (C.CHAIR_SCRUTINY, "Independent scrutineer, 42 days", D("32000.00")),
            (C.TRAINING, "Multi-agency training programme", D("24500.00")),
            (C.CASE_REVIEWS, "Rapid reviews and thematic reviews", D("18000.00")),
            (C.AUDITS, "Multi-agency case file audits", D("6000.00")),
            (C.COMMUNICATIONS, "Website and campaigns", D("3500.00")),
            (C.OTHER_SPEND, "Meeting rooms and sundries", D("2000.00")),
            (C.PARTNER_CONTRIBUTIONS, "Statutory partners", D("236000.00")),
            (C.TRAINING_INCOME, "Course fees from schools and the voluntary sector", D("15000.00")),
            (C.OTHER_INCOME, "Conference sponsorship", D("3000.00")),
        ],
        0: [
            (C.STAFFING, "Business manager, two officers and an analyst", D("174500.00")),
            (C.CHAIR_SCRUTINY, "Independent scrutineer, 42 days", D("33000.00")),
            (C.TRAINING, "Multi-agency training programme", D("25000.00")),
            (C.CASE_REVIEWS, "Rapid reviews and thematic reviews", D("18000.00")),
            (C.AUDITS, "Multi-agency case file audits", D("6500.00")),
            (C.COMMUNICATIONS, "Website and campaigns", D("3500.00")),
            (C.OTHER_SPEND, "Meeting rooms and sundries", D("2000.00")),
            (C.PARTNER_CONTRIBUTIONS, "Statutory partners", D("246000.00")),
            (C.TRAINING_INCOME, "Course fees from schools and the voluntary sector", D("15500.00")),
            (C.OTHER_INCOME, "Conference sponsorship", D("1000.00")),
        ],
    },
    "dunmore": {
        -2: [
            (C.STAFFING, "Business manager and an officer", D("88000.00")),
            (C.CHAIR_SCRUTINY, "Independent chair, 24 days", D("17000.00")),
            (C.TRAINING, "Training programme", D("8500.00")),
            (C.CASE_REVIEWS, "Rapid reviews", D("5500.00")),
            (C.AUDITS, "Case file audits", D("2500.00")),
            (C.COMMUNICATIONS, "Website", D("1500.00")),
            (C.OTHER_SPEND, "Sundries", D("1000.00")),
            (C.PARTNER_CONTRIBUTIONS, "Statutory partners", D("96000.00")),
            (C.TRAINING_INCOME, "Course fees", D("22000.00")),
            (C.OTHER_INCOME, "Grant from the community foundation", D("6000.00")),
        ],
        -1: [
            (C.STAFFING, "Business manager and an officer", D("92000.00")),
            (C.CHAIR_SCRUTINY, "Independent chair, 25 days", D("18000.00")),
            (C.TRAINING, "Training programme", D("9000.00")),
            (C.CASE_REVIEWS, "Rapid reviews", D("6000.00")),
            (C.AUDITS, "Case file audits", D("2500.00")),
            (C.COMMUNICATIONS, "Website", D("1500.00")),
            (C.OTHER_SPEND, "Sundries", D("1000.00")),
            (C.PARTNER_CONTRIBUTIONS, "Statutory partners", D("100000.00")),
            (C.TRAINING_INCOME, "Course fees", D("24000.00")),
            (C.OTHER_INCOME, "Grant from the community foundation", D("6000.00")),
        ],
        0: [
            (C.STAFFING, "Business manager and an officer", D("95000.00")),
            (C.CHAIR_SCRUTINY, "Independent chair, 25 days", D("18500.00")),
            (C.TRAINING, "Training programme", D("9500.00")),
            (C.CASE_REVIEWS, "Rapid reviews", D("6000.00")),
            (C.AUDITS, "Case file audits", D("2500.00")),
            (C.COMMUNICATIONS, "Website", D("1500.00")),
            (C.OTHER_SPEND, "Sundries", D("1000.00")),
            (C.PARTNER_CONTRIBUTIONS, "Statutory partners", D("104000.00")),
            (C.TRAINING_INCOME, "Course fees", D("25000.00")),
            (C.OTHER_INCOME, "Grant from the community foundation", D("5000.00")),
        ],
    },
}

RULES = {"three-rivers": FinancialYear.SplitRule.POPULATION, "dunmore": FinancialYear.SplitRule.EQUAL}

# Fixed percentages recorded beside the population rule, so switching rules shows a real alternative.
PERCENTAGES = {
    "three-rivers": {
        "Ashford Vale Council": D("12.50"),
        "Brookmere Council": D("9.50"),
        "Calderwick Council": D("11.33"),
        "Midshire and Vale Integrated Care Board": D("33.34"),
        "Midshire Police": D("33.33"),
    },
    "dunmore": {
        "Dunmore City Council": D("34.00"),
        "Midshire and Vale Integrated Care Board": D("33.00"),
        "Midshire Police": D("33.00"),
    },
}

# Other contributions: (partnership, year offset, agency, kind, description, recurring, pledged, received).
OTHER_CONTRIBUTIONS = [
    (
        "three-rivers",
        -2,
        "Midshire Hospitals NHS Foundation Trust",
        "in_kind",
        "Training venue and catering for multi-agency courses",
        True,
        D("4200.00"),
        D("4200.00"),
    ),
    ("three-rivers", -2, "Riverside Learning Trust", "cash", "", True, D("2000.00"), D("2000.00")),
    (
        "three-rivers",
        -1,
        "Midshire Hospitals NHS Foundation Trust",
        "in_kind",
        "Training venue and catering for multi-agency courses",
        True,
        D("4500.00"),
        D("4500.00"),
    ),
    (
        "three-rivers",
        -1,
        "Vale Community and Mental Health NHS Trust",
        "cash",
        "",
        True,
        D("3000.00"),
        D("3000.00"),
    ),
    ("three-rivers", -1, "Midshire Probation Delivery Unit", "cash", "", True, D("1500.00"), D("0.00")),
    ("three-rivers", -1, "Riverside Learning Trust", "cash", "", True, D("2000.00"), D("2000.00")),
    (
        "three-rivers",
        -1,
        "CAFCASS Midshire",
        "in_kind",
        "Practice adviser time for case reviews, 10 days",
        True,
        D("2800.00"),
        D("2800.00"),
    ),
    (
        "three-rivers",
        -1,
        "Ashford Vale Council",
        "cash",
        "Independent reviewer for the LCSPR about Child T",
        False,
        D("12500.00"),
        D("12500.00"),
    ),
    (
        "three-rivers",
        -1,
        "Midshire Police",
        "cash",
        "Share of the LCSPR about Child T",
        False,
        D("6000.00"),
        D("6000.00"),
    ),
    (
        "three-rivers",
        0,
        "Midshire Hospitals NHS Foundation Trust",
        "in_kind",
        "Training venue and catering for multi-agency courses",
        True,
        D("4500.00"),
        D("0.00"),
    ),
    ("three-rivers", 0, "Riverside Learning Trust", "cash", "", True, D("2000.00"), D("0.00")),
    ("dunmore", -1, "Dunmore Academies Trust", "cash", "", True, D("1800.00"), D("1800.00")),
    (
        "dunmore",
        -1,
        "Little Steps Nurseries",
        "in_kind",
        "Venue for practitioner forums",
        True,
        D("600.00"),
        D("600.00"),
    ),
    ("dunmore", 0, "Dunmore Academies Trust", "cash", "", True, D("1800.00"), D("0.00")),
]

# Actual spend recorded for the finished years (last year's totals 249,000.50 in Three Rivers).
OUTTURNS = {
    ("three-rivers", -2): {
        C.STAFFING: D("156400.00"),
        C.CHAIR_SCRUTINY: D("30000.00"),
        C.TRAINING: D("20150.00"),
        C.CASE_REVIEWS: D("16200.00"),
        C.AUDITS: D("4800.00"),
        C.COMMUNICATIONS: D("2950.00"),
        C.OTHER_SPEND: D("1500.00"),
    },
    ("three-rivers", -1): {
        C.STAFFING: D("165250.00"),
        C.CHAIR_SCRUTINY: D("32000.00"),
        C.TRAINING: D("21980.50"),
        C.CASE_REVIEWS: D("19400.00"),
        C.AUDITS: D("5600.00"),
        C.COMMUNICATIONS: D("3120.00"),
        C.OTHER_SPEND: D("1650.00"),
    },
    ("dunmore", -1): {
        C.STAFFING: D("91200.00"),
        C.CHAIR_SCRUTINY: D("18000.00"),
        C.TRAINING: D("8700.00"),
        C.CASE_REVIEWS: D("6400.00"),
        C.AUDITS: D("2500.00"),
        C.COMMUNICATIONS: D("1300.00"),
        C.OTHER_SPEND: D("800.00"),
    },
}

NEW_VERSION_REASON = (
    "The independent scrutineer's contract was renewed at a higher day rate after the budget was signed."
)


def _manager(partnership: Partnership) -> User | None:
    assignment = (
        RoleAssignment.objects.filter(partnership=partnership, role=Role.BUSINESS_MANAGER)
        .select_related("user")
        .first()
    )
    return assignment.user if assignment else None


def _record_lines(budget, lines) -> None:
    BudgetLine.objects.bulk_create(
        BudgetLine(budget=budget, category=c, description=d, amount=a) for c, d, a in lines
    )


def _seed_year(partnership: Partnership, slug: str, offset: int, start_year: int, agencies: dict) -> None:
    manager = _manager(partnership)
    year = services.year_create(
        partnership=partnership,
        start_year=start_year,
        split_rule=RULES[slug],
        copy_previous=False,
        created_by=manager,
    )
    budget = year.budgets.get()
    _record_lines(budget, BUDGETS[slug][offset])

    weights = {
        w.agency.pk: (PERCENTAGES[slug].get(w.agency.name, D("0.00")), w.population)
        for w in split.partner_weights(year)
    }
    services.split_save(year=year, rule=RULES[slug], weights=weights)
    _, proposals = split.propose(year)
    services.pledges_apply(
        year=year,
        amounts={p.agency.pk: p.amount for p in proposals},
        expected_on=datetime.date(start_year, 6, 30),
    )
    for contribution in Contribution.objects.filter(financial_year=year, from_split=True):
        if offset < 0:
            _pay(contribution, contribution.pledged, datetime.date(start_year, 7, 15))
        elif contribution.agency.sector == Agency.Sector.LOCAL_AUTHORITY:
            _pay(contribution, contribution.pledged, datetime.date(start_year, 6, 20))
    for p_slug, p_offset, name, kind, description, recurring, pledged, received in OTHER_CONTRIBUTIONS:
        if (p_slug, p_offset) != (slug, offset):
            continue
        contribution = services.contribution_create(
            year=year,
            agency=agencies[name],
            kind=kind,
            description=description,
            recurring=recurring,
            pledged=pledged,
            expected_on=datetime.date(start_year, 4, 1),
        )
        if received:
            _pay(contribution, received, datetime.date(start_year, 5, 12))
    if (slug, offset) in OUTTURNS:
        services.outturn_save(year=year, amounts=OUTTURNS[(slug, offset)])

    lead_partners = services.lead_partners(partnership)
    if not lead_partners:
        return
    for assignment in lead_partners:
        services.budget_sign_off(budget=budget, user=assignment.user)
    if offset == 0 and manager is not None:
        draft = services.budget_new_version(year=year, reason=NEW_VERSION_REASON, created_by=manager)
        draft.lines.filter(category=C.CHAIR_SCRUTINY).update(amount=D("35500.00"))
        draft.lines.filter(category=C.OTHER_SPEND).update(amount=D("0.00"))
        draft.lines.filter(category=C.OTHER_INCOME).update(amount=D("1500.00"))


def _pay(contribution: Contribution, amount: Decimal, on: datetime.date) -> None:
    services.contribution_update(
        contribution=contribution,
        revision=contribution.revision,
        invoiced=contribution.pledged if contribution.kind == Contribution.Kind.CASH else D("0.00"),
        invoiced_on=on - datetime.timedelta(days=30) if contribution.kind == Contribution.Kind.CASH else None,
        received=amount,
        received_on=on,
    )


def seed_records(partnerships: dict[str, Partnership]) -> None:
    this_year = start_year_of(timezone.localdate())
    agencies = {a.name: a for a in Agency.objects.all()}
    for slug, partnership in partnerships.items():
        if slug not in BUDGETS:
            continue
        for offset in (-2, -1, 0):
            start_year = this_year + offset
            if FinancialYear.objects.filter(partnership=partnership, start_year=start_year).exists():
                continue
            _seed_year(partnership, slug, offset, start_year, agencies)
