from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from safeguarding.models import Reminder, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["full_name"]
    list_display = ["email", "full_name", "is_active", "is_staff"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "full_name", "password"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]})
    ]
    filter_horizontal = ["groups"]


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    """Read-only: the record of what was sent is evidence."""

    list_display = ["kind", "stage", "subject_key", "recipient", "state", "claimed_at", "sent_at"]
    list_filter = ["kind", "state"]
    search_fields = ["subject_key"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
