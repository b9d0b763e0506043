"""Filtering and sorting the challenge log (django-filter)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.http import QueryDict
from django.utils import timezone

from partners.models import Agency, Challenge
from safeguarding.form_renderer import FastForm

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# (URL value, field, column heading): the columns the log sorts on.
SORTS = (
    ("reference", "number", "Reference"),
    ("subject", "subject", "Subject"),
    ("agency", "addressed_to__name", "Agency challenged"),
    ("stage", "stage", "Stage"),
    ("due", "stage_due_on", "Answer due"),
    ("raised", "raised_on", "Raised"),
)


class StableOrderingFilter(django_filters.OrderingFilter):
    """Sorts, then breaks ties by reference, so pages do not shuffle rows with equal values."""

    def filter(self, qs, value):
        qs = super().filter(qs, value)
        if value:
            qs = qs.order_by(*qs.query.order_by, "-number")
        return qs


class ChallengeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Search", help_text="Reference, subject or text.")
    status = django_filters.ChoiceFilter(choices=Challenge.Status.choices, empty_label="Any status")
    stage = django_filters.ChoiceFilter(empty_label="Any stage", label="Stage")
    # Plain choices (the partnership's member agencies, read once for both pickers), not ModelChoiceFilters:
    # those would read the same agencies twice more, through server-side cursors, on every page of the log.
    addressed_to = django_filters.ChoiceFilter(label="Agency challenged", empty_label="Any agency")
    raised_by_agency = django_filters.ChoiceFilter(
        label="Raised on behalf of", empty_label="Anyone", null_label="The partnership as a whole"
    )
    overdue = django_filters.BooleanFilter(
        method="only_overdue", label="Overdue only", widget=forms.CheckboxInput
    )
    raised_from = django_filters.DateFilter(
        field_name="raised_on", lookup_expr="gte", label="Raised from", widget=DATE_WIDGET
    )
    raised_to = django_filters.DateFilter(
        field_name="raised_on", lookup_expr="lte", label="Raised to", widget=DATE_WIDGET
    )
    sort = StableOrderingFilter(
        fields=[(field, key) for key, field, _ in SORTS],
        field_labels={field: label for _, field, label in SORTS},
        label="Sort by",
        empty_label="Newest first",
    )

    class Meta:
        model = Challenge
        fields: list[str] = []
        form = FastForm

    def __init__(self, *args, partnership, stages: int, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = list(
            Agency.objects.filter(memberships__partnership=partnership)
            .distinct()
            .order_by("name")
            .values_list("pk", "name")
        )
        self.filters["addressed_to"].extra["choices"] = agencies
        self.filters["raised_by_agency"].extra["choices"] = agencies
        self.agency_names = dict(agencies)
        self.filters["stage"].extra["choices"] = [(str(n), f"Stage {n}") for n in range(1, stages + 1)]

    def search(self, queryset, name, value):
        text = value.strip()
        if not text:
            return queryset
        condition = Q(subject__icontains=text) | Q(concern__icontains=text) | Q(asked__icontains=text)
        number = text.upper().removeprefix("CH-")
        if number.isdigit():
            condition |= Q(number=int(number))
        return queryset.filter(condition)

    def only_overdue(self, queryset, name, value):
        return queryset.overdue(timezone.localdate()) if value else queryset


def sort_headers(query: QueryDict) -> dict[str, dict]:
    """For each sortable column: the link that sorts by it (reversing the current sort) and its aria-sort."""
    current = query.get("sort", "")
    headers = {}
    for key, _field, label in SORTS:
        ascending, descending = current == key, current == f"-{key}"
        params = query.copy()
        params.pop("page", None)
        params["sort"] = f"-{key}" if ascending else key
        headers[key] = {
            "label": label,
            "url": "?" + params.urlencode(),
            "aria": "ascending" if ascending else "descending" if descending else "none",
        }
    return headers
