from django.conf import settings
from django.urls import reverse

from safeguarding.access import seat_for
from safeguarding.apps_registry import hooks


def _navigation(request, seat) -> list[dict]:
    """The areas the person may open, each app contributing its own (`<app>.access.navigation`)."""
    if not request.user.is_authenticated:
        return []
    items = [{"text": "Dashboard", "href": reverse("home"), "exact": True}]
    for navigation in hooks("access", "navigation"):
        items += [{"text": text, "href": reverse(name)} for text, name in navigation(seat)]
    path = request.path
    for item in items:
        href = item["href"]
        item["current"] = path == href
        item["active"] = not item["current"] and not item.get("exact") and path.startswith(href)
    return items


def portal(request) -> dict:
    seat = seat_for(request)
    return {
        "portal_name": settings.PORTAL_NAME,
        "seat": seat,
        "navigation": _navigation(request, seat),
    }
