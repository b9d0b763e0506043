"""Dashboard panels: an agency lead's returns; the partnership's open cycles and how complete they are."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.utils import timezone

from audits import access
from audits.models import Return
from safeguarding.access import Seat


def panels(request, seat: Seat) -> list[dict]:
    found = []
    today = timezone.localdate()
    mine = list(
        access.lead_returns(seat, request.user)
        .open()
        .select_related("cycle", "agency")
        .order_by("cycle__due_on")[:10]
    )
    if mine:
        found.append(
            {
                "title": "Section 11 returns to complete",
                "template": "audits/panels/my_returns.html",
                "returns": mine,
                "today": today,
            }
        )
    if access.can_read_results(seat):
        cycles = list(
            Return.objects.visible_in(seat.partnership)
            .filter(cycle__due_on__gte=today - datetime.timedelta(days=180))
            .values("cycle__public_id", "cycle__name", "cycle__due_on")
            .annotate(
                total=Count("id"),
                submitted=Count("id", filter=Q(status__in=[Return.Status.SUBMITTED, Return.Status.ACCEPTED])),
            )
            .order_by("cycle__due_on")[:5]
        )
        if cycles:
            found.append(
                {"title": "Section 11 cycles", "template": "audits/panels/cycles.html", "cycles": cycles}
            )
    return found
