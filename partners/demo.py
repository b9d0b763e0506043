"""Demo data for partners: two partnerships sharing a police force and an ICB. Used by `seed_demo` only."""

import datetime

from django.utils import timezone

from partners.models import (
    Agency,
    Challenge,
    ChallengeStep,
    EscalationStage,
    LocalAuthorityArea,
    Membership,
    Partnership,
)
from safeguarding.calendar import add_working_days
from safeguarding.models import User

Sector = Agency.Sector
SP = Membership.StatutoryRole.SAFEGUARDING_PARTNER
RA = Membership.StatutoryRole.RELEVANT_AGENCY
OT = Membership.StatutoryRole.OTHER
Kind = ChallengeStep.Kind

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


# Demo challenges: in each state the log knows, in both partnerships. Each story is what happened after the
# challenge was raised, in working days from the day it was raised.
CHALLENGE_STORIES = {
    "three-rivers": [
        {
            "subject": "Police notifications of domestic abuse incidents to children's social care",
            "raised_by": "chair@demo.example.org",
            "for_agency": None,
            "addressed_to": "Midshire Police",
            "ago": 4,
            "concern": "The multi-agency audit of domestic abuse found notifications reaching the front door "
            "between four and eleven days after the incident, against the agreed 24 hours.",
            "asked": "An explanation of the delays, the current average time to notify, and a plan to meet "
            "the 24-hour standard.",
            "story": [],
        },
        {
            "subject": "Health attendance at initial child protection conferences",
            "raised_by": "manager@demo.example.org",
            "for_agency": None,
            "addressed_to": "Midshire Hospitals NHS Foundation Trust",
            "ago": 32,
            "concern": "Conference records for the last two quarters show a health representative at 41% of "
            "initial child protection conferences where the child was known to the trust.",
            "asked": "Assurance that conference invitations reach the right clinicians, and attendance "
            "figures for the next quarter.",
            "story": [
                (
                    "respond",
                    "board@demo.example.org",
                    8,
                    "Invitations go to a shared mailbox that is not "
                    "monitored at weekends. We are moving them to the safeguarding team's rota.",
                ),
                (
                    "escalate",
                    "manager@demo.example.org",
                    10,
                    "The answer does not say when the change happens or how attendance will be measured.",
                ),
            ],
        },
        {
            "subject": "Information sharing at the point of exclusion from school",
            "raised_by": "board@demo.example.org",
            "for_agency": "Midshire Hospitals NHS Foundation Trust",
            "addressed_to": "Riverside Learning Trust",
            "ago": 12,
            "concern": "School nurses are not told when a child on a child protection plan is excluded, so "
            "health checks are missed.",
            "asked": "That the trust's exclusion procedure includes telling the school nursing service the "
            "same day.",
            "story": [
                (
                    "respond",
                    "school.lead@demo.example.org",
                    7,
                    "Our exclusion checklist now includes a "
                    "same-day notification to school nursing; the revised procedure is attached to the "
                    "minutes of the trust's safeguarding committee.",
                ),
            ],
        },
        {
            "subject": "Timeliness of return home interviews for children missing from home",
            "raised_by": "scrutineer@demo.example.org",
            "for_agency": None,
            "addressed_to": "Midshire Police",
            "ago": 60,
            "concern": "Fewer than half of return home interviews happen within 72 hours, and police "
            "referrals to the provider are the main source of delay.",
            "asked": "A referral route that reaches the provider within 24 hours of a child's return.",
            "story": [
                (
                    "respond",
                    "agency.lead@demo.example.org",
                    9,
                    "Referrals are sent when the missing "
                    "episode is closed on our system, which can take several days.",
                ),
                (
                    "escalate",
                    "scrutineer@demo.example.org",
                    11,
                    "This explains the delay but offers no change.",
                ),
                (
                    "respond",
                    "delegated.partner@demo.example.org",
                    19,
                    "We will trial automatic referral on return in one district from next month.",
                ),
                (
                    "escalate",
                    "scrutineer@demo.example.org",
                    21,
                    "A trial in one district is not enough for a partnership-wide gap.",
                ),
                (
                    "respond",
                    "lead.partner@demo.example.org",
                    33,
                    "The lead partners have agreed automatic "
                    "referral on return across the force area, funded from the shared budget.",
                ),
                (
                    "accept",
                    "scrutineer@demo.example.org",
                    35,
                    "changed_practice",
                    "Accepted: the partnership will audit timeliness again in six months.",
                ),
            ],
        },
        {
            "subject": "Housing referrals for care leavers aged 16 and 17",
            "raised_by": "chair@demo.example.org",
            "for_agency": None,
            "addressed_to": "Vale Homes",
            "ago": 40,
            "concern": "Young people aged 16 and 17 are being offered bed and breakfast accommodation.",
            "asked": "Figures for the last year and the joint protocol with children's services.",
            "story": [
                (
                    "withdraw",
                    "chair@demo.example.org",
                    15,
                    "Superseded: the joint housing protocol review "
                    "commissioned by the board covers the same ground.",
                ),
            ],
        },
        {
            "subject": "Out-of-hours strategy discussions with the police",
            "raised_by": "chair@demo.example.org",
            "for_agency": None,
            "addressed_to": "Midshire Police",
            "ago": 30,
            "concern": "Out-of-hours strategy discussions are held by telephone without health present, "
            "and are not recorded in a way other agencies can see.",
            "asked": "That out-of-hours strategy discussions include health and are recorded on the shared "
            "template.",
            "story": [
                (
                    "respond",
                    "agency.lead@demo.example.org",
                    8,
                    "Out-of-hours cover is a single sergeant who cannot always reach health colleagues.",
                ),
                ("escalate", "chair@demo.example.org", 10, "Please say what the force will change."),
                (
                    "respond",
                    "delegated.partner@demo.example.org",
                    18,
                    "We are reviewing out-of-hours cover as part of the force's operating model.",
                ),
                (
                    "escalate",
                    "chair@demo.example.org",
                    20,
                    "No date and no interim arrangement: this needs the lead partners.",
                ),
            ],
        },
        {
            "subject": "Safeguarding training for further education staff",
            "raised_by": "lead.partner@demo.example.org",
            "for_agency": "Midshire and Vale Integrated Care Board",
            "addressed_to": "Calderwick College",
            "ago": 12,
            "concern": "The college's section 11 return reports 58% of staff trained at the right level.",
            "asked": "A training plan that reaches 90% of staff by the end of the academic year.",
            "story": [],
        },
    ],
    "dunmore": [
        {
            "subject": "Transition planning for children leaving youth justice supervision",
            "raised_by": "manager.dunmore@demo.example.org",
            "for_agency": None,
            "addressed_to": "Dunmore Youth Justice Service",
            "ago": 3,
            "concern": "Children's plans end with their order, and nobody is named to follow them up.",
            "asked": "A named lead for each child for three months after supervision ends.",
            "story": [],
        },
        {
            "subject": "Police attendance at child protection conferences in Dunmore",
            "raised_by": "manager.dunmore@demo.example.org",
            "for_agency": None,
            "addressed_to": "Midshire Police",
            "ago": 6,
            "concern": "Police attended 52% of initial conferences in the last quarter.",
            "asked": "Attendance figures by team, and the plan to reach 90%.",
            "story": [],
        },
    ],
}


def _story_step(challenge, kind, stage, author, day, **extra) -> ChallengeStep:
    step = ChallengeStep(challenge=challenge, kind=kind, stage=stage, author=author, **extra)
    step.demo_day = day
    return step


def _seed_challenge(partnership, number: int, spec: dict, people: dict, agencies: dict, today) -> None:
    """One demo challenge and its steps, as the services would have left them on the days the story says."""
    from partners.services import STUCK_WORKING_DAYS, ReminderWindows

    ladder = {stage.number: stage for stage in EscalationStage.objects.ladder_for(partnership.pk)}
    raiser = people[spec["raised_by"]]
    raised_on = add_working_days(today, -spec["ago"])
    due = add_working_days(raised_on, ladder[1].working_days)
    challenge = Challenge(
        partnership=partnership,
        number=number,
        raised_by=raiser,
        raised_by_agency=agencies.get(spec["for_agency"]),
        addressed_to=agencies[spec["addressed_to"]],
        subject=spec["subject"],
        concern=spec["concern"],
        asked=spec["asked"],
        raised_on=raised_on,
        response_due_on=due,
        stage=1,
        stage_responder=ladder[1].responder,
        stage_due_on=due,
    )
    steps = [
        _story_step(challenge, Kind.RAISED, 1, raiser, raised_on, due_on=due, responder=ladder[1].responder)
    ]
    for action, email, after, *details in spec["story"]:
        author, day = people[email], add_working_days(raised_on, after)
        if action == "respond":
            steps.append(_story_step(challenge, Kind.RESPONSE, challenge.stage, author, day, text=details[0]))
            challenge.status = Challenge.Status.RESPONDED
        elif action == "escalate":
            steps.append(
                _story_step(challenge, Kind.NOT_ACCEPTED, challenge.stage, author, day, text=details[0])
            )
            stage = ladder[challenge.stage + 1]
            challenge.stage, challenge.stage_responder = stage.number, stage.responder
            challenge.stage_due_on = add_working_days(day, stage.working_days)
            challenge.status = Challenge.Status.AWAITING_RESPONSE
            steps.append(
                _story_step(
                    challenge,
                    Kind.ESCALATED,
                    stage.number,
                    author,
                    day,
                    due_on=challenge.stage_due_on,
                    responder=stage.responder,
                )
            )
        elif action == "accept":
            outcome, note = details
            steps.append(
                _story_step(
                    challenge, Kind.ACCEPTED, challenge.stage, author, day, outcome=outcome, text=note
                )
            )
            challenge.status, challenge.outcome, challenge.closed_on = Challenge.Status.RESOLVED, outcome, day
        elif action == "withdraw":
            steps.append(
                _story_step(challenge, Kind.WITHDRAWN, challenge.stage, author, day, text=details[0])
            )
            challenge.status, challenge.closed_on = Challenge.Status.WITHDRAWN, day
    stuck_latest = ReminderWindows.on(today).stuck_latest
    if challenge.status == Challenge.Status.AWAITING_RESPONSE and challenge.stage_due_on <= stuck_latest:
        challenge.stuck_since = add_working_days(challenge.stage_due_on, STUCK_WORKING_DAYS)
        steps.append(
            _story_step(
                challenge,
                Kind.STUCK,
                challenge.stage,
                None,
                challenge.stuck_since,
                text=f"Overdue by {STUCK_WORKING_DAYS} working days: the chair and scrutineer were told.",
            )
        )
    challenge.save()
    ChallengeStep.objects.bulk_create(steps)
    # created_at is set on insert; the story's days replace it, at a plausible time of day.
    for offset, step in enumerate(steps):
        when = datetime.datetime.combine(step.demo_day, datetime.time(9 + offset % 8, 15 * (offset % 4)))
        ChallengeStep.objects.filter(pk=step.pk).update(created_at=timezone.make_aware(when))


def seed_records(partnerships: dict[str, Partnership]) -> None:
    """Demo challenges (idempotent: a challenge already there, by subject, is left as it is)."""
    from partners.services import escalation_ladder_ensure

    people = {u.email: u for u in User.objects.filter(email__endswith="@demo.example.org")}
    agencies = {a.name: a for a in Agency.objects.all()}
    today = timezone.localdate()
    for slug, stories in CHALLENGE_STORIES.items():
        partnership = partnerships[slug]
        escalation_ladder_ensure(partnership=partnership)
        existing = set(Challenge.objects.filter(partnership=partnership).values_list("subject", flat=True))
        number = Challenge.objects.filter(partnership=partnership).count()
        for spec in stories:
            if spec["subject"] in existing:
                continue
            number += 1
            _seed_challenge(partnership, number, spec, people, agencies, today)
