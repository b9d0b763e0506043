"""Dashboard panels: an agency lead's returns; the partnership's open cycles and how complete they are."""

from __future__ import annotations

import datetime

from django.db import connection
from django.utils import timezone

from audits import access
from audits.models import Cycle, Participation, Return
from partners.models import Membership
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
        cycles = recent_cycles(seat.partnership, today - datetime.timedelta(days=180))
        if cycles:
            found.append(
                {"title": "Section 11 cycles", "template": "audits/panels/cycles.html", "cycles": cycles}
            )
    return found


# The partnership's cycles due since a date with how many of its member agencies' returns are in, as
# Return.objects.visible_in counts them. Written out: composing it in the ORM took longer than running it.
RECENT_CYCLES_SQL = """
SELECT cy.public_id, cy.name, cy.due_on, count(r.id),
    count(r.id) FILTER (WHERE r.status = ANY(%(submitted)s))
FROM {cycle} cy
JOIN {participation} p ON p.cycle_id = cy.id AND p.partnership_id = %(partnership)s
JOIN {return_} r ON r.cycle_id = cy.id
WHERE cy.due_on >= %(since)s
  AND r.agency_id IN (SELECT m.agency_id FROM {membership} m
                      WHERE m.partnership_id = %(partnership)s AND m.ends_on IS NULL)
GROUP BY cy.id
ORDER BY cy.due_on, cy.id
LIMIT 5
"""


def recent_cycles(partnership, since: datetime.date) -> list[dict]:
    sql = RECENT_CYCLES_SQL.format(
        cycle=Cycle._meta.db_table,
        participation=Participation._meta.db_table,
        return_=Return._meta.db_table,
        membership=Membership._meta.db_table,
    )
    params = {
        "partnership": partnership.pk,
        "since": since,
        "submitted": [str(Return.Status.SUBMITTED), str(Return.Status.ACCEPTED)],
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [
            {"public_id": public_id, "name": name, "due_on": due_on, "total": total, "submitted": submitted}
            for public_id, name, due_on, total, submitted in cursor.fetchall()
        ]
