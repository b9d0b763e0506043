from django import forms
from django.core.exceptions import ValidationError

from partners.models import Agency, LocalAuthorityArea, Membership, RoleAssignment
from safeguarding.roles import AGENCY_ROLES, Role

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
IMPORT_MAX_BYTES = 2 * 1024 * 1024


class AreaForm(forms.ModelForm):
    class Meta:
        model = LocalAuthorityArea
        fields = ["name", "ons_code", "population_total", "population_0_17"]

    def clean_ons_code(self):
        return self.cleaned_data["ons_code"].strip().upper()

    def clean(self):
        data = super().clean()
        total, children = data.get("population_total"), data.get("population_0_17")
        if total is not None and children is not None and children > total:
            self.add_error(
                "population_0_17", "The 0 to 17 population cannot be larger than the total population."
            )
        return data


class AgencyJoinForm(forms.Form):
    name = forms.CharField(
        max_length=200,
        help_text="If the agency is already in the portal (for example a police force shared with another "
        "partnership), type its name exactly and it will be added as a member here.",
    )
    sector = forms.ChoiceField(choices=Agency.Sector.choices, help_text="Used only when the agency is new.")
    statutory_role = forms.ChoiceField(choices=Membership.StatutoryRole.choices)
    starts_on = forms.DateField(label="Member from", widget=DATE_WIDGET)

    def __init__(self, *args, partnership, **kwargs):
        self.partnership = partnership
        super().__init__(*args, **kwargs)

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if (
            Membership.objects.active()
            .filter(partnership=self.partnership, agency__name__iexact=name)
            .exists()
        ):
            raise ValidationError(f"{name} is already a member of this partnership.")
        return name


class AgencyForm(forms.ModelForm):
    class Meta:
        model = Agency
        fields = ["name", "sector"]


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["statutory_role", "starts_on"]
        widgets = {"starts_on": DATE_WIDGET}
        labels = {"starts_on": "Member from"}


class MembershipEndForm(forms.Form):
    ends_on = forms.DateField(
        label="Membership ends on",
        widget=DATE_WIDGET,
        help_text="People's roles for this agency in this partnership end with the membership.",
    )

    def __init__(self, *args, membership, **kwargs):
        self.membership = membership
        super().__init__(*args, **kwargs)

    def clean_ends_on(self):
        ends_on = self.cleaned_data["ends_on"]
        if ends_on < self.membership.starts_on:
            raise ValidationError("The end date cannot be before the membership started.")
        return ends_on


class InviteForm(forms.Form):
    full_name = forms.CharField(max_length=200)
    email = forms.EmailField(label="E-mail address")
    role = forms.ChoiceField(choices=Role.choices)
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        required=False,
        help_text="Required for agency leads; for board members and partners, the agency they represent.",
    )

    def __init__(self, *args, partnership, **kwargs):
        self.partnership = partnership
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(
            memberships__partnership=partnership, memberships__ends_on__isnull=True
        ).order_by("name")

    def clean(self):
        data = super().clean()
        role, agency, email = data.get("role"), data.get("agency"), data.get("email")
        if role in AGENCY_ROLES and agency is None:
            self.add_error("agency", "Choose the agency this person leads for.")
        if role and email:
            duplicate = RoleAssignment.objects.filter(
                partnership=self.partnership, user__email__iexact=email, role=role, agency=agency
            ).exists()
            if duplicate:
                raise ValidationError("This person already holds that role.")
        return data


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="Agency list (CSV or XLSX)",
        help_text="Columns: name, sector, statutory_role, starts_on (YYYY-MM-DD). At most 2 MB.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > IMPORT_MAX_BYTES:
            raise ValidationError("The file must be smaller than 2 MB.")
        name = upload.name.lower()
        if not name.endswith((".csv", ".xlsx")):
            raise ValidationError("The file must be a CSV or an XLSX spreadsheet.")
        return upload


class SwitchForm(forms.Form):
    partnership = forms.SlugField()
