"""The statutory clocks of a case review (DOMAIN.md §2), computed from its dates and the settings.

A serious incident runs two clocks: notifying the national Panel (REVIEW_NOTIFY_WORKING_DAYS from the day the
local authority became aware) and the rapid review (REVIEW_RAPID_REVIEW_WORKING_DAYS from the notification).
An LCSPR runs two more: the final report (REVIEW_LCSPR_REPORT_MONTHS from the decision to review) and the
notice to the Panel (REVIEW_PANEL_NOTICE_WORKING_DAYS before publication). The clocks of a review run one
after another, so an open review has at most one open clock: its next deadline.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings

from safeguarding.calendar import add_months, add_working_days, working_days_between

NOTIFICATION = "notification"
RAPID_REVIEW = "rapid_review"
FINAL_REPORT = "final_report"
PANEL_NOTICE = "panel_notice"

CLOCK_LABELS = {
    NOTIFICATION: "Notify the national Panel",
    RAPID_REVIEW: "Complete the rapid review",
    FINAL_REPORT: "Final report",
    PANEL_NOTICE: "Send the report to the Panel before publication",
}

RED, AMBER, GREEN = "red", "amber", "green"
RAG_LABELS = {RED: "Overdue", AMBER: "Due soon", GREEN: "On track"}


@dataclass(frozen=True)
class Clock:
    key: str
    rule: str
    due_on: datetime.date | None  # None: the clock has not started yet
    completed_on: datetime.date | None
    delay_reason: str = ""

    @property
    def label(self) -> str:
        return CLOCK_LABELS[self.key]

    @property
    def is_open(self) -> bool:
        return self.due_on is not None and self.completed_on is None

    @property
    def completed_late(self) -> bool:
        return bool(self.completed_on and self.due_on and self.completed_on > self.due_on)

    def working_days_late(self) -> int:
        if not self.completed_late:
            return 0
        return working_days_between(self.due_on, self.completed_on)

    def status(self, today: datetime.date) -> str:
        """done, late (completed after its due date), waiting (not started), or the RAG of an open clock."""
        if self.due_on is None:
            return "waiting"
        if self.completed_on is not None:
            return "late" if self.completed_late else "done"
        return rag(self.due_on, today)

    def days_left(self, today: datetime.date) -> int | None:
        return days_left(self.due_on, today) if self.is_open else None


def rag(due_on: datetime.date, today: datetime.date) -> str:
    if today > due_on:
        return RED
    if working_days_between(today, due_on) <= settings.REVIEW_AMBER_WORKING_DAYS:
        return AMBER
    return GREEN


def days_left(due_on: datetime.date, today: datetime.date) -> int:
    """Working days from today to the due date; negative once it has passed (at least -1 the day after)."""
    if today <= due_on:
        return working_days_between(today, due_on)
    return min(-1, -working_days_between(due_on, today))


def deadline_row(review, today: datetime.date) -> dict:
    """A review with its stored next deadline's RAG status and working days left, for lists and panels."""
    due_on = review.next_due_on
    return {
        "review": review,
        "rag": rag(due_on, today) if due_on else "",
        "days_left": days_left(due_on, today) if due_on else None,
    }


def amber_from(today: datetime.date) -> datetime.date:
    """The latest due date that is amber today: the boundary for filtering stored deadlines by RAG."""
    return add_working_days(today, settings.REVIEW_AMBER_WORKING_DAYS)


def notification_due(aware_on: datetime.date) -> datetime.date:
    return add_working_days(aware_on, settings.REVIEW_NOTIFY_WORKING_DAYS)


def rapid_review_due(notified_on: datetime.date) -> datetime.date:
    return add_working_days(notified_on, settings.REVIEW_RAPID_REVIEW_WORKING_DAYS)


def final_report_due(decided_on: datetime.date) -> datetime.date:
    return add_months(decided_on, settings.REVIEW_LCSPR_REPORT_MONTHS)


def panel_notice_due(publication_on: datetime.date) -> datetime.date:
    return add_working_days(publication_on, -settings.REVIEW_PANEL_NOTICE_WORKING_DAYS)


def clocks_for(review) -> list[Clock]:
    """The review's clocks in order, each with its due date (once started) and completion."""
    if review.kind == "serious_incident":
        return [
            Clock(
                NOTIFICATION,
                f"{settings.REVIEW_NOTIFY_WORKING_DAYS} working days from the day the local authority became "
                "aware",
                notification_due(review.aware_on) if review.aware_on else None,
                review.notified_on,
                review.notification_delay_reason,
            ),
            Clock(
                RAPID_REVIEW,
                f"{settings.REVIEW_RAPID_REVIEW_WORKING_DAYS} working days from the notification",
                rapid_review_due(review.notified_on) if review.notified_on else None,
                review.rapid_review_completed_on,
                review.rapid_review_delay_reason,
            ),
        ]
    if review.kind == "lcspr":
        publication_on = review.published_on or review.publication_planned_on
        return [
            Clock(
                FINAL_REPORT,
                f"{settings.REVIEW_LCSPR_REPORT_MONTHS} months from the decision to hold the review",
                final_report_due(review.commissioned_on) if review.commissioned_on else None,
                review.final_report_on,
                review.final_report_delay_reason,
            ),
            Clock(
                PANEL_NOTICE,
                f"at least {settings.REVIEW_PANEL_NOTICE_WORKING_DAYS} working days before publication",
                panel_notice_due(publication_on) if publication_on and review.final_report_on else None,
                review.panel_sent_on,
                review.panel_notice_delay_reason,
            ),
        ]
    return []


def next_open(review) -> Clock | None:
    """The open clock with the earliest due date, or None for a closed review or one with nothing due."""
    if review.closed_on:
        return None
    open_clocks = [clock for clock in clocks_for(review) if clock.is_open]
    return min(open_clocks, key=lambda clock: clock.due_on) if open_clocks else None


@dataclass(frozen=True)
class Event:
    """One line of a review's timeline: something that happened, or a deadline still to come."""

    on: datetime.date
    title: str
    detail: str = ""
    status: str = ""  # a clock's status: done, late, red, amber, green; blank for plain events
    days_left: int | None = None


def _clock_events(clock: Clock, today: datetime.date, done_title: str) -> list[Event]:
    if clock.due_on is None:
        return []
    status = clock.status(today)
    if clock.completed_on is None:
        return [Event(clock.due_on, f"{clock.label}: due", clock.rule, status, clock.days_left(today))]
    if clock.completed_late:
        late = clock.working_days_late()
        detail = f"{late} working day{'s' if late != 1 else ''} late (due {clock.due_on:%-d %B %Y})."
        if clock.delay_reason:
            detail += f" Reason for the delay: {clock.delay_reason}"
        return [Event(clock.completed_on, done_title, detail, status)]
    return [Event(clock.completed_on, done_title, f"On time (due {clock.due_on:%-d %B %Y}).", status)]


def timeline(review, today: datetime.date) -> list[Event]:
    """What happened to the review and what is still due, in date order."""
    by_key = {clock.key: clock for clock in clocks_for(review)}
    events: list[Event] = []
    if review.aware_on:
        events.append(Event(review.aware_on, "The local authority became aware of the serious incident"))
    if NOTIFICATION in by_key:
        events += _clock_events(by_key[NOTIFICATION], today, "Notified the national Panel")
    if RAPID_REVIEW in by_key:
        events += _clock_events(by_key[RAPID_REVIEW], today, "Rapid review completed and sent to the Panel")
    if review.decision:
        events.append(
            Event(
                review.rapid_review_completed_on,
                f"Decision: {review.get_decision_display()}",
                review.decision_rationale,
            )
        )
    if review.commissioned_on:
        title = "Decision to hold the review" if review.kind == "lcspr" else "Review commissioned"
        events.append(Event(review.commissioned_on, title))
    if FINAL_REPORT in by_key:
        events += _clock_events(by_key[FINAL_REPORT], today, "Final report completed")
    elif review.final_report_on:
        events.append(Event(review.final_report_on, "Final report completed"))
    if review.publication_planned_on and not review.published_on:
        events.append(Event(review.publication_planned_on, "Planned publication"))
    if PANEL_NOTICE in by_key:
        events += _clock_events(by_key[PANEL_NOTICE], today, "Full report sent to the Panel")
    if review.published_on:
        events.append(Event(review.published_on, "Published"))
    if review.closed_on:
        events.append(Event(review.closed_on, "Closed"))
    return sorted(events, key=lambda event: event.on)
