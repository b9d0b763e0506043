"""Celery against the real Redis: a worker consumes what the portal enqueues; a dead broker never hangs."""

import time
import uuid

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.cache import cache

from safeguarding.celery import app
from safeguarding.queue import publish
from safeguarding.tasks import heartbeat

pytestmark = pytest.mark.services


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_a_task_sent_through_redis(settings):
    app.conf.task_always_eager = False
    try:
        with start_worker(
            app, pool="solo", queues=["default"], perform_ping_check=False, shutdown_timeout=10
        ):
            token = uuid.uuid4().hex
            assert publish(heartbeat, token)
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline and cache.get(f"heartbeat:{token}") is None:
                time.sleep(0.2)
            assert cache.get(f"heartbeat:{token}") is not None
    finally:
        app.conf.task_always_eager = True


def test_enqueueing_with_redis_down_returns_quickly_instead_of_hanging():
    app.conf.task_always_eager = False
    original = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    app.pool.force_close_all()
    try:
        started = time.monotonic()
        assert publish(heartbeat, "unreachable") is False
        assert time.monotonic() - started < 15
    finally:
        app.conf.broker_url = original
        app.pool.force_close_all()
        app.conf.task_always_eager = True
