"""Dashboard panels from partners: challenges waiting for an agency's answer, those stuck or overdue, and
the year's challenge log in numbers."""

from __future__ import annotations

from types import SimpleNamespace

from django.db import connection
from django.db.models import Count, Window
from django.utils import timezone

from partners import access
from partners.challenge_summary import financial_year
from partners.models import Agency, Challenge
from safeguarding import reminders
from safeguarding.access import Seat
from safeguarding.models import Reminder

PANEL_ROWS = 8


def _awaiting_panel(request, seat: Seat, today) -> dict:
    # The first rows and how many there are in all, in one query whatever the number.
    rows = list(
        access.challenges_awaiting_agency_response(seat, request.user)
        .select_related("addressed_to")
        .annotate(total=Window(Count("pk")))
        .order_by("stage_due_on", "number")[:PANEL_ROWS]
    )
    total = rows[0].total if rows else 0
    return {
        "title": "Challenges awaiting your agency's response",
        "template": "challenges/panels/awaiting.html",
        "challenges": rows,
        "total": total,
        "today": today,
    }


# Both panels below are for roles that see every challenge of the partnership, so their figures are one
# aggregate over the partnership's challenges (an index range), with the unconfirmed e-mails as a subquery:
# written out rather than composed through the ORM, whose query building cost more than the query itself.
FIGURES_SQL = """
SELECT
    count(*) FILTER (WHERE c.status = %(awaiting)s AND c.stage_due_on < %(today)s),
    count(*) FILTER (WHERE c.status = %(awaiting)s AND c.stage_due_on < %(today)s
                     AND c.stuck_since IS NOT NULL),
    count(*) FILTER (WHERE c.raised_on BETWEEN %(start)s AND %(end)s),
    count(*) FILTER (WHERE c.status = %(resolved)s AND c.closed_on BETWEEN %(start)s AND %(end)s),
    count(*) FILTER (WHERE c.stuck_since IS NOT NULL),
    count(*) FILTER (WHERE c.status = ANY(%(open)s)),
    count(*) FILTER (WHERE c.raised_on BETWEEN %(start)s AND %(end)s AND c.stage >= 2),
    count(*) FILTER (WHERE c.raised_on BETWEEN %(start)s AND %(end)s AND c.stage >= 3),
    (SELECT count(*) FROM {reminder} r
     WHERE r.state = %(claimed)s AND r.claimed_at < %(unconfirmed_before)s AND r.kind LIKE 'challenge.%%'
       AND r.subject_key IN (SELECT %(key_prefix)s || c2.id FROM {challenge} c2
                             WHERE c2.partnership_id = %(partnership)s))
FROM {challenge} c
WHERE c.partnership_id = %(partnership)s
"""
FIGURE_NAMES = [
    "overdue",
    "stuck_overdue",
    "raised",
    "resolved",
    "stuck",
    "open_now",
    "stage_2",
    "stage_3",
    "unconfirmed",
]


def partnership_figures(partnership, today) -> dict[str, int]:
    start, end = financial_year(today)
    params = {
        "partnership": partnership.pk,
        "today": today,
        "start": start,
        "end": end,
        "awaiting": Challenge.Status.AWAITING_RESPONSE,
        "resolved": Challenge.Status.RESOLVED,
        "open": [str(status) for status in Challenge.OPEN_STATUSES],
        "claimed": Reminder.State.CLAIMED,
        "unconfirmed_before": timezone.now() - reminders.UNCONFIRMED_AFTER,
        "key_prefix": reminders.subject_key(Challenge._meta.label_lower, ""),
    }
    sql = FIGURES_SQL.format(reminder=Reminder._meta.db_table, challenge=Challenge._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return dict(zip(FIGURE_NAMES, cursor.fetchone(), strict=True))


OVERDUE_ROWS_SQL = """
SELECT c.public_id, c.number, c.subject, c.stage, c.stage_due_on, c.stuck_since, a.name
FROM {challenge} c JOIN {agency} a ON a.id = c.addressed_to_id
WHERE c.partnership_id = %(partnership)s AND c.status = %(awaiting)s AND c.stage_due_on < %(today)s
ORDER BY c.stuck_since NULLS LAST, c.stage_due_on, c.number
LIMIT %(limit)s
"""


def _overdue_rows(partnership, today) -> list[SimpleNamespace]:
    """The first overdue challenges, stuck ones first, with what the panel shows of each (one query)."""
    sql = OVERDUE_ROWS_SQL.format(challenge=Challenge._meta.db_table, agency=Agency._meta.db_table)
    params = {
        "partnership": partnership.pk,
        "awaiting": Challenge.Status.AWAITING_RESPONSE,
        "today": today,
        "limit": PANEL_ROWS,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [
        SimpleNamespace(
            public_id=public_id,
            reference=Challenge(number=number).reference,
            subject=subject,
            stage=stage,
            stage_due_on=due_on,
            stuck_since=stuck_since,
            addressed_to=SimpleNamespace(name=agency_name),
        )
        for public_id, number, subject, stage, due_on, stuck_since, agency_name in rows
    ]


def _oversight_panel(seat: Seat, today, figures: dict) -> dict:
    return {
        "title": "Stuck and overdue challenges",
        "template": "challenges/panels/oversight.html",
        "challenges": _overdue_rows(seat.partnership, today),
        "overdue": figures["overdue"],
        "stuck": figures["stuck_overdue"],
        "unconfirmed": figures["unconfirmed"],
        "today": today,
    }


def _summary_panel(today, figures: dict) -> dict:
    """The year in numbers; the full summary (by agency, outcomes, median) has its own page."""
    start, _ = financial_year(today)
    return {
        "title": "Challenges this year",
        "template": "challenges/panels/summary.html",
        "start": start,
        "figures": figures,
    }


def panels(request, seat: Seat) -> list[dict]:
    today = timezone.localdate()
    found = []
    if access.can_view_challenge_awaiting_panel(seat):
        found.append(_awaiting_panel(request, seat, today))
    oversight = access.can_view_challenge_oversight_panel(seat)
    summary = access.can_view_challenge_summary(seat)
    if oversight or summary:
        figures = partnership_figures(seat.partnership, today)
        if oversight:
            found.append(_oversight_panel(seat, today, figures))
        if summary:
            found.append(_summary_panel(today, figures))
    return found
