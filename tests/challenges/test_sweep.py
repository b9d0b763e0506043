"""The daily sweep: reminders before, on and after the due date, stuck flags, exactly once, at any scale."""

import datetime
import threading

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partners import services
from partners.models import Challenge, ChallengeStep, Responder
from partners.services import ReminderWindows
from safeguarding.calendar import working_days_between
from safeguarding.models import Reminder
from safeguarding.reminders import unconfirmed
from tests.challenges.conftest import TODAY
from tests.challenges.factories import ChallengeFactory, unsaved

DAY = datetime.timedelta(days=1)


def sent(kind=None) -> list[tuple[str, tuple]]:
    return sorted((m.subject, tuple(m.to)) for m in mail.outbox if kind is None or kind in m.subject)


def due(cast, due_on, **extra):
    return ChallengeFactory(
        partnership=cast.home,
        raised_by=cast.chair,
        addressed_to=cast.agency_a,
        raised_on=due_on - datetime.timedelta(days=20),
        response_due_on=due_on,
        stage_due_on=due_on,
        **extra,
    )


def test_the_windows_follow_the_working_day_calendar():
    """Every day from mid-December to mid-January (Christmas, New Year, weekends) against the definitions."""
    start = datetime.date(2026, 12, 10)
    for offset in range(40):
        today = start + offset * DAY
        windows = ReminderWindows.on(today)
        for delta in range(-20, 20):
            due_on = today + delta * DAY
            expected = []
            if due_on > today and working_days_between(today, due_on) <= 3:
                expected = ["challenge.due_soon"]
            elif due_on == today:
                expected = ["challenge.due"]
            elif due_on < today:
                expected = ["challenge.overdue"]
                if working_days_between(due_on, today) >= 5:
                    expected.append("challenge.stuck")
            assert windows.kinds(due_on) == expected, (today, due_on)


@pytest.mark.django_db
def test_each_reminder_goes_to_the_right_people_once(cast):
    soon = due(cast, datetime.date(2026, 12, 1), subject="Soon")  # 3 working days after Thursday 26th
    later = due(cast, datetime.date(2026, 12, 2), subject="Later")  # 4 working days: nothing yet
    today = due(cast, TODAY, subject="Today")
    late = due(cast, datetime.date(2026, 11, 20), subject="Late")  # 4 working days overdue
    stuck = due(cast, datetime.date(2026, 11, 19), subject="Stuck")  # 5 working days overdue

    result = services.challenge_reminders_sweep(today=TODAY)

    lead, chair, scrutineer = cast.lead_a.email, cast.chair.email, cast.scrutineer.email
    assert sent() == sorted(
        [
            (f"Reminder: challenge {soon.reference} needs an answer by 1 December", (lead,)),
            (f"Reminder: challenge {today.reference} needs an answer today", (lead,)),
            (f"Overdue: the answer to challenge {late.reference}", (lead,)),
            (f"Overdue: the answer to challenge {late.reference}", (chair,)),
            (f"Overdue: the answer to challenge {stuck.reference}", (lead,)),
            (f"Overdue: the answer to challenge {stuck.reference}", (chair,)),
            (f"Stuck: challenge {stuck.reference} is overdue by 5 working days", (chair,)),
            (f"Stuck: challenge {stuck.reference} is overdue by 5 working days", (scrutineer,)),
        ]
    )
    assert (result.reminders_sent, result.flagged_stuck) == (8, 1)
    stuck.refresh_from_db()
    assert stuck.stuck_since == TODAY
    assert stuck.steps.filter(kind=ChallengeStep.Kind.STUCK).count() == 1
    assert later.steps.count() == 1 and Challenge.objects.stuck().count() == 1

    # Text and HTML, with a link straight to the challenge.
    message = next(m for m in mail.outbox if m.subject.startswith("Stuck"))
    url = f"http://127.0.0.1:8000/challenges/{stuck.public_id}/"
    assert url in message.body and f'href="{url}"' in message.alternatives[0][0]
    raiser_copy = next(m for m in mail.outbox if m.to == [chair] and m.subject.startswith("Overdue"))
    assert "You raised this challenge" in raiser_copy.body

    mail.outbox.clear()
    again = services.challenge_reminders_sweep(today=TODAY)
    assert mail.outbox == [] and (again.reminders_sent, again.flagged_stuck) == (0, 0)


@pytest.mark.django_db
def test_a_new_stage_gets_its_own_reminders(cast, today, django_capture_on_commit_callbacks):
    challenge = due(cast, datetime.date(2026, 11, 25))
    services.challenge_reminders_sweep(today=TODAY)
    assert len(sent("Overdue")) == 2
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.challenge_escalate(challenge=challenge, decided_by=cast.chair, reason="Silence.", version=1)
    challenge.refresh_from_db()
    assert challenge.stage == 2
    mail.outbox.clear()
    services.challenge_reminders_sweep(today=challenge.stage_due_on)
    # Agency A has no delegated partner or lead partner: its board member answers at stage 2.
    assert sent() == [
        (f"Reminder: challenge {challenge.reference} needs an answer today", (cast.board.email,))
    ]
    assert set(Reminder.objects.filter(kind="challenge.due").values_list("stage", flat=True)) == {"2"}


@pytest.mark.django_db
def test_answered_resolved_and_withdrawn_challenges_are_not_chased(cast):
    for status in ("responded", "resolved", "withdrawn"):
        challenge = due(cast, TODAY)
        Challenge.objects.filter(pk=challenge.pk).update(
            status=status,
            outcome="assurance_given" if status == "resolved" else "",
            closed_on=TODAY if status in {"resolved", "withdrawn"} else None,
        )
    services.challenge_reminders_sweep(today=TODAY)
    assert mail.outbox == []


def _bulk(cast, count: int) -> None:
    """`count` open challenges spread over the windows: due soon, due today, overdue and stuck."""
    dues = [datetime.date(2026, 11, 30), TODAY, datetime.date(2026, 11, 25), datetime.date(2026, 11, 12)]
    start = Challenge.objects.count() + 1
    Challenge.objects.bulk_create(
        [
            unsaved(
                cast.home,
                cast.chair,
                cast.agency_a,
                start + i,
                dues[i % 4],
                stage_responder=Responder.AGENCY_LEAD,
            )
            for i in range(count)
        ]
    )


def _sweep_queries(cast, count: int) -> tuple[int, int]:
    Challenge.objects.all().delete()
    Reminder.objects.all().delete()
    mail.outbox.clear()
    _bulk(cast, count)
    with CaptureQueriesContext(connection) as queries:
        result = services.challenge_reminders_sweep(today=TODAY)
    return len(queries), result.reminders_sent


@pytest.mark.django_db
def test_the_sweep_issues_the_same_number_of_queries_for_50_or_500_challenges(cast):
    small, small_sent = _sweep_queries(cast, 48)
    large, large_sent = _sweep_queries(cast, 480)
    # Each group of four challenges: due soon and due today to the agency lead (1 + 1); overdue to the agency
    # lead and the raiser (2); stuck: overdue to those two and stuck to the chair and scrutineer (4).
    assert (small_sent, large_sent) == (12 * 8, 120 * 8)
    assert len(mail.outbox) == large_sent
    assert small == large, "a query per challenge has crept into the sweep"
    assert large <= 20


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_send_each_of_50_reminders_exactly_once(cast):
    Challenge.objects.bulk_create(
        [unsaved(cast.home, cast.chair, cast.agency_a, n, TODAY) for n in range(1, 51)]
    )
    barrier = threading.Barrier(2)
    results = []

    def sweep():
        barrier.wait()
        try:
            results.append(services.challenge_reminders_sweep(today=TODAY))
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(mail.outbox) == 50
    assert sorted(m.subject for m in mail.outbox) == sorted(
        f"Reminder: challenge CH-{n:04d} needs an answer today" for n in range(1, 51)
    )
    assert sum(r.reminders_sent for r in results) == 50
    assert Reminder.objects.filter(state="sent").count() == 50


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_flag_each_stuck_challenge_once(cast):
    Challenge.objects.bulk_create(
        [
            unsaved(cast.home, cast.manager, cast.agency_a, n, datetime.date(2026, 11, 12))
            for n in range(1, 21)
        ]
    )
    barrier = threading.Barrier(2)

    def sweep():
        barrier.wait()
        try:
            services.challenge_reminders_sweep(today=TODAY)
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert ChallengeStep.objects.filter(kind="stuck").count() == 20
    assert Challenge.objects.stuck().count() == 20
    # Overdue to the agency lead and the raiser, stuck to the chair and scrutineer: four each, once.
    assert len(mail.outbox) == 80


@pytest.mark.django_db
def test_a_crash_between_claiming_and_sending_is_reported_not_resent(cast, monkeypatch, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 26, 7, 0, tzinfo=datetime.UTC), tick=False)
    challenge = due(cast, TODAY)

    def crash(claimed, send_one):
        raise SystemExit("worker killed")

    with monkeypatch.context() as patch:
        patch.setattr(services.reminders, "deliver", crash)
        with pytest.raises(SystemExit):
            services.challenge_reminders_sweep(today=TODAY)
    assert mail.outbox == []
    assert Reminder.objects.get().state == Reminder.State.CLAIMED

    time_machine.move_to(datetime.datetime(2026, 11, 26, 9, 0, tzinfo=datetime.UTC), tick=False)
    result = services.challenge_reminders_sweep(today=TODAY)
    assert mail.outbox == [], "a claimed reminder must not be sent blindly a second time"
    assert result.unconfirmed == 1
    assert [r.subject_key for r in unconfirmed()] == [f"partners.challenge:{challenge.pk}"]


@pytest.mark.django_db
def test_a_failed_e_mail_is_recorded_and_the_others_still_go(cast, monkeypatch):
    due(cast, datetime.date(2026, 11, 25))
    real_send = services.emails.send

    def refuse_the_chair(template, context, to):
        if to == [cast.chair.email]:
            raise OSError("mailbox unavailable")
        real_send(template, context, to)

    monkeypatch.setattr(services.emails, "send", refuse_the_chair)
    result = services.challenge_reminders_sweep(today=TODAY)
    assert (result.reminders_sent, result.reminders_failed) == (1, 1)
    failed = Reminder.objects.get(state="failed")
    assert failed.recipient == cast.chair and "mailbox unavailable" in failed.error
    assert sent() == [
        (f"Overdue: the answer to challenge CH-{Challenge.objects.get().number:04d}", (cast.lead_a.email,))
    ]


@pytest.mark.django_db
def test_a_notice_whose_task_was_lost_is_sent_by_the_sweep_once(cast, today, monkeypatch, time_machine):
    # The broker is unreachable when the challenge is raised: the task never runs.
    monkeypatch.setattr(services, "enqueue_on_commit", lambda task, *ids: None)
    challenge = services.challenge_raise(
        partnership=cast.home,
        raised_by=cast.chair,
        raised_by_agency=None,
        addressed_to=cast.agency_a,
        subject="Lost notice",
        concern="c",
        asked="a",
        response_due_on=datetime.date(2026, 12, 10),
    )
    assert services.challenge_reminders_sweep(today=TODAY).notices_sent == 0  # a task may still be on its way
    time_machine.move_to(datetime.datetime(2026, 11, 26, 10, 30, tzinfo=datetime.UTC), tick=False)
    assert services.challenge_reminders_sweep(today=TODAY).notices_sent == 1
    assert sent() == [(f"Challenge {challenge.reference} for Agency A: Lost notice", (cast.lead_a.email,))]
    assert services.challenge_reminders_sweep(today=TODAY).notices_sent == 0
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_the_beat_task_is_scheduled_daily_under_its_name(cast):
    from celery.schedules import crontab

    from partners import tasks
    from partners.schedule import BEAT_SCHEDULE
    from safeguarding.celery import app

    entry = BEAT_SCHEDULE["partners.sweep_challenge_reminders"]
    assert entry["task"] == tasks.sweep_challenge_reminders.name == "partners.sweep_challenge_reminders"
    assert isinstance(entry["schedule"], crontab) and entry["schedule"].hour == {6}
    assert "partners.sweep_challenge_reminders" in app.tasks
    due(cast, TODAY)
    tasks.sweep_challenge_reminders.delay()
    assert len(mail.outbox) == 1
