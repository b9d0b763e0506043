import django_filters
from django import forms
from django.db.models import Q

from partners.models import Agency, Membership


class MembershipFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Agency name")
    sector = django_filters.ChoiceFilter(
        field_name="agency__sector", choices=Agency.Sector.choices, label="Sector", empty_label="Any sector"
    )
    statutory_role = django_filters.ChoiceFilter(
        choices=Membership.StatutoryRole.choices, label="Statutory role", empty_label="Any role"
    )
    status = django_filters.ChoiceFilter(
        method="by_status",
        choices=[("active", "Current members"), ("ended", "Former members")],
        label="Membership",
        empty_label="All memberships",
        widget=forms.Select,
    )

    class Meta:
        model = Membership
        fields = ["q", "sector", "statutory_role", "status"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(agency__name__icontains=value.strip())) if value.strip() else queryset

    def by_status(self, queryset, name, value):
        if value == "active":
            return queryset.filter(ends_on__isnull=True)
        if value == "ended":
            return queryset.filter(ends_on__isnull=False)
        return queryset
