from django import forms
from django.utils import timezone

from reports.models import YearlyReport

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ReportCreateForm(forms.ModelForm):
    class Meta:
        model = YearlyReport
        fields = ["title", "period_start", "period_end"]
        widgets = {"period_start": DATE_WIDGET, "period_end": DATE_WIDGET}
        labels = {"period_start": "Period starts", "period_end": "Period ends"}

    def __init__(self, *args, partnership, **kwargs):
        self.partnership = partnership
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end:
            if end <= start:
                self.add_error("period_end", "The period must end after it starts.")
            elif (end - start).days > 400:
                self.add_error("period_end", "A yearly report covers at most about a year.")
            if YearlyReport.objects.filter(partnership=self.partnership, period_start=start).exists():
                self.add_error(
                    "period_start", "There is already a report for a period starting on this date."
                )
        return data


class SectionForm(forms.Form):
    body = forms.CharField(
        label="Text",
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text="Separate paragraphs with a blank line; start lines with '- ' for a list. "
        "Use pseudonyms only (Child A): no names or dates of birth.",
    )
    not_applicable = forms.BooleanField(
        label="This section does not apply to this year's report", required=False
    )
    not_applicable_reason = forms.CharField(
        label="Why it does not apply", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if data.get("not_applicable") and not (data.get("not_applicable_reason") or "").strip():
            self.add_error("not_applicable_reason", "Say why this section does not apply.")
        return data


class DataSectionForm(SectionForm):
    """Data sections have no text of their own, only the choice to mark them not applicable."""

    body = None


class SentForm(forms.Form):
    sent_to_panel_on = forms.DateField(
        label="Sent to the national Panel on", required=False, widget=DATE_WIDGET
    )
    sent_to_wwc_on = forms.DateField(
        label="Sent to the What Works Centre on", required=False, widget=DATE_WIDGET
    )

    def __init__(self, *args, report, **kwargs):
        self.report = report
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        published = self.report.published_at.date() if self.report.published_at else None
        for name in ("sent_to_panel_on", "sent_to_wwc_on"):
            day = data.get(name)
            if day and published and day < published:
                self.add_error(name, "The date cannot be before the report was published.")
            if day and day > timezone.localdate():
                self.add_error(name, "The date cannot be in the future.")
        return data
