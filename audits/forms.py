from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from audits import grades
from audits.grades import Scale
from audits.models import Cycle, StandardSet
from partners.forms import DATE_WIDGET
from partners.models import Agency, Partnership
from reviews.pseudonyms import validate_no_identifiers
from reviews.uploads import ACCEPTED_HELP, check_evidence

SET_IMPORT_MAX_BYTES = 2 * 1024 * 1024


def _version_field():
    return forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class StandardSetForm(forms.ModelForm):
    class Meta:
        model = StandardSet
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, partnership, **kwargs):
        self.partnership = partnership
        super().__init__(*args, **kwargs)

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        clash = StandardSet.objects.filter(partnership=self.partnership, name__iexact=name)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise ValidationError("The partnership already has a standard set with this name.")
        return name


class SetImportForm(StandardSetForm):
    file = forms.FileField(
        label="Workbook (XLSX)",
        help_text="One row per criterion, with the columns of an exported set. At most 2 MB.",
    )

    class Meta(StandardSetForm.Meta):
        pass

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > SET_IMPORT_MAX_BYTES:
            raise ValidationError("The file must be smaller than 2 MB.")
        if not upload.name.lower().endswith(".xlsx"):
            raise ValidationError("The file must be an XLSX workbook.")
        return upload


class StandardTitleForm(forms.Form):
    title = forms.CharField(max_length=300, label="Standard title")


class CriterionForm(forms.Form):
    criterion_id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    number = forms.IntegerField(min_value=1, max_value=99, help_text="1 for x.1, 2 for x.2, and so on.")
    text = forms.CharField(label="Criterion", widget=forms.Textarea(attrs={"rows": 2}))
    guidance = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    expected_evidence = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)


CriterionFormSet = forms.formset_factory(CriterionForm, extra=1, can_delete=True, max_num=30)


class CycleOpenForm(forms.Form):
    name = forms.CharField(max_length=200, help_text="For example: Section 11 audit 2026 to 2027.")
    standard_set = forms.ModelChoiceField(queryset=StandardSet.objects.none(), empty_label=None)
    scale = forms.ChoiceField(choices=Scale.choices, label="Grading scale", widget=forms.RadioSelect)
    opens_on = forms.DateField(label="Opens on", widget=DATE_WIDGET)
    due_on = forms.DateField(label="Returns due on", widget=DATE_WIDGET)
    previous = forms.ModelChoiceField(
        queryset=Cycle.objects.none(),
        required=False,
        label="Previous cycle",
        help_text="Results are compared with it. Agencies' returns are pre-filled from their latest return.",
    )
    agencies = forms.ModelMultipleChoiceField(
        queryset=Agency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="Agencies that must return",
    )

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["standard_set"].queryset = StandardSet.objects.available_to(partnership).order_by("name")
        self.fields["previous"].queryset = Cycle.objects.for_partnership(partnership)
        self.fields["agencies"].queryset = Agency.objects.filter(
            memberships__partnership=partnership, memberships__ends_on__isnull=True
        ).order_by("name")

    def clean(self):
        data = super().clean()
        opens_on, due_on = data.get("opens_on"), data.get("due_on")
        if opens_on and due_on and due_on <= opens_on:
            self.add_error("due_on", "The due date must be after the opening date.")
        return data


class CycleShareForm(forms.Form):
    partnership = forms.ModelChoiceField(
        queryset=Partnership.objects.none(),
        label="Partnership to share with",
        help_text="Its business manager then chooses which of its member agencies must return. Agencies in "
        "both partnerships answer once; each partnership moderates the return itself.",
    )

    def __init__(self, *args, cycle, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = Partnership.objects.exclude(
            audit_participations__cycle=cycle
        ).order_by("name")


class CycleAgenciesForm(forms.Form):
    agencies = forms.ModelMultipleChoiceField(
        queryset=Agency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="Member agencies to ask for a return",
    )

    def __init__(self, *args, partnership, cycle, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = (
            Agency.objects.filter(memberships__partnership=partnership, memberships__ends_on__isnull=True)
            .exclude(audit_returns__cycle=cycle)
            .order_by("name")
        )


class AnswerForm(forms.Form):
    """One criterion's answer. A draft may be saved incomplete; submitting checks completeness."""

    version = _version_field()
    grade = forms.ChoiceField(widget=forms.RadioSelect, required=False)
    narrative = forms.CharField(
        label="How the agency meets this criterion",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
    )
    action_text = forms.CharField(
        label="Action to close the gap",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
        validators=[validate_no_identifiers],
        help_text="Needed when the grade is below met / good. It goes into the improvement tracker.",
    )
    action_owner = forms.CharField(label="Action owner", max_length=200, required=False)
    action_due_on = forms.DateField(label="Action due date", widget=DATE_WIDGET, required=False)

    def __init__(self, *args, answer, scale, **kwargs):
        self.answer = answer
        initial = {
            "version": answer.version,
            "grade": answer.grade,
            "narrative": answer.narrative,
            "action_text": answer.action_text,
            "action_owner": answer.action_owner,
            "action_due_on": answer.action_due_on,
        }
        super().__init__(*args, prefix=f"c{answer.pk}", initial=initial, **kwargs)
        self.fields["grade"].choices = grades.choices(scale)
        self.fields["grade"].label = f"Grade for criterion {answer.criterion.label}"


class ReturnSummaryForm(forms.Form):
    version = _version_field()
    summary = forms.CharField(
        label="Summary of the agency's safeguarding arrangements",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=10000,
    )


class EvidenceForm(forms.Form):
    file = forms.FileField(help_text=f"{ACCEPTED_HELP}, at most 10 MB.")
    effective_date = forms.DateField(
        widget=DATE_WIDGET,
        help_text="The date the document speaks for: a policy's approval date, or a report's period end.",
    )
    description = forms.CharField(max_length=300, required=False, help_text="What the document shows.")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.file_type = check_evidence(upload)
        return upload

    def clean_effective_date(self):
        value = self.cleaned_data["effective_date"]
        if value > timezone.localdate():
            raise ValidationError("The effective date cannot be in the future.")
        return value


class VersionForm(forms.Form):
    version = _version_field()


class SendBackForm(forms.Form):
    version = _version_field()
    reasons = forms.CharField(
        label="What the agency needs to revise",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        help_text="The agency's leads see this on the return and in an e-mail.",
    )


class ModerationForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    session_on = forms.DateField(label="Challenge session date", widget=DATE_WIDGET, required=False)
    attendees = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, help_text="One a line, with their roles."
    )
    notes = forms.CharField(
        label="Session notes", widget=forms.Textarea(attrs={"rows": 5}), required=False, max_length=20000
    )
    letter = forms.CharField(
        label="Feedback letter",
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        max_length=20000,
        help_text="Sent to the agency's leads; they can download it as a PDF.",
    )

    def __init__(self, *args, standards, scale, moderation, grades_now: dict, **kwargs):
        initial = {}
        if moderation is not None:
            initial = {
                "version": moderation.version,
                "session_on": moderation.session_on,
                "attendees": moderation.attendees,
                "notes": moderation.notes,
                "letter": moderation.letter,
            }
        for standard in standards:
            code, comment = grades_now.get(standard.pk, ("", ""))
            initial[f"grade_{standard.pk}"] = code
            initial[f"comment_{standard.pk}"] = comment
        super().__init__(*args, initial=initial, **kwargs)
        self.standards = standards
        for standard in standards:
            self.fields[f"grade_{standard.pk}"] = forms.ChoiceField(
                label=f"Moderated grade for standard {standard.number}",
                choices=[("", "Not moderated yet"), *grades.choices(scale)],
                required=False,
            )
            self.fields[f"comment_{standard.pk}"] = forms.CharField(
                label=f"Comment on standard {standard.number}",
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                max_length=2000,
            )

    def standard_fields(self):
        return [
            (standard, self[f"grade_{standard.pk}"], self[f"comment_{standard.pk}"])
            for standard in self.standards
        ]

    def grades(self) -> dict[int, tuple[str, str]]:
        return {
            s.pk: (self.cleaned_data[f"grade_{s.pk}"], self.cleaned_data[f"comment_{s.pk}"].strip())
            for s in self.standards
        }
