"""The deterministic synthetic dataset for `manage.py seed_bench`: shared context and the partners part.

Every random choice comes from one seeded generator and every date from a fixed "today", and rows are
inserted in a fixed order, so two runs with the same seed on an empty database hold the same data (the
manifest's checksum shows it). Each app adds its records in `<app>/bench_data.py: seed(ctx)`.
"""

from __future__ import annotations

import datetime
import random
import uuid
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password

from partners.models import Agency, LocalAuthorityArea, Membership, Partnership, RoleAssignment
from safeguarding.models import User
from safeguarding.roles import Role

TODAY = datetime.date(2026, 11, 2)
BENCH_PASSWORD = "bench-not-for-people"  # noqa: S105 - synthetic accounts on a benchmark database
# Sizes at scale L (a deployment hosting most of England's partnerships); S is a tenth.
SIZES_L = {
    "partnerships": 150,
    "agencies": 5000,
    "answers_per_cycle": 100_000,
    "open_challenges": 100_000,
    "audit_rows": 1_000_000,
    "reviews": 6000,
    "actions": 40_000,
}
BATCH = 5000


@dataclass
class Context:
    scale: str
    seed: int
    rng: random.Random = field(init=False)
    sizes: dict = field(init=False)
    today: datetime.date = TODAY
    partnerships: list = field(default_factory=list)
    agencies: list = field(default_factory=list)
    members: dict = field(default_factory=dict)  # partnership id -> [agency id, ...]
    people: dict = field(default_factory=dict)  # (partnership id, role) -> [user id, ...]
    leads: dict = field(default_factory=dict)  # agency id -> [user id, ...]
    password_hash: str = ""

    def __post_init__(self):
        self.rng = random.Random(self.seed)  # noqa: S311 - reproducible synthetic data, not secrets
        factor = 1 if self.scale == "L" else 10
        self.sizes = {k: max(1, v // factor) for k, v in SIZES_L.items()}
        self.sizes["partnerships"] = 150 if self.scale == "L" else 15

    def uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def date_between(self, start: datetime.date, end: datetime.date) -> datetime.date:
        return start + datetime.timedelta(days=self.rng.randrange(max(1, (end - start).days)))


SECTORS_FOR_PARTNERS = [Agency.Sector.LOCAL_AUTHORITY, Agency.Sector.ICB, Agency.Sector.POLICE]
OTHER_SECTORS = [s for s in Agency.Sector.values if s not in SECTORS_FOR_PARTNERS]


def seed(ctx: Context) -> None:
    """Partnerships with footprints, agencies (police forces and ICBs shared), memberships, people, roles."""
    ctx.password_hash = make_password(BENCH_PASSWORD)
    count = ctx.sizes["partnerships"]
    partnerships = [
        Partnership(name=f"Bench Partnership {i:03d}", slug=f"bench-{i:03d}") for i in range(1, count + 1)
    ]
    ctx.partnerships = Partnership.objects.bulk_create(partnerships)
    areas, code = [], 0
    for partnership in ctx.partnerships:
        for _ in range(ctx.rng.choice([1, 1, 1, 2, 3])):
            code += 1
            total = ctx.rng.randrange(120_000, 1_200_000)
            areas.append(
                LocalAuthorityArea(
                    partnership=partnership,
                    name=f"Area {code:04d}",
                    ons_code=f"E{60_000_000 + code:08d}",
                    population_total=total,
                    population_0_17=int(total * ctx.rng.uniform(0.19, 0.24)),
                )
            )
    LocalAuthorityArea.objects.bulk_create(areas, batch_size=BATCH)

    # Police forces and ICBs each serve about four partnerships; every partnership has its own council.
    forces = max(1, count // 4)
    agencies = [
        Agency(public_id=ctx.uuid(), name=f"Bench Police {i:03d}", sector="police") for i in range(forces)
    ]
    agencies += [Agency(public_id=ctx.uuid(), name=f"Bench ICB {i:03d}", sector="icb") for i in range(forces)]
    agencies += [
        Agency(public_id=ctx.uuid(), name=f"Bench Council {i:03d}", sector="local_authority")
        for i in range(count)
    ]
    others = ctx.sizes["agencies"] - len(agencies)
    agencies += [
        Agency(public_id=ctx.uuid(), name=f"Bench Agency {i:05d}", sector=ctx.rng.choice(OTHER_SECTORS))
        for i in range(max(0, others))
    ]
    ctx.agencies = Agency.objects.bulk_create(agencies, batch_size=BATCH)
    police, icbs = ctx.agencies[:forces], ctx.agencies[forces : 2 * forces]
    councils, rest = ctx.agencies[2 * forces : 2 * forces + count], ctx.agencies[2 * forces + count :]
    per_partnership = max(1, len(rest) // count)
    joined = datetime.date(2019, 9, 29)
    memberships = []
    for index, partnership in enumerate(ctx.partnerships):
        partners = [police[index % forces], icbs[index % forces], councils[index]]
        relevant = rest[index * per_partnership : (index + 1) * per_partnership]
        ctx.members[partnership.pk] = [a.pk for a in partners + relevant]
        memberships += [
            Membership(
                partnership=partnership, agency=a, statutory_role="safeguarding_partner", starts_on=joined
            )
            for a in partners
        ]
        memberships += [
            Membership(partnership=partnership, agency=a, statutory_role="relevant_agency", starts_on=joined)
            for a in relevant
        ]
    Membership.objects.bulk_create(memberships, batch_size=BATCH)
    _seed_people(ctx)


def _seed_people(ctx: Context) -> None:
    users, roles = [], []
    for index, partnership in enumerate(ctx.partnerships):
        members = ctx.members[partnership.pk]
        plan = [
            (Role.CHAIR, None),
            (Role.SCRUTINEER, None),
            (Role.BUSINESS_MANAGER, None),
            (Role.REVIEWER, None),
            (Role.BOARD_MEMBER, members[3 % len(members)]),
        ]
        plan += [(Role.LEAD_PARTNER, agency) for agency in members[:3]]
        plan += [(Role.DELEGATED_PARTNER, agency) for agency in members[:3]]
        plan += [(Role.AGENCY_LEAD, agency) for agency in members]
        for number, (role, agency) in enumerate(plan):
            users.append(
                User(
                    email=f"p{index:03d}.{role}.{number}@bench.example.org",
                    full_name=f"Bench {role.replace('_', ' ')} {index:03d}-{number}",
                    password=ctx.password_hash,
                )
            )
            roles.append((partnership, role, agency))
    created = User.objects.bulk_create(users, batch_size=BATCH)
    assignments = []
    for user, (partnership, role, agency) in zip(created, roles, strict=True):
        assignments.append(RoleAssignment(user=user, partnership=partnership, role=role, agency_id=agency))
        ctx.people.setdefault((partnership.pk, role), []).append(user.pk)
        if role == Role.AGENCY_LEAD:
            ctx.leads.setdefault(agency, []).append(user.pk)
    RoleAssignment.objects.bulk_create(assignments, batch_size=BATCH)


def load(ctx: Context) -> None:
    """The whole dataset: partners first, then each app's records, then the audit trail, each part committed
    on its own. In one transaction the services' savepoints pile up past PostgreSQL's per-transaction cache
    of subtransactions, after which every row check consults pg_subtrans and loading slows to a crawl."""
    from django.db import connection, transaction

    from safeguarding.apps_registry import DEMO_ORDER, modules

    parts = [seed, *(module.seed for module in modules("bench_data", DEMO_ORDER)), fill_audit_trail]
    for part in parts:
        with transaction.atomic():
            # Deferred foreign-key checks would queue up behind the audit-trail triggers; checking each
            # statement as it runs keeps loading linear.
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            part(ctx)


def fill_audit_trail(ctx: Context) -> int:
    """Grow the audit trail to its target size the way a busy year does: repeated edits of open challenges
    (each UPDATE writes one event row a challenge, through the same triggers as any edit)."""
    from django.apps import apps
    from django.db import connection

    def audit_rows() -> int:
        total = 0
        with connection.cursor() as cursor:
            for model in apps.get_models():
                if model._meta.db_table.endswith("event") and hasattr(model, "pgh_obj"):
                    cursor.execute(f'SELECT count(*) FROM "{model._meta.db_table}"')  # noqa: S608
                    total += cursor.fetchone()[0]
        return total

    target = ctx.sizes["audit_rows"]
    rounds = 0
    with connection.cursor() as cursor:
        while audit_rows() < target and rounds < 50:
            cursor.execute("UPDATE partners_challenge SET version = version + 1")
            rounds += 1
    return rounds
