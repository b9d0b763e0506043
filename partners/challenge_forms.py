"""Forms for the challenge log. The partnership, the agencies a person may act for and the challenge's state
come from the access layer, never from the request."""

from __future__ import annotations

import datetime
from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from partners import challenge_links
from partners.challenge_summary import financial_year
from partners.models import MAX_STAGE_WORKING_DAYS, Challenge, Responder
from safeguarding.calendar import add_working_days, is_working_day

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
EVIDENCE_EXTENSIONS = {
    ".pdf",
    ".doc",
    ".docx",
    ".odt",
    ".xls",
    ".xlsx",
    ".ods",
    ".csv",
    ".txt",
    ".png",
    ".jpg",
}
# The furthest ahead a first answer may be asked for, in working days.
LATEST_FIRST_ANSWER = 60


class VersionForm(forms.Form):
    """Carries the challenge's version as shown, so an out-of-date page cannot overwrite a newer step."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class RaiseForm(forms.Form):
    raised_by_agency = forms.ModelChoiceField(
        label="Raised on behalf of",
        queryset=None,
        required=False,
        empty_label="The partnership as a whole",
        help_text="An agency you hold a board-level role for, or the partnership.",
    )
    addressed_to = forms.ModelChoiceField(label="Agency challenged", queryset=None)
    subject = forms.CharField(
        max_length=200, help_text="A short title, for example “Attendance at strategy meetings”."
    )
    concern = forms.CharField(
        label="The concern",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What the concern is and what it is based on. Do not include names or case details.",
    )
    asked = forms.CharField(
        label="What is asked of the agency",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The assurance, information or change you are asking the agency for.",
    )
    response_due_on = forms.DateField(
        label="Response due by",
        widget=DATE_WIDGET,
        help_text="A working day. It defaults to the first stage of the partnership's escalation ladder.",
    )
    link = forms.ChoiceField(
        label="The record it is about (optional)",
        required=False,
        help_text="A section 11 return or standard, a review recommendation or action, or a funding "
        "contribution.",
    )

    def __init__(self, *args, partnership, raising_agencies, addressable_agencies, **kwargs):
        self.partnership = partnership
        super().__init__(*args, **kwargs)
        self.fields["raised_by_agency"].queryset = raising_agencies
        if not raising_agencies.exists():
            del self.fields["raised_by_agency"]
        self.fields["addressed_to"].queryset = addressable_agencies
        groups = challenge_links.grouped_choices(partnership)
        if groups:
            self.fields["link"].choices = [("", "Not linked to a record"), *groups]
        else:
            del self.fields["link"]

    def clean_response_due_on(self):
        due = self.cleaned_data["response_due_on"]
        today = timezone.localdate()
        if due <= today:
            raise ValidationError("The response must be due after today.")
        if not is_working_day(due):
            raise ValidationError("Choose a working day: not a weekend or a bank holiday.")
        if due > add_working_days(today, LATEST_FIRST_ANSWER):
            raise ValidationError(f"Ask for a first response within {LATEST_FIRST_ANSWER} working days.")
        return due

    def clean(self):
        data = super().clean()
        raiser, addressed = data.get("raised_by_agency"), data.get("addressed_to")
        if raiser and addressed and raiser == addressed:
            self.add_error("addressed_to", "An agency cannot challenge itself.")
        kind, ref = "", ""
        if data.get("link"):
            kind, _, ref = data["link"].partition("|")
            problem = challenge_links.validate(self.partnership, kind, ref)
            if problem:
                self.add_error("link", problem)
        data["link_kind"], data["link_ref"] = kind, ref
        return data

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "raised_by_agency": data.get("raised_by_agency"),
            "addressed_to": data["addressed_to"],
            "subject": data["subject"],
            "concern": data["concern"],
            "asked": data["asked"],
            "response_due_on": data["response_due_on"],
            "link_kind": data["link_kind"],
            "link_ref": data["link_ref"],
        }


class RespondForm(VersionForm):
    text = forms.CharField(
        label="Your response",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="What the agency has done or will do, and the assurance it offers.",
    )
    evidence = forms.FileField(
        label="Evidence (optional)",
        required=False,
        help_text="One file of at most 10 MB: PDF, Word, Excel, OpenDocument, CSV, text, PNG or JPEG.",
    )

    def clean_evidence(self):
        upload = self.cleaned_data.get("evidence")
        if not upload:
            return None
        if upload.size > EVIDENCE_MAX_BYTES:
            raise ValidationError("The file must be smaller than 10 MB.")
        if Path(upload.name).suffix.lower() not in EVIDENCE_EXTENSIONS:
            raise ValidationError(
                "The file must be a PDF, Word, Excel, OpenDocument, CSV, text, PNG or JPEG file."
            )
        return upload


class DecideForm(VersionForm):
    ACCEPT, ESCALATE = "accept", "escalate"

    decision = forms.ChoiceField(label="Do you accept the response?", widget=forms.RadioSelect)
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=Challenge.Outcome.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text="If you accept the response: what the challenge achieved.",
    )
    note = forms.CharField(
        label="Your reasons",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text="Required if you do not accept the response: it goes to the people at the next stage.",
    )

    def __init__(self, *args, next_stage, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(self.ACCEPT, "Yes: the challenge is resolved")]
        if next_stage is not None:
            label = (
                f"No: escalate to stage {next_stage.number} ({next_stage.get_responder_display().lower()})"
            )
            choices.append((self.ESCALATE, label))
        else:
            self.fields["decision"].help_text = (
                "This is the last stage of the escalation ladder: the response can be accepted, or the "
                "challenge withdrawn with a reason."
            )
        self.fields["decision"].choices = choices

    def clean(self):
        data = super().clean()
        decision = data.get("decision")
        if decision == self.ACCEPT and not data.get("outcome"):
            self.add_error("outcome", "Choose the outcome of the challenge.")
        if decision == self.ESCALATE and not (data.get("note") or "").strip():
            self.add_error("note", "Say why the response is not accepted.")
        return data


class ReasonForm(VersionForm):
    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, help_text: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].help_text = help_text

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError("Enter a reason.")
        return reason


class YearForm(forms.Form):
    """The financial year a summary covers, or all years."""

    ALL = "all"

    year = forms.ChoiceField(label="Financial year", required=False)

    def __init__(self, *args, first_year: int, **kwargs):
        super().__init__(*args, **kwargs)
        current = financial_year(timezone.localdate())[0].year
        years = [
            (str(y), f"April {y} to March {y + 1}") for y in range(current, min(first_year, current) - 1, -1)
        ]
        self.fields["year"].choices = [*years, (self.ALL, "All years")]
        self.fields["year"].initial = str(current)

    def period(self) -> tuple[datetime.date | None, datetime.date | None]:
        year = self.cleaned_data.get("year") or self.fields["year"].initial
        if year == self.ALL:
            return None, None
        return financial_year(datetime.date(int(year), 4, 1))


class StageForm(forms.Form):
    # The blank choice leaves the spare row at the end of the ladder unchanged, so it adds no stage.
    responder = forms.ChoiceField(
        label="Who must answer", choices=[("", "Choose who answers"), *Responder.choices]
    )
    working_days = forms.IntegerField(
        label="Working days to answer",
        min_value=1,
        max_value=MAX_STAGE_WORKING_DAYS,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
    )


class BaseLadderFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "Remove this stage"

    def clean(self):
        super().clean()
        if not any(self.errors) and not self.stages():
            raise ValidationError("The ladder needs at least one stage.")

    def stages(self) -> list[tuple[str, int]]:
        return [
            (form.cleaned_data["responder"], form.cleaned_data["working_days"])
            for form in self.forms
            if form.cleaned_data and not self._should_delete_form(form)
        ]


LadderFormSet = forms.formset_factory(
    StageForm, formset=BaseLadderFormSet, extra=1, can_delete=True, max_num=6, validate_max=True
)
