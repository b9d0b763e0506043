"""The budget table the yearly report uses, and its CSV and XLSX exports."""

import csv
import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from funding import services
from funding.models import BudgetLine, Contribution
from funding.reports import budget_table
from tests.funding.factories import ContributionFactory, FinancialYearFactory, budget_with_lines

D = Decimal
C = BudgetLine.Category


@pytest.fixture
def year(cast):
    year = FinancialYearFactory(partnership=cast.home, start_year=2025)
    budget_with_lines(
        year,
        [
            (C.TRAINING, "12000.00", "Courses"),
            (C.STAFFING, "80000.00", "Business unit"),
            (C.PARTNER_CONTRIBUTIONS, "85000.00"),
            (C.TRAINING_INCOME, "7000.00", "Course fees"),
        ],
    )
    cash = {"kind": Contribution.Kind.CASH, "expected_on": dt.date(2025, 6, 30)}
    ContributionFactory(financial_year=year, agency=cast.agency_a, pledged=D("42500.00"), **cash)
    ContributionFactory(financial_year=year, agency=cast.shared, pledged=D("42500.00"), **cash)
    ContributionFactory(
        financial_year=year,
        agency=cast.agency_a,
        kind=Contribution.Kind.IN_KIND,
        description="Meeting rooms",
        pledged=D("1250.50"),
    )
    ContributionFactory(
        financial_year=year,
        agency=cast.agency_b,
        recurring=False,
        description="LCSPR Child K",
        pledged=D("9000"),
    )
    services.outturn_save(year=year, amounts={"staffing": D("79500.25"), "training": D("11000.00")})
    return year


def test_the_table_by_hand(cast, year):
    table = budget_table(cast.home, 2025)
    assert (table.partnership, table.year_label, table.version, table.signed_off) == (
        "Home Partnership",
        "2025-26",
        1,
        False,
    )
    assert [(r.agency, r.cash, r.in_kind, r.total) for r in table.partner_income] == [
        ("Agency A", D("42500.00"), D("1250.50"), D("43750.50")),
        ("Shared Police", D("42500.00"), D("0.00"), D("42500.00")),
    ]
    # The partner-contributions line is what partners pledge, so only the training income is added to them.
    assert [(line.category, line.amount) for line in table.other_income] == [
        ("Training income", D("7000.00"))
    ]
    assert table.income_total == D("93250.50")  # 43,750.50 + 42,500 + 7,000
    # Spend lines in the order of the categories, not of entry.
    assert [(line.category, line.description) for line in table.spend] == [
        ("Business unit staffing", "Business unit"),
        ("Training", "Courses"),
    ]
    assert table.spend_total == D("92000.00")
    assert table.actual_total == D("90500.25")  # 79,500.25 + 11,000
    assert [(o.agency, o.description, o.pledged) for o in table.one_off] == [
        ("Agency B", "LCSPR Child K", D("9000.00"))
    ]


def test_a_year_that_does_not_exist_has_no_table(cast):
    assert budget_table(cast.home, 1999) is None


def test_csv_export(client, cast, year):
    client.force_login(cast.board)
    response = client.get(
        reverse("funding:budget_table_export", kwargs={"public_id": year.public_id, "fmt": "csv"})
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="home-budget-2025-26.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    assert rows[0] == ["Section", "Item", "Detail", "Cash (£)", "In kind (£)", "Amount (£)"]
    assert ["Income from partners", "Agency A", "", "42500.00", "1250.50", "43750.50"] in rows
    assert ["Total income", "", "", "85000.00", "1250.50", "93250.50"] in rows
    assert ["Total planned spend", "", "", "", "", "92000.00"] in rows
    assert ["Actual spend", "Business unit staffing", "", "", "", "79500.25"] in rows
    assert [
        "One-off items (outside the budget)",
        "Agency B",
        "LCSPR Child K",
        "9000.00",
        "",
        "9000.00",
    ] in rows


def test_xlsx_export_keeps_amounts_as_numbers(client, cast, year):
    client.force_login(cast.chair)
    response = client.get(
        reverse("funding:budget_table_export", kwargs={"public_id": year.public_id, "fmt": "xlsx"})
    )
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = [tuple(row) for row in workbook.active.iter_rows(values_only=True)]
    total = next(row for row in rows if row[0] == "Total planned spend")
    assert D(str(total[5])) == D("92000.00")
    assert workbook.active.title == "Budget 2025-26"


def test_the_table_page_links_the_downloads(client, cast, year):
    client.force_login(cast.scrutineer)
    page = client.get(reverse("funding:budget_table", kwargs={"public_id": year.public_id})).content.decode()
    assert "£93,250.50" in page and "£90,500.25" in page and "LCSPR Child K" in page
    assert "budget-table.csv" in page and "budget-table.xlsx" in page
