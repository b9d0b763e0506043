from django.contrib import admin

from reviews.models import Theme


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    """The standard themes (no partnership) are managed here; partnerships manage their own in the portal."""

    list_display = ["name", "partnership", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]
