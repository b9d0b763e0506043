"""Benchmark data for the challenge log: about 100,000 open challenges at scale L, and its pages and sweep."""

from __future__ import annotations

import datetime

from django.urls import reverse

from partners.models import Challenge, ChallengeStep, Responder
from partners.services import challenge_reminders_sweep, escalation_ladder_ensure
from safeguarding.roles import Role

TABLES = ["partners_challenge", "partners_challengestep"]
CHECKSUM_COLUMNS = {
    "partners_challenge": "public_id::text || subject || status || stage::text || stage_due_on::text",
}
BATCH = 5000
RESPONDERS = {1: Responder.AGENCY_LEAD, 2: Responder.SENIOR_LEAD, 3: Responder.LEAD_PARTNERS}
SUBJECTS = [
    "Strategy discussion attendance",
    "Timeliness of health information for child protection conferences",
    "Return home interviews after missing episodes",
    "Use of the neglect toolkit",
    "Quality of referrals to children's social care",
    "Follow-up of actions from the section 11 audit",
]


def seed(ctx) -> None:
    for partnership in ctx.partnerships:
        escalation_ladder_ensure(partnership=partnership)
    per_partnership = max(1, ctx.sizes["open_challenges"] // len(ctx.partnerships))
    closed_per_partnership = max(1, per_partnership // 5)
    rng, today = ctx.rng, ctx.today
    rows = []
    for partnership in ctx.partnerships:
        members = ctx.members[partnership.pk]
        chair = ctx.people[(partnership.pk, Role.CHAIR)][0]
        for number in range(1, per_partnership + closed_per_partnership + 1):
            addressed = members[rng.randrange(len(members))]
            raised_on = today - datetime.timedelta(days=rng.randrange(1, 400))
            stage = rng.choice([1, 1, 1, 2, 2, 3])
            closed = number > per_partnership
            # Most open challenges are due well ahead; a few are due this week or overdue, as on any day.
            roll = rng.random()
            if roll < 0.003:
                due = today + datetime.timedelta(days=rng.randrange(0, 5))
            elif roll < 0.006:
                due = today - datetime.timedelta(days=rng.randrange(1, 4))
            else:
                due = today + datetime.timedelta(days=rng.randrange(10, 60))
            status = (
                "resolved" if closed else rng.choice(["awaiting_response", "awaiting_response", "responded"])
            )
            rows.append(
                Challenge(
                    public_id=ctx.uuid(),
                    partnership=partnership,
                    number=number,
                    raised_by_id=chair,
                    raised_by_agency=None,
                    addressed_to_id=addressed,
                    subject=f"{SUBJECTS[number % len(SUBJECTS)]} ({number})",
                    concern="Evidence from the multi-agency audit shows the concern described.",
                    asked="Set out what will change, by when, and how the partnership will know.",
                    raised_on=raised_on,
                    response_due_on=raised_on + datetime.timedelta(days=14),
                    status=status,
                    stage=stage,
                    stage_responder=RESPONDERS[stage],
                    stage_due_on=due,
                    outcome="changed_practice" if closed else "",
                    closed_on=today - datetime.timedelta(days=rng.randrange(1, 300)) if closed else None,
                )
            )
    created = Challenge.objects.bulk_create(rows, batch_size=BATCH)
    steps = [
        ChallengeStep(
            challenge=c,
            kind=ChallengeStep.Kind.RAISED,
            stage=1,
            author_id=c.raised_by_id,
            text=c.concern,
            due_on=c.response_due_on,
            responder=Responder.AGENCY_LEAD,
        )
        for c in created
    ]
    ChallengeStep.objects.bulk_create(steps, batch_size=BATCH)


def pages(partnership, people) -> list[dict]:
    if not Challenge.objects.filter(partnership=partnership).exists():
        return []
    url = reverse("challenges:list") + "?status=awaiting_response&stage=2&sort=due"
    challenge = Challenge.objects.filter(partnership=partnership).order_by("pk").first()
    return [
        {"label": "challenge log, filtered", "user": people.get(Role.SCRUTINEER), "url": url},
        {
            "label": "challenge detail",
            "user": people.get(Role.CHAIR),
            "url": reverse("challenges:detail", kwargs={"public_id": challenge.public_id}),
        },
    ]


def sweeps(partnership) -> list[dict]:
    from django.test.utils import override_settings

    from safeguarding.benchdata import TODAY

    open_rows = Challenge.objects.open().count()

    def run() -> None:
        # The seeded "today": the data's due dates are laid out around it. The wall clock would make every
        # challenge overdue a few weeks after seeding, as if the sweep had not run for weeks. Mail goes to
        # memory: the bench measures the sweep, not a mail server (nor the console).
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            challenge_reminders_sweep(today=TODAY)

    return [
        {
            "label": "challenge reminders (all open challenges)",
            "rows": open_rows,
            "run": run,
            "bare_update": "UPDATE partners_challenge SET version = version "
            "WHERE status IN ('awaiting_response', 'responded')",
            "max_queries": 40,
        }
    ]
