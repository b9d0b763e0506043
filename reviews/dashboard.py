"""Dashboard panels: open reviews with their next deadline; overdue improvement actions by agency."""

from django.db.models import Count
from django.utils import timezone

from reviews import access, clocks

PANEL_ROWS = 6


def panels(request, seat) -> list[dict]:
    today = timezone.localdate()
    found = []
    if access.can_list_reviews(seat):
        open_reviews = access.reviews_for_user(seat, request.user).open()
        upcoming = list(open_reviews.filter(next_due_on__isnull=False).order_by("next_due_on")[:PANEL_ROWS])
        found.append(
            {
                "title": "Case reviews: next deadlines",
                "template": "reviews/panels/open_reviews.html",
                "rows": [clocks.deadline_row(review, today) for review in upcoming],
                "open_count": open_reviews.count(),
                "overdue_count": open_reviews.filter(next_due_on__lt=today).count(),
            }
        )
    if access.can_list_actions(seat):
        by_agency = (
            access.actions_for_user(seat)
            .overdue(today)
            .values("owner_agency_id", "owner_agency__name")
            .annotate(count=Count("id"))
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
