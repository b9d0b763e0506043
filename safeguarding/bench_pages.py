"""What `manage.py bench` measures: the key pages (with the person who opens each), the reminder sweeps and
the tables whose count(*) is a floor. Objects are looked up in the first benchmark partnership."""

from __future__ import annotations

from django.urls import reverse

from partners.models import RoleAssignment
from safeguarding.apps_registry import DEMO_ORDER, hooks
from safeguarding.roles import Role


def _people(partnership) -> dict[str, object]:
    people = {}
    for assignment in (
        RoleAssignment.objects.filter(partnership=partnership).select_related("user").order_by("pk")
    ):
        people.setdefault(assignment.role, assignment.user)
    return people


def pages(partnership) -> list[dict]:
    people = _people(partnership)
    found = []
    for role in Role.values:
        if role in people:
            found.append(
                {
                    "label": f"dashboard ({Role(role).label.lower()})",
                    "user": people[role],
                    "url": "/",
                    "dashboard": True,
                }
            )
    manager = people.get(Role.BUSINESS_MANAGER)
    found.append({"label": "agencies list", "user": manager, "url": reverse("partners:agency_list")})
    found += _app_pages(partnership, people)
    return found


def _app_pages(partnership, people) -> list[dict]:
    """Each app's key pages (`<app>/bench_data.py: pages(partnership, people)`), where it has records."""
    found = []
    for app_pages in hooks("bench_data", "pages", DEMO_ORDER):
        found += app_pages(partnership, people)
    return found


def sweeps(partnership) -> list[dict]:
    """Each app's reminder sweeps (`<app>/bench_data.py: sweeps(partnership)`): dicts with "label", "rows"
    (how many records the sweep considers), "run" (a callable running the real sweep), "bare_update" (SQL: a
    set-based UPDATE touching the same rows, the floor) and "max_queries"."""
    found = []
    for app_sweeps in hooks("bench_data", "sweeps", DEMO_ORDER):
        found += app_sweeps(partnership)
    return found


def tables() -> list[str]:
    found = ["partners_agency", "partners_membership", "partners_roleassignment"]
    for app_tables in hooks("bench_data", "TABLES", DEMO_ORDER):
        found += list(app_tables)
    return found
