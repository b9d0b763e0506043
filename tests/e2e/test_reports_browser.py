import pytest
from celery.contrib.testing.worker import start_worker

from partners import demo as partners_demo
from reports import demo as reports_demo
from reports.models import YearlyReport
from safeguarding import demo
from safeguarding.celery import app
from safeguarding.devstack import DEMO_TOTP_SECRET
from safeguarding.totp_code import code_for
from tests.e2e.conftest import serious_violations
from tests.reports.factories import fill_statutory_sections

pytestmark = [pytest.mark.browser, pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_report(db):
    partnerships = partners_demo.seed()
    demo.seed(partnerships)
    reports_demo.seed_records(partnerships)
    report = YearlyReport.objects.get(partnership__slug="three-rivers")
    fill_statutory_sections(report)
    return report


@pytest.fixture
def pdf_worker():
    app.conf.task_always_eager = False
    try:
        with start_worker(app, pool="solo", queues=["pdf"], perform_ping_check=False, shutdown_timeout=30):
            yield
    finally:
        app.conf.task_always_eager = True


def sign_in(page, base, email):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code").fill(code_for(DEMO_TOTP_SECRET))
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(f"{base}/")


def test_generate_progress_download_sign_off_and_publish(browser, live_server, demo_report, pdf_worker):
    base = live_server.url
    chair = browser.new_page()
    sign_in(chair, base, "chair@demo.example.org")
    chair.get_by_role("link", name="Yearly report", exact=True).click()
    assert serious_violations(chair) == []
    chair.get_by_role("link", name=demo_report.title).click()
    assert chair.get_by_role("heading", level=1).inner_text() == demo_report.title
    assert serious_violations(chair) == []

    chair.get_by_role("button", name="Generate the PDF").click()
    # The page returns at once; htmx polls the job until the worker has finished.
    chair.get_by_text("Version 1 is ready").wait_for(timeout=90_000)
    assert serious_violations(chair) == []
    with chair.expect_download() as download:
        chair.get_by_role("link", name="Download version 1").click()
    assert download.value.suggested_filename.endswith("-v1.pdf")

    lead = browser.new_page()
    sign_in(lead, base, "lead.partner@demo.example.org")
    lead.goto(f"{base}/reports/{demo_report.public_id}/")
    lead.get_by_role("button", name="Sign off version 1").click()
    assert "You have signed off version 1" in lead.inner_text("main")
    assert serious_violations(lead) == []

    chair.reload()
    chair.get_by_role("button", name="Publish version 1").click()
    assert "Published." in chair.inner_text("main")
    assert serious_violations(chair) == []

    public = browser.new_page()
    public.goto(f"{base}/public/three-rivers/")
    public.get_by_role("link", name=demo_report.title).click()
    assert "This is the partnership's fifth yearly report" in public.inner_text("main")
    assert serious_violations(public) == []
