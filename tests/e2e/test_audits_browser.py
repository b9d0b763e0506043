"""A police force's lead completes its section 11 return; the business manager accepts and moderates it."""

import pytest

from audits import demo as audits_demo
from audits.models import Moderation, Return
from partners import demo as partners_demo
from safeguarding import demo
from tests.e2e.conftest import serious_violations
from tests.e2e.test_partners_browser import sign_in_with_mfa

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def demo_audits(db):
    partnerships = partners_demo.seed()
    demo.seed(partnerships)
    audits_demo.seed_records(partnerships)


def sign_in(page, base, email):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")


def test_lead_completes_a_return_and_manager_moderates_it(page, browser, live_server, demo_audits, tmp_path):
    base = live_server.url
    sign_in(page, base, "agency.lead@demo.example.org")
    page.get_by_role("link", name="Section 11", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Section 11 audits"
    assert serious_violations(page) == []
    page.locator("main").get_by_role("link", name=audits_demo.CURRENT).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Midshire Police: section 11 return"
    assert "Carried forward — confirm or update" in page.inner_text("main")
    assert serious_violations(page) == []

    # Confirm or update every standard (the answers were carried forward from the last cycle).
    for number in range(1, 9):
        page.get_by_role("link", name=f"Answer standard {number}").click()
        if number == 1:
            assert serious_violations(page) == []
            page.get_by_label("How the agency meets this criterion").first.fill(
                "The Chief Constable chairs the force safeguarding board every quarter."
            )
            page.get_by_label("4: Outstanding").first.check()
        page.get_by_role("button", name="Save as draft").click()
        assert f"Standard {number} saved as a draft." in page.inner_text("main")

    evidence = tmp_path / "safeguarding-policy.pdf"
    evidence.write_bytes(PDF)
    page.get_by_role("link", name="Add evidence to criterion 1.1").click()
    assert serious_violations(page) == []
    page.get_by_label("File").set_input_files(str(evidence))
    page.get_by_label("Effective date").fill("2025-04-01")
    page.get_by_label("Description").fill("Force safeguarding policy")
    page.get_by_role("button", name="Upload").click()
    assert "Evidence added to criterion 1.1." in page.inner_text("main")
    assert page.get_by_role("link", name="safeguarding-policy.pdf", exact=True).is_visible()
    assert serious_violations(page) == []

    page.get_by_role("link", name="Submit the return").click()
    assert serious_violations(page) == []
    page.get_by_role("button", name="Submit the return").click()
    assert "The return was submitted." in page.inner_text("main")
    police = Return.objects.get(cycle__name=audits_demo.CURRENT, agency__name="Midshire Police")
    assert police.status == Return.Status.SUBMITTED

    manager = browser.new_page()
    sign_in_with_mfa(manager, base, "manager@demo.example.org")
    manager.get_by_role("link", name="Section 11", exact=True).click()
    manager.get_by_role("link", name=audits_demo.CURRENT).click()
    assert serious_violations(manager) == []
    manager.get_by_role("link", name="Midshire Police").click()
    manager.get_by_role("button", name="Accept the return").click()
    assert "The return was accepted." in manager.inner_text("main")
    manager.get_by_role("link", name="Moderate").click()
    assert serious_violations(manager) == []
    manager.get_by_label("Challenge session date").fill("2026-05-12")
    manager.get_by_label("Attendees").fill("Helen Okafor, chair\nGemma Hughes, business manager")
    manager.get_by_label("Moderated grade for standard 1").select_option("3")
    manager.get_by_label("Feedback letter").fill("Thank you for a clear and well-evidenced return.")
    manager.get_by_role("button", name="Save the moderation").click()
    assert "The moderation was saved." in manager.inner_text("main")
    assert serious_violations(manager) == []
    moderation = Moderation.objects.get(return_record=police)
    assert moderation.grades.get(standard__number=1).grade == "3"
    manager.close()
