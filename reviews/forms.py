from __future__ import annotations

import copy

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from partners.models import Agency
from reviews import clocks
from reviews.models import Action, Recommendation, Review, Theme
from reviews.pseudonyms import validate_no_identifiers
from reviews.uploads import ACCEPTED_HELP, check_evidence

DATE_WIDGET = forms.DateInput(
    attrs={"type": "date", "class": "govuk-input govuk-input--width-10"}, format="%Y-%m-%d"
)
NO_NAMES = (
    "Write nothing that could identify a child or family: no names, no dates of birth, no addresses, no "
    "case-file content. Use the pseudonym."
)


def _not_in_future(form: forms.Form, *names: str) -> None:
    today = timezone.localdate()
    for name in names:
        value = form.cleaned_data.get(name)
        if value and value > today:
            form.add_error(name, "The date cannot be in the future.")


class ReviewForm(forms.ModelForm):
    """A new review. The start date that applies depends on its type."""

    class Meta:
        model = Review
        fields = ["kind", "reference", "subject", "aware_on", "commissioned_on", "summary", "details"]
        widgets = {"aware_on": DATE_WIDGET, "commissioned_on": DATE_WIDGET, "kind": forms.RadioSelect}
        help_texts = {
            "aware_on": "Serious incidents only: this starts the notification clock.",
            "commissioned_on": "Other types: for an LCSPR, the date of the decision to hold it (this starts "
            "its clock); otherwise the date it was commissioned.",
        }

    def __init__(self, *args, partnership, **kwargs):
        self.partnership = partnership
        super().__init__(*args, **kwargs)
        self.fields["summary"].help_text += " " + NO_NAMES

    def clean_reference(self):
        reference = self.cleaned_data["reference"].strip()
        others = Review.objects.filter(partnership=self.partnership, reference__iexact=reference)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise ValidationError("Another review of this partnership already has this reference.")
        return reference

    def clean(self):
        data = super().clean()
        kind = data.get("kind") or self.instance.kind
        if kind == Review.Kind.SERIOUS_INCIDENT:
            data["commissioned_on"] = None
            if not data.get("aware_on") and "aware_on" not in self.errors:
                self.add_error("aware_on", "Enter the date the local authority became aware.")
        elif kind:
            data["aware_on"] = None
            if not data.get("commissioned_on") and "commissioned_on" not in self.errors:
                self.add_error("commissioned_on", "Enter the date of the decision to hold the review.")
        _not_in_future(self, "aware_on", "commissioned_on")
        self._check_against_recorded_stages(data)
        return data

    def _check_against_recorded_stages(self, data) -> None:
        """A corrected start date cannot fall after a stage already recorded from it."""
        for start, stage, what in (
            ("aware_on", "notified_on", "the notification to the Panel"),
            ("commissioned_on", "final_report_on", "the final report"),
        ):
            value, recorded = data.get(start), getattr(self.instance, stage, None)
            if value and recorded and value > recorded and start in self.fields:
                self.add_error(start, f"The date cannot be after {what} ({recorded:%-d %B %Y}).")

    def _post_clean(self):
        self.instance.partnership = self.partnership
        if not self.instance.stage:
            self.instance.refresh_clock()
        super()._post_clean()


class ReviewEditForm(ReviewForm):
    """Correcting a review's description and its start date; its type is fixed once recorded."""

    class Meta(ReviewForm.Meta):
        fields = ["reference", "subject", "aware_on", "commissioned_on", "summary", "details"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields[
            "commissioned_on" if self.instance.kind == Review.Kind.SERIOUS_INCIDENT else "aware_on"
        ]


# A stage's date cannot come before the date it follows on from.
NOT_BEFORE = {
    "notified_on": ("aware_on", "the date the local authority became aware"),
    "rapid_review_completed_on": ("notified_on", "the notification to the Panel"),
    "final_report_on": ("commissioned_on", "the review started"),
    "panel_sent_on": ("final_report_on", "the final report was completed"),
    "published_on": ("final_report_on", "the final report was completed"),
    "closed_on": ("opened_on", "the review started"),
}


class StageForm(forms.ModelForm):
    """Recording one stage of a review. Completing a stage after its due date needs the reason for delay."""

    title = ""
    clock_key = ""
    completed_field = ""
    reason_field = ""
    required = ()
    past_only = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.required:
            self.fields[name].required = True
        if self.reason_field:
            field = self.fields[self.reason_field]
            field.label = "Reason for the delay"
            field.help_text = "Needed only when the date is after the due date. " + NO_NAMES
            field.validators.append(validate_no_identifiers)

    def trial(self) -> Review:
        """The review as it would be with this form's values, to work out its clocks before saving."""
        review = copy.copy(self.instance)
        for name, value in self.cleaned_data.items():
            setattr(review, name, value)
        return review

    def due_on(self):
        clock = next((c for c in clocks.clocks_for(self.instance) if c.key == self.clock_key), None)
        return clock.due_on if clock else None

    def clean(self):
        data = super().clean()
        _not_in_future(self, *self.past_only)
        trial = self.trial()
        for name in self.Meta.fields:
            earlier_name, what = NOT_BEFORE.get(name, ("", ""))
            value, earlier = data.get(name), getattr(trial, earlier_name, None) if earlier_name else None
            if value and earlier and value < earlier:
                self.add_error(name, f"The date cannot be before {what} ({earlier:%-d %B %Y}).")
        if self.clock_key and not self.errors:
            clock = next(c for c in clocks.clocks_for(trial) if c.key == self.clock_key)
            if clock.completed_late and not data.get(self.reason_field, "").strip():
                late = clock.working_days_late()
                self.add_error(
                    self.reason_field,
                    f"This was {late} working day{'s' if late != 1 else ''} after the due date of "
                    f"{clock.due_on:%-d %B %Y}: give the reason for the delay.",
                )
            elif not clock.completed_late:
                data[self.reason_field] = ""
        return data


class NotificationForm(StageForm):
    title = "Record the notification to the national Panel"
    clock_key = clocks.NOTIFICATION
    completed_field = "notified_on"
    reason_field = "notification_delay_reason"
    required = ("notified_on",)
    past_only = ("notified_on",)

    class Meta:
        model = Review
        fields = ["notified_on", "notification_delay_reason"]
        widgets = {"notified_on": DATE_WIDGET}


class RapidReviewForm(StageForm):
    title = "Record the rapid review and its decision"
    clock_key = clocks.RAPID_REVIEW
    completed_field = "rapid_review_completed_on"
    reason_field = "rapid_review_delay_reason"
    required = ("rapid_review_completed_on", "decision", "decision_rationale")
    past_only = ("rapid_review_completed_on",)

    class Meta:
        model = Review
        fields = ["rapid_review_completed_on", "decision", "decision_rationale", "rapid_review_delay_reason"]
        widgets = {"rapid_review_completed_on": DATE_WIDGET, "decision": forms.RadioSelect}
        labels = {"decision_rationale": "Rationale for the decision"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[
            "decision"
        ].help_text = (
            "Choosing a local child safeguarding practice review opens it, linked to this rapid review."
        )
        self.fields["decision"].choices = Review.Decision.choices
        self.fields["decision_rationale"].help_text = NO_NAMES
        if Review.objects.filter(origin=self.instance).exists():
            self.fields["decision"].disabled = True
            self.fields["decision"].help_text = "The LCSPR this decision opened exists, so it cannot change."


class FinalReportForm(StageForm):
    title = "Record the final report"
    clock_key = clocks.FINAL_REPORT
    completed_field = "final_report_on"
    reason_field = "final_report_delay_reason"
    required = ("final_report_on",)
    past_only = ("final_report_on",)

    class Meta:
        model = Review
        fields = ["final_report_on", "final_report_delay_reason"]
        widgets = {"final_report_on": DATE_WIDGET}


class ReportForm(StageForm):
    """The completed report of a legacy SCR or another learning review: these run no statutory clock."""

    title = "Record the completed report"
    required = ("final_report_on",)
    past_only = ("final_report_on",)

    class Meta:
        model = Review
        fields = ["final_report_on"]
        widgets = {"final_report_on": DATE_WIDGET}


class PublicationForm(StageForm):
    title = "Record publication"
    clock_key = clocks.PANEL_NOTICE
    completed_field = "panel_sent_on"
    reason_field = "panel_notice_delay_reason"
    past_only = ("panel_sent_on", "published_on")

    class Meta:
        model = Review
        fields = ["publication_planned_on", "panel_sent_on", "published_on", "panel_notice_delay_reason"]
        widgets = {
            "publication_planned_on": DATE_WIDGET,
            "panel_sent_on": DATE_WIDGET,
            "published_on": DATE_WIDGET,
        }

    def clean(self):
        data = super().clean()
        if not data.get("publication_planned_on") and not data.get("published_on"):
            self.add_error("publication_planned_on", "Enter the planned publication date.")
        if data.get("published_on") and not data.get("panel_sent_on"):
            self.add_error(
                "panel_sent_on", "Enter the date the report was sent to the Panel before publishing."
            )
        return data


class PublishedForm(StageForm):
    title = "Record publication"
    required = ("published_on",)
    past_only = ("published_on",)

    class Meta:
        model = Review
        fields = ["published_on"]
        widgets = {"published_on": DATE_WIDGET}


class CloseForm(StageForm):
    title = "Close the review"
    required = ("closed_on",)
    past_only = ("closed_on",)

    class Meta:
        model = Review
        fields = ["closed_on"]
        widgets = {"closed_on": DATE_WIDGET}
        labels = {"closed_on": "Date closed"}
        help_texts = {"closed_on": "Close a review once nothing more is due on it. Its actions stay tracked."}


def stage_forms(review: Review) -> dict[str, type[StageForm]]:
    """The stages that may be recorded on this review now, by URL name, in order."""
    forms_by_stage: dict[str, type[StageForm]] = {}
    if review.closed_on:
        return forms_by_stage
    if review.kind == Review.Kind.SERIOUS_INCIDENT:
        forms_by_stage["notification"] = NotificationForm
        if review.notified_on:
            forms_by_stage["rapid-review"] = RapidReviewForm
    elif review.kind == Review.Kind.LCSPR:
        forms_by_stage["final-report"] = FinalReportForm
        if review.final_report_on:
            forms_by_stage["publication"] = PublicationForm
    else:
        forms_by_stage["report"] = ReportForm
        if review.final_report_on:
            forms_by_stage["publication"] = PublishedForm
    forms_by_stage["close"] = CloseForm
    return forms_by_stage


class GrantForm(forms.Form):
    user = forms.ModelChoiceField(
        label="Reviewer",
        queryset=None,
        help_text="People holding the reviewer role in this partnership who are not yet on this review.",
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = people


class RecommendationForm(forms.ModelForm):
    class Meta:
        model = Recommendation
        fields = ["reference", "text", "themes", "made_on"]
        widgets = {"themes": forms.CheckboxSelectMultiple, "made_on": DATE_WIDGET}

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        chosen = self.instance.themes.all() if self.instance.pk else Theme.objects.none()
        available = Theme.objects.for_partnership(partnership).filter(is_active=True) | chosen
        self.fields["themes"].queryset = available.distinct().order_by("name")
        self.fields["themes"].help_text = "Choose every theme that applies, so repeating weaknesses show."
        self.fields["text"].help_text = NO_NAMES
        if not self.instance.pk:
            self.initial.setdefault("made_on", timezone.localdate())


class ActionForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Action
        fields = ["description", "owner_agency", "due_on"]
        widgets = {"due_on": DATE_WIDGET}

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_agency"].queryset = Agency.objects.filter(
            memberships__partnership=partnership, memberships__ends_on__isnull=True
        ).order_by("name")
        self.fields["description"].help_text = NO_NAMES
        self.initial.setdefault("version", self.instance.version)


class ActionProgressForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Action
        fields = ["status", "completed_on", "progress_note", "impact_statement", "impact_measure"]
        widgets = {"completed_on": DATE_WIDGET, "status": forms.RadioSelect}
        labels = {"completed_on": "Date completed"}
        help_texts = {"completed_on": "Needed when the action is complete."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("version", self.instance.version)

    def clean(self):
        data = super().clean()
        if data.get("status") == Action.Status.COMPLETE and not data.get("completed_on"):
            self.add_error("completed_on", "Enter the date the action was completed.")
        if data.get("status") != Action.Status.COMPLETE:
            data["completed_on"] = None
        statement, measure = data.get("impact_statement", ""), data.get("impact_measure", "")
        if statement and not measure:
            self.add_error("impact_measure", "Say how the impact was measured, with the result.")
        if measure and not statement:
            self.add_error("impact_statement", "Describe the impact the measure shows.")
        _not_in_future(self, "completed_on")
        return data

    def _post_clean(self):
        # The service applies the change under a row lock; the form only validates it.
        pass


class EvidenceForm(forms.Form):
    file = forms.FileField(label="Evidence file", help_text=f"{ACCEPTED_HELP}. At most 10 MB.")
    description = forms.CharField(
        max_length=200, required=False, help_text="What the file shows (optional). " + NO_NAMES
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.file_type = check_evidence(upload)
        return upload


class ThemeForm(forms.ModelForm):
    class Meta:
        model = Theme
        fields = ["name", "description", "is_active"]

    def __init__(self, *args, partnership, **kwargs):
        self.partnership = partnership
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            del self.fields["is_active"]

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        clash = Theme.objects.for_partnership(self.partnership).filter(name__iexact=name)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise ValidationError("There is already a theme with this name.")
        return name

    def _post_clean(self):
        self.instance.partnership = self.partnership
        super()._post_clean()
