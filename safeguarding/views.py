"""Project-wide pages: the public landing page or the signed-in dashboard, and the accessibility statement."""

from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from safeguarding.access import seat_for
from safeguarding.apps_registry import hooks
from safeguarding.roles import Role


@require_safe
def home(request):
    if not request.user.is_authenticated:
        from partners.models import Partnership

        return render(request, "home/landing.html", {"partnerships": Partnership.objects.order_by("name")})
    seat = seat_for(request)
    roles_held = [Role(role).label for role in Role.values if role in seat.roles]
    panels = []
    if seat.is_member:
        for app_panels in hooks("dashboard", "panels"):
            panels += app_panels(request, seat)
    return render(request, "home/dashboard.html", {"seat": seat, "roles_held": roles_held, "panels": panels})


@require_safe
def accessibility(request):
    return render(request, "home/accessibility.html")


@require_safe
def healthz(request):
    """For container health checks: the web process answers and can reach PostgreSQL."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")
