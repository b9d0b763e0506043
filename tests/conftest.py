"""The fixed cast every test can use, and the rule that a test needing a service never skips in CI."""

import os
from types import SimpleNamespace

import pytest

from safeguarding.roles import Role
from tests.factories import (
    AgencyFactory,
    AreaFactory,
    MembershipFactory,
    PartnershipFactory,
    RoleFactory,
    UserFactory,
    give_totp,
)

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_sessionfinish(session, exitstatus):
    """In CI (STRICT_SERVICES=1) a skipped test fails the run: a service it needed was not reachable."""
    if os.environ.get("STRICT_SERVICES") != "1":
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped:
        reporter.write_line(f"STRICT_SERVICES: {len(skipped)} test(s) skipped; failing the run.", red=True)
        session.exitstatus = 1


@pytest.fixture
def cast(db):
    """Two partnerships sharing agency `shared` (say, the police force); one person per role in `home`."""
    home = PartnershipFactory(name="Home Partnership", slug="home")
    other = PartnershipFactory(name="Other Partnership", slug="other")
    AreaFactory(partnership=home, population_total=300_000, population_0_17=66_000)
    AreaFactory(partnership=other, population_total=150_000, population_0_17=30_000)
    agency_a = AgencyFactory(name="Agency A")
    agency_b = AgencyFactory(name="Agency B")
    shared = AgencyFactory(name="Shared Police", sector="police")
    foreign = AgencyFactory(name="Foreign Agency")
    for agency in (agency_a, agency_b, shared):
        MembershipFactory(partnership=home, agency=agency)
    for agency in (shared, foreign):
        MembershipFactory(partnership=other, agency=agency)

    def person(name, role, partnership=home, agency=None):
        user = UserFactory(full_name=name, email=f"{name.lower().replace(' ', '.')}@test.example.org")
        RoleFactory(user=user, partnership=partnership, role=role, agency=agency)
        if role in {
            Role.CHAIR,
            Role.SCRUTINEER,
            Role.LEAD_PARTNER,
            Role.DELEGATED_PARTNER,
            Role.BUSINESS_MANAGER,
            Role.REVIEWER,
        }:
            give_totp(user)
        return user

    return SimpleNamespace(
        home=home,
        other=other,
        agency_a=agency_a,
        agency_b=agency_b,
        shared=shared,
        foreign=foreign,
        chair=person("Chair", Role.CHAIR),
        scrutineer=person("Scrutineer", Role.SCRUTINEER),
        lead_partner=person("Lead Partner", Role.LEAD_PARTNER, agency=shared),
        delegated_partner=person("Delegated Partner", Role.DELEGATED_PARTNER, agency=shared),
        manager=person("Manager", Role.BUSINESS_MANAGER),
        board=person("Board Member", Role.BOARD_MEMBER, agency=agency_a),
        lead_a=person("Lead A", Role.AGENCY_LEAD, agency=agency_a),
        lead_b=person("Lead B", Role.AGENCY_LEAD, agency=agency_b),
        reviewer=person("Reviewer", Role.REVIEWER),
        outsider=person("Outsider", Role.BUSINESS_MANAGER, partnership=other),
        nobody=UserFactory(full_name="Nobody", email="nobody@test.example.org"),
    )
