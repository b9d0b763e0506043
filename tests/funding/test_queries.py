"""Query counts on the list and summary pages and the dashboard panel, with enough rows for an N+1 to show.

`grow(cast, n)` builds n extra member agencies (each with cash, in-kind and one-off contributions in every
year), n years of budgets with 2n lines, and three lead partners who sign each year. The limits below were
measured with n=1 and hold unchanged at n=25: the counts do not depend on the number of rows.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from funding import dashboard, services
from funding.models import BudgetLine
from partners.models import Membership
from safeguarding.access import build_seat
from safeguarding.roles import Role
from tests.factories import AgencyFactory, MembershipFactory, RoleFactory, UserFactory
from tests.funding.factories import ContributionFactory, FinancialYearFactory, budget_with_lines

C = BudgetLine.Category
SP = Membership.StatutoryRole.SAFEGUARDING_PARTNER
SPEND = [C.STAFFING, C.CHAIR_SCRUTINY, C.TRAINING, C.CASE_REVIEWS, C.AUDITS, C.COMMUNICATIONS, C.OTHER_SPEND]

# The most queries each page may make, whatever the number of rows (session, user, seat and MFA included).
LIMITS = {
    "index": 5,
    "year_detail": 9,
    "contribution_list": 7,
    "budget_table": 9,
    "pledges": 10,
    "budget_detail": 11,
}


def grow(cast, n: int) -> None:
    extra = [AgencyFactory(name=f"Member {i:02d}") for i in range(n)]
    for index, agency in enumerate(extra):
        MembershipFactory(
            partnership=cast.home,
            agency=agency,
            statutory_role=SP if index < 5 else Membership.StatutoryRole.OTHER,
        )
    for _ in range(2):
        RoleFactory(user=UserFactory(), partnership=cast.home, role=Role.LEAD_PARTNER, agency=cast.agency_a)
    for offset in range(n):
        year = FinancialYearFactory(partnership=cast.home, start_year=2025 - offset)
        budget = budget_with_lines(
            year,
            [(SPEND[i % len(SPEND)], "1000.00", f"Line {i}") for i in range(2 * n)]
            + [(C.PARTNER_CONTRIBUTIONS, "5000.00")],
        )
        for agency in [cast.agency_a, cast.agency_b, cast.shared, *extra]:
            for kind in ("cash", "in_kind"):
                ContributionFactory(
                    financial_year=year,
                    agency=agency,
                    kind=kind,
                    description="Support",
                    pledged=Decimal("100.00"),
                    received=Decimal("50.00"),
                    received_on=dt.date(2025, 5, 1),
                    expected_on=dt.date(2025, 4, 1),
                )
            ContributionFactory(financial_year=year, agency=agency, recurring=False, description="Review")
        services.outturn_save(year=year, amounts={"staffing": Decimal("900.00")})
        for assignment in services.lead_partners(cast.home):
            services.budget_sign_off(budget=budget, user=assignment.user)


def urls(cast) -> dict[str, str]:
    year = cast.home.financial_years.get(start_year=2025)
    result = {"index": reverse("funding:index")}
    for name in ("year_detail", "contribution_list", "budget_table", "pledges"):
        result[name] = reverse(f"funding:{name}", kwargs={"public_id": year.public_id})
    result["budget_detail"] = reverse(
        "funding:budget_detail", kwargs={"public_id": year.budgets.get().public_id}
    )
    return result


def counts(client, cast) -> dict[str, int]:
    result = {}
    for name, url in urls(cast).items():
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
        if response.status_code == 200:
            result[name] = len(context.captured_queries)
    return result


@pytest.mark.parametrize("role", ["manager", "board", "lead_a"])
@pytest.mark.parametrize("n", [1, 25])
def test_pages_stay_within_their_query_limits(client, cast, role, n):
    grow(cast, n)
    client.force_login(getattr(cast, role))
    client.get(reverse("funding:index"))  # the first request settles the session (MFA flag, last seen)
    measured = counts(client, cast)
    assert measured, "the role should reach some pages"
    over = {name: (count, LIMITS[name]) for name, count in measured.items() if count > LIMITS[name]}
    assert over == {}


def test_the_contribution_list_shows_many_rows_in_few_queries(client, cast, django_assert_max_num_queries):
    grow(cast, 25)
    client.force_login(cast.scrutineer)
    client.get(reverse("funding:index"))
    url = urls(cast)["contribution_list"]
    with django_assert_max_num_queries(LIMITS["contribution_list"]):
        response = client.get(url)
    # 28 agencies x 3 contributions = 84 rows: a page of 50.
    assert response.content.decode().count('href="/funding/contributions/') == 50


def test_the_summary_shows_every_agency_in_few_queries(client, cast, django_assert_max_num_queries):
    grow(cast, 25)
    client.force_login(cast.chair)
    client.get(reverse("funding:index"))
    url = urls(cast)["year_detail"]
    with django_assert_max_num_queries(LIMITS["year_detail"]):
        page = client.get(url).content.decode()
    assert page.count("Member ") >= 25


def test_dashboard_panel_queries_do_not_grow(rf, cast, django_assert_max_num_queries):
    grow(cast, 25)
    for role in ("manager", "lead_partner", "lead_a"):
        request = rf.get("/")
        request.user = getattr(cast, role)
        seat = build_seat(request.user, cast.home.pk)
        with django_assert_max_num_queries(2):
            panels = dashboard.panels(request, seat)
        assert panels[0]["title"].startswith("Funding ")
