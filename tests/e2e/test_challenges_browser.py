"""A challenge from raising to resolution in the browser: response, non-acceptance, stage 2, stage 3 and
acceptance, with the right people e-mailed at each step and every page clean under axe-core."""

import re

import pytest
from django.core import mail

from partners import demo as partners_demo
from partners.models import Challenge
from safeguarding import demo
from safeguarding.devstack import DEMO_TOTP_SECRET
from safeguarding.totp_code import code_for
from tests.e2e.conftest import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

THREE_RIVERS = "Three Rivers Safeguarding Children Partnership"
CHAIR = "chair@demo.example.org"
AGENCY_LEAD = "agency.lead@demo.example.org"  # Midshire Police's agency lead, in both partnerships
DELEGATED = "delegated.partner@demo.example.org"  # Midshire Police's delegated partner, in both
LEAD_PARTNER = "lead.partner@demo.example.org"
SCRUTINEER = "scrutineer@demo.example.org"


@pytest.fixture
def demo_people(db):
    demo.seed(partners_demo.seed())


class Person:
    """One person's own browser context, signed in once (each demo TOTP code is used once per person)."""

    def __init__(self, browser, base: str, email: str, mfa: bool = False):
        self.base = base
        self.context = browser.new_context()
        self.page = self.context.new_page()
        page = self.page
        page.goto(f"{base}/accounts/login/")
        page.get_by_label("E-mail address").fill(email)
        page.get_by_label("Password").fill(demo.DEMO_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        if mfa:
            page.wait_for_url("**/2fa/authenticate/")
            page.get_by_label("Code").fill(code_for(DEMO_TOTP_SECRET))
            page.keyboard.press("Enter")
        page.wait_for_url(f"{base}/")

    def switch_to_three_rivers(self):
        self.page.get_by_label("Partnership").select_option(label=THREE_RIVERS)
        self.page.get_by_role("button", name="Switch").click()
        assert THREE_RIVERS in self.page.inner_text("header")

    def open_link_from(self, message):
        """Follow the e-mail's link to the challenge (the e-mail names the configured site address)."""
        url = re.search(r"http://\S+/challenges/[0-9a-f-]+/", message.body).group(0)
        self.page.goto(self.base + url.split("127.0.0.1:8000", 1)[1])

    def accessible(self) -> None:
        assert serious_violations(self.page) == [], self.page.url


def take_mail() -> list[tuple[str, str]]:
    """The e-mails sent since the last call, as (recipient, subject), and the outbox emptied."""
    sent = sorted((to, m.subject) for m in mail.outbox for to in m.to)
    mail.outbox.clear()
    return sent


def message_to(email: str, messages) -> object:
    return next(m for m in messages if email in m.to)


def test_a_challenge_walks_up_the_ladder_to_resolution(browser, live_server, demo_people):
    base = live_server.url
    chair = Person(browser, base, CHAIR, mfa=True)
    page = chair.page

    # The chair raises a challenge with Midshire Police.
    page.get_by_role("link", name="Challenges", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Challenge log"
    chair.accessible()
    page.get_by_role("link", name="Raise a challenge").click()
    page.get_by_role("button", name="Raise challenge").click()  # empty: the error summary
    assert "There is a problem" in page.inner_text("main")
    chair.accessible()
    page.get_by_label("Agency challenged").select_option(label="Midshire Police")
    page.get_by_label("Subject").fill("Police attendance at strategy meetings")
    page.get_by_label("The concern").fill("Police attended four of the last twelve strategy meetings.")
    page.get_by_label("What is asked of the agency").fill("Attendance figures and a plan to reach 90%.")
    page.get_by_role("button", name="Raise challenge").click()
    assert "Challenge CH-0001 is raised" in page.inner_text("main")
    chair.accessible()
    challenge = Challenge.objects.get()
    assert take_mail() == [(AGENCY_LEAD, f"Challenge CH-0001 for Midshire Police: {challenge.subject}")]

    # Midshire Police's agency lead finds it on her dashboard and responds.
    lead = Person(browser, base, AGENCY_LEAD)
    lead.switch_to_three_rivers()
    assert "Challenges awaiting your agency's response" in lead.page.inner_text("main")
    lead.accessible()
    lead.page.get_by_role("link", name=f"CH-0001: {challenge.subject}").click()
    lead.page.get_by_role("link", name="Respond to the challenge").click()
    lead.accessible()
    lead.page.get_by_label("Your response").fill("Strategy meetings clash with the daily briefing.")
    lead.page.get_by_role("button", name="Send response").click()
    assert "Your response is recorded" in lead.page.inner_text("main")
    assert take_mail() == [(CHAIR, "Challenge CH-0001 has a response")]

    # The chair does not accept it: stage 2, the force's delegated safeguarding partner.
    page.reload()
    page.get_by_role("link", name="Decide on the response").click()
    chair.accessible()
    page.get_by_role("radio", name=re.compile("No: escalate to stage 2")).check()
    page.get_by_label("Your reasons").fill(
        "A clash with a briefing is not a reason to miss strategy meetings."
    )
    page.get_by_role("button", name="Record decision").click()
    assert "escalated to stage 2" in page.inner_text("main")
    chair.accessible()
    sent = list(mail.outbox)
    assert take_mail() == [
        (AGENCY_LEAD, "Challenge CH-0001 is escalated to stage 2"),
        (DELEGATED, "Challenge CH-0001 is escalated to stage 2"),
    ]

    # The delegated partner follows the e-mail's link and answers at stage 2.
    delegated = Person(browser, base, DELEGATED, mfa=True)
    delegated.switch_to_three_rivers()
    delegated.open_link_from(message_to(DELEGATED, sent))
    assert delegated.page.get_by_role("heading", level=1).inner_text() == challenge.subject
    delegated.accessible()
    delegated.page.get_by_role("link", name="Respond to the challenge").click()
    delegated.page.get_by_label("Your response").fill("We will move the briefing on meeting days.")
    delegated.page.get_by_role("button", name="Send response").click()
    assert take_mail() == [(CHAIR, "Challenge CH-0001 has a response")]

    # Not accepted again: stage 3, the lead safeguarding partners with the independent scrutineer.
    page.reload()
    page.get_by_role("link", name="Decide on the response").click()
    page.get_by_role("radio", name=re.compile("No: escalate to stage 3")).check()
    page.get_by_label("Your reasons").fill("Only some teams have a briefing; the gap is force-wide.")
    page.get_by_role("button", name="Record decision").click()
    sent = list(mail.outbox)
    assert take_mail() == [
        (AGENCY_LEAD, "Challenge CH-0001 is escalated to stage 3"),
        (LEAD_PARTNER, "Challenge CH-0001 is escalated to stage 3"),
        (SCRUTINEER, "Challenge CH-0001 is escalated to stage 3"),
    ]

    # A lead safeguarding partner answers for the partners.
    partner = Person(browser, base, LEAD_PARTNER, mfa=True)
    partner.open_link_from(message_to(LEAD_PARTNER, sent))
    partner.accessible()
    partner.page.get_by_role("link", name="Respond to the challenge").click()
    partner.page.get_by_label("Your response").fill("The partners have agreed a protected slot for meetings.")
    partner.page.get_by_role("button", name="Send response").click()
    assert take_mail() == [(CHAIR, "Challenge CH-0001 has a response")]

    # At the top of the ladder the chair accepts: resolved, with an outcome.
    page.reload()
    page.get_by_role("link", name="Decide on the response").click()
    assert "last stage of the escalation ladder" in page.inner_text("main")
    chair.accessible()
    page.get_by_role("radio", name=re.compile("Yes: the challenge is resolved")).check()
    page.get_by_role("radio", name="Changed practice").check()
    page.get_by_role("button", name="Record decision").click()
    assert "Challenge CH-0001 is resolved." in page.inner_text("main")
    assert take_mail() == [
        (AGENCY_LEAD, "Challenge CH-0001 is resolved"),
        (LEAD_PARTNER, "Challenge CH-0001 is resolved"),
        (SCRUTINEER, "Challenge CH-0001 is resolved"),
    ]
    main = page.inner_text("main")
    order = [
        "Challenge raised: stage 1",
        "Response not accepted",
        "Escalated: stage 2",
        "Escalated: stage 3",
        "Response accepted: challenge resolved",
    ]
    assert [main.index(text) for text in order] == sorted(main.index(text) for text in order)
    assert "Changed practice" in main and "Told of the escalation" in main
    chair.accessible()

    # The log, the summary and the ladder, as the chair sees them.
    page.get_by_role("link", name="Challenge log").first.click()
    page.get_by_role("link", name="Answer due").click()
    chair.accessible()
    page.get_by_role("link", name="Summary and chart").click()
    assert "median days to resolution" in page.inner_text("main")
    chair.accessible()
    page.goto(f"{base}/challenges/ladder/")
    chair.accessible()
    for person in (chair, lead, delegated, partner):
        person.context.close()


def test_the_business_manager_pages_are_accessible(browser, live_server, demo_people):
    from partners.demo import seed_records
    from partners.models import Partnership

    seed_records({p.slug: p for p in Partnership.objects.all()})
    manager = Person(browser, live_server.url, "manager@demo.example.org", mfa=True)
    page = manager.page
    assert "Stuck and overdue challenges" in page.inner_text("main")
    manager.accessible()
    page.goto(f"{live_server.url}/challenges/ladder/")
    page.get_by_label("Working days to answer").first.fill("99")
    page.get_by_role("button", name="Save the ladder").click()
    assert "There is a problem" in page.inner_text("main")
    manager.accessible()
    page.goto(f"{live_server.url}/challenges/?overdue=on")
    manager.accessible()
    page.get_by_role("link", name="CH-0002").click()
    assert page.get_by_role("strong").filter(has_text="Stuck").count() == 1
    manager.accessible()
    page.get_by_role("link", name="Escalate without a response").click()
    manager.accessible()
    page.get_by_role("link", name="Back to the challenge").click()
    page.get_by_role("link", name="Withdraw").click()
    manager.accessible()
    manager.context.close()
