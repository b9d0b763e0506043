"""The database itself refuses impossible partnership data, whatever path writes it."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from partners.models import Membership, RoleAssignment
from tests.factories import AgencyFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_an_agency_has_one_active_membership_per_partnership(cast):
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(partnership=cast.home, agency=cast.agency_a)


def test_an_ended_membership_allows_rejoining(cast):
    Membership.objects.filter(partnership=cast.home, agency=cast.agency_a).update(
        ends_on=dt.date(2024, 3, 31)
    )
    MembershipFactory(partnership=cast.home, agency=cast.agency_a, starts_on=dt.date(2025, 4, 1))
    assert Membership.objects.filter(partnership=cast.home, agency=cast.agency_a).count() == 2


def test_a_membership_cannot_end_before_it_starts(cast):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.filter(partnership=cast.home, agency=cast.agency_a).update(
            ends_on=dt.date(2000, 1, 1)
        )


def test_an_agency_lead_role_must_name_an_agency(cast):
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=UserFactory(), partnership=cast.home, role="agency_lead")


def test_a_role_agency_must_be_an_active_member_of_that_partnership(cast):
    outsider_agency = AgencyFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(
            user=UserFactory(), partnership=cast.home, role="agency_lead", agency=outsider_agency
        )
    # The foreign agency is a member of the other partnership only.
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(
            user=UserFactory(), partnership=cast.home, role="agency_lead", agency=cast.foreign
        )


def test_the_same_role_cannot_be_given_twice(cast):
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=cast.chair, partnership=cast.home, role="chair")


def test_populations_are_the_sums_over_the_footprint(cast):
    from tests.factories import AreaFactory

    AreaFactory(partnership=cast.home, population_total=100_000, population_0_17=20_000)
    assert cast.home.populations() == {"total": 400_000, "children": 86_000}
