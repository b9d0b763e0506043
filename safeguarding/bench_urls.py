"""The URL conf `manage.py bench` runs under: the portal's own, plus the template floor it measures against.

Never served: only the bench command activates it (override_settings), so the floor is not a public URL.
"""

from django.shortcuts import render
from django.urls import path

from safeguarding.urls import urlpatterns as portal_urlpatterns

FLOOR_ROWS = [[f"Row {r} cell {c}" for c in range(8)] for r in range(25)]


def template_floor(request):
    """The base template with a static 25 x 8 table: what any signed-in page costs before its own work."""
    return render(request, "bench/floor.html", {"rows": FLOOR_ROWS})


urlpatterns = [*portal_urlpatterns, path("bench-floor/", template_floor, name="bench_floor")]
