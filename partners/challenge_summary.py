"""The challenge log in numbers, for the summary page, the dashboard and the yearly report.

`summarise(partnership, start=..., end=...)` reads a period with a fixed handful of queries, however many
challenges there are; the yearly report calls it with the financial year it reports on.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Count, DurationField, Exists, F, OuterRef, Q
from django.db.models.aggregates import Aggregate

from partners.models import Agency, Challenge, ChallengeStep, EscalationStage
from safeguarding.charts import Chart, bar_chart


class Median(Aggregate):
    """PostgreSQL's continuous median."""

    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DurationField()


def financial_year(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """1 April to 31 March: the year partnerships budget and report in."""
    start_year = day.year if day.month >= 4 else day.year - 1
    return datetime.date(start_year, 4, 1), datetime.date(start_year + 1, 3, 31)


@dataclass
class AgencyRow:
    agency: str
    raised_by: int = 0
    addressed_to: int = 0
    resolved: int = 0
    open_now: int = 0


@dataclass
class ChallengeSummary:
    start: datetime.date | None
    end: datetime.date | None
    raised: int
    resolved: int
    withdrawn: int
    open_now: int
    stuck: int
    median_days: float | None
    outcomes: list[tuple[str, int]]
    stages: list[tuple[int, int]]
    by_agency: list[AgencyRow] = field(default_factory=list)
    by_partnership: int = 0

    @cached_property
    def chart(self) -> Chart:
        rows = [row for row in self.by_agency if row.addressed_to or row.resolved]
        return bar_chart(
            title="Challenges by agency",
            categories=[row.agency for row in rows] or ["No challenges"],
            series={
                "Raised with the agency": [row.addressed_to for row in rows] or [0],
                "Resolved": [row.resolved for row in rows] or [0],
            },
            value_label="Challenges",
            horizontal=True,
        )


def summarise(
    partnership, *, start: datetime.date | None = None, end: datetime.date | None = None
) -> ChallengeSummary:
    """Challenges raised in the period (and those resolved in it), by agency, outcome and stage reached."""
    challenges = Challenge.objects.filter(partnership=partnership)
    in_period = Q()
    closed_in_period = Q(closed_on__isnull=False)
    if start:
        in_period &= Q(raised_on__gte=start)
        closed_in_period &= Q(closed_on__gte=start)
    if end:
        in_period &= Q(raised_on__lte=end)
        closed_in_period &= Q(closed_on__lte=end)
    resolved_in_period = closed_in_period & Q(status=Challenge.Status.RESOLVED)
    was_stuck = ChallengeStep.objects.filter(challenge=OuterRef("pk"), kind=ChallengeStep.Kind.STUCK)

    totals = challenges.aggregate(
        raised=Count("pk", filter=in_period),
        resolved=Count("pk", filter=resolved_in_period),
        withdrawn=Count("pk", filter=closed_in_period & Q(status=Challenge.Status.WITHDRAWN)),
        open_now=Count("pk", filter=Q(status__in=Challenge.OPEN_STATUSES)),
        stuck=Count("pk", filter=in_period & Q(Exists(was_stuck))),
        by_partnership=Count("pk", filter=in_period & Q(raised_by_agency__isnull=True)),
    )
    median = challenges.filter(resolved_in_period).aggregate(m=Median(F("closed_on") - F("raised_on")))["m"]
    outcome_counts = dict(
        challenges.filter(resolved_in_period).values_list("outcome").annotate(n=Count("pk")).order_by()
    )
    reached = dict(challenges.filter(in_period).values_list("stage").annotate(n=Count("pk")).order_by())
    top = max([len(EscalationStage.objects.ladder_for(partnership.pk)), *reached])
    stages = [(n, sum(count for stage, count in reached.items() if stage >= n)) for n in range(1, top + 1)]

    rows: dict[int, AgencyRow] = {}
    names = dict(
        Agency.objects.filter(memberships__partnership=partnership).values_list("pk", "name").distinct()
    )

    def row(agency_id: int) -> AgencyRow:
        return rows.setdefault(agency_id, AgencyRow(agency=names.get(agency_id, "Former member")))

    received = (
        challenges.values_list("addressed_to")
        .annotate(
            raised=Count("pk", filter=in_period),
            resolved=Count("pk", filter=resolved_in_period),
            open_now=Count("pk", filter=Q(status__in=Challenge.OPEN_STATUSES)),
        )
        .order_by()
    )
    for agency_id, raised, resolved, open_now in received:
        entry = row(agency_id)
        entry.addressed_to, entry.resolved, entry.open_now = raised, resolved, open_now
    for agency_id, raised in (
        challenges.filter(in_period, raised_by_agency__isnull=False)
        .values_list("raised_by_agency")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        row(agency_id).raised_by = raised

    return ChallengeSummary(
        start=start,
        end=end,
        raised=totals["raised"],
        resolved=totals["resolved"],
        withdrawn=totals["withdrawn"],
        open_now=totals["open_now"],
        stuck=totals["stuck"],
        median_days=round(median.total_seconds() / 86400, 1) if median is not None else None,
        outcomes=[(label, outcome_counts.get(value, 0)) for value, label in Challenge.Outcome.choices],
        stages=stages,
        by_agency=sorted(
            (r for r in rows.values() if r.raised_by or r.addressed_to or r.resolved or r.open_now),
            key=lambda r: r.agency,
        ),
        by_partnership=totals["by_partnership"],
    )
