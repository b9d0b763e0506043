"""Reading and formatting the rows of a list page, so that a page of 25 or 50 rows costs little more than
the page around it, at any scale.

List pages read plain values for the rows they show and format each cell once in Python: a template tag,
filter or include per cell (`{% url %}`, `|date`, `{% include %}`) costs tens of microseconds, which at
fifty rows was most of a page's time.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.core.paginator import Page
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.dates import MONTHS_3

# Stands in for a public id in a reversed URL, so a list reverses each URL pattern once, not once per row.
URL_PLACEHOLDER = "00000000-0000-0000-0000-000000000000"


def page_values(page: Page, *fields: str, rows: QuerySet | None = None) -> list[dict]:
    """The rows of `page` (a page of a model queryset) as `values(*fields)`, in the page's order; `rows`
    is the queryset they are read from when they need annotations (by default, all the model's rows).

    The page's rows are chosen by primary key in a subquery and only those rows are joined to the tables
    their other values come from: joined before the sort and limit, as `queryset.values(...)[a:b]` is, the
    planner hashes whole related tables (thousands of agencies or recommendations at scale L) for every
    page. The paginator's count stays a count of the filtered table alone.
    """
    sliced = page.object_list
    model = sliced.model
    ordering = sliced.query.order_by or model._meta.ordering
    rows = model._default_manager.all() if rows is None else rows
    return list(rows.filter(pk__in=sliced.values("pk")).order_by(*ordering).values(*fields))


def url_maker(viewname: str) -> Callable[[object], str]:
    """A function from a public id to the URL of `viewname`, reversing the pattern only once."""
    pattern = reverse(viewname, args=[URL_PLACEHOLDER])
    return lambda public_id: pattern.replace(URL_PLACEHOLDER, str(public_id))


def short_date_maker() -> Callable[[datetime.date | None], str]:
    """A function writing a date as the date filter's "j M Y" does ('3 Sep 2026'; blank for None), with
    the month names translated once for the page rather than on every call."""
    months = [""] + [str(MONTHS_3[month]).title() for month in range(1, 13)]
    return lambda day: f"{day.day} {months[day.month]} {day.year}" if day else ""
