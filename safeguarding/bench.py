"""Timing pages in process, through the full middleware stack, with their SQL query counts and SQL time.

Used by `manage.py bench`. Times are wall-clock medians and 95th percentiles of repeated requests after
warm-up; every figure is printed beside a floor measured in the same run on the same machine.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


@dataclass
class PageFigure:
    label: str
    url: str
    status: int
    p50_ms: float
    p95_ms: float
    queries: int
    sql_ms: float
    floor: str = "template"
    # The template floor's p95 over the samples taken between this page's requests (set by the bench).
    floor_p95_ms: float = 0.0
    extra: dict = field(default_factory=dict)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def signed_in_client(user) -> Client:
    client = Client(HTTP_HOST="testserver")
    if user is not None:
        client.force_login(user)
        session = client.session
        session["portal_mfa_confirmed"] = True  # the bench users' MFA step is not what is being measured
        session.save()
    return client


def time_page(
    label: str,
    client: Client,
    url: str,
    *,
    warmup: int = 3,
    runs: int = 15,
    floor="template",
    between: Callable[[], None] | None = None,
):
    """`between`, when given, runs after each timed request (the bench samples its floor there, so the floor
    and the pages are measured over the same stretch of time on a machine whose speed drifts)."""
    for _ in range(warmup):
        client.get(url, secure=True)
    timings, queries, sql_ms = [], [], []
    status = 0
    for _ in range(runs):
        if between is not None:
            between()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url, secure=True)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
            timings.append((time.perf_counter() - started) * 1000)
        status = response.status_code
        queries.append(len(captured.captured_queries))
        sql_ms.append(sum(float(q["time"]) for q in captured.captured_queries) * 1000)
    return PageFigure(
        label=label,
        url=url,
        status=status,
        p50_ms=statistics.median(timings),
        p95_ms=percentile(timings, 0.95),
        queries=max(queries),
        sql_ms=statistics.median(sql_ms),
        floor=floor,
    )


def time_callable(function, *, warmup: int = 2, runs: int = 10) -> tuple[float, float]:
    for _ in range(warmup):
        function()
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings), percentile(timings, 0.95)
