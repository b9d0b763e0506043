"""Learning across reviews: per theme, how often it recurs and whether its actions made a difference.

The national Panel found "repeating weaknesses" and "a lack of cumulative improvement"; this read model makes
both visible. Every count is one grouped query over the whole partnership, however many rows it has.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import Count, Q
from django.db.models.functions import ExtractYear

from reviews.models import Action, Recommendation, Theme
from safeguarding.charts import Chart, bar_chart

Tagging = Recommendation.themes.through


@dataclass(frozen=True)
class ThemeLearning:
    theme: Theme
    recommendations: int
    reviews: int
    years: list[int]
    actions: int
    complete: int
    evidenced: int

    @property
    def repeating(self) -> bool:
        """Raised by more than one review, in more than one year."""
        return self.reviews > 1 and len(self.years) > 1

    @property
    def years_label(self) -> str:
        if not self.years:
            return ""
        if len(self.years) > 2 and self.years == list(range(self.years[0], self.years[-1] + 1)):
            return f"{self.years[0]} to {self.years[-1]}"
        return ", ".join(str(year) for year in self.years)


def by_theme(partnership, source_kind: str = "") -> list[ThemeLearning]:
    tags = Tagging.objects.filter(recommendation__partnership=partnership)
    if source_kind:
        tags = tags.filter(recommendation__source_kind=source_kind)
    recommendation_counts = {
        row["theme_id"]: row
        for row in tags.values("theme_id").annotate(
            recommendations=Count("recommendation_id", distinct=True),
            reviews=Count("recommendation__review_id", distinct=True),
            years=ArrayAgg(
                ExtractYear("recommendation__made_on"),
                distinct=True,
                order_by=ExtractYear("recommendation__made_on"),
            ),
        )
    }
    action = "recommendation__actions"
    complete = Q(**{f"{action}__status": Action.Status.COMPLETE})
    evidenced = (
        complete
        & Q(**{f"{action}__evidence__isnull": False})
        & ~Q(**{f"{action}__impact_statement": ""})
        & ~Q(**{f"{action}__impact_measure": ""})
    )
    action_counts = {
        row["theme_id"]: row
        for row in tags.values("theme_id").annotate(
            actions=Count(action, distinct=True),
            complete=Count(action, distinct=True, filter=complete),
            evidenced=Count(action, distinct=True, filter=evidenced),
        )
    }
    themes = Theme.objects.for_partnership(partnership).filter(
        Q(is_active=True) | Q(pk__in=list(recommendation_counts))
    )
    rows = []
    for theme in themes:
        recs = recommendation_counts.get(theme.pk, {})
        acts = action_counts.get(theme.pk, {})
        rows.append(
            ThemeLearning(
                theme=theme,
                recommendations=recs.get("recommendations", 0),
                reviews=recs.get("reviews", 0),
                years=[int(year) for year in recs.get("years", []) if year is not None],
                actions=acts.get("actions", 0),
                complete=acts.get("complete", 0),
                evidenced=acts.get("evidenced", 0),
            )
        )
    return sorted(rows, key=lambda row: (-row.recommendations, row.theme.name))


def chart(rows: list[ThemeLearning]) -> Chart:
    rows = [row for row in rows if row.recommendations]
    return bar_chart(
        title="Recommendations and evidenced impact by theme",
        categories=[row.theme.name for row in rows],
        series={
            "Recommendations": [row.recommendations for row in rows],
            "Actions": [row.actions for row in rows],
            "Actions complete with evidenced impact": [row.evidenced for row in rows],
        },
        value_label="Number",
        horizontal=True,
    )
