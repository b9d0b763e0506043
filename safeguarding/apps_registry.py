"""The portal's apps, and the optional hooks each provides to the project-wide pieces.

- `<app>.access.navigation(seat)`: service-navigation items, as (text, URL name) pairs
- `<app>.dashboard.panels(request, seat)`: dashboard panels, dicts with "title" and "template" (+ context)
- `<app>.demo.seed_records(partnerships)`: demo records, after the demo partnerships and people exist
- `<app>.schedule.BEAT_SCHEDULE`: Celery beat entries (plain data; read by safeguarding/celery.py)
"""

import importlib
from collections.abc import Iterator
from types import ModuleType

# In the order their pages appear in the navigation and their panels on the dashboard.
PORTAL_APPS = ("partners", "reviews", "audits", "funding", "reports")
# Demo records are seeded in dependency order: reviews (the tracker) first, reports (which read all) last.
DEMO_ORDER = ("reviews", "audits", "funding", "partners", "reports")


def modules(name: str, order: tuple[str, ...] = PORTAL_APPS) -> Iterator[ModuleType]:
    """Each app's `<app>.<name>` module, skipping apps that do not have one."""
    for app in order:
        try:
            yield importlib.import_module(f"{app}.{name}")
        except ModuleNotFoundError as error:
            if error.name != f"{app}.{name}":
                raise


def hooks(module_name: str, attribute: str, order: tuple[str, ...] = PORTAL_APPS):
    for module in modules(module_name, order):
        hook = getattr(module, attribute, None)
        if hook is not None:
            yield hook
