import pytest
from django.core import mail

from partners import demo as partners_demo
from safeguarding import demo
from safeguarding.devstack import DEMO_TOTP_SECRET
from safeguarding.totp_code import code_for
from tests.e2e.conftest import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_people(db):
    demo.seed(partners_demo.seed())


def sign_in_with_mfa(page, base, email):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code").fill(code_for(DEMO_TOTP_SECRET))
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(f"{base}/")


def test_manager_browses_agencies_and_invites_a_person(page, live_server, demo_people, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    base = live_server.url
    sign_in_with_mfa(page, base, "manager@demo.example.org")

    page.get_by_role("link", name="Agencies").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Member agencies"
    assert serious_violations(page) == []
    page.get_by_label("Sector").select_option("police")
    page.get_by_role("button", name="Apply filters").click()
    assert page.get_by_role("link", name="Midshire Police").is_visible()
    assert not page.get_by_role("link", name="Vale Homes").is_visible()

    page.get_by_role("link", name="Midshire Police").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Midshire Police"
    assert "Claire Donnelly" in page.inner_text("main")
    assert serious_violations(page) == []

    page.get_by_role("link", name="Partnership", exact=True).click()
    assert "Ashford Vale" in page.inner_text("main")
    assert serious_violations(page) == []

    page.get_by_role("link", name="People").click()
    page.get_by_role("link", name="Invite a person").click()
    page.get_by_role("button", name="Send invitation").click()
    assert "There is a problem" in page.inner_text("main")
    assert serious_violations(page) == []
    page.get_by_label("Full name").fill("Jo Bloggs")
    page.get_by_label("E-mail address").fill("jo.bloggs@demo.example.org")
    page.get_by_label("Role").select_option("agency_lead")
    page.get_by_label("Agency").select_option(label="Vale Homes")
    page.get_by_role("button", name="Send invitation").click()
    assert "Jo Bloggs now holds the role" in page.inner_text("main")
    assert [m.to for m in mail.outbox] == [["jo.bloggs@demo.example.org"]]
