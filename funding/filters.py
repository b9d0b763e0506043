import django_filters
from django import forms
from django.db.models import F

from funding.models import Contribution
from partners.models import Agency


class ContributionFilter(django_filters.FilterSet):
    agency = django_filters.ModelChoiceFilter(
        queryset=Agency.objects.none(), label="Agency", empty_label="All agencies"
    )
    kind = django_filters.ChoiceFilter(
        choices=Contribution.Kind.choices, label="Cash or in kind", empty_label="Both"
    )
    recurring = django_filters.ChoiceFilter(
        choices=[("yes", "Part of the yearly budget"), ("no", "One-off items")],
        method="by_recurring",
        label="Budget or one-off",
        empty_label="Both",
    )
    status = django_filters.ChoiceFilter(
        choices=[
            ("outstanding", "Not yet fully received"),
            ("overdue", "Overdue"),
            ("received", "Fully received"),
        ],
        method="by_status",
        label="Payment",
        empty_label="Any",
        widget=forms.Select,
    )

    class Meta:
        model = Contribution
        fields = ["agency", "kind", "recurring", "status"]

    def __init__(self, *args, agencies, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.filters["agency"].queryset = agencies

    def by_recurring(self, queryset, name, value):
        return queryset.filter(recurring=value == "yes") if value in {"yes", "no"} else queryset

    def by_status(self, queryset, name, value):
        if value == "outstanding":
            return queryset.outstanding()
        if value == "overdue":
            return queryset.overdue(self.today)
        if value == "received":
            return queryset.filter(received__gte=F("pledged"))
        return queryset
