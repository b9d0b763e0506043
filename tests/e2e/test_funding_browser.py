"""Funding in a real browser, on the demo data: the main pages pass axe-core; a budget change is signed."""

import re

import pytest

from funding import demo as funding_demo
from funding.models import FinancialYear, start_year_of
from partners import demo as partners_demo
from safeguarding import demo
from safeguarding.devstack import DEMO_TOTP_SECRET
from safeguarding.totp_code import code_for
from tests.e2e.conftest import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_funding(db):
    partnerships = partners_demo.seed()
    demo.seed(partnerships)
    funding_demo.seed_records(partnerships)
    return partnerships


def sign_in(page, base, email, *, totp: bool):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    if totp:
        page.wait_for_url("**/2fa/authenticate/")
        page.get_by_label("Code").fill(code_for(DEMO_TOTP_SECRET))
        page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/")


def check(page, heading: str) -> None:
    assert page.get_by_role("heading", level=1).inner_text() == heading
    assert serious_violations(page) == []


def test_business_manager_pages_are_accessible(page, live_server, demo_funding):
    base = live_server.url
    last = start_year_of_today() - 1
    label = f"{last}-{(last + 1) % 100:02d}"
    sign_in(page, base, "manager@demo.example.org", totp=True)
    page.goto(f"{base}/funding/")
    check(page, "Funding")
    # The service navigation marks where the person is.
    assert page.locator("nav [aria-current='page']").inner_text().strip() == "Funding"

    page.get_by_role("link", name=label).click()
    check(page, f"Funding {label}")
    assert page.locator("img[alt^='Horizontal bar chart: Contributions by agency']").count() == 1
    assert page.locator("img[alt^='Bar chart: Budget year on year']").count() == 1
    assert "£1.78" in page.inner_text("main")  # spend per child, checked by hand in tests/funding
    page.get_by_text("The figures behind “Budget year on year”").click()
    assert serious_violations(page) == []

    page.get_by_role("link", name="Budget version 1").click()
    check(page, f"Budget {label}, version 1")
    assert "Signed off" in page.inner_text("main")

    page.go_back()
    page.get_by_role("link", name="Contributions", exact=True).click()
    check(page, f"Contributions {label}")
    page.get_by_label("Payment").select_option("overdue")
    page.get_by_role("button", name="Apply filters").click()
    assert "1 contribution." in page.inner_text("main")
    page.get_by_role("link", name=re.compile("^Midshire Probation Delivery Unit")).click()
    check(page, "Contribution from Midshire Probation Delivery Unit")

    page.goto(f"{base}/funding/")
    page.get_by_role("link", name=label).click()
    page.get_by_role("link", name="Propose the statutory partners' pledges from the budget").click()
    check(page, f"Statutory partners' pledges {label}")
    page.get_by_role("link", name="Funding " + label).click()
    page.get_by_role("link", name="Budget table for the yearly report").click()
    check(page, f"Budget table {label}")

    page.go_back()
    page.get_by_role("link", name="Contributions", exact=True).click()
    page.get_by_role("link", name="Record a contribution").click()
    page.get_by_role("button", name="Save contribution").click()
    assert page.title().startswith("Error:")
    check(page, f"Record a contribution, {label}")


def test_a_budget_change_is_saved_and_signed_off(page, live_server, demo_funding):
    base = live_server.url
    this = start_year_of_today()
    label = f"{this}-{(this + 1) % 100:02d}"
    sign_in(page, base, "manager@demo.example.org", totp=True)
    page.goto(f"{base}/funding/")
    page.get_by_role("link", name=label).click()
    page.get_by_role("link", name="Budget version 2").click()
    page.get_by_role("link", name="Change the lines").click()
    check(page, f"Change the lines of the {label} budget, version 2")
    page.locator("#id_lines-0-amount").fill("175000.00")
    page.get_by_role("button", name="Save the budget").click()
    assert "Budget version 2 saved." in page.inner_text("main")
    assert "£175,000.00" in page.inner_text("main")
    page.get_by_role("link", name="Sign out").click()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, base, "lead.partner@demo.example.org", totp=True)
    page.goto(f"{base}/funding/")
    page.get_by_role("link", name=label).click()
    page.get_by_role("link", name="Budget version 2").click()
    assert "Awaited" in page.inner_text("main")
    page.get_by_role("link", name="Sign off this budget").click()
    check(page, f"Sign off the {label} budget")
    page.get_by_role("button", name="Sign off version 2").click()
    assert f"You have signed version 2 of the {label} budget." in page.inner_text("main")
    assert "Priya Natarajan" in page.inner_text("main")
    assert serious_violations(page) == []
    year = FinancialYear.objects.get(partnership__slug="three-rivers", start_year=this)
    assert year.budgets.get(version=2).is_signed_off


def test_an_agency_lead_sees_their_agencys_contributions(page, live_server, demo_funding):
    base = live_server.url
    sign_in(page, base, "school.lead@demo.example.org", totp=False)
    page.goto(f"{base}/funding/")
    check(page, "Funding")
    main = page.inner_text("main")
    assert "Riverside Learning Trust" in main and "Midshire Police" not in main
    page.get_by_role("link", name=re.compile(r"^\d{4}-\d{2}")).first.click()
    assert "Riverside Learning Trust" in page.inner_text("main")
    assert serious_violations(page) == []


def start_year_of_today() -> int:
    from django.utils import timezone

    return start_year_of(timezone.localdate())
