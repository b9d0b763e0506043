"""The exactly-once primitive every sweep uses, against PostgreSQL with real concurrency."""

import threading

import pytest
from django.db import connection

from safeguarding.models import Reminder
from safeguarding.reminders import Due, claim, deliver, unconfirmed
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
