"""Demo sign-ins: one person per role, with TOTP already set up for the roles that need it.

The password and the TOTP secret are public on purpose (README, `make run`): they exist only in demo data,
and `seed_demo` refuses to run unless DEBUG is on.
"""

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP

from partners.models import Agency, Partnership, RoleAssignment
from safeguarding.access import roles_needing_mfa
from safeguarding.devstack import DEMO_TOTP_SECRET
from safeguarding.models import User
from safeguarding.roles import Role

DEMO_PASSWORD = "demo-portal-2026"  # noqa: S105 - demo data only, refused without DEBUG

# (e-mail, full name, [(partnership slug, role, agency name or None)])
PEOPLE = [
    ("chair@demo.example.org", "Helen Okafor", [("three-rivers", Role.CHAIR, None)]),
    ("scrutineer@demo.example.org", "Martin Reeves", [("three-rivers", Role.SCRUTINEER, None)]),
    (
        "lead.partner@demo.example.org",
        "Priya Natarajan",
        [("three-rivers", Role.LEAD_PARTNER, "Midshire and Vale Integrated Care Board")],
    ),
    (
        "delegated.partner@demo.example.org",
        "Detective Superintendent Sam Whitlock",
        [
            ("three-rivers", Role.DELEGATED_PARTNER, "Midshire Police"),
            ("dunmore", Role.DELEGATED_PARTNER, "Midshire Police"),
        ],
    ),
    ("manager@demo.example.org", "Gemma Hughes", [("three-rivers", Role.BUSINESS_MANAGER, None)]),
    (
        "board@demo.example.org",
        "Dr Omar Siddiqui",
        [("three-rivers", Role.BOARD_MEMBER, "Midshire Hospitals NHS Foundation Trust")],
    ),
    (
        "agency.lead@demo.example.org",
        "Claire Donnelly",
        [
            ("three-rivers", Role.AGENCY_LEAD, "Midshire Police"),
            ("dunmore", Role.AGENCY_LEAD, "Midshire Police"),
        ],
    ),
    (
        "school.lead@demo.example.org",
        "Tom Barker",
        [("three-rivers", Role.AGENCY_LEAD, "Riverside Learning Trust")],
    ),
    ("reviewer@demo.example.org", "Ruth Adeyemi", [("three-rivers", Role.REVIEWER, None)]),
    ("manager.dunmore@demo.example.org", "Aled Morgan", [("dunmore", Role.BUSINESS_MANAGER, None)]),
]


def seed(partnerships: dict[str, Partnership]) -> list[dict]:
    agencies = {a.name: a for a in Agency.objects.all()}
    sign_ins = []
    for email, full_name, roles in PEOPLE:
        user, created = User.objects.get_or_create(email=email, defaults={"full_name": full_name})
        if created or not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.full_name = full_name
            user.save()
        for slug, role, agency_name in roles:
            RoleAssignment.objects.get_or_create(
                user=user,
                partnership=partnerships[slug],
                role=role,
                agency=agencies.get(agency_name) if agency_name else None,
            )
        needs_mfa = any(role in roles_needing_mfa() for _, role, _ in roles)
        if needs_mfa and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, DEMO_TOTP_SECRET)
        sign_ins.append(
            {
                "email": email,
                "name": full_name,
                "roles": "; ".join(
                    f"{Role(role).label}{f' ({agency})' if agency else ''} – {partnerships[slug].name}"
                    for slug, role, agency in roles
                ),
                "mfa": needs_mfa,
            }
        )
    return sign_ins
