import pytest
from django.core.management import call_command

from partners.models import Agency, Membership, Partnership, RoleAssignment
from safeguarding.models import User
from safeguarding.roles import Role

pytestmark = pytest.mark.django_db


def test_seed_demo_is_believable_and_idempotent(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    counts = (
        Partnership.objects.count(),
        Agency.objects.count(),
        Membership.objects.count(),
        User.objects.count(),
    )
    call_command("seed_demo")
    assert (
        Partnership.objects.count(),
        Agency.objects.count(),
        Membership.objects.count(),
        User.objects.count(),
    ) == counts
    three_rivers, dunmore = (
        Partnership.objects.get(slug="three-rivers"),
        Partnership.objects.get(slug="dunmore"),
    )
    assert three_rivers.areas.count() == 3 and dunmore.areas.count() == 1
    assert 15 <= Agency.objects.count() <= 25
    shared = set(
        Agency.objects.filter(memberships__partnership=three_rivers)
        .filter(memberships__partnership=dunmore)
        .values_list("sector", flat=True)
    )
    assert {"police", "icb"} <= shared
    held = set(RoleAssignment.objects.values_list("role", flat=True))
    assert held == set(Role.values)
