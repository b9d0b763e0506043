"""`manage.py bench` on a small copy of the benchmark dataset: every key page answers within the query
target and with the count recorded at scale L, the JSON is usable, and --strict-queries fails on a miss."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from safeguarding import benchdata
from safeguarding.management.commands import bench as bench_command
from safeguarding.management.commands.bench import MAX_QUERIES


@pytest.fixture
def small_bench(db, settings):
    # As deployed: the funding comparison is kept between requests (the test settings turn that off).
    settings.FUNDING_PEER_CACHE_SECONDS = 300
    ctx = benchdata.Context(scale="S", seed=1)
    ctx.sizes.update(
        partnerships=2,
        agencies=60,
        answers_per_cycle=900,
        open_challenges=240,
        audit_rows=0,
        reviews=40,
        actions=240,
    )
    benchdata.load(ctx)
    return ctx


def run_bench(*args) -> dict:
    out = StringIO()
    call_command("bench", "--runs", "1", "--skip-pdf", "--json", *args, stdout=out)
    return json.loads(out.getvalue())


def test_every_key_page_answers_within_the_query_target_and_as_recorded(small_bench):
    result = run_bench()
    labels = {page["label"] for page in result["pages"]}
    for expected in (
        "dashboard (business manager)",
        "dashboard (chair)",
        "dashboard (agency lead)",
        "section 11 returns (agency lead)",
        "section 11 cycle heatmap",
        "challenge log, filtered",
        "case review detail",
        "improvement tracker",
        "funding summary",
    ):
        assert expected in labels
    for page in result["pages"]:
        assert page["status"] == 200, page["label"]
        assert page["queries"] <= MAX_QUERIES, (page["label"], page["queries"])
    recorded = json.loads(bench_command.RECORDED_QUERIES.read_text())
    for page in result["pages"]:
        # The same count as at scale L, with a dataset a hundredth of its size.
        assert page["queries"] == recorded[page["label"]], page["label"]
    query_checks = [check for check in result["checks"] if check["kind"] == "queries"]
    assert query_checks and all(check["pass"] for check in query_checks)
    assert {sweep["label"] for sweep in result["sweeps"]} >= {"challenge reminders (all open challenges)"}
    assert all(sweep["queries_bounded"] for sweep in result["sweeps"])


def test_strict_queries_fails_when_a_page_differs_from_the_recorded_count(small_bench, tmp_path, monkeypatch):
    recorded = json.loads(bench_command.RECORDED_QUERIES.read_text())
    recorded["funding summary"] -= 1
    changed = tmp_path / "queries.json"
    changed.write_text(json.dumps(recorded))
    monkeypatch.setattr(bench_command, "RECORDED_QUERIES", changed)
    with pytest.raises(CommandError, match="funding summary"):
        run_bench("--strict-queries")
