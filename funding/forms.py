from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory

from funding.models import (
    SPEND_CATEGORIES,
    ZERO,
    Budget,
    BudgetLine,
    Contribution,
    FinancialYear,
    year_label,
)
from funding.split import PartnerWeight
from partners.models import Agency

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONEY_ATTRS = {"inputmode": "decimal", "class": "govuk-input--width-10", "spellcheck": "false"}


def money_input(**kwargs) -> forms.DecimalField:
    kwargs.setdefault("min_value", ZERO)
    return forms.DecimalField(
        max_digits=12, decimal_places=2, widget=forms.TextInput(attrs=MONEY_ATTRS), **kwargs
    )


class RevisionForm(forms.Form):
    """The version of the record the page was drawn from: a save from a stale page is refused."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class YearForm(forms.Form):
    start_year = forms.TypedChoiceField(
        label="Financial year", coerce=int, help_text="From 1 April to 31 March."
    )
    split_rule = forms.ChoiceField(
        label="How do the statutory partners share their contribution?",
        choices=FinancialYear.SplitRule.choices,
        widget=forms.RadioSelect,
        initial=FinancialYear.SplitRule.EQUAL,
    )
    copy_previous = forms.BooleanField(
        label="Start from the previous year's budget lines and split",
        required=False,
        initial=True,
    )

    def __init__(self, *args, partnership, this_year: int, **kwargs):
        super().__init__(*args, **kwargs)
        taken = set(
            FinancialYear.objects.filter(partnership=partnership).values_list("start_year", flat=True)
        )
        years = [y for y in range(this_year + 1, this_year - 6, -1) if y not in taken]
        self.fields["start_year"].choices = [(y, year_label(y)) for y in years]
        if this_year not in taken:
            self.fields["start_year"].initial = this_year


class SplitForm(forms.Form):
    rule = forms.ChoiceField(
        label="How do the statutory partners share their contribution?",
        choices=FinancialYear.SplitRule.choices,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, weights: list[PartnerWeight], **kwargs):
        super().__init__(*args, **kwargs)
        self.weights = weights
        for weight in weights:
            name = weight.agency.name
            self.fields[f"percentage_{weight.agency.pk}"] = forms.DecimalField(
                label=f"{name}: fixed percentage",
                max_digits=5,
                decimal_places=2,
                min_value=ZERO,
                max_value=Decimal("100"),
                initial=weight.percentage,
                widget=forms.TextInput(attrs={**MONEY_ATTRS, "class": "govuk-input--width-5"}),
                help_text="Used by the fixed-percentages rule.",
            )
            self.fields[f"population_{weight.agency.pk}"] = forms.IntegerField(
                label=f"{name}: population funded for",
                min_value=0,
                initial=weight.population,
                widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-10"}),
                help_text="Used by the population rule: a council's own area, or the whole footprint.",
            )

    def clean(self):
        data = super().clean()
        rule = data.get("rule")
        percentages = [data.get(f"percentage_{w.agency.pk}") for w in self.weights]
        populations = [data.get(f"population_{w.agency.pk}") for w in self.weights]
        if rule == FinancialYear.SplitRule.FIXED and None not in percentages:
            total = sum(percentages, ZERO)
            if total != Decimal("100"):
                raise ValidationError(f"The fixed percentages add up to {total}%. They must add up to 100%.")
        if rule == FinancialYear.SplitRule.POPULATION and None not in populations and not any(populations):
            raise ValidationError("Give at least one partner a population to share by.")
        return data

    def weights_data(self) -> dict[int, tuple[Decimal, int]]:
        data = self.cleaned_data
        return {
            w.agency.pk: (data[f"percentage_{w.agency.pk}"], data[f"population_{w.agency.pk}"])
            for w in self.weights
        }


class BudgetLineForm(forms.ModelForm):
    amount = money_input(label="Amount (£)")

    class Meta:
        model = BudgetLine
        fields = ["category", "description", "amount"]


BudgetLineFormSet = inlineformset_factory(
    Budget, BudgetLine, form=BudgetLineForm, extra=3, can_delete=True, max_num=60, validate_max=True
)


class NewVersionForm(forms.Form):
    reason = forms.CharField(
        label="Why does the budget need to change?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text="Recorded with the new version. The lead safeguarding partners sign the new version again.",
    )


class ContributionForm(forms.ModelForm):
    pledged = money_input(label="Amount pledged (£)", help_text="For a contribution in kind, its valuation.")
    invoiced = money_input(label="Amount invoiced (£)", required=False)
    received = money_input(label="Amount received (£)", required=False)

    class Meta:
        model = Contribution
        fields = [
            "agency",
            "kind",
            "description",
            "recurring",
            "pledged",
            "expected_on",
            "invoiced",
            "invoiced_on",
            "received",
            "received_on",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "expected_on": DATE_WIDGET,
            "invoiced_on": DATE_WIDGET,
            "received_on": DATE_WIDGET,
        }

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["agency"]
        else:
            self.fields["agency"].queryset = Agency.objects.filter(
                memberships__partnership=partnership, memberships__ends_on__isnull=True
            ).order_by("name")
        if self.instance.from_split:
            # The statutory partners' shares come from the split; the business manager adjusts them there.
            del self.fields["recurring"]

    def clean_invoiced(self):
        return self.cleaned_data.get("invoiced") or ZERO

    def clean_received(self):
        return self.cleaned_data.get("received") or ZERO

    def clean(self):
        data = super().clean()
        if data.get("kind") == Contribution.Kind.IN_KIND and not (data.get("description") or "").strip():
            self.add_error("description", "Describe what is given in kind.")
        if data.get("invoiced") and not data.get("invoiced_on"):
            self.add_error("invoiced_on", "Enter the date of the invoice.")
        if data.get("received") and not data.get("received_on"):
            self.add_error("received_on", "Enter the date the money was received.")
        pledged, received = data.get("pledged"), data.get("received")
        if pledged is not None and received is not None and received > pledged:
            self.add_error(
                "received", "The amount received cannot be more than the pledge. Record any extra separately."
            )
        return data

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields}


class PledgesForm(forms.Form):
    expected_on = forms.DateField(
        label="Pledges expected by", widget=DATE_WIDGET, help_text="When the partners' payments are due."
    )

    def __init__(self, *args, proposals, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposals = proposals
        for proposal in proposals:
            self.fields[f"amount_{proposal.agency.pk}"] = money_input(
                label=f"{proposal.agency.name} (£)", initial=proposal.amount
            )

    def clean(self):
        data = super().clean()
        for proposal in self.proposals:
            name = f"amount_{proposal.agency.pk}"
            amount = data.get(name)
            if amount is not None and proposal.current and amount < proposal.current.received:
                self.add_error(
                    name,
                    f"{proposal.agency.name} has already paid £{proposal.current.received:,.2f}: "
                    "the pledge cannot be less than that.",
                )
        return data

    def amounts(self) -> dict[int, Decimal]:
        return {p.agency.pk: self.cleaned_data[f"amount_{p.agency.pk}"] for p in self.proposals}


class OutturnForm(forms.Form):
    def __init__(self, *args, current: dict[str, Decimal], **kwargs):
        super().__init__(*args, **kwargs)
        for category in SPEND_CATEGORIES:
            self.fields[category.value] = money_input(
                label=f"{category.label} (£)", required=False, initial=current.get(category.value)
            )

    def amounts(self) -> dict[str, Decimal | None]:
        return {category.value: self.cleaned_data.get(category.value) for category in SPEND_CATEGORIES}
