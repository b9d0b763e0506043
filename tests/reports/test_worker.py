"""The yearly report through a real Celery worker and Redis: generate, render, and survive a killed worker."""

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pypdf
import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.db import connection

from reports import services
from reports.models import RenderJob, Section
from safeguarding.celery import app
from tests.reports.factories import make_report

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[2]


def wait_for(predicate, seconds=90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def job_state(job):
    return RenderJob.objects.filter(pk=job.pk).values_list("state", flat=True).first()


def test_generate_renders_through_a_real_worker_and_redis(cast):
    report = make_report(cast.home)
    Section.objects.filter(report=report, kind="foreword").update(body="Words from the worker test.")
    app.conf.task_always_eager = False
    try:
        with start_worker(app, pool="solo", queues=["pdf"], perform_ping_check=False, shutdown_timeout=30):
            job = services.report_generate(report=report, user=cast.chair)  # commits: the task goes to Redis
            assert wait_for(lambda: job_state(job) in {"done", "failed"})
    finally:
        app.conf.task_always_eager = True
    job.refresh_from_db()
    assert job.state == "done", job.message
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(job.version.file.read())).pages)
    assert "Words from the worker test." in text and "Home Partnership" in text


def _worker_process():
    """A separate worker process on the test database, consuming the pdf queue."""
    database = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
        f"{database['PORT'] or 5432}/{database['NAME']}".replace("@/", "@%2F"),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    if database["HOST"] and database["HOST"].startswith("/"):
        from urllib.parse import quote

        env["DATABASE_URL"] = (
            f"postgres://{database['USER']}@{quote(database['HOST'], safe='')}/{database['NAME']}"
        )
    celery = str(Path(sys.executable).with_name("celery"))
    return subprocess.Popen(
        [
            celery,
            "-A",
            "safeguarding",
            "worker",
            "-Q",
            "pdf",
            "-P",
            "solo",
            "-c",
            "1",
            "-l",
            "WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_killing_the_worker_mid_render_ends_with_exactly_one_version(cast, settings):
    settings.MEDIA_ROOT = settings.MEDIA_ROOT  # the worker process writes the PDF where this test reads it
    report = make_report(cast.home)
    app.conf.task_always_eager = False
    first = _worker_process()
    try:
        job = services.report_generate(report=report, user=cast.chair)
        assert wait_for(lambda: job_state(job) == "running"), "the worker never started the job"
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
        assert job_state(job) == "running" and report.versions.count() == 0

        second = _worker_process()
        try:
            from django.utils import timezone

            # The sweeper (beat, every two minutes) finds the job running past the time limit.
            later = timezone.now() + services.STUCK_RUNNING_AFTER + services.STUCK_QUEUED_AFTER * 2
            services.jobs_requeue_stuck(now=later)
            assert wait_for(lambda: job_state(job) == "done"), job_state(job)
        finally:
            second.terminate()
            second.wait(timeout=30)
    finally:
        if first.poll() is None:
            first.kill()
        app.conf.task_always_eager = True
    job.refresh_from_db()
    assert job.attempts == 2
    assert report.versions.count() == 1
