"""Dashboard panels from partners: challenges waiting for an agency's answer, those stuck or overdue, and
the year's challenge log in numbers."""

from __future__ import annotations

from django.db.models import CharField, Count, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from partners import access
from partners.challenge_summary import financial_year
from partners.models import Challenge
from safeguarding import counting, reminders
from safeguarding.access import Seat

PANEL_ROWS = 8


def _first_rows(queryset) -> tuple[list, int]:
    """Up to PANEL_ROWS rows and the total, counting only when there are more rows than shown."""
    rows = list(queryset[: PANEL_ROWS + 1])
    if len(rows) <= PANEL_ROWS:
        return rows, len(rows)
    return rows[:PANEL_ROWS], queryset.count()


def _awaiting_panel(request, seat: Seat, today) -> dict:
    waiting = (
        access.challenges_awaiting_agency_response(seat, request.user)
        .select_related("addressed_to")
        .order_by("stage_due_on", "number")
    )
    rows, total = _first_rows(waiting)
    return {
        "title": "Challenges awaiting your agency's response",
        "template": "challenges/panels/awaiting.html",
        "challenges": rows,
        "total": total,
        "today": today,
    }


def _oversight_panel(request, seat: Seat, today) -> dict:
    visible = access.challenges_for_user(seat, request.user)
    overdue = visible.overdue(today)
    rows = list(
        overdue.select_related("addressed_to").order_by("stuck_since", "stage_due_on", "number")[:PANEL_ROWS]
    )
    keys = visible.annotate(
        key=Concat(Value("partners.challenge:"), Cast("pk", CharField()), output_field=CharField())
    ).values("key")
    figures = counting.counts(
        overdue=overdue,
        stuck=overdue.filter(stuck_since__isnull=False),
        unconfirmed=reminders.unconfirmed().filter(kind__startswith="challenge.", subject_key__in=keys),
    )
    return {
        "title": "Stuck and overdue challenges",
        "template": "challenges/panels/oversight.html",
        "challenges": rows,
        **figures,
        "today": today,
    }


def _summary_panel(seat: Seat, today) -> dict:
    """The year in one aggregate query; the full summary (by agency, outcomes, median) has its own page."""
    start, end = financial_year(today)
    in_year = Q(raised_on__range=(start, end))
    figures = Challenge.objects.filter(partnership=seat.partnership).aggregate(
        raised=Count("pk", filter=in_year),
        resolved=Count("pk", filter=Q(status=Challenge.Status.RESOLVED, closed_on__range=(start, end))),
        stuck=Count("pk", filter=Q(stuck_since__isnull=False)),
        open_now=Count("pk", filter=Q(status__in=Challenge.OPEN_STATUSES)),
        stage_2=Count("pk", filter=in_year & Q(stage__gte=2)),
        stage_3=Count("pk", filter=in_year & Q(stage__gte=3)),
    )
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
    if access.can_view_challenge_oversight_panel(seat):
        found.append(_oversight_panel(request, seat, today))
    if access.can_view_challenge_summary(seat):
        found.append(_summary_panel(seat, today))
    return found
