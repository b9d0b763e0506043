import pytest
from django.urls import reverse

from reports.models import RenderJob, Section
from tests.reports.factories import make_report, make_version

pytestmark = pytest.mark.django_db


def test_generate_writes_a_queued_job_and_returns_at_once(client, cast, django_capture_on_commit_callbacks):
    report = make_report(cast.home)
    client.force_login(cast.chair)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("reports:generate", kwargs={"public_id": report.public_id}))
    assert response.status_code == 302
    job = RenderJob.objects.get(report=report)
    assert job.state == "queued" and report.versions.count() == 0
    assert len(callbacks) == 1  # the task is sent only once the job row is committed
    status = client.get(reverse("reports:job_status", kwargs={"public_id": job.public_id})).content.decode()
    assert 'hx-trigger="every 2s"' in status and "Waiting for the PDF worker" in status


def test_finished_job_offers_the_download(client, cast):
    report = make_report(cast.home)
    version = make_version(report, cast.manager)
    client.force_login(cast.board)
    html = client.get(
        reverse("reports:job_status", kwargs={"public_id": version.job.public_id})
    ).content.decode()
    assert "hx-trigger" not in html
    assert reverse("reports:version_download", kwargs={"public_id": report.public_id, "number": 1}) in html
    response = client.get(
        reverse("reports:version_download", kwargs={"public_id": report.public_id, "number": 1})
    )
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_section_edit_refuses_a_stale_save_and_shows_both_texts(client, cast):
    report = make_report(cast.home)
    section = report.sections.get(kind="voice")
    url = reverse("reports:section_edit", kwargs={"public_id": report.public_id, "pk": section.pk})
    client.force_login(cast.manager)
    client.post(url, {"body": "Manager's words", "version": 1})
    client.force_login(cast.chair)
    response = client.post(url, {"body": "Chair's words", "version": 1})
    assert response.status_code == 409
    html = response.content.decode()
    assert (
        "Manager saved this section" in html
        and "Manager&#x27;s words" in html
        and "Chair&#x27;s words" in html
    )
    assert Section.objects.get(pk=section.pk).body == "Manager's words"


def test_not_applicable_needs_a_reason(client, cast):
    report = make_report(cast.home)
    section = report.sections.get(kind="budget")
    client.force_login(cast.manager)
    url = reverse("reports:section_edit", kwargs={"public_id": report.public_id, "pk": section.pk})
    response = client.post(url, {"not_applicable": "on", "version": 1})
    assert b"Say why this section does not apply" in response.content
    client.post(
        url, {"not_applicable": "on", "not_applicable_reason": "Budget reported separately", "version": 1}
    )
    html = client.get(reverse("reports:preview", kwargs={"public_id": report.public_id})).content.decode()
    assert "Not applicable this year: Budget reported separately" in html


def test_sections_can_be_reordered(client, cast):
    report = make_report(cast.home)
    profile = report.sections.get(kind="profile")
    client.force_login(cast.manager)
    client.post(
        reverse("reports:section_move", kwargs={"public_id": report.public_id, "pk": profile.pk}),
        {"direction": "up"},
    )
    assert list(report.sections.values_list("kind", flat=True)[:2]) == ["profile", "foreword"]


def test_published_report_is_public_without_sign_in(client, cast):
    from django.utils import timezone

    report = make_report(cast.home)
    version = make_version(
        report,
        cast.manager,
        html="<section><h2>1. Foreword</h2><p>Public words</p><script>alert(1)</script></section>",
    )
    page = reverse("public:report", kwargs={"slug": "home", "public_id": report.public_id})
    assert client.get(page).status_code == 404
    report.published_version, report.published_at = version, timezone.now()
    report.save()
    html = client.get(page).content.decode()
    assert "Public words" in html and "<script>alert" not in html
    listing = client.get(reverse("public:partnership", kwargs={"slug": "home"})).content.decode()
    assert report.title in listing
    assert (
        client.get(
            reverse("public:report_pdf", kwargs={"slug": "home", "public_id": report.public_id})
        ).status_code
        == 200
    )


def test_detail_and_list_query_counts_stay_constant(client, cast, django_assert_max_num_queries):
    report = make_report(cast.home)
    for _ in range(8):
        make_version(report, cast.manager)
    client.force_login(cast.chair)
    url = reverse("reports:detail", kwargs={"public_id": report.public_id})
    client.get(url)
    with django_assert_max_num_queries(40):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("reports:list")).status_code == 200
