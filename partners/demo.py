"""Demo data for partners: two partnerships sharing a police force and an ICB. Used by `seed_demo` only."""

import datetime

from partners.models import Agency, LocalAuthorityArea, Membership, Partnership

Sector = Agency.Sector
SP = Membership.StatutoryRole.SAFEGUARDING_PARTNER
RA = Membership.StatutoryRole.RELEVANT_AGENCY
OT = Membership.StatutoryRole.OTHER

PARTNERSHIPS = {
    "three-rivers": {
        "name": "Three Rivers Safeguarding Children Partnership",
        "areas": [
            ("Ashford Vale", "E06000901", 210_400, 46_300),
            ("Brookmere", "E06000902", 158_900, 33_100),
            ("Calderwick", "E06000903", 267_300, 60_200),
        ],
    },
    "dunmore": {
        "name": "Dunmore Safeguarding Children Partnership",
        "areas": [("Dunmore", "E06000904", 312_600, 70_800)],
    },
}

# (name, sector, {partnership slug: statutory role})
AGENCIES = [
    ("Ashford Vale Council", Sector.LOCAL_AUTHORITY, {"three-rivers": SP}),
    ("Brookmere Council", Sector.LOCAL_AUTHORITY, {"three-rivers": SP}),
    ("Calderwick Council", Sector.LOCAL_AUTHORITY, {"three-rivers": SP}),
    ("Dunmore City Council", Sector.LOCAL_AUTHORITY, {"dunmore": SP}),
    ("Midshire Police", Sector.POLICE, {"three-rivers": SP, "dunmore": SP}),
    ("Midshire and Vale Integrated Care Board", Sector.ICB, {"three-rivers": SP, "dunmore": SP}),
    ("Midshire Hospitals NHS Foundation Trust", Sector.NHS_TRUST, {"three-rivers": RA, "dunmore": RA}),
    ("Vale Community and Mental Health NHS Trust", Sector.NHS_TRUST, {"three-rivers": RA, "dunmore": RA}),
    ("Midshire Ambulance Service NHS Trust", Sector.NHS_TRUST, {"three-rivers": RA, "dunmore": RA}),
    ("Three Rivers GP Federation", Sector.PRIMARY_CARE, {"three-rivers": RA}),
    ("Midshire Probation Delivery Unit", Sector.PROBATION, {"three-rivers": RA, "dunmore": RA}),
    ("Three Rivers Youth Justice Service", Sector.YOUTH_JUSTICE, {"three-rivers": RA}),
    ("Dunmore Youth Justice Service", Sector.YOUTH_JUSTICE, {"dunmore": RA}),
    ("CAFCASS Midshire", Sector.CAFCASS, {"three-rivers": RA, "dunmore": RA}),
    ("Riverside Learning Trust", Sector.SCHOOL, {"three-rivers": RA}),
    ("Dunmore Academies Trust", Sector.SCHOOL, {"dunmore": RA}),
    ("Calderwick College", Sector.COLLEGE, {"three-rivers": RA}),
    ("Little Steps Nurseries", Sector.EARLY_YEARS, {"dunmore": RA}),
    ("Vale Homes", Sector.HOUSING, {"three-rivers": RA}),
    ("Safe Harbour Family Support", Sector.VOLUNTARY, {"three-rivers": RA}),
    ("Dunmore Youth Project", Sector.VOLUNTARY, {"dunmore": RA}),
    ("Midshire Fire and Rescue Service", Sector.OTHER, {"three-rivers": OT, "dunmore": OT}),
]

JOINED = datetime.date(2019, 9, 29)


def seed() -> dict[str, Partnership]:
    partnerships = {}
    for slug, spec in PARTNERSHIPS.items():
        partnership, _ = Partnership.objects.update_or_create(slug=slug, defaults={"name": spec["name"]})
        for name, code, total, children in spec["areas"]:
            LocalAuthorityArea.objects.update_or_create(
                ons_code=code,
                defaults={
                    "partnership": partnership,
                    "name": name,
                    "population_total": total,
                    "population_0_17": children,
                },
            )
        partnerships[slug] = partnership
    for name, sector, member_of in AGENCIES:
        agency, _ = Agency.objects.update_or_create(name=name, defaults={"sector": sector})
        for slug, statutory_role in member_of.items():
            Membership.objects.update_or_create(
                partnership=partnerships[slug],
                agency=agency,
                ends_on=None,
                defaults={"statutory_role": statutory_role, "starts_on": JOINED},
            )
    return partnerships
