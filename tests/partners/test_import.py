import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partners.models import Membership

pytestmark = pytest.mark.django_db


def upload(client, name, content):
    return client.post(reverse("partners:agency_import"), {"file": SimpleUploadedFile(name, content)})


GOOD = (
    b"name,sector,statutory_role,starts_on\nNorth Academy,school,relevant_agency,2026-04-01\n"
    b"Hope Project,Voluntary and community,Relevant agency,01/04/2026\n"
)


def test_preview_lists_every_rows_errors_and_saves_nothing(client, cast):
    client.force_login(cast.manager)
    content = (
        b"name,sector,statutory_role,starts_on\n"
        b"North Academy,school,relevant_agency,2026-04-01\n"
        b"Bad Sector Ltd,spaceships,relevant_agency,2026-04-01\n"
        b"Agency A,nhs_trust,relevant_agency,2026-04-01\n"
        b"North Academy,school,relevant_agency,not a date\n"
    )
    response = upload(client, "agencies.csv", content)
    html = response.content.decode()
    assert "3 rows need correcting" in html
    assert "sector: Select a valid choice" in html
    assert "already a member of this partnership" in html
    assert "appears twice in the file" in html and "starts on: Enter a valid date" in html
    assert "Import" not in html.split("Preview", 1)[1].split("</table>", 1)[1]
    assert not Membership.objects.filter(agency__name="North Academy").exists()
    assert client.post(reverse("partners:agency_import_confirm")).status_code == 302
    assert not Membership.objects.filter(agency__name="North Academy").exists()


def test_valid_csv_is_previewed_then_imported_on_confirmation(client, cast):
    client.force_login(cast.manager)
    response = upload(client, "agencies.csv", GOOD)
    assert b"Every row passed its checks" in response.content
    assert not Membership.objects.filter(agency__name="North Academy").exists()
    client.post(reverse("partners:agency_import_confirm"))
    names = set(Membership.objects.filter(partnership=cast.home).values_list("agency__name", flat=True))
    assert {"North Academy", "Hope Project"} <= names


def test_xlsx_round_trip_from_export(client, cast):
    client.force_login(cast.manager)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["name", "sector", "statutory_role", "starts_on"])
    sheet.append(["Spreadsheet Trust", "housing", "other", "2026-05-01"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload(client, "agencies.xlsx", buffer.getvalue())
    client.post(reverse("partners:agency_import_confirm"))
    membership = Membership.objects.get(agency__name="Spreadsheet Trust")
    assert membership.statutory_role == "other" and membership.agency.sector == "housing"


def test_wrong_file_type_and_missing_columns_get_clear_messages(client, cast):
    client.force_login(cast.manager)
    assert b"must be a CSV or an XLSX" in upload(client, "agencies.pdf", b"%PDF-1.4").content
    assert (
        b"no column named sector" in upload(client, "agencies.csv", b"name,starts_on\nX,2026-01-01\n").content
    )
    assert b"could not be read" in upload(client, "agencies.xlsx", b"not really a spreadsheet").content


def test_confirm_without_a_checked_file_explains(client, cast):
    client.force_login(cast.manager)
    response = client.post(reverse("partners:agency_import_confirm"), follow=True)
    assert b"no checked file to import" in response.content
