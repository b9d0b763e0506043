"""Marker strings in both partnerships (and in two agencies) prove nobody reads what is not theirs."""

import datetime as dt
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from funding import dashboard
from funding.models import BudgetLine
from safeguarding.access import build_seat
from tests.funding.factories import ContributionFactory, FinancialYearFactory, budget_with_lines

C = BudgetLine.Category
HOME_ROLES = (
    "chair",
    "scrutineer",
    "lead_partner",
    "delegated_partner",
    "manager",
    "board",
    "lead_a",
    "lead_b",
)


@pytest.fixture
def marked(cast):
    """Each partnership's budget and contributions carry its marker; home contributions name the agency."""
    records = {}
    for partnership, marker, spend in (
        (cast.home, "HOMEMARK", "50000.00"),
        (cast.other, "OTHERMARK", "77777.77"),
    ):
        year = FinancialYearFactory(partnership=partnership, start_year=2025)
        budget = budget_with_lines(
            year,
            [
                (C.STAFFING, spend, f"{marker}-LINE"),
                (C.PARTNER_CONTRIBUTIONS, spend, f"{marker}-INCOME"),
            ],
        )
        records[marker] = {"year": year, "budget": budget}
    home = records["HOMEMARK"]["year"]
    for agency, tag in ((cast.agency_a, "A"), (cast.agency_b, "B"), (cast.shared, "SHARED")):
        ContributionFactory(
            financial_year=home, agency=agency, description=f"HOMEMARK-{tag}", pledged=Decimal("10")
        )
    ContributionFactory(
        financial_year=records["OTHERMARK"]["year"], agency=cast.shared, description="OTHERMARK-SHARED"
    )
    ContributionFactory(
        financial_year=home, agency=cast.agency_a, recurring=False, description="HOMEMARK-ONEOFF-A"
    )
    return records


def pages(records, marker) -> list[str]:
    year, budget = records[marker]["year"], records[marker]["budget"]
    by_year = [
        "year_detail",
        "contribution_list",
        "budget_table",
        "pledges",
        "split_edit",
        "outturn_edit",
        "contribution_add",
    ]
    return (
        [reverse("funding:index")]
        + [reverse(f"funding:{name}", kwargs={"public_id": year.public_id}) for name in by_year]
        + [
            reverse("funding:budget_table_export", kwargs={"public_id": year.public_id, "fmt": "csv"}),
            reverse("funding:budget_detail", kwargs={"public_id": budget.public_id}),
            reverse("funding:budget_lines", kwargs={"public_id": budget.public_id}),
        ]
    )


def seen(client, urls) -> str:
    text = []
    for url in urls:
        response = client.get(url, follow=True)
        if response.status_code == 200:
            text.append(response.content.decode())
    return "\n".join(text)


@pytest.mark.parametrize("role", HOME_ROLES)
def test_home_people_never_see_the_other_partnership(client, cast, marked, role):
    client.force_login(getattr(cast, role))
    text = seen(client, pages(marked, "HOMEMARK"))
    assert "OTHERMARK" not in text


def test_the_other_partnerships_manager_never_sees_home(client, cast, marked):
    client.force_login(cast.outsider)
    text = seen(client, pages(marked, "OTHERMARK") + pages(marked, "HOMEMARK"))
    assert "OTHERMARK-SHARED" in text
    assert "HOMEMARK" not in text


@pytest.mark.parametrize(("role", "mine", "not_mine"), [("lead_a", "A", "B"), ("lead_b", "B", "A")])
def test_agency_leads_see_their_own_agency_only(client, cast, marked, role, mine, not_mine):
    client.force_login(getattr(cast, role))
    text = seen(client, pages(marked, "HOMEMARK"))
    assert f"HOMEMARK-{mine}" in text
    assert f"HOMEMARK-{not_mine}" not in text and "HOMEMARK-SHARED" not in text
    # The budget and its lines are board business.
    assert "HOMEMARK-LINE" not in text


def test_a_board_member_reads_the_budget_but_only_their_agencys_contribution_records(client, cast, marked):
    client.force_login(cast.board)
    text = seen(client, pages(marked, "HOMEMARK"))
    assert "HOMEMARK-LINE" in text and "HOMEMARK-A" in text
    assert "HOMEMARK-B" not in text and "HOMEMARK-SHARED" not in text


def test_oversight_reads_every_agency(client, cast, marked):
    client.force_login(cast.scrutineer)
    text = seen(client, pages(marked, "HOMEMARK"))
    for tag in ("A", "B", "SHARED", "LINE", "ONEOFF-A"):
        assert f"HOMEMARK-{tag}" in text


def test_the_dashboard_panel_shows_only_the_current_partnership(rf, cast, marked, time_machine):
    time_machine.move_to(dt.datetime(2025, 9, 1, 9, 0, tzinfo=dt.UTC))
    request = rf.get("/")
    for person, mine, theirs in (
        (cast.manager, "£50,000.00", "£77,777.77"),
        (cast.outsider, "£77,777.77", "£50,000.00"),
    ):
        request.user = person
        (panel,) = dashboard.panels(request, build_seat(person, None))
        html = render_to_string(panel["template"], {"panel": panel}, request=request)
        assert mine in html and theirs not in html
