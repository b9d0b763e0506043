"""Django admin for platform staff. Section 11 work happens in the portal; the admin only lists records."""

from django.contrib import admin

from audits.models import Cycle, Return, StandardSet


@admin.register(StandardSet)
class StandardSetAdmin(admin.ModelAdmin):
    list_display = ["name", "partnership", "created_at"]
    list_select_related = ["partnership"]
    search_fields = ["name"]


@admin.register(Cycle)
class CycleAdmin(admin.ModelAdmin):
    list_display = ["name", "lead_partnership", "opens_on", "due_on", "scale"]
    list_select_related = ["lead_partnership"]
    search_fields = ["name"]


@admin.register(Return)
class ReturnAdmin(admin.ModelAdmin):
    list_display = ["agency", "cycle", "status", "submitted_at"]
    list_filter = ["status"]
    list_select_related = ["agency", "cycle"]
    search_fields = ["agency__name", "cycle__name"]
    readonly_fields = ["version"]
