"""The daily sweep: statutory clock warnings and action due-date reminders, each sent exactly once."""

import datetime as dt
import threading

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reviews import services, tasks
from reviews.models import Review
from reviews.schedule import BEAT_SCHEDULE
from safeguarding.models import Reminder
from safeguarding.roles import Role
from tests.factories import RoleFactory, UserFactory
from tests.reviews.factories import ActionFactory, RecommendationFactory, ReviewFactory

D = dt.date


def sweep(day):
    mail.outbox.clear()
    services.reminders_sweep(today=day)
    return [(m.to[0], m.subject) for m in mail.outbox]


@pytest.mark.django_db
def test_clock_warning_two_working_days_before_then_once_when_missed(cast):
    # Notification due Monday 4 January 2027 (aware Wednesday 23 December 2026, over Christmas).
    review = ReviewFactory(partnership=cast.home, reference="TR-CLOCK", aware_on=D(2026, 12, 23))
    ReviewFactory(partnership=cast.other, reference="OTHER-CLOCK", aware_on=D(2026, 12, 23))
    assert review.next_due_on == D(2027, 1, 4)
    assert [s for to, s in sweep(D(2026, 12, 29)) if "TR-CLOCK" in s] == []
    sent = sweep(D(2026, 12, 30))  # two working days before: 31 December, then 4 January
    assert sent == [
        (cast.manager.email, "Due 4 January: notify the national panel for review TR-CLOCK"),
        (cast.outsider.email, "Due 4 January: notify the national panel for review OTHER-CLOCK"),
    ] or sorted(sent) == sorted(
        [
            (cast.manager.email, "Due 4 January: notify the national panel for review TR-CLOCK"),
            (cast.outsider.email, "Due 4 January: notify the national panel for review OTHER-CLOCK"),
        ]
    )
    message = next(m for m in mail.outbox if m.to == [cast.manager.email])
    assert "Notify the national Panel: due Monday 4 January 2027 (2 working days left)" in message.body
    html = message.alternatives[0][0]
    assert (
        "TR-CLOCK" in html and "Monday 4 January 2027" in html and message.alternatives[0][1] == "text/html"
    )
    assert sweep(D(2026, 12, 31)) == []
    assert sweep(D(2027, 1, 4)) == []  # the due day itself: already warned, not yet missed
    missed = sweep(D(2027, 1, 5))
    assert (
        cast.manager.email,
        "Missed: notify the national panel for review TR-CLOCK was due 4 January",
    ) in missed
    assert "has been missed" in next(m for m in mail.outbox if "TR-CLOCK" in m.subject).body
    assert sweep(D(2027, 1, 6)) == []


@pytest.mark.django_db
def test_completed_and_closed_clocks_send_nothing(cast):
    ReviewFactory(
        partnership=cast.home, aware_on=D(2026, 12, 23), notified_on=D(2026, 12, 24)
    )  # RR due later
    ReviewFactory(partnership=cast.home, aware_on=D(2026, 12, 23), closed_on=D(2026, 12, 24))
    assert sweep(D(2027, 1, 5)) == []


@pytest.mark.django_db
def test_a_new_due_date_gets_its_own_warning(cast):
    review = ReviewFactory(partnership=cast.home, reference="TR-MOVE", aware_on=D(2026, 12, 23))
    assert len(sweep(D(2026, 12, 30))) == 1
    review.notified_on = D(2026, 12, 24)
    review.refresh_clock()
    review.save()
    # The rapid review is due 15 working days after 24 December: 19 January 2027.
    assert sweep(D(2027, 1, 14)) == []
    assert sweep(D(2027, 1, 15)) == [
        (cast.manager.email, "Due 19 January: complete the rapid review for review TR-MOVE")
    ]


@pytest.mark.django_db
def test_the_sweep_refreshes_deadlines_when_the_setting_changes(cast, settings):
    review = ReviewFactory(partnership=cast.home, aware_on=D(2026, 12, 23))
    settings.REVIEW_NOTIFY_WORKING_DAYS = 3
    sweep(D(2026, 12, 24))
    review.refresh_from_db()
    assert review.next_due_on == D(2026, 12, 30)


@pytest.fixture
def owner_leads(cast):
    """A lead of the shared agency in each partnership: only the home one hears of home actions."""
    shared_home = UserFactory(full_name="Shared Lead Home")
    RoleFactory(user=shared_home, partnership=cast.home, role=Role.AGENCY_LEAD, agency=cast.shared)
    shared_other = UserFactory(full_name="Shared Lead Other")
    RoleFactory(user=shared_other, partnership=cast.other, role=Role.AGENCY_LEAD, agency=cast.shared)
    return shared_home, shared_other


@pytest.mark.django_db
def test_action_reminders_at_14_and_3_days_and_when_overdue_to_the_owning_leads(cast, owner_leads):
    shared_home, shared_other = owner_leads
    rec = RecommendationFactory(
        review=ReviewFactory(partnership=cast.home, kind="other"), source_label="LCSPR TR-ACT"
    )
    ActionFactory(
        recommendation=rec, owner_agency=cast.agency_a, due_on=D(2026, 6, 30), description="Train staff."
    )
    ActionFactory(recommendation=rec, owner_agency=cast.shared, due_on=D(2026, 6, 30))
    ActionFactory(
        recommendation=rec,
        owner_agency=cast.agency_a,
        due_on=D(2026, 6, 30),
        status="complete",
        completed_on=D(2026, 6, 1),
    )
    assert sweep(D(2026, 6, 15)) == []
    fourteen = sweep(D(2026, 6, 16))
    assert sorted(fourteen) == sorted(
        [
            (cast.lead_a.email, "Action due in 14 days: LCSPR TR-ACT"),
            (shared_home.email, "Action due in 14 days: LCSPR TR-ACT"),
        ]
    )
    message = next(m for m in mail.outbox if m.to == [cast.lead_a.email])
    assert "Train staff." in message.body and "Tuesday 30 June 2026" in message.body
    assert "Train staff." in message.alternatives[0][0]
    assert sweep(D(2026, 6, 20)) == []
    assert sorted(to for to, _ in sweep(D(2026, 6, 27))) == sorted([cast.lead_a.email, shared_home.email])
    assert sweep(D(2026, 6, 30)) == []
    overdue = sweep(D(2026, 7, 1))
    assert sorted(overdue) == sorted(
        [
            (cast.lead_a.email, "Overdue action: LCSPR TR-ACT (due 30 June)"),
            (shared_home.email, "Overdue action: LCSPR TR-ACT (due 30 June)"),
        ]
    )
    assert sweep(D(2026, 7, 2)) == []
    recipients = set(Reminder.objects.values_list("recipient__email", flat=True))
    assert shared_other.email not in recipients and cast.lead_b.email not in recipients
    assert cast.board.email not in recipients


@pytest.mark.django_db
def test_a_new_action_due_within_three_days_gets_only_the_three_day_reminder(cast):
    rec = RecommendationFactory(review=ReviewFactory(partnership=cast.home, kind="other"), source_label="SRC")
    ActionFactory(recommendation=rec, owner_agency=cast.agency_a, due_on=D(2026, 6, 30))
    assert sweep(D(2026, 6, 29)) == [(cast.lead_a.email, "Action due in 1 day: SRC")]
    assert Reminder.objects.get().stage == "due_in_3:2026-06-30"


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_running_at_once_send_each_reminder_once(cast, owner_leads):
    rec = RecommendationFactory(review=ReviewFactory(partnership=cast.home, kind="other"))
    for n in range(10):
        ReviewFactory(partnership=cast.home, reference=f"CONC-{n}", aware_on=D(2026, 12, 23))
        ActionFactory(recommendation=rec, owner_agency=cast.agency_a, due_on=D(2026, 12, 20))
        ActionFactory(recommendation=rec, owner_agency=cast.shared, due_on=D(2027, 1, 1))
    expected = 10 + 10 + 10  # clock warnings to the manager; each action to its one home lead
    mail.outbox.clear()
    barrier = threading.Barrier(3)
    errors = []

    def run():
        barrier.wait()
        try:
            services.reminders_sweep(today=D(2026, 12, 30))
        except Exception as error:  # surfaced below: a thread's exception is otherwise lost
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(mail.outbox) == expected
    assert len({(m.to[0], m.subject, m.body) for m in mail.outbox}) == expected
    assert Reminder.objects.filter(state="sent").count() == expected
    services.reminders_sweep(today=D(2026, 12, 30))
    assert len(mail.outbox) == expected


@pytest.mark.django_db
def test_the_daily_beat_task_runs_the_sweep(cast, time_machine):
    ReviewFactory(partnership=cast.home, reference="TR-BEAT", aware_on=D(2026, 12, 23))
    time_machine.move_to(dt.datetime(2026, 12, 30, 6, 15))
    mail.outbox.clear()
    tasks.sweep_reminders.delay()
    assert [m.subject for m in mail.outbox] == ["Due 4 January: notify the national panel for review TR-BEAT"]
    assert BEAT_SCHEDULE["reviews.sweep_reminders"]["task"] == "reviews.sweep_reminders"
    assert tasks.sweep_reminders.name == "reviews.sweep_reminders"


def test_the_beat_schedule_is_picked_up_by_celery():
    from safeguarding.celery import app

    schedule = app.conf.beat_schedule
    assert schedule["reviews.sweep_reminders"]["task"] == "reviews.sweep_reminders"
    assert "reviews.sweep_reminders" in app.tasks


@pytest.mark.django_db
def test_a_failed_send_is_recorded_and_not_retried(cast, monkeypatch):
    ReviewFactory(partnership=cast.home, aware_on=D(2026, 12, 23))

    def refuse(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr("safeguarding.emails.EmailMultiAlternatives.send", refuse)
    result = services.reminders_sweep(today=D(2026, 12, 30))
    assert (result.sent, result.failed) == (0, 1)
    assert Reminder.objects.get().state == "failed"
    monkeypatch.undo()
    assert sweep(D(2026, 12, 30)) == []


@pytest.mark.django_db
def test_reviews_are_never_reminded_about_in_another_partnership(cast):
    ReviewFactory(partnership=cast.other, aware_on=D(2026, 12, 23))
    sent = sweep(D(2026, 12, 30))
    assert [to for to, _ in sent] == [cast.outsider.email]
    assert Review.objects.filter(partnership=cast.home).count() == 0


def _sweep_queries(cast, count: int) -> tuple[int, int]:
    """Queries and e-mails for a sweep over `count` overdue actions and `count` clocks due soon."""
    Reminder.objects.all().delete()
    rec = RecommendationFactory(review=ReviewFactory(partnership=cast.home, kind="other"), source_label="N")
    for n in range(count):
        ActionFactory(recommendation=rec, owner_agency=cast.agency_a, due_on=D(2026, 12, 1))
        ReviewFactory(partnership=cast.home, reference=f"N-{count}-{n}", aware_on=D(2026, 12, 23))
    mail.outbox.clear()
    with CaptureQueriesContext(connection) as queries:
        services.reminders_sweep(today=D(2026, 12, 30))
    return len(queries), len(mail.outbox)


@pytest.mark.django_db
def test_the_sweep_issues_the_same_number_of_queries_for_5_or_50_records(cast):
    small, small_sent = _sweep_queries(cast, 5)
    large, large_sent = _sweep_queries(cast, 50)
    # Each action's overdue reminder to the lead of agency A; each clock's warning to the business manager.
    assert (small_sent, large_sent) == (10, 110)  # the first five records are still open at the second
    assert small == large, "a query per action or review has crept into the sweep"
