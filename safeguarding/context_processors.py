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
    # The section is the item whose address is the longest prefix of the page's (Agencies, not Partnership,
    # for /partners/agencies/...); the dashboard is only ever current on itself.
    path = request.path
    prefixes = [i for i in items if not i.get("exact") and path.startswith(i["href"])]
    section = max(prefixes, key=lambda i: len(i["href"]), default=None)
    for item in items:
        item["current"] = path == item["href"]
        item["active"] = item is section and not item["current"]
    return items


def portal(request) -> dict:
    seat = seat_for(request)
    return {
        "portal_name": settings.PORTAL_NAME,
        "seat": seat,
        "navigation": _navigation(request, seat),
        # django-htmx's {% htmx_script %} reads the CSP nonce from here.
        "csp_nonce": getattr(request, "csp_nonce", ""),
    }
