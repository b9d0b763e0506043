"""Django admin for platform staff (signed in through allauth with MFA). Day-to-day work uses the portal."""

from django.contrib import admin

from partners.models import Agency, LocalAuthorityArea, Membership, Partnership, RoleAssignment


class AreaInline(admin.TabularInline):
    model = LocalAuthorityArea
    extra = 0


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [AreaInline]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "sector"]
    list_filter = ["sector"]
    search_fields = ["name"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["agency", "partnership", "statutory_role", "starts_on", "ends_on"]
    list_filter = ["partnership", "statutory_role"]
    list_select_related = ["agency", "partnership"]
    search_fields = ["agency__name"]
    autocomplete_fields = ["agency"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "agency", "partnership"]
    list_filter = ["partnership", "role"]
    list_select_related = ["user", "agency", "partnership"]
    search_fields = ["user__email", "user__full_name"]
    autocomplete_fields = ["user", "agency"]
