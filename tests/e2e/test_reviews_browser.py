"""Case reviews and the improvement tracker in a real browser, with axe-core on every page."""

import importlib

import pytest

from partners import demo as partners_demo
from reviews import demo as reviews_demo
from safeguarding import demo
from safeguarding.devstack import DEMO_TOTP_SECRET
from safeguarding.totp_code import code_for
from tests.e2e.conftest import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
STANDARD_THEMES = importlib.import_module("reviews.migrations.0002_standard_themes").STANDARD_THEMES


@pytest.fixture
def demo_reviews(db):
    from reviews.models import Theme

    # A transactional test before this one may have flushed the data migration's standard themes.
    for name, description in STANDARD_THEMES:
        Theme.objects.get_or_create(partnership=None, name=name, defaults={"description": description})
    partnerships = partners_demo.seed()
    demo.seed(partnerships)
    reviews_demo.seed_records(partnerships)


def sign_in(page, base, email, totp=False):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    if totp:
        page.wait_for_url("**/2fa/authenticate/")
        page.get_by_label("Code").fill(code_for(DEMO_TOTP_SECRET))
        page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/")


def heading(page) -> str:
    return page.get_by_role("heading", level=1).inner_text()


def test_business_manager_follows_the_clocks_and_the_tracker(page, live_server, demo_reviews):
    base = live_server.url
    sign_in(page, base, "manager@demo.example.org", totp=True)
    assert "Case reviews: next deadlines" in page.inner_text("main")
    assert serious_violations(page) == []

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Case reviews").click()
    assert heading(page) == "Case reviews"
    assert "TR-2026-04" in page.inner_text("main") and "DN-2026-01" not in page.inner_text("main")
    assert serious_violations(page) == []

    page.get_by_role("link", name="Record a review").click()
    assert heading(page) == "Record a review"
    assert serious_violations(page) == []
    page.get_by_role("button", name="Record the review").click()
    assert "There is a problem" in page.inner_text("main")
    assert serious_violations(page) == []
    page.get_by_role("link", name="Cancel").click()

    page.get_by_label("Type").select_option("lcspr")
    page.get_by_role("button", name="Apply").click()
    assert "TR-2025-07-LCSPR" in page.inner_text("main") and "TR-2026-04" not in page.inner_text("main")

    page.get_by_role("link", name="TR-2025-07-LCSPR").click()
    assert heading(page).startswith("TR-2025-07-LCSPR")
    assert "Statutory clocks" in page.inner_text("main") and "Timeline" in page.inner_text("main")
    assert serious_violations(page) == []

    page.get_by_role("link", name="Record the final report").click()
    assert heading(page) == "Record the final report"
    assert serious_violations(page) == []
    page.get_by_role("link", name="Cancel").click()

    page.get_by_role("link", name="Access log").click()
    assert "Gemma Hughes" in page.inner_text("main")
    assert serious_violations(page) == []

    page.goto(f"{base}/reviews/tracker/")
    assert heading(page) == "Improvement tracker"
    assert serious_violations(page) == []

    page.goto(f"{base}/reviews/learning/")
    assert heading(page) == "Learning across reviews"
    assert page.locator("img[src^='data:image/svg+xml']").count() == 1
    assert serious_violations(page) == []

    page.goto(f"{base}/reviews/themes/")
    assert serious_violations(page) == []


def test_agency_lead_records_progress_on_their_own_action(page, live_server, demo_reviews):
    base = live_server.url
    sign_in(page, base, "school.lead@demo.example.org")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Improvement tracker").click()
    main = page.inner_text("main")
    assert "Operation Encompass" in main and "Midshire Police" not in main
    assert serious_violations(page) == []

    page.get_by_role("link", name="Audit Operation Encompass notifications").click()
    assert heading(page) == "Action for Riverside Learning Trust"
    assert serious_violations(page) == []

    page.get_by_role("link", name="Record progress and impact").click()
    assert serious_violations(page) == []
    page.get_by_label("In progress").check()
    page.get_by_label("Progress", exact=True).fill("Four of the trust's six schools audited.")
    page.get_by_role("button", name="Save").click()
    assert "Progress recorded." in page.inner_text("main")
    assert "Four of the trust's six schools audited." in page.inner_text("main")

    page.goto(f"{base}/reviews/summaries/")
    assert heading(page) == "Review summaries"
    assert serious_violations(page) == []
