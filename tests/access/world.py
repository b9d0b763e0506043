"""The objects the access matrix requests URLs with: the cast plus records in both partnerships.

Each app adds the records its URLs need in `build(world)` of its own tests/access/world_<app>.py, which
`build` below calls after the partners records exist (in name order).
"""

from partners.models import Membership, RoleAssignment
from tests.factories import AreaFactory


def _partners(w) -> None:
    w.area_home = w.home.areas.first()
    w.area_other = w.other.areas.first() or AreaFactory(partnership=w.other)
    w.membership_a = Membership.objects.get(partnership=w.home, agency=w.agency_a)
    w.membership_other = Membership.objects.get(partnership=w.other, agency=w.shared)
    w.assignment_home = RoleAssignment.objects.get(user=w.lead_b, partnership=w.home)
    w.assignment_other = RoleAssignment.objects.get(user=w.outsider, partnership=w.other)


def build(cast):
    import importlib
    import pkgutil

    import tests.access

    _partners(cast)
    for module in sorted(pkgutil.iter_modules(tests.access.__path__), key=lambda m: m.name):
        if module.name.startswith("world_"):
            importlib.import_module(f"tests.access.{module.name}").build(cast)
    return cast
