import datetime as dt
import io
import threading

import pypdf
import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from partners.models import RoleAssignment
from reports import services
from reports.content import assemble, checklist
from reports.models import RenderJob, Section, SectionKind
from tests.factories import AgencyFactory, MembershipFactory
from tests.reports.factories import fill_statutory_sections, make_report, make_version

pytestmark = pytest.mark.django_db

HOSTILE = (
    '<img src="file:///etc/passwd"> <a href="http://127.0.0.1:8000/admin/">loopback</a>\n\n'
    '<p style="font-size: 99999999px">huge</p> <style>* { font-size: 1e30px }</style> '
    '<link rel="stylesheet" href="file:///etc/hostname"> <script>alert(1)</script>'
)


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)


def render(report, user):
    job = RenderJob.objects.create(report=report, requested_by=user)
    services.job_run(job_id=job.pk)
    job.refresh_from_db()
    return job


def test_a_new_report_has_the_typical_sections_in_order(cast):
    report = make_report(cast.home)
    kinds = list(report.sections.values_list("kind", flat=True))
    assert kinds[0] == SectionKind.FOREWORD and kinds[-1] == SectionKind.NEXT_PRIORITIES
    assert len(kinds) == 13


def test_rendering_makes_a_numbered_version_with_its_hash(cast):
    report = make_report(cast.home)
    job = render(report, cast.chair)
    assert job.state == "done" and job.progress == 100
    version = job.version
    assert version.number == 1 and len(version.sha256) == 64 and version.pages >= 3
    content = version.file.read()
    import hashlib

    assert hashlib.sha256(content).hexdigest() == version.sha256
    text = pdf_text(content)
    assert "Contents" in text and "Home Partnership" in text and "Page 1 of" not in text.split("Contents")[0]
    assert render(report, cast.chair).version.number == 2


def test_hostile_narrative_reaches_neither_files_nor_network_and_does_not_crash(cast):
    report = make_report(cast.home)
    Section.objects.filter(report=report, kind="foreword").update(body=HOSTILE)
    job = render(report, cast.chair)
    assert job.state == "done"
    text = pdf_text(job.version.file.read())
    assert "root:" not in text
    assert "<img src=" in text.replace("\n", " ")  # shown as the text it is
    assert "<script>" not in job.version.html and "&lt;script&gt;" in job.version.html


def test_report_never_contains_another_partnerships_records(cast):
    MembershipFactory(partnership=cast.home, agency=AgencyFactory(name="Home Marker Agency"))
    MembershipFactory(partnership=cast.other, agency=AgencyFactory(name="Other Marker Agency"))
    text = pdf_text(render(make_report(cast.home), cast.chair).version.file.read())
    assert "Home Marker Agency" in text
    assert "Other Marker Agency" not in text and "Foreign Agency" not in text and "Outsider" not in text


def test_a_run_after_the_worker_died_ends_with_exactly_one_version(cast, monkeypatch):
    report = make_report(cast.home)
    job = RenderJob.objects.create(report=report, requested_by=cast.chair)

    def worker_killed(*args, **kwargs):
        raise SystemExit("worker killed")  # BaseException: nothing in job_run catches it, as with SIGKILL

    monkeypatch.setattr(services.pdf, "render_template", worker_killed)
    with pytest.raises(SystemExit):
        services.job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == "running"
    monkeypatch.undo()

    # Not yet stuck: the sweeper leaves a running job alone.
    services.jobs_requeue_stuck()
    job.refresh_from_db()
    assert job.state == "running"
    # After the time limit the sweeper puts it back in the queue and sends it again (run eagerly here).
    later = timezone.now() + services.STUCK_RUNNING_AFTER + dt.timedelta(minutes=1)
    services.jobs_requeue_stuck(now=later)
    job.refresh_from_db()
    assert job.state == "done" and job.attempts == 2
    services.job_run(job_id=job.pk)  # a late redelivery of the original message changes nothing
    services.jobs_requeue_stuck(now=later + services.STUCK_RUNNING_AFTER * 2)
    assert report.versions.count() == 1


def test_a_failure_is_recorded_with_a_clear_message_and_can_be_retried(cast, monkeypatch):
    report = make_report(cast.home)
    job = RenderJob.objects.create(report=report, requested_by=cast.chair)

    def broken(*args, **kwargs):
        raise RuntimeError("fonts missing")

    monkeypatch.setattr(services.pdf, "render_template", broken)
    with pytest.raises(RuntimeError):
        services.job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == "failed" and "could not be made" in job.message
    monkeypatch.undo()
    services.job_retry(job=job)
    services.job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == "done"


def test_the_checklist_blocks_sign_off_until_every_content_is_present(cast):
    RoleAssignment.objects.create(user=cast.chair, partnership=cast.home, role="lead_partner")
    report = make_report(cast.home)
    version = make_version(report, cast.manager)
    items = checklist(assemble(report))
    assert not any(item.present for item in items if "Next year" in item.label)
    with pytest.raises(services.ReportError, match="every statutory content"):
        services.version_sign(version=version, user=cast.lead_partner)
    fill_statutory_sections(report)
    assert all(item.present for item in checklist(assemble(report)))
    services.version_sign(version=version, user=cast.lead_partner)
    # One of two lead partners has signed: not yet publishable.
    with pytest.raises(services.ReportError, match="Every lead safeguarding partner"):
        services.version_publish(version=version, user=cast.chair)
    services.version_sign(version=version, user=cast.chair)
    services.version_publish(version=version, user=cast.chair)
    report.refresh_from_db()
    assert report.published_version == version


def test_only_lead_partners_sign_off(cast):
    report = make_report(cast.home)
    fill_statutory_sections(report)
    version = make_version(report, cast.manager)
    with pytest.raises(services.ReportError, match="Only the lead safeguarding partners"):
        services.version_sign(version=version, user=cast.chair)


def test_not_applicable_needs_a_reason_in_the_database(cast):
    from django.db import IntegrityError, transaction

    report = make_report(cast.home)
    with pytest.raises(IntegrityError), transaction.atomic():
        Section.objects.filter(report=report, kind="voice").update(not_applicable=True)


def test_the_second_of_two_editors_is_told_and_the_first_keeps_their_work(cast):
    report = make_report(cast.home)
    section = report.sections.get(kind="foreword")
    services.section_save(
        section=section,
        seen_version=1,
        body="First editor's text",
        not_applicable=False,
        reason="",
        user=cast.chair,
    )
    with pytest.raises(services.EditConflict) as conflict:
        services.section_save(
            section=section,
            seen_version=1,
            body="Second editor's text",
            not_applicable=False,
            reason="",
            user=cast.manager,
        )
    assert "Chair saved this section" in str(conflict.value)
    section.refresh_from_db()
    assert section.body == "First editor's text" and section.version == 2


@pytest.mark.django_db(transaction=True)
def test_ten_parallel_saves_one_wins_nine_are_told():
    from tests.factories import PartnershipFactory, UserFactory

    report = make_report(PartnershipFactory())
    section = report.sections.get(kind="foreword")
    user = UserFactory()
    outcomes: list[str] = []
    barrier = threading.Barrier(10)

    def save(n):
        barrier.wait()
        try:
            services.section_save(
                section=section, seen_version=1, body=f"text {n}", not_applicable=False, reason="", user=user
            )
            outcomes.append("saved")
        except services.EditConflict:
            outcomes.append("told")
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(n,)) for n in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["saved"] + ["told"] * 9
    section.refresh_from_db()
    assert section.version == 2 and section.body.startswith("text ")


def test_publication_reminders_go_once_to_chair_and_manager(cast):
    report = make_report(cast.home)
    version = make_version(report, cast.manager)
    report.published_version = version
    report.published_at = timezone.now() - dt.timedelta(days=8)
    report.save()
    sent, failed = services.publication_reminders_sweep()
    assert (sent, failed) == (2, 0)
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([cast.chair.email, cast.manager.email])
    assert "What Works Centre" in mail.outbox[0].body and mail.outbox[0].alternatives
    assert services.publication_reminders_sweep() == (0, 0)
    report.sent_to_panel_on = report.sent_to_wwc_on = timezone.localdate()
    report.save()
    assert services.publication_reminders_sweep() == (0, 0)


def test_a_partnership_without_a_report_for_12_months_is_reminded(cast):
    from partners.models import Partnership

    Partnership.objects.filter(pk=cast.home.pk).update(created_at=timezone.now() - dt.timedelta(days=400))
    sent, _ = services.publication_reminders_sweep()
    assert sent == 2
    assert "last 12 months" in mail.outbox[0].body
    assert services.publication_reminders_sweep() == (0, 0)
