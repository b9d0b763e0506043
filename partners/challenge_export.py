"""Exporting the challenge log as CSV or XLSX (django-import-export / tablib)."""

from __future__ import annotations

from django.utils import timezone
from import_export import fields, resources

from partners.models import Challenge

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
COLUMNS = (
    "reference",
    "subject",
    "raised_on",
    "raised_by",
    "on_behalf_of",
    "addressed_to",
    "status",
    "stage",
    "answer_due_on",
    "overdue",
    "stuck_since",
    "outcome",
    "closed_on",
)


class ChallengeResource(resources.ModelResource):
    """One row a challenge. The queryset must select_related raised_by, raised_by_agency and addressed_to."""

    reference = fields.Field(column_name="reference")
    subject = fields.Field(attribute="subject", column_name="subject")
    raised_on = fields.Field(attribute="raised_on", column_name="raised_on")
    raised_by = fields.Field(column_name="raised_by")
    on_behalf_of = fields.Field(column_name="on_behalf_of")
    addressed_to = fields.Field(attribute="addressed_to__name", column_name="agency_challenged")
    status = fields.Field(column_name="status")
    stage = fields.Field(attribute="stage", column_name="stage")
    answer_due_on = fields.Field(attribute="stage_due_on", column_name="answer_due_on")
    overdue = fields.Field(column_name="overdue")
    stuck_since = fields.Field(attribute="stuck_since", column_name="stuck_since")
    outcome = fields.Field(column_name="outcome")
    closed_on = fields.Field(attribute="closed_on", column_name="closed_on")

    class Meta:
        model = Challenge
        fields = COLUMNS
        export_order = COLUMNS

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.today = timezone.localdate()

    def export_field(self, field, instance, **kwargs):
        """Text that a spreadsheet would run as a formula (=, +, -, @) is kept as text."""
        value = super().export_field(field, instance, **kwargs)
        if isinstance(value, str) and value.startswith(FORMULA_STARTS):
            return "'" + value
        return value

    def dehydrate_reference(self, challenge: Challenge) -> str:
        return challenge.reference

    def dehydrate_raised_by(self, challenge: Challenge) -> str:
        return challenge.raised_by.full_name

    def dehydrate_on_behalf_of(self, challenge: Challenge) -> str:
        return challenge.raised_by_agency.name if challenge.raised_by_agency_id else "The partnership"

    def dehydrate_status(self, challenge: Challenge) -> str:
        return challenge.get_status_display()

    def dehydrate_overdue(self, challenge: Challenge) -> str:
        return "yes" if challenge.is_overdue(self.today) else "no"

    def dehydrate_outcome(self, challenge: Challenge) -> str:
        return challenge.get_outcome_display()
