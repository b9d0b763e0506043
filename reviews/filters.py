import django_filters
from django import forms
from django.db.models import F, Q
from django.utils import timezone

from reviews import clocks
from reviews.models import Action, Recommendation, Review, Theme
from safeguarding.form_renderer import FastForm

YES = [("yes", "Only overdue")]


class ReviewFilter(django_filters.FilterSet):
    """The reviews list: by type, stage, open or closed, RAG status of the next deadline, and overdue."""

    kind = django_filters.ChoiceFilter(choices=Review.Kind.choices, label="Type", empty_label="All types")
    stage = django_filters.ChoiceFilter(choices=Review.Stage.choices, label="Stage", empty_label="All stages")
    status = django_filters.ChoiceFilter(
        method="by_status",
        choices=[("open", "Open"), ("closed", "Closed")],
        label="Status",
        empty_label="Open and closed",
    )
    rag = django_filters.ChoiceFilter(
        method="by_rag",
        choices=[(key, label) for key, label in clocks.RAG_LABELS.items()],
        label="Next deadline",
        empty_label="Any",
    )
    overdue = django_filters.ChoiceFilter(
        method="by_overdue", choices=YES, label="Overdue", empty_label="All", widget=forms.Select
    )
    order = django_filters.ChoiceFilter(
        method="sort",
        choices=[
            ("-deadline", "Next deadline (latest first)"),
            ("reference", "Reference (A to Z)"),
            ("-reference", "Reference (Z to A)"),
            ("kind", "Type"),
            ("stage", "Stage"),
            ("-created", "Most recently recorded"),
        ],
        label="Sort by",
        empty_label="Next deadline (soonest first)",
    )

    class Meta:
        model = Review
        form = FastForm
        fields = ["kind", "stage", "status", "rag", "overdue", "order"]

    SORTS = {
        "-deadline": (F("next_due_on").desc(nulls_last=True), "reference"),
        "reference": ("reference",),
        "-reference": ("-reference",),
        "kind": ("kind", "reference"),
        "stage": ("stage", "reference"),
        "-created": ("-created_at",),
    }

    def __init__(self, *args, today=None, **kwargs):
        self.today = today or timezone.localdate()
        super().__init__(*args, **kwargs)

    def by_status(self, queryset, name, value):
        return queryset.filter(closed_on__isnull=value == "open")

    def by_rag(self, queryset, name, value):
        open_reviews = queryset.filter(closed_on__isnull=True, next_due_on__isnull=False)
        amber_until = clocks.amber_from(self.today)
        if value == clocks.RED:
            return open_reviews.filter(next_due_on__lt=self.today)
        if value == clocks.AMBER:
            return open_reviews.filter(next_due_on__gte=self.today, next_due_on__lte=amber_until)
        return open_reviews.filter(next_due_on__gt=amber_until)

    def by_overdue(self, queryset, name, value):
        return queryset.filter(closed_on__isnull=True, next_due_on__lt=self.today)

    def sort(self, queryset, name, value):
        return queryset.order_by(*self.SORTS[value])


class ActionFilter(django_filters.FilterSet):
    """The improvement tracker: by status, owner, theme, source and review, and overdue."""

    q = django_filters.CharFilter(method="search", label="Search the action or recommendation")
    status = django_filters.ChoiceFilter(
        method="by_status",
        choices=[("outstanding", "Outstanding (not started or in progress)"), *Action.Status.choices],
        label="Status",
        empty_label="All statuses",
    )
    # Plain choices read once as (pk, name) pairs: ModelChoiceFilters would read them again through
    # server-side cursors to render and to check them.
    owner_agency = django_filters.ChoiceFilter(label="Owner agency", empty_label="All agencies")
    theme = django_filters.ChoiceFilter(
        field_name="recommendation__themes", label="Theme", empty_label="All themes", distinct=False
    )
    source = django_filters.ChoiceFilter(
        field_name="recommendation__source_kind",
        choices=Recommendation.SourceKind.choices,
        label="Source",
        empty_label="All sources",
    )
    overdue = django_filters.ChoiceFilter(
        method="by_overdue", choices=YES, label="Overdue", empty_label="All", widget=forms.Select
    )
    order = django_filters.ChoiceFilter(
        method="sort",
        choices=[("-due", "Due date (latest first)"), ("owner", "Owner agency"), ("status", "Status")],
        label="Sort by",
        empty_label="Due date (soonest first)",
    )

    class Meta:
        model = Action
        form = FastForm
        fields = ["q", "status", "owner_agency", "theme", "source", "overdue", "order"]

    SORTS = {
        "-due": ("-due_on", "pk"),
        "owner": ("owner_agency__name", "due_on", "pk"),
        "status": ("status", "due_on", "pk"),
    }

    def __init__(self, *args, partnership, agencies, today=None, **kwargs):
        self.today = today or timezone.localdate()
        super().__init__(*args, **kwargs)
        owners = list(agencies.order_by("name").values_list("pk", "name"))
        self.filters["owner_agency"].extra["choices"] = owners
        self.agency_names = dict(owners)
        themes = Theme.objects.for_partnership(partnership).values_list("pk", "name")
        self.filters["theme"].extra["choices"] = list(themes)

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(description__icontains=value)
            | Q(recommendation__text__icontains=value)
            | Q(recommendation__source_label__icontains=value)
        )

    def by_status(self, queryset, name, value):
        if value == "outstanding":
            return queryset.outstanding()
        return queryset.filter(status=value)

    def by_overdue(self, queryset, name, value):
        return queryset.overdue(self.today)

    def sort(self, queryset, name, value):
        return queryset.order_by(*self.SORTS[value])
