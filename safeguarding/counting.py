"""Several counts in one round trip: each queryset becomes a scalar subquery of a single SELECT.

For pages such as the dashboard, where each panel wants a handful of totals over different tables and each
total on its own would be another query.
"""

from __future__ import annotations

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet


def counts(**querysets: QuerySet) -> dict[str, int]:
    """{name: number of rows} for each queryset, in one query."""
    if not querysets:
        return {}
    parts, params = [], []
    for index, queryset in enumerate(querysets.values()):
        try:
            sql, query_params = queryset.order_by().values("pk").query.sql_with_params()
        except EmptyResultSet:  # .none(), or a filter on an empty list: nothing to count
            parts.append("0")
            continue
        parts.append(f"(SELECT count(*) FROM ({sql}) AS counted_{index})")  # noqa: S608 - compiled ORM SQL
        params.extend(query_params)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = cursor.fetchone()
    return dict(zip(querysets, row, strict=True))
