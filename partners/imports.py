"""Importing and exporting a partnership's member agencies as CSV or XLSX (django-import-export / tablib).

An import is checked row by row first; nothing is saved until every row is valid and the business manager
confirms the preview.
"""

from __future__ import annotations

import datetime

import tablib
from django import forms
from import_export import fields, resources

from partners.models import Agency, Membership, Partnership
from partners.services import agency_join

COLUMNS = ["name", "sector", "statutory_role", "starts_on"]


class AgencyRowForm(forms.Form):
    name = forms.CharField(max_length=200)
    sector = forms.ChoiceField(choices=Agency.Sector.choices)
    statutory_role = forms.ChoiceField(choices=Membership.StatutoryRole.choices)
    starts_on = forms.DateField(input_formats=["%Y-%m-%d", "%d/%m/%Y"])


def _normalise_choice(value: str, choices) -> str:
    """Accept a choice's stored value or its label, in any case."""
    text = str(value or "").strip()
    for stored, label in choices:
        if text.lower() in {stored.lower(), str(label).lower()}:
            return stored
    return text


def read_rows(upload) -> tuple[list[dict], str | None]:
    """The file's rows as dicts of strings, or an error message about the file as a whole."""
    content = upload.read()
    try:
        if upload.name.lower().endswith(".xlsx"):
            dataset = tablib.Dataset().load(content, format="xlsx")
        else:
            dataset = tablib.Dataset().load(content.decode("utf-8-sig"), format="csv")
    except Exception:  # tablib raises format-specific errors for malformed files
        return [], "The file could not be read. Save it as CSV (UTF-8) or XLSX and try again."
    headers = [str(h or "").strip().lower() for h in (dataset.headers or [])]
    missing = [c for c in COLUMNS if c not in headers]
    if missing:
        return [], f"The file has no column named {', '.join(missing)}. The first row must name the columns."
    rows = []
    for values in dataset:
        row = dict(zip(headers, values, strict=False))
        if not any(str(v or "").strip() for v in row.values()):
            continue
        starts = row.get("starts_on")
        rows.append(
            {
                "name": str(row.get("name") or "").strip(),
                "sector": _normalise_choice(row.get("sector"), Agency.Sector.choices),
                "statutory_role": _normalise_choice(
                    row.get("statutory_role"), Membership.StatutoryRole.choices
                ),
                "starts_on": starts.isoformat()
                if isinstance(starts, datetime.date | datetime.datetime)
                else str(starts or "").strip()[:10],
            }
        )
    if not rows:
        return [], "The file has no rows to import."
    if len(rows) > 1000:
        return [], "The file has more than 1,000 rows. Split it into smaller files."
    return rows, None


def check_rows(rows: list[dict], partnership: Partnership) -> list[dict]:
    """Every row with its line number (as a spreadsheet shows it) and its errors, if any."""
    members = {
        n.lower()
        for n in Membership.objects.active()
        .filter(partnership=partnership)
        .values_list("agency__name", flat=True)
    }
    seen: set[str] = set()
    checked = []
    for index, row in enumerate(rows, start=2):
        form = AgencyRowForm(row)
        errors = [f"{field.replace('_', ' ')}: {'; '.join(msgs)}" for field, msgs in form.errors.items()]
        key = row["name"].lower()
        if key in members:
            errors.append("already a member of this partnership")
        if key in seen:
            errors.append("appears twice in the file")
        seen.add(key)
        checked.append({"line": index, "values": row, "errors": errors})
    return checked


def import_rows(rows: list[dict], partnership: Partnership) -> int:
    """Save checked rows (all or nothing, inside the caller's transaction)."""
    for row in rows:
        form = AgencyRowForm(row)
        if not form.is_valid():
            raise ValueError("Rows must be checked before they are imported.")
        data = form.cleaned_data
        agency_join(
            partnership=partnership,
            name=data["name"],
            sector=data["sector"],
            statutory_role=data["statutory_role"],
            starts_on=data["starts_on"],
        )
    return len(rows)


class MembershipResource(resources.ModelResource):
    """The export: the same columns the import reads, plus the end date."""

    name = fields.Field(attribute="agency__name", column_name="name")
    sector = fields.Field(attribute="agency__sector", column_name="sector")
    statutory_role = fields.Field(attribute="statutory_role", column_name="statutory_role")
    starts_on = fields.Field(attribute="starts_on", column_name="starts_on")
    ends_on = fields.Field(attribute="ends_on", column_name="ends_on")

    class Meta:
        model = Membership
        fields = ("name", "sector", "statutory_role", "starts_on", "ends_on")
        export_order = ("name", "sector", "statutory_role", "starts_on", "ends_on")
