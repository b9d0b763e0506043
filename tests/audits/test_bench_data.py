"""The section 11 part of the benchmark dataset (audits/bench_data.py), loaded at a few partnerships: returns
in every state the pages show, complete returns that could really have been submitted, the key pages, the
reminder sweep's work, and the same data from the same seed."""

import hashlib

import pytest
from django.core import mail
from django.db import connection, transaction

from audits import bench_data, services
from audits.models import Answer, Cycle, Moderation, Return
from partners.models import Partnership, RoleAssignment
from safeguarding import bench, benchdata
from safeguarding.models import Reminder


def load(seed: int = 1) -> benchdata.Context:
    ctx = benchdata.Context(scale="S", seed=seed)
    ctx.sizes.update(partnerships=8, agencies=100, answers_per_cycle=2800)
    benchdata.seed(ctx)
    bench_data.seed(ctx)
    return ctx


def people_of(partnership) -> dict:
    found = {}
    for assignment in (
        RoleAssignment.objects.filter(partnership=partnership).select_related("user").order_by("pk")
    ):
        found.setdefault(assignment.role, assignment.user)
    return found


def checksum() -> str:
    digests = []
    with connection.cursor() as cursor:
        for table, expression in sorted(bench_data.CHECKSUM_COLUMNS.items()):
            # The module's own constants, as seed_bench's manifest uses them.
            sql = f"SELECT string_agg(x, '|' ORDER BY x) FROM (SELECT {expression} AS x FROM {table}) t"  # noqa: S608
            cursor.execute(sql)
            digests.append(cursor.fetchone()[0] or "")
    return hashlib.sha256("\n".join(digests).encode()).hexdigest()


@pytest.mark.django_db
def test_current_cycles_hold_returns_in_every_state_with_a_previous_cycle():
    load()
    current = Cycle.objects.filter(previous__isnull=False)
    assert current.count() == Cycle.objects.filter(previous__isnull=True).count() > 0
    statuses = set(Return.objects.filter(cycle__in=current).values_list("status", flat=True))
    assert statuses == set(Return.Status.values)
    # A region's partnerships share a cycle: its police force answers once, and each partnership sees it.
    assert any(cycle.participations.count() > 1 for cycle in current)


@pytest.mark.django_db
def test_returns_past_draft_are_complete_as_submitting_requires():
    load()
    for return_record in Return.objects.exclude(status=Return.Status.DRAFT).select_related("cycle")[:40]:
        assert services.missing_items(return_record) == []
    drafts = Answer.objects.filter(return_record__status=Return.Status.DRAFT)
    assert drafts.filter(carried_forward=True).exists() and drafts.filter(grade="").exists()


@pytest.mark.django_db
def test_moderations_grade_every_standard_of_accepted_returns_only():
    load()
    moderations = Moderation.objects.all()
    assert moderations.exists()
    assert not moderations.exclude(return_record__status=Return.Status.ACCEPTED).exists()
    assert all(m.grades.count() == 8 for m in moderations[:20])


@pytest.mark.django_db
def test_the_key_pages_open_for_the_people_the_bench_names():
    load()
    partnership = Partnership.objects.order_by("slug").first()
    pages = bench_data.pages(partnership, people_of(partnership))
    assert [page["label"] for page in pages] == [
        "section 11 returns (agency lead)",
        "section 11 cycle heatmap",
        "section 11 return detail",
    ]
    for page in pages:
        response = bench.signed_in_client(page["user"]).get(page["url"], secure=True)
        assert response.status_code == 200, page["label"]
    detail = bench.signed_in_client(pages[2]["user"]).get(pages[2]["url"], secure=True).content.decode()
    assert "35 of 35 criteria answered" in detail and "Moderation by" in detail


@pytest.mark.django_db
def test_the_sweep_sends_only_todays_reminders_and_only_once():
    load()
    sweep = bench_data.sweeps(Partnership.objects.first())[0]
    assert sweep["rows"] > 0
    already = Reminder.objects.filter(kind=services.REMINDER_KIND).count()
    assert already > 0, "reminders of earlier days are on record"
    with connection.cursor() as cursor:
        cursor.execute(sweep["bare_update"])
        assert cursor.rowcount == sweep["rows"]
    sweep["run"]()
    sent = Reminder.objects.filter(kind=services.REMINDER_KIND).count() - already
    assert sent > 0
    sweep["run"]()
    assert Reminder.objects.filter(kind=services.REMINDER_KIND).count() - already == sent
    assert len(mail.outbox) == sent


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_data():
    with transaction.atomic():
        load(seed=7)
        first = checksum()
        transaction.set_rollback(True)
    with transaction.atomic():
        load(seed=7)
        assert checksum() == first
        transaction.set_rollback(True)
    load(seed=8)
    assert checksum() != first
