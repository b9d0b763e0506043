from django.conf import settings
from django.urls import reverse

from safeguarding.access import seat_for


def _navigation(request, seat) -> list[dict]:
    if not request.user.is_authenticated:
        return []
    items = [{"text": "Dashboard", "href": reverse("home")}]
    path = request.path
    for item in items:
        href = item["href"]
        item["current"] = path == href
        item["active"] = href != "/" and path.startswith(href)
    return items


def portal(request) -> dict:
    seat = seat_for(request)
    return {
        "portal_name": settings.PORTAL_NAME,
        "seat": seat,
        "navigation": _navigation(request, seat),
    }
