import datetime

import factory
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP

from partners.models import Agency, LocalAuthorityArea, Membership, Partnership, RoleAssignment
from safeguarding.models import User

TEST_PASSWORD = "correct-horse-battery"
TEST_TOTP_SECRET = "KRUGKIDROVUWG2ZAMJZG653OEBTG66BA"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@test.example.org")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership

    name = factory.Sequence(lambda n: f"Partnership {n}")
    slug = factory.Sequence(lambda n: f"partnership-{n}")


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalAuthorityArea

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Area {n}")
    ons_code = factory.Sequence(lambda n: f"E06{n:06d}")
    population_total = 200_000
    population_0_17 = 45_000


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"Agency {n}")
    sector = Agency.Sector.NHS_TRUST


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    partnership = factory.SubFactory(PartnershipFactory)
    agency = factory.SubFactory(AgencyFactory)
    statutory_role = Membership.StatutoryRole.RELEVANT_AGENCY
    starts_on = datetime.date(2020, 4, 1)


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    partnership = factory.SubFactory(PartnershipFactory)
    role = "board_member"
    agency = None


def give_totp(user, secret: str = TEST_TOTP_SECRET) -> None:
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, secret)
