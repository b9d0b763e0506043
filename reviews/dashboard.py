"""Dashboard panels: open reviews with their next deadline; overdue improvement actions by agency."""

from django.db.models import Count, F, OuterRef, Q, Subquery, Window
from django.utils import timezone

from partners.models import Agency
from reviews import access, clocks

PANEL_ROWS = 6


def panels(request, seat) -> list[dict]:
    today = timezone.localdate()
    found = []
    if access.can_list_reviews(seat):
        # The next deadlines and both totals in one query: window counts run over every open review
        # before the LIMIT; reviews with no clock running sort last and are left out of the table.
        upcoming = list(
            access.reviews_for_user(seat, request.user)
            .open()
            .annotate(
                open_total=Window(Count("id")),
                overdue_total=Window(Count("id", filter=Q(next_due_on__lt=today))),
            )
            .order_by(F("next_due_on").asc(nulls_last=True), "pk")[:PANEL_ROWS]
        )
        found.append(
            {
                "title": "Case reviews: next deadlines",
                "template": "reviews/panels/open_reviews.html",
                "rows": [clocks.deadline_row(review, today) for review in upcoming if review.next_due_on],
                "open_count": upcoming[0].open_total if upcoming else 0,
                "overdue_count": upcoming[0].overdue_total if upcoming else 0,
            }
        )
    if access.can_list_actions(seat):
        # Counted by agency id first and the few names looked up after: joining the agency table before
        # grouping had PostgreSQL hash every agency in the deployment for a couple of dozen rows.
        agency_name = Agency.objects.filter(pk=OuterRef("owner_agency_id")).order_by().values("name")[:1]
        by_agency = (
            access.actions_for_user(seat)
            .overdue(today)
            .values("owner_agency_id")
            .annotate(count=Count("id"))
            .annotate(owner_agency__name=Subquery(agency_name))
            .order_by("-count", "owner_agency__name")
        )
        found.append(
            {
                "title": "Overdue improvement actions",
                "template": "reviews/panels/overdue_actions.html",
                "rows": list(by_agency),
            }
        )
    return found
