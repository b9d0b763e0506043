"""The rows of the case reviews list and the improvement tracker, as their tables show them.

Each row is read as plain values and formatted once here (safeguarding.listing explains why): links,
dates, status tags and counts, so the templates only place them.
"""

from __future__ import annotations

import datetime

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.utils.text import Truncator

from partners.models import Agency
from reviews import clocks
from reviews.models import Action, Recommendation, Review, Theme
from reviews.templatetags.review_tags import action_status_tag, clock_tag, days_left
from safeguarding.listing import page_values, short_date_maker, url_maker

# What an action table on a review or recommendation page shows of each action.
ACTION_TABLE_FIELDS = (
    "recommendation_id",
    "public_id",
    "description",
    "owner_agency__name",
    "due_on",
    "status",
    "impact_statement",
    "impact_measure",
    "evidence_count",
)
REVIEW_FIELDS = ("public_id", "reference", "subject", "kind", "stage", "next_due_on", "next_clock")
ACTION_FIELDS = (
    "public_id",
    "description",
    "owner_agency_id",
    "due_on",
    "status",
    "impact_statement",
    "impact_measure",
    "evidence_count",
    "recommendation__public_id",
    "recommendation__source_label",
)


def review_rows(values: list[dict], today: datetime.date) -> list[dict]:
    detail_url = url_maker("reviews:detail")
    short = short_date_maker()
    kinds, stages = dict(Review.Kind.choices), dict(Review.Stage.choices)
    rows = []
    for row in values:
        due_on = row["next_due_on"]
        rows.append(
            {
                "url": detail_url(row["public_id"]),
                "reference": row["reference"],
                "subject": row["subject"],
                "kind": kinds.get(row["kind"], row["kind"]),
                "stage": stages.get(row["stage"], row["stage"]),
                "clock": clocks.CLOCK_LABELS.get(row["next_clock"], ""),
                "due": short(due_on),
                "days_left": days_left(clocks.days_left(due_on, today)) if due_on else "",
                "tag": clock_tag(clocks.rag(due_on, today)) if due_on else "",
            }
        )
    return rows


def action_rows(
    values: list[dict], agency_names: dict[int, str], today: datetime.date, *, link_sources: bool
) -> list[dict]:
    """`agency_names`: the owner agencies the page offers as a filter, which own every action it lists."""
    names = dict(agency_names)
    missing = {row["owner_agency_id"] for row in values} - names.keys()
    if missing:
        # Only if an owner is no longer on the partnership's membership record: name it all the same.
        names.update(Agency.objects.filter(pk__in=missing).values_list("pk", "name"))
    action_url, source_url = url_maker("reviews:action_detail"), url_maker("reviews:recommendation_detail")
    short = short_date_maker()
    rows = []
    for row in values:
        files = row["evidence_count"]
        evidence = f"{files} evidence file{'' if files == 1 else 's'}"
        if row["impact_statement"] and row["impact_measure"]:  # Action.has_impact
            evidence += "; impact recorded"
        rows.append(
            {
                "url": action_url(row["public_id"]),
                "description": _truncate(row["description"], 120),
                "source": row["recommendation__source_label"],
                "source_url": source_url(row["recommendation__public_id"]) if link_sources else "",
                "owner": names[row["owner_agency_id"]],
                "due": short(row["due_on"]),
                "tag": action_status_tag(row["status"], row["due_on"], today),
                "evidence": evidence,
            }
        )
    return rows


def action_table_rows(values: list[dict], today: datetime.date, *, link: bool) -> list[dict]:
    """Actions (rows of ACTION_TABLE_FIELDS) as reviews/includes/actions_table.html shows them."""
    action_url = url_maker("reviews:action_detail")
    short = short_date_maker()
    rows = []
    for row in values:
        files = row["evidence_count"]
        evidence = f"{files} file{'' if files == 1 else 's'}"
        if row["impact_statement"] and row["impact_measure"]:  # Action.has_impact
            evidence += "; impact recorded"
        rows.append(
            {
                "url": action_url(row["public_id"]) if link else "",
                "description": _truncate(row["description"], 140),
                "owner": row["owner_agency__name"],
                "due": short(row["due_on"]),
                "tag": action_status_tag(row["status"], row["due_on"], today),
                "evidence": evidence,
            }
        )
    return rows


def recommendations_with_actions(review: Review, actions: QuerySet[Action]) -> list[Recommendation]:
    """The review's recommendations, each with `theme_names` and `action_values` (rows of
    ACTION_TABLE_FIELDS of its actions among `actions`, the actions the person may see), in two queries
    whatever their number."""
    # Written out: the same array subquery composed through the ORM cost more to build than to run.
    through = Recommendation.themes.through._meta.db_table
    themes = RawSQL(  # noqa: S611 - no values from outside: table names from the models
        f'ARRAY(SELECT t.name FROM "{Theme._meta.db_table}" t JOIN "{through}" rt ON rt.theme_id = t.id '  # noqa: S608
        f'WHERE rt.recommendation_id = "{Recommendation._meta.db_table}"."id" ORDER BY t.name)',
        [],
        output_field=ArrayField(models.CharField()),
    )
    recommendations = list(review.recommendations.annotate(theme_names=themes))
    by_recommendation: dict[int, list[dict]] = {r.pk: [] for r in recommendations}
    if recommendations:
        values = (
            actions.filter(recommendation_id__in=by_recommendation)
            .with_evidence_count()
            .order_by(*Action._meta.ordering)
            .values(*ACTION_TABLE_FIELDS)
        )
        for row in values:
            by_recommendation[row["recommendation_id"]].append(row)
    for recommendation in recommendations:
        recommendation.action_values = by_recommendation[recommendation.pk]
    return recommendations


def _truncate(text: str, length: int) -> str:
    """As the truncatechars filter, which only shortens what is longer than `length`."""
    return text if len(text) <= length else Truncator(text).chars(length)


def action_page_values(page) -> list[dict]:
    """One page of the tracker's actions as ACTION_FIELDS (see safeguarding.listing.page_values)."""
    return page_values(page, *ACTION_FIELDS, rows=Action.objects.with_evidence_count())
