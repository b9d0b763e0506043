"""The exactly-once primitive every sweep uses, against PostgreSQL with real concurrency."""

import threading

import pytest
from django.db import connection
from django.db.models import Value
from django.db.models.functions import Concat

from safeguarding.models import Reminder
from safeguarding.reminders import Due, claim, claim_query, deliver, due_rows, iso_date, link_to, unconfirmed
from tests.factories import UserFactory


@pytest.mark.django_db
def test_claim_returns_only_new_rows_and_deliver_marks_them():
    user = UserFactory()
    dues = [Due("test.kind", f"x.y:{i}", user.pk, stage="due") for i in range(3)]
    first = claim(dues)
    assert len(first) == 3
    assert claim(dues) == []
    sent = []
    assert deliver(first, lambda r: sent.append(r.subject_key)) == (3, 0)
    assert sorted(sent) == ["x.y:0", "x.y:1", "x.y:2"]
    assert set(Reminder.objects.values_list("state", flat=True)) == {"sent"}


@pytest.mark.django_db
def test_a_failed_send_is_recorded_and_not_retried_blindly():
    user = UserFactory()
    claimed = claim([Due("test.kind", "x.y:1", user.pk)])

    def boom(reminder):
        raise OSError("mail server refused")

    assert deliver(claimed, boom) == (0, 1)
    reminder = Reminder.objects.get()
    assert reminder.state == "failed" and "refused" in reminder.error
    assert claim([Due("test.kind", "x.y:1", user.pk)]) == []


@pytest.mark.django_db(transaction=True)
def test_concurrent_claims_split_the_work_without_overlap():
    users = [UserFactory() for _ in range(5)]
    dues = [Due("test.kind", f"x.y:{i}", u.pk, stage="s") for i in range(20) for u in users]
    results: list[list[int]] = []
    barrier = threading.Barrier(4)

    def sweep():
        barrier.wait()
        try:
            results.append([r.pk for r in claim(dues)])
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    claimed = [pk for result in results for pk in result]
    assert len(claimed) == len(set(claimed)) == 100
    assert Reminder.objects.count() == 100


@pytest.mark.django_db
def test_claims_never_confirmed_are_reported(time_machine):
    import datetime as dt

    user = UserFactory()
    time_machine.move_to(dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC))
    claim([Due("test.kind", "x.y:1", user.pk)])
    time_machine.move_to(dt.datetime(2026, 6, 1, 11, 0, tzinfo=dt.UTC))
    assert [r.subject_key for r in unconfirmed()] == ["x.y:1"]


def _sources(user, count: int, start: int = 0) -> list[Reminder]:
    """Records that reminders can be due about: any table with a recipient and a date will do, so the
    primitive is tested without an app's models."""
    import datetime as dt

    return Reminder.objects.bulk_create(
        Reminder(kind="test.source", subject_key=f"s:{i}", recipient=user, due_on=dt.date(2026, 6, 1 + i))
        for i in range(start, start + count)
    )


def _due_rows(**filters):
    return due_rows(
        Reminder.objects.filter(kind="test.source", **filters),
        kind="test.kind",
        stage=Concat(Value("due:"), iso_date("due_on")),
        recipient="recipient_id",
    )


@pytest.mark.django_db
def test_claim_query_inserts_in_sql_and_returns_only_new_rows(django_assert_num_queries):
    user = UserFactory()
    sources = _sources(user, 3)
    with django_assert_num_queries(4):  # savepoint, INSERT ... SELECT, release, the claimed rows
        first = claim_query(_due_rows())
        assert {r.recipient.email for r in first} == {user.email}
    assert sorted((r.subject_key, r.stage, r.state) for r in first) == [
        (f"safeguarding.reminder:{s.pk}", f"due:2026-06-0{i + 1}", "claimed") for i, s in enumerate(sources)
    ]
    assert claim_query(_due_rows()) == []
    # The same reminder twice in one statement is claimed once.
    _sources(user, 1, start=3)
    rows = _due_rows(subject_key="s:3")
    assert len(claim_query(rows.union(rows, all=True))) == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_query_claims_split_the_work_without_overlap():
    users = [UserFactory() for _ in range(5)]
    for user in users:
        _sources(user, 20)
    results: list[list[int]] = []
    barrier = threading.Barrier(4)

    def sweep():
        barrier.wait()
        try:
            results.append([r.pk for r in claim_query(_due_rows())])
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    claimed = [pk for result in results for pk in result]
    assert len(claimed) == len(set(claimed)) == 100
    assert Reminder.objects.filter(kind="test.kind").count() == 100


def test_link_to_is_the_reversed_url_for_any_public_id():
    import uuid

    from django.conf import settings
    from django.urls import reverse

    public_id = uuid.uuid4()
    expected = settings.SITE_URL + reverse("challenges:detail", kwargs={"public_id": public_id})
    assert link_to("challenges:detail")(public_id) == expected
