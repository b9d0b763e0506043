"""The statutory clocks on real England and Wales dates: Christmas, Easter, May and August bank holidays."""

import datetime as dt

import pytest
from django.test import override_settings

from reviews import clocks
from reviews.models import Review
from tests.reviews.factories import ReviewFactory

D = dt.date


def incident(**dates) -> Review:
    return Review(kind=Review.Kind.SERIOUS_INCIDENT, subject="Child A", **dates)


def lcspr(**dates) -> Review:
    return Review(kind=Review.Kind.LCSPR, subject="Child A", **dates)


def clock(review, key):
    return next(c for c in review.clocks() if c.key == key)


@pytest.mark.parametrize(
    ("aware_on", "due_on"),
    [
        # Christmas 2026: 25th Friday, Boxing Day substitute Monday 28th, New Year's Day Friday 1 January.
        (D(2026, 12, 23), D(2027, 1, 4)),
        # Easter 2026: Good Friday 3 April and Easter Monday 6 April.
        (D(2026, 4, 1), D(2026, 4, 10)),
        # Early May bank holiday, Monday 4 May 2026.
        (D(2026, 4, 29), D(2026, 5, 7)),
        # Late summer bank holiday, Monday 31 August 2026.
        (D(2026, 8, 26), D(2026, 9, 3)),
        # Christmas 2027 falls at a weekend: substitute days Monday 27 and Tuesday 28 December.
        (D(2027, 12, 22), D(2027, 12, 31)),
    ],
)
def test_notification_is_due_five_working_days_after_the_local_authority_became_aware(aware_on, due_on):
    assert clock(incident(aware_on=aware_on), clocks.NOTIFICATION).due_on == due_on


@pytest.mark.parametrize(
    ("notified_on", "due_on"),
    [
        (D(2026, 3, 30), D(2026, 4, 22)),  # across Easter
        (D(2026, 12, 14), D(2027, 1, 7)),  # across Christmas and the year end
        (D(2026, 4, 24), D(2026, 5, 18)),  # across the early May bank holiday
    ],
)
def test_rapid_review_is_due_fifteen_working_days_after_notification(notified_on, due_on):
    review = incident(aware_on=notified_on - dt.timedelta(days=2), notified_on=notified_on)
    assert clock(review, clocks.RAPID_REVIEW).due_on == due_on


def test_rapid_review_clock_starts_only_once_notified():
    review = incident(aware_on=D(2026, 3, 2))
    assert clock(review, clocks.RAPID_REVIEW).due_on is None
    assert clocks.next_open(review).key == clocks.NOTIFICATION


def test_lcspr_final_report_is_due_six_months_after_the_decision_clamped_to_month_end():
    assert clock(lcspr(commissioned_on=D(2026, 8, 31)), clocks.FINAL_REPORT).due_on == D(2027, 2, 28)
    assert clock(lcspr(commissioned_on=D(2026, 3, 16)), clocks.FINAL_REPORT).due_on == D(2026, 9, 16)


@pytest.mark.parametrize(
    ("publication", "due_on"),
    [
        (D(2026, 5, 5), D(2026, 4, 23)),  # back over the early May bank holiday
        (D(2026, 9, 2), D(2026, 8, 21)),  # back over the late August bank holiday
        (D(2027, 1, 6), D(2026, 12, 23)),  # back over New Year and Christmas
    ],
)
def test_panel_notice_is_due_seven_working_days_before_publication(publication, due_on):
    review = lcspr(
        commissioned_on=D(2026, 1, 5), final_report_on=D(2026, 4, 1), publication_planned_on=publication
    )
    assert clock(review, clocks.PANEL_NOTICE).due_on == due_on


def test_panel_notice_clock_waits_for_the_final_report():
    review = lcspr(commissioned_on=D(2026, 1, 5), publication_planned_on=D(2026, 9, 2))
    assert clock(review, clocks.PANEL_NOTICE).due_on is None


@override_settings(REVIEW_NOTIFY_WORKING_DAYS=3, REVIEW_LCSPR_REPORT_MONTHS=9)
def test_durations_come_from_settings():
    assert clock(incident(aware_on=D(2026, 12, 23)), clocks.NOTIFICATION).due_on == D(2026, 12, 30)
    assert clock(lcspr(commissioned_on=D(2026, 1, 5)), clocks.FINAL_REPORT).due_on == D(2026, 10, 5)


def test_completing_after_the_due_date_counts_working_days_late():
    review = incident(aware_on=D(2026, 12, 23), notified_on=D(2027, 1, 6))
    notification = clock(review, clocks.NOTIFICATION)
    assert notification.completed_late
    assert notification.working_days_late() == 2
    assert notification.status(D(2027, 2, 1)) == "late"


@pytest.mark.parametrize(
    ("today", "status", "days"),
    [
        (D(2026, 4, 1), "green", 13),  # Good Friday and Easter Monday do not count
        (D(2026, 4, 15), "amber", 5),  # five working days: Easter Monday is not one of them
        (D(2026, 4, 22), "amber", 0),  # due today
        (D(2026, 4, 23), "red", -1),
        (D(2026, 4, 28), "red", -4),
    ],
)
def test_rag_and_days_left_of_an_open_clock(today, status, days):
    due = D(2026, 4, 22)
    assert clocks.rag(due, today) == status
    assert clocks.days_left(due, today) == days


def test_a_due_date_missed_at_the_weekend_is_overdue_by_at_least_one_day():
    assert clocks.days_left(D(2026, 11, 27), D(2026, 11, 28)) == -1


@pytest.mark.django_db
def test_stored_stage_and_next_deadline_follow_the_dates():
    review = ReviewFactory(aware_on=D(2026, 3, 30))
    assert (review.stage, review.next_clock, review.next_due_on) == (
        "notification",
        "notification",
        D(2026, 4, 8),
    )
    review.notified_on = D(2026, 3, 30)
    review.refresh_clock()
    assert (review.stage, review.next_clock, review.next_due_on) == (
        "rapid_review",
        "rapid_review",
        D(2026, 4, 22),
    )
    review.rapid_review_completed_on, review.decision = D(2026, 4, 20), "none"
    review.refresh_clock()
    assert (review.stage, review.next_due_on) == ("decided", None)
    review.closed_on = D(2026, 5, 1)
    review.refresh_clock()
    assert review.stage == "closed"


def test_timeline_lists_events_and_due_dates_in_order():
    review = incident(aware_on=D(2026, 12, 23), notified_on=D(2027, 1, 6), notification_delay_reason="Panel")
    events = clocks.timeline(review, D(2027, 1, 8))
    assert [e.title for e in events] == [
        "The local authority became aware of the serious incident",
        "Notified the national Panel",
        "Complete the rapid review: due",
    ]
    assert "2 working days late" in events[1].detail and "Panel" in events[1].detail
    assert events[2].on == D(2027, 1, 27)
