"""Case reviews and the improvement tracker in the yearly report (reports/providers.py calls these).

The yearly report is published, so these give counts, published reviews and themes only: no pseudonyms, no
restricted detail and nothing about reviews still in progress beyond how many there are.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Q

from reviews import clocks, learning
from reviews.models import Action, Review


def case_reviews_section(partnership, period_start: datetime.date, period_end: datetime.date) -> dict:
    reviews = Review.objects.filter(partnership=partnership)
    incidents = reviews.filter(aware_on__range=(period_start, period_end))
    decided = reviews.filter(rapid_review_completed_on__range=(period_start, period_end))
    decisions = {
        Review.Decision(row["decision"]).label: row["n"]
        for row in decided.values("decision").annotate(n=Count("id")).order_by("decision")
    }
    completed_in_period = [
        clock
        for review in reviews.filter(
            Q(notified_on__range=(period_start, period_end))
            | Q(rapid_review_completed_on__range=(period_start, period_end))
            | Q(final_report_on__range=(period_start, period_end))
            | Q(panel_sent_on__range=(period_start, period_end))
        )
        for clock in review.clocks()
        if clock.completed_on and period_start <= clock.completed_on <= period_end
    ]
    published = list(reviews.filter(published_on__range=(period_start, period_end)).order_by("published_on"))
    context = {
        "serious_incidents": incidents.count(),
        "decisions": decisions,
        "published": [
            {
                "reference": r.reference,
                "kind": r.get_kind_display(),
                "on": r.published_on,
                "summary": r.summary,
            }
            for r in published
        ],
        "stages_completed": len(completed_in_period),
        "stages_late": sum(1 for clock in completed_in_period if clock.completed_late),
        "late_by_stage": _late_by_stage(completed_in_period),
        "open_at_end": reviews.filter(
            Q(aware_on__lte=period_end) | Q(commissioned_on__lte=period_end),
            Q(closed_on__isnull=True) | Q(closed_on__gt=period_end),
        ).count(),
    }
    context["has_content"] = bool(
        context["serious_incidents"] or decisions or published or context["stages_completed"]
    )
    return context


def _late_by_stage(completed: list[clocks.Clock]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for clock in completed:
        if clock.completed_late:
            counts[clock.label] = counts.get(clock.label, 0) + 1
    return counts


def improvement_section(partnership, period_start: datetime.date, period_end: datetime.date) -> dict:
    actions = Action.objects.filter(partnership=partnership)
    period = (period_start, period_end)
    open_at_end = (Q(completed_on__isnull=True) | Q(completed_on__gt=period_end)) & ~Q(
        status=Action.Status.WITHDRAWN
    )
    with_impact = ~Q(impact_statement="") & Q(evidence__isnull=False)
    # Counting evidence joins a row per file, so every count is of distinct actions.
    totals = actions.aggregate(
        due=Count("id", distinct=True, filter=Q(due_on__range=period)),
        completed=Count("id", distinct=True, filter=Q(completed_on__range=period)),
        evidenced=Count("id", distinct=True, filter=Q(completed_on__range=period) & with_impact),
        overdue_at_end=Count("id", distinct=True, filter=Q(due_on__lte=period_end) & open_at_end),
    )
    themes = [row for row in learning.by_theme(partnership) if row.recommendations]
    impacts = list(
        actions.filter(completed_on__range=period)
        .exclude(impact_statement="")
        .select_related("owner_agency", "recommendation")
        .order_by("completed_on")[:20]
    )
    return {
        "has_content": bool(totals["due"] or totals["completed"] or themes),
        **totals,
        "themes": [
            {
                "name": row.theme.name,
                "recommendations": row.recommendations,
                "reviews": row.reviews,
                "years": row.years_label,
                "evidenced": row.evidenced,
                "repeating": row.repeating,
            }
            for row in themes
        ],
        "impacts": [
            {
                "agency": action.owner_agency.name,
                "source": action.recommendation.source_label,
                "action": action.description,
                "impact": action.impact_statement,
                "measure": action.impact_measure,
            }
            for action in impacts
        ],
    }
