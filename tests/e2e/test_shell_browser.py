import pytest

from partners import demo as partners_demo
from safeguarding import demo
from safeguarding.devstack import DEMO_TOTP_SECRET
from safeguarding.totp_code import code_for
from tests.e2e.conftest import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_people(db):
    demo.seed(partners_demo.seed())


def sign_in(page, base, email):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_landing_sign_in_and_dashboard_are_accessible(page, live_server, demo_people):
    base = live_server.url
    page.goto(base + "/")
    assert page.get_by_role("heading", level=1).inner_text() == "Keeping children safe, together"
    assert serious_violations(page) == []

    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Sign in"
    assert serious_violations(page) == []

    sign_in(page, base, "board@demo.example.org")
    assert page.get_by_role("heading", level=1).inner_text() == "Dashboard"
    assert "Three Rivers Safeguarding Children Partnership" in page.inner_text("header")
    assert serious_violations(page) == []


def test_chair_signs_in_with_the_demo_totp_code_by_keyboard(page, live_server, demo_people):
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    page.keyboard.press("Tab")  # the skip link comes first
    assert page.evaluate("document.activeElement.textContent").strip() == "Skip to main content"
    page.get_by_label("E-mail address").fill("chair@demo.example.org")
    page.keyboard.press("Tab")
    page.keyboard.type(demo.DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/2fa/authenticate/")
    assert serious_violations(page) == []
    page.get_by_label("Code").fill(code_for(DEMO_TOTP_SECRET))
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Dashboard"
    assert "Chair" in page.inner_text("main")
