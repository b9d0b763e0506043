from django.contrib import admin

from reports.models import RenderJob, ReportVersion, YearlyReport


@admin.register(YearlyReport)
class YearlyReportAdmin(admin.ModelAdmin):
    list_display = ["title", "partnership", "period_start", "published_at"]
    list_filter = ["partnership"]
    readonly_fields = ["published_version", "published_at", "published_by"]


@admin.register(RenderJob)
class RenderJobAdmin(admin.ModelAdmin):
    list_display = ["report", "state", "progress", "attempts", "requested_at", "finished_at"]
    list_filter = ["state"]


@admin.register(ReportVersion)
class ReportVersionAdmin(admin.ModelAdmin):
    """Versions are evidence of what was signed off: never edited."""

    list_display = ["report", "number", "pages", "sha256", "created_at"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
