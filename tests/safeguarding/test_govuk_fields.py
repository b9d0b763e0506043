"""List filter forms written in Python (`govuk_fields`, FastForm) show what crispy-forms-gds shows."""

import re

import django_filters
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form
from django import forms

from partners.models import Challenge
from safeguarding.form_renderer import FastForm
from safeguarding.templatetags.govuk_fields import govuk_fields


class SampleFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Search", help_text="Reference or <b>subject</b>.")
    status = django_filters.ChoiceFilter(choices=[("open", "Open & new"), ("closed", "Closed")])
    agency = django_filters.ChoiceFilter(label="Agency", empty_label="Any", null_label="The partnership")
    overdue = django_filters.BooleanFilter(label="Overdue only", widget=forms.CheckboxInput)
    raised_from = django_filters.DateFilter(widget=forms.DateInput(attrs={"type": "date"}))
    sort = django_filters.OrderingFilter(fields=["number"])

    class Meta:
        model = Challenge  # never queried: only the form is rendered
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["agency"].extra["choices"] = [(1, "Agency <A>"), (2, "Agency B")]


class SampleFastFilter(SampleFilter):
    class Meta(SampleFilter.Meta):
        form = FastForm


def _normalised(html: str) -> str:
    """Markup without the whitespace between and just inside tags, which a browser does not show."""
    html = re.sub(r">\s+", ">", str(html))
    return re.sub(r"\s+<", "<", html).strip()


def _both(data):
    crispy = as_crispy_form(SampleFilter(data).form)
    ours = govuk_fields(SampleFastFilter(data).form)
    return _normalised(crispy), _normalised(ours)


def test_unfilled_form_is_the_same_markup_as_crispy():
    crispy, ours = _both(None)
    assert ours == crispy
    assert 'class="govuk-select"' in ours and 'class="govuk-checkboxes__input"' in ours


def test_chosen_values_are_selected_and_kept():
    data = {"q": "a & b", "status": "closed", "agency": "null", "overdue": "on", "raised_from": "2026-01-02"}
    crispy, ours = _both(data)
    assert ours == crispy
    assert '<option value="closed" selected>' in ours and '<option value="null" selected>' in ours
    assert 'value="a &amp; b"' in ours and "checked" in ours


def test_errors_are_shown_and_described_as_crispy_does():
    crispy, ours = _both({"status": "nonsense", "raised_from": "not a date"})
    assert ours == crispy
    assert "govuk-form-group--error" in ours and 'aria-describedby="id_status_1_error"' in ours


def test_a_form_with_other_kinds_of_field_is_left_to_crispy():
    class WithText(forms.Form):
        note = forms.CharField(widget=forms.Textarea)

    form = WithText()
    assert govuk_fields(form) == as_crispy_form(form)
