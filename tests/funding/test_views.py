"""The funding pages as the people who use them would: the business manager's changes and what others see.

Anonymous, outsider (404), read-only (403) and wrong-method (405) cases for every URL are in the matrix
(tests/access/policy_funding.py); a few are repeated here where the page does something particular.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from funding import dashboard
from funding.models import BudgetLine, Contribution, FinancialYear, Outturn, PartnerSplit
from partners.models import Membership
from safeguarding.access import build_seat
from tests.funding.factories import ContributionFactory, FinancialYearFactory, budget_with_lines

D = Decimal
C = BudgetLine.Category
SP = Membership.StatutoryRole.SAFEGUARDING_PARTNER


def url(name, obj=None, **kwargs):
    if obj is not None:
        kwargs["public_id"] = obj.public_id
    return reverse(f"funding:{name}", kwargs=kwargs)


@pytest.fixture
def year(cast):
    """2025-26 at home, with agency A and the shared police force as statutory partners."""
    Membership.objects.filter(partnership=cast.home, agency__in=[cast.agency_a, cast.shared]).update(
        statutory_role=SP
    )
    year = FinancialYearFactory(partnership=cast.home, start_year=2025)
    budget_with_lines(
        year,
        [
            (C.STAFFING, "60000.00", "Business manager"),
            (C.TRAINING, "10000.01"),
            (C.PARTNER_CONTRIBUTIONS, "70000.01"),
        ],
    )
    return year


@pytest.fixture
def as_manager(client, cast):
    client.force_login(cast.manager)
    return client


def test_index_lists_years_with_money_in_pounds(as_manager, year):
    page = as_manager.get(url("index")).content.decode()
    assert "2025-26" in page and "£70,000.01" in page and "Add a financial year" in page


def test_an_agency_lead_sees_only_their_agency_on_the_index(client, cast, year):
    ContributionFactory(financial_year=year, agency=cast.agency_a, pledged=D("1234.56"))
    ContributionFactory(financial_year=year, agency=cast.agency_b, pledged=D("9876.54"))
    client.force_login(cast.lead_a)
    page = client.get(url("index")).content.decode()
    assert "Your agency's contributions" in page and "£1,234.56" in page
    assert "£9,876.54" not in page and "Planned spend" not in page and "Add a financial year" not in page


def test_adding_a_year_starts_from_last_years_budget_and_split(as_manager, cast, year, time_machine):
    time_machine.move_to(dt.datetime(2026, 5, 1, 9, 0, tzinfo=dt.UTC))
    PartnerSplit.objects.create(financial_year=year, agency=cast.agency_a, percentage=D("60"), population=1)
    response = as_manager.post(
        url("year_add"), {"start_year": "2026", "split_rule": "fixed", "copy_previous": "on"}
    )
    new = FinancialYear.objects.get(partnership=cast.home, start_year=2026)
    assert response.url == url("year_detail", new)
    assert new.split_rule == "fixed"
    budget = new.budgets.get()
    assert (budget.version, budget.is_locked, budget.created_by) == (1, False, cast.manager)
    assert sorted(budget.lines.values_list("category", "amount")) == sorted(
        year.budgets.get().lines.values_list("category", "amount")
    )
    assert new.splits.get().percentage == D("60.00")
    # The same year cannot be added twice.
    again = as_manager.post(url("year_add"), {"start_year": "2026", "split_rule": "equal"})
    assert again.status_code == 200 and "Select a valid choice" in again.content.decode()


def test_year_summary_shows_figures_benchmarks_and_three_charts(as_manager, cast, year):
    ContributionFactory(financial_year=year, agency=cast.shared, pledged=D("30000.00"))
    page = as_manager.get(url("year_detail", year)).content.decode()
    assert "Funding 2025-26" in page
    # Spend 70,000.01 over 300,000 people and 66,000 children: £0.23 a head and £1.06 a child.
    assert "£0.23" in page and "£1.06" in page
    # Police 30,000 x 10,000 / 300,000 = £1,000.00 per 10,000.
    assert "£1,000.00" in page
    assert "Outstanding boards £1.17; inadequate boards £0.69" in page
    assert "Average £250,000.00; range £74,000.00 to £682,000.00" in page
    assert "Range £150.00 to £850.00" in page
    assert "Fewer than 3 partnerships in this portal have a budget for 2025-26" in page
    assert page.count('src="data:image/svg+xml;base64,') == 3
    assert "The figures behind" in page


def test_split_percentages_must_add_up_to_100(as_manager, cast, year):
    data = {
        "rule": "fixed",
        f"percentage_{cast.agency_a.pk}": "60",
        f"population_{cast.agency_a.pk}": "100",
        f"percentage_{cast.shared.pk}": "39.5",
        f"population_{cast.shared.pk}": "300",
    }
    response = as_manager.post(url("split_edit", year), data)
    assert "The fixed percentages add up to 99.50%" in response.content.decode()
    response = as_manager.post(url("split_edit", year), data | {f"percentage_{cast.shared.pk}": "40"})
    assert response.url == url("pledges", year)
    year.refresh_from_db()
    assert year.split_rule == "fixed"
    assert dict(year.splits.values_list("agency_id", "percentage")) == {
        cast.agency_a.pk: D("60.00"),
        cast.shared.pk: D("40.00"),
    }


def test_pledges_proposed_from_the_budget_add_up_and_can_be_adjusted(as_manager, cast, year):
    page = as_manager.get(url("pledges", year)).content.decode()
    # 70,000.01 in equal halves: 35,000.005 each -> 35,000.00 each and the penny left to the first by name.
    assert "£35,000.01" in page and "£35,000.00" in page
    data = {
        "expected_on": "2025-06-30",
        f"amount_{cast.agency_a.pk}": "35000.01",
        f"amount_{cast.shared.pk}": "34000.00",
    }
    assert as_manager.post(url("pledges", year), data).url == url("contribution_list", year)
    pledges = dict(Contribution.objects.filter(from_split=True).values_list("agency_id", "pledged"))
    assert pledges == {cast.agency_a.pk: D("35000.01"), cast.shared.pk: D("34000.00")}
    # Recording again updates the same pledges.
    as_manager.post(url("pledges", year), data | {f"amount_{cast.shared.pk}": "34999.99"})
    assert Contribution.objects.filter(from_split=True).count() == 2
    assert Contribution.objects.get(agency=cast.shared).pledged == D("34999.99")
    # A pledge cannot drop below what the partner has already paid.
    Contribution.objects.filter(agency=cast.shared).update(received=D("20000.00"), received_on="2025-07-01")
    response = as_manager.post(url("pledges", year), data | {f"amount_{cast.shared.pk}": "100.00"})
    assert "has already paid £20,000.00" in response.content.decode()


def test_actual_spend_is_recorded_by_kind(as_manager, year):
    response = as_manager.post(url("outturn_edit", year), {"staffing": "59000.50", "training": ""})
    assert response.url == url("year_detail", year)
    assert list(Outturn.objects.values_list("category", "amount")) == [("staffing", D("59000.50"))]
    as_manager.post(url("outturn_edit", year), {"staffing": ""})
    assert not Outturn.objects.exists()


def test_an_open_budget_is_edited_on_its_lines_page(as_manager, year):
    budget = year.budgets.get()
    response = as_manager.get(url("budget_new_version", year))
    assert response.url == url("budget_lines", budget)
    page = as_manager.get(url("budget_lines", budget)).content.decode()
    assert "Business manager" in page and 'name="revision"' in page
    lines = list(budget.lines.order_by("pk"))
    data = {
        "revision": str(budget.revision),
        "lines-TOTAL_FORMS": "4",
        "lines-INITIAL_FORMS": "3",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "60",
        "lines-3-category": "audits",
        "lines-3-description": "Case file audit",
        "lines-3-amount": "2500",
    }
    for index, line in enumerate(lines):
        data |= {
            f"lines-{index}-id": line.pk,
            f"lines-{index}-category": line.category,
            f"lines-{index}-description": line.description,
            f"lines-{index}-amount": str(line.amount),
        }
    data["lines-1-DELETE"] = "on"
    response = as_manager.post(url("budget_lines", budget), data)
    assert response.url == url("budget_detail", budget)
    assert sorted(budget.lines.values_list("category", "amount")) == [
        ("audits", D("2500.00")),
        ("partner_contributions", D("70000.01")),
        ("staffing", D("60000.00")),
    ]
    # The same page posted again is stale: refused, nothing changes.
    data["lines-3-amount"] = "9999"
    response = as_manager.post(url("budget_lines", budget), data, follow=True)
    assert "Someone else saved this budget" in response.content.decode()
    assert not budget.lines.filter(amount=D("9999")).exists()


def test_a_negative_or_fractional_penny_amount_is_refused(as_manager, year):
    budget = year.budgets.get()
    base = {
        "revision": str(budget.revision),
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "60",
        "lines-0-category": "audits",
    }
    for amount in ("-5", "10.001", "ten"):
        response = as_manager.post(url("budget_lines", budget), base | {"lines-0-amount": amount})
        assert response.status_code == 200 and "There is a problem" in response.content.decode()
    assert budget.lines.count() == 3


def test_recording_contributions(as_manager, cast, year):
    base = {"agency": cast.agency_b.pk, "pledged": "1500", "expected_on": "2025-09-30", "recurring": "on"}
    response = as_manager.post(url("contribution_add", year), base | {"kind": "in_kind"})
    assert "Describe what is given in kind" in response.content.decode()
    response = as_manager.post(
        url("contribution_add", year), base | {"agency": cast.foreign.pk, "kind": "cash"}
    )
    assert "Select a valid choice" in response.content.decode()
    response = as_manager.post(
        url("contribution_add", year), base | {"kind": "in_kind", "description": "Venue for two courses"}
    )
    contribution = Contribution.objects.get()
    assert response.url == url("contribution_detail", contribution)
    assert (contribution.kind, contribution.pledged, contribution.recurring) == (
        "in_kind",
        D("1500.00"),
        True,
    )


def test_recording_a_payment_and_refusing_stale_or_impossible_ones(as_manager, cast, year):
    contribution = ContributionFactory(financial_year=year, agency=cast.agency_b, pledged=D("1500.00"))
    data = {
        "revision": "0",
        "kind": "cash",
        "recurring": "on",
        "pledged": "1500.00",
        "expected_on": "2025-06-30",
        "invoiced": "1500.00",
        "invoiced_on": "2025-05-01",
        "received": "1600.00",
        "received_on": "2025-06-10",
    }
    response = as_manager.post(url("contribution_edit", contribution), data)
    assert "cannot be more than the pledge" in response.content.decode()
    response = as_manager.post(url("contribution_edit", contribution), data | {"received": "1500"})
    assert response.url == url("contribution_detail", contribution)
    contribution.refresh_from_db()
    assert (contribution.received, contribution.status, contribution.revision) == (
        D("1500.00"),
        "received",
        1,
    )
    response = as_manager.post(url("contribution_edit", contribution), data | {"received": "0"}, follow=True)
    assert "Someone else changed this contribution" in response.content.decode()
    contribution.refresh_from_db()
    assert contribution.received == D("1500.00")


def test_a_board_member_reads_the_summary_but_only_their_agencys_contributions(client, cast, year):
    ContributionFactory(financial_year=year, agency=cast.agency_a, pledged=D("1111.11"))
    ContributionFactory(financial_year=year, agency=cast.agency_b, pledged=D("2222.22"))
    client.force_login(cast.board)
    summary = client.get(url("year_detail", year)).content.decode()
    assert "£1,111.11" in summary and "£2,222.22" in summary
    listing = client.get(url("contribution_list", year)).content.decode()
    assert "£1,111.11" in listing and "£2,222.22" not in listing
    b = Contribution.objects.get(agency=cast.agency_b)
    assert client.get(url("contribution_detail", b)).status_code == 404


def test_budget_detail_shows_who_signed_and_who_is_awaited(client, cast, year):
    client.force_login(cast.chair)
    page = client.get(url("budget_detail", year.budgets.get())).content.decode()
    assert "Awaited" in page and "Lead Partner" in page and "Sign off this budget" not in page
    assert "History" not in page  # the audit trail is for the business manager


def test_wrong_methods_are_refused(as_manager, year):
    assert as_manager.post(url("year_detail", year)).status_code == 405
    assert as_manager.put(url("budget_lines", year.budgets.get())).status_code == 405
    assert as_manager.post(url("budget_table_export", year, fmt="csv")).status_code == 405


def test_unknown_export_formats_are_not_found(as_manager, year):
    assert as_manager.get(url("budget_table_export", year, fmt="pdf")).status_code == 404


def test_the_dashboard_panel_asks_a_lead_partner_to_sign(rf, cast, time_machine):
    time_machine.move_to(dt.datetime(2025, 9, 1, 9, 0, tzinfo=dt.UTC))
    year = FinancialYearFactory(partnership=cast.home, start_year=2025)
    budget_with_lines(year, [(C.STAFFING, "45000.00")])
    ContributionFactory(
        financial_year=year, agency=cast.agency_a, pledged=D("300.00"), expected_on=dt.date(2025, 4, 1)
    )
    request = rf.get("/")
    for role, expected, absent in [
        ("lead_partner", ["Your sign-off is awaited.", "£45,000.00", "1 pledge"], []),
        ("manager", ["£45,000.00", "£300.00"], ["Your sign-off is awaited."]),
        ("lead_a", ["Agency A", "£300.00 pledged", "1 overdue"], ["£45,000.00"]),
    ]:
        request.user = getattr(cast, role)
        seat = build_seat(request.user, cast.home.pk)
        (panel,) = dashboard.panels(request, seat)
        assert panel["title"] == "Funding 2025-26"
        html = render_to_string(panel["template"], {"panel": panel}, request=request)
        assert all(text in html for text in expected), (role, html)
        assert not any(text in html for text in absent), role
    assert dashboard.panels(request, build_seat(cast.reviewer, cast.home.pk)) == []
