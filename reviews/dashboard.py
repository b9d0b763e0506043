"""Dashboard panels: open reviews with their next deadline; overdue improvement actions by agency.

Each panel is one written-out query: composing them through the ORM took longer than running them, on
every dashboard load. Who sees what follows reviews.access (reviews_for_user, actions_for_user)."""

from django.db import connection
from django.utils import timezone

from partners.models import Agency
from reviews import access, clocks
from reviews.models import Action, Review, ReviewerGrant

PANEL_ROWS = 6

# The next deadlines and both totals at once: the window counts run over every open review before the
# LIMIT; reviews with no clock running sort last and are left out of the table.
UPCOMING_SQL = """
SELECT r.id, r.public_id, r.reference, r.next_clock, r.next_due_on,
    count(*) OVER (), count(*) FILTER (WHERE r.next_due_on < %(today)s) OVER ()
FROM {review} r
WHERE r.partnership_id = %(partnership)s AND r.closed_on IS NULL {granted}
ORDER BY r.next_due_on NULLS LAST, r.id
LIMIT %(limit)s
"""
# A reviewer sees the reviews granted to them (reviews.access.reviews_for_user).
GRANTED = "AND r.id IN (SELECT g.content_object_id FROM {grant} g WHERE g.user_id = %(user)s)"

# Counted by agency first and the few names joined after: joining the agency table before grouping had
# PostgreSQL hash every agency in the deployment for a couple of dozen rows.
OVERDUE_BY_AGENCY_SQL = """
SELECT t.owner_agency_id, a.name, t.overdue
FROM (SELECT owner_agency_id, count(*) AS overdue FROM {action}
      WHERE partnership_id = %(partnership)s AND status = ANY(%(outstanding)s) AND due_on < %(today)s
        {own_agencies}
      GROUP BY owner_agency_id) t
JOIN {agency} a ON a.id = t.owner_agency_id
ORDER BY t.overdue DESC, a.name
"""
# Board members and agency leads see their own agencies' actions (reviews.access.actions_for_user).
OWN_AGENCIES = "AND owner_agency_id = ANY(%(agencies)s)"


def panels(request, seat) -> list[dict]:
    today = timezone.localdate()
    found = []
    if access.can_list_reviews(seat):
        found.append(_reviews_panel(request, seat, today))
    if access.can_list_actions(seat):
        found.append(_actions_panel(seat, today))
    return found


def _reviews_panel(request, seat, today) -> dict:
    readers = access.reads_every_review(seat)
    granted = "" if readers else GRANTED.format(grant=ReviewerGrant._meta.db_table)
    params = {
        "partnership": seat.partnership.pk,
        "today": today,
        "limit": PANEL_ROWS,
        "user": request.user.pk,
    }
    with connection.cursor() as cursor:
        cursor.execute(UPCOMING_SQL.format(review=Review._meta.db_table, granted=granted), params)
        found = cursor.fetchall()
    reviews = [
        Review(id=pk, public_id=public_id, reference=reference, next_clock=clock, next_due_on=due_on)
        for pk, public_id, reference, clock, due_on, _, _ in found
    ]
    return {
        "title": "Case reviews: next deadlines",
        "template": "reviews/panels/open_reviews.html",
        "rows": [clocks.deadline_row(review, today) for review in reviews if review.next_due_on],
        "open_count": found[0][5] if found else 0,
        "overdue_count": found[0][6] if found else 0,
    }


def _actions_panel(seat, today) -> dict:
    own_agencies = "" if access.reads_every_action(seat) else OWN_AGENCIES
    params = {
        "partnership": seat.partnership.pk,
        "today": today,
        "outstanding": [str(status) for status in Action.OUTSTANDING],
        "agencies": sorted(seat.agency_ids),
    }
    sql = OVERDUE_BY_AGENCY_SQL.format(
        action=Action._meta.db_table, agency=Agency._meta.db_table, own_agencies=own_agencies
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = [
            {"owner_agency_id": agency_id, "owner_agency__name": name, "count": overdue}
            for agency_id, name, overdue in cursor.fetchall()
        ]
    return {
        "title": "Overdue improvement actions",
        "template": "reviews/panels/overdue_actions.html",
        "rows": rows,
    }
