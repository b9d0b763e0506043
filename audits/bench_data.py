"""Benchmark data for section 11 (`manage.py seed_bench`): two cycles per partnership or region, their
returns, answers, evidence and moderations, and the reminders the daily sweep has already sent; the key pages
and the return reminder sweep for `manage.py bench`.

Partnerships that share a police force form a region. Every other region runs one shared cycle (the police
force and ICB answer once, each partnership moderates), the rest run a cycle per partnership. Each has an
earlier cycle, two years back and closed, and a current one whose due date falls within a few weeks either
side of the fixed "today", so returns are in every state. Cycles use the statutory standard set that the data
migration installs: it is frozen once used, so nothing here adds to it.

Answers and evidence are loaded with COPY (100,000 answers a cycle at scale L); the audit-trail triggers
still fire for every row, as they would for rows a person saved.
"""

from __future__ import annotations

import datetime
import io
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection
from django.urls import reverse

from audits import grades, services, statutory
from audits.grades import Scale
from audits.models import (
    Answer,
    Criterion,
    Cycle,
    Evidence,
    ModeratedGrade,
    Moderation,
    Participation,
    Return,
    Standard,
    StandardSet,
)
from partners.models import RoleAssignment
from safeguarding.models import Reminder
from safeguarding.reminders import subject_key
from safeguarding.roles import Role

TABLES = ["audits_return", "audits_answer", "audits_moderation"]
CHECKSUM_COLUMNS = {
    "audits_cycle": "concat_ws('|', public_id, name, scale, opens_on, due_on)",
    "audits_return": "concat_ws('|', public_id, status, summary, revision_reasons, submitted_at, "
    "accepted_at, version)",
    "audits_answer": "concat_ws('|', grade, narrative, carried_forward, action_text, action_owner, "
    "action_due_on, version, updated_at)",
    "audits_evidence": "concat_ws('|', public_id, original_name, size, sha256, effective_date)",
    "audits_moderation": "concat_ws('|', session_on, attendees, notes, letter, letter_sent_at)",
    "audits_moderatedgrade": "concat_ws('|', grade, comment)",
}

OPEN = (Return.Status.DRAFT, Return.Status.RETURNED)
UTC = datetime.UTC

# Status weights for the current cycle's returns: before the due date, and after it.
STATUS_BEFORE_DUE = {"draft": 55, "submitted": 25, "accepted": 12, "returned": 8}
STATUS_AFTER_DUE = {"draft": 20, "submitted": 30, "accepted": 40, "returned": 10}
# Grade weights by how strong an agency's arrangements are, best grade first.
FOUR_POINT_WEIGHTS = {"strong": [30, 60, 9, 1], "sound": [10, 62, 23, 5], "weak": [3, 45, 38, 14]}
RAG_WEIGHTS = {"strong": [88, 11, 1], "sound": [70, 25, 5], "weak": [50, 38, 12]}

OPENINGS = [
    "The agency's safeguarding policy, approved by the board this year,",
    "A named senior manager, reporting quarterly to the executive team,",
    "The designated safeguarding lead, supported by two deputies,",
    "The agency's training and supervision framework",
    "The annual safeguarding report to the board",
    "The recruitment and allegations procedures",
    "The information sharing agreement with the partnership",
    "Quarterly audits of safeguarding records",
]
MIDDLES = [
    "sets out how staff raise and escalate concerns about a child",
    "is reviewed every year against the partnership's procedures",
    "is known to staff through induction, the intranet and team briefings",
    "shows in supervision records and the results of case audits",
    "covers staff who work with or are in contact with children and families",
    "was checked in the last internal audit, with its actions completed",
    "draws on feedback from children, families and practitioners",
]
ENDINGS = [
    "Evidence is held by the safeguarding team and was tested in the spring audit.",
    "Compliance is reported to the partnership's quality assurance group.",
    "A practitioner survey confirmed that most staff know who to contact.",
    "The next review is due in the coming year.",
    "Gaps found in the last cycle have been closed.",
    "Take-up is monitored monthly by the workforce team.",
]
ACTIONS = [
    "Complete the refresher training for all front-line staff and report take-up to the partnership.",
    "Review the policy against the partnership's procedures and publish it on the intranet.",
    "Audit a sample of records each quarter and share the findings with the board.",
    "Add safeguarding to the risk register and review it at each executive meeting.",
    "Set up a practitioner survey and act on what it finds.",
]
OWNERS = ["Head of safeguarding", "Designated safeguarding lead", "Director of nursing", "HR director"]
EVIDENCE_NAMES = [
    ("Safeguarding policy.pdf", "application/pdf", "The policy as approved by the board."),
    ("Board minutes extract.pdf", "application/pdf", "The board's discussion of the annual report."),
    ("Training records.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ""),
    ("Audit findings.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ""),
]
ATTENDEES = "Independent scrutineer\nBusiness manager\nHead of safeguarding (agency)\nDesignated nurse"
NOTES = [
    "The panel tested the evidence for standards 5 and 6 and asked for the training figures by team.",
    "The agency described its supervision arrangements; the panel asked for the latest record audit.",
    "Good progress since the last cycle. The panel challenged the pace of the information sharing work.",
]
LETTER = (
    "Thank you for your section 11 return and for taking part in the challenge session. The partnership "
    "recognises the progress made since the last cycle. We ask that you report on the actions for the "
    "standards graded below good at the next quality assurance meeting."
)
SUMMARY = (
    "{agency} has a board-level lead for safeguarding, a designated lead with two deputies and a training "
    "programme for all staff. This return sets out how each standard is met and the actions for the gaps."
)


@dataclass
class _Plan:
    """One cycle generation of a partnership or a region: who takes part and who answers."""

    partnerships: list
    agencies: list[int]
    previous_agencies: list[int]
    previous: Cycle | None = None
    current: Cycle | None = None
    returns: dict = field(default_factory=dict)  # ("previous" | "current", agency id) -> Return


@dataclass
class _Built:
    """What a return's answers came to: for moderation (lowest rank by standard) and carrying forward."""

    answers: list = field(default_factory=list)  # one tuple per criterion, in criterion order
    lowest: dict = field(default_factory=dict)  # standard number -> lowest grade rank


def seed(ctx) -> None:
    with _constraints_checked_per_statement():
        _seed(ctx)


@contextmanager
def _constraints_checked_per_statement():
    """Check foreign keys as each statement ends rather than at commit. With hundreds of thousands of
    deferred checks queued, every statement an audit-trail trigger runs rescans the queue, so a deferred
    load slows quadratically (measured: 18,000 answers took 12 s deferred, 1.5 s checked per statement)."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    try:
        yield
    finally:
        # Every deferrable constraint here is initially deferred, so this restores the transaction's mode.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _seed(ctx) -> None:
    standard_set = StandardSet.objects.get(partnership__isnull=True, name=statutory.NAME)
    criteria = list(
        Criterion.objects.filter(standard_set=standard_set)
        .select_related("standard")
        .order_by("standard__number", "number")
    )
    standards = list(Standard.objects.filter(standard_set=standard_set).order_by("number"))
    plans = _plan_cycles(ctx, len(criteria))
    _create_cycles(ctx, plans, standard_set)
    _create_returns(ctx, plans)
    built = _create_answers(ctx, plans, criteria)
    _create_moderations(ctx, plans, standards, built)
    _record_sent_reminders(ctx, plans)


# Cycles and returns -------------------------------------------------------------------------------


def _plan_cycles(ctx, criterion_count: int) -> list[_Plan]:
    """Regions (partnerships sharing a police force), and the agencies asked for a return in each."""
    count = len(ctx.partnerships)
    forces = max(1, count // 4)
    regions = [[p for i, p in enumerate(ctx.partnerships) if i % forces == r] for r in range(forces)]
    groups = []
    for number, region in enumerate(regions):
        groups += [region] if number % 2 == 0 and len(region) > 1 else [[p] for p in region]
    # The statutory partners answer once per cycle; enough relevant agencies are added to each partnership's
    # returns that a cycle generation holds about `answers_per_cycle` answers.
    statutory_returns = sum(len({a for p in group for a in ctx.members[p.pk][:3]}) for group in groups)
    wanted = ctx.sizes["answers_per_cycle"] / criterion_count - statutory_returns
    per_partnership = max(1, round(wanted / count))
    chosen = {}
    for partnership in ctx.partnerships:
        members = ctx.members[partnership.pk]
        statutory_partners, relevant = members[:3], members[3:]
        picked = set(ctx.rng.sample(relevant, min(len(relevant), per_partnership)))
        chosen[partnership.pk] = statutory_partners + [a for a in relevant if a in picked]
    plans = []
    for group in groups:
        agencies = list(dict.fromkeys(a for p in group for a in chosen[p.pk]))
        previous = [a for a in agencies if ctx.rng.random() > 0.08]
        plans.append(_Plan(partnerships=group, agencies=agencies, previous_agencies=previous))
    return plans


def _create_cycles(ctx, plans: list[_Plan], standard_set: StandardSet) -> None:
    previous, current = [], []
    for number, plan in enumerate(plans):
        lead = plan.partnerships[0]
        regional = len(plan.partnerships) > 1
        prefix = "Regional section 11 audit" if regional else "Section 11 audit"
        suffix = f" ({lead.name} region)" if regional else f" ({lead.name})"
        opens = datetime.date(2024, 9, 2) + datetime.timedelta(days=ctx.rng.randrange(40))
        plan.previous = Cycle(
            public_id=ctx.uuid(),
            name=f"{prefix} 2024 to 2025{suffix}",
            lead_partnership=lead,
            standard_set=standard_set,
            scale=Scale.RAG if ctx.rng.random() < 0.25 else Scale.FOUR_POINT,
            opens_on=opens,
            due_on=opens + datetime.timedelta(days=ctx.rng.randrange(60, 100)),
        )
        previous.append(plan.previous)
        # Partnerships run their cycles at different times of the year: some are long overdue, some open.
        opens = ctx.today - datetime.timedelta(days=ctx.rng.randrange(25, 300))
        due = opens + datetime.timedelta(days=ctx.rng.randrange(50, 110))
        if number == 1:
            # One cycle reaches its 14-day reminder today, so the sweep has reminders to send.
            due = ctx.today + datetime.timedelta(days=14)
        plan.current = Cycle(
            public_id=ctx.uuid(),
            name=f"{prefix} 2026 to 2027{suffix}",
            lead_partnership=lead,
            standard_set=standard_set,
            scale=Scale.FOUR_POINT if ctx.rng.random() < 0.85 else Scale.RAG,
            opens_on=opens,
            due_on=due,
        )
        current.append(plan.current)
    Cycle.objects.bulk_create(previous)
    for plan in plans:
        plan.current.previous = plan.previous
    Cycle.objects.bulk_create(current)
    Participation.objects.bulk_create(
        Participation(cycle=cycle, partnership=partnership)
        for plan in plans
        for cycle in (plan.previous, plan.current)
        for partnership in plan.partnerships
    )


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=UTC)


def _pick(ctx, weights: dict) -> str:
    return ctx.rng.choices(list(weights), weights=list(weights.values()))[0]


def _lead_of(ctx, agency_id: int) -> int | None:
    leads = ctx.leads.get(agency_id)
    return leads[0] if leads else None


def _status_and_dates(ctx, cycle: Cycle, generation: str, forced: bool) -> dict:
    if generation == "previous":
        status = Return.Status.ACCEPTED if ctx.rng.random() < 0.9 else Return.Status.SUBMITTED
    elif forced:
        status = Return.Status.ACCEPTED
    else:
        status = _pick(ctx, STATUS_BEFORE_DUE if cycle.due_on > ctx.today else STATUS_AFTER_DUE)
    values = {"status": status, "submitted_at": None, "accepted_at": None, "version": 1}
    if status == Return.Status.DRAFT:
        return values
    latest = min(ctx.today, cycle.due_on + datetime.timedelta(days=20))
    submitted = ctx.date_between(cycle.opens_on + datetime.timedelta(days=10), latest)
    values["submitted_at"] = _at(submitted, 9 + ctx.rng.randrange(8))
    values["version"] = 2
    if status == Return.Status.ACCEPTED:
        accepted_by = min(ctx.today, submitted + datetime.timedelta(days=30))
        values["accepted_at"] = _at(ctx.date_between(submitted, accepted_by), 14)
        values["version"] = 3
    elif status == Return.Status.RETURNED:
        values["version"] = 3
    return values


def _create_returns(ctx, plans: list[_Plan]) -> None:
    first = ctx.partnerships[0]
    police_of_first = ctx.members[first.pk][0]
    names = {agency.pk: agency.name for agency in ctx.agencies}
    for generation in ("previous", "current"):
        rows = []
        for plan in plans:
            cycle = getattr(plan, generation)
            agencies = plan.previous_agencies if generation == "previous" else plan.agencies
            for agency_id in agencies:
                # The first partnership's police return is complete and accepted: the bench opens it.
                forced = (
                    generation == "current" and first in plan.partnerships and agency_id == police_of_first
                )
                values = _status_and_dates(ctx, cycle, generation, forced)
                status = values["status"]
                carried = plan.returns.get(("previous", agency_id)) if generation == "current" else None
                record = Return(
                    public_id=ctx.uuid(),
                    cycle=cycle,
                    agency_id=agency_id,
                    summary="" if status == Return.Status.DRAFT else SUMMARY.format(agency=names[agency_id]),
                    revision_reasons=(
                        "Please give evidence for the training figures in standard 5."
                        if status == Return.Status.RETURNED
                        else ""
                    ),
                    carried_forward_from=carried,
                    submitted_by_id=_lead_of(ctx, agency_id) if values["submitted_at"] else None,
                    **values,
                )
                plan.returns[(generation, agency_id)] = record
                rows.append(record)
        Return.objects.bulk_create(rows, batch_size=5000)


# Answers and evidence -----------------------------------------------------------------------------


def _narrative(ctx) -> str:
    return f"{ctx.rng.choice(OPENINGS)} {ctx.rng.choice(MIDDLES)}. {ctx.rng.choice(ENDINGS)}"


def _grade(ctx, scale: str, quality: str) -> str:
    codes = [g.code for g in grades.SCALES[scale]]
    weights = (FOUR_POINT_WEIGHTS if scale == Scale.FOUR_POINT else RAG_WEIGHTS)[quality]
    return ctx.rng.choices(codes, weights=weights)[0]


def _answer(ctx, scale: str, quality: str, due_on: datetime.date) -> tuple:
    """(grade, narrative, action text, owner, action due) for a complete answer."""
    code = _grade(ctx, scale, quality)
    if grades.is_gap(scale, code):
        due = due_on + datetime.timedelta(days=ctx.rng.randrange(90, 270))
        return code, _narrative(ctx), ctx.rng.choice(ACTIONS), ctx.rng.choice(OWNERS), due
    return code, _narrative(ctx), "", "", None


def _create_answers(ctx, plans: list[_Plan], criteria: list[Criterion]) -> dict:
    """Answer rows by COPY (previous cycle first, so current drafts can carry its answers forward), then
    evidence for about one answered criterion in seven."""
    built: dict[int, _Built] = {}
    rows, evidence_for = [], []
    for generation in ("previous", "current"):
        for plan in plans:
            cycle = getattr(plan, generation)
            agencies = plan.previous_agencies if generation == "previous" else plan.agencies
            for agency_id in agencies:
                record = plan.returns[(generation, agency_id)]
                source = built.get(record.carried_forward_from_id) if record.carried_forward_from_id else None
                same_scale = generation == "current" and cycle.scale == plan.previous.scale
                result = _answers_for(ctx, record, cycle, criteria, source, same_scale)
                built[record.pk] = result
                lead = _lead_of(ctx, agency_id)
                for criterion, answer in zip(criteria, result.answers, strict=True):
                    code, narrative, action, owner, action_due, carried, version, day = answer
                    rows.append(
                        (
                            record.pk,
                            criterion.pk,
                            code,
                            narrative,
                            carried,
                            action,
                            owner,
                            action_due,
                            version,
                            _at(day, 11),
                            lead if version > 1 else None,
                        )
                    )
                    if narrative and not carried and ctx.rng.random() < 0.15:
                        evidence_for.append((record.pk, criterion.pk, day, lead))
    _copy(
        Answer._meta.db_table,
        [
            "return_record_id",
            "criterion_id",
            "grade",
            "narrative",
            "carried_forward",
            "action_text",
            "action_owner",
            "action_due_on",
            "version",
            "updated_at",
            "updated_by_id",
        ],
        rows,
    )
    _create_evidence(ctx, evidence_for)
    return built


def _answers_for(ctx, record: Return, cycle: Cycle, criteria, source: _Built | None, same_scale: bool):
    quality = ctx.rng.choices(["strong", "sound", "weak"], weights=[25, 55, 20])[0]
    result = _Built()
    complete = record.status != Return.Status.DRAFT
    edited_on = (record.submitted_at.date() if record.submitted_at else None) or min(
        ctx.today, cycle.opens_on + datetime.timedelta(days=ctx.rng.randrange(5, 40))
    )
    for index, criterion in enumerate(criteria):
        if complete or (source is None and ctx.rng.random() < 0.5) or (source and ctx.rng.random() < 0.45):
            code, narrative, action, owner, due = _answer(ctx, cycle.scale, quality, cycle.due_on)
            answer = (code, narrative, action, owner, due, False, 2, edited_on)
        elif source is not None:
            # Carried forward by the service when the cycle opened, not yet confirmed by the agency.
            old = source.answers[index]
            answer = (old[0] if same_scale else "", old[1], old[2], old[3], old[4], True, 1, cycle.opens_on)
        else:
            answer = ("", "", "", "", None, False, 1, cycle.opens_on)
        result.answers.append(answer)
        found = grades.grade(cycle.scale, answer[0])
        if found:
            number = criterion.standard.number
            result.lowest[number] = min(result.lowest.get(number, found.rank), found.rank)
    return result


def _create_evidence(ctx, evidence_for: list) -> None:
    ids = {
        (return_id, criterion_id): pk
        for pk, return_id, criterion_id in Answer.objects.values_list(
            "pk", "return_record_id", "criterion_id"
        )
    }
    rows = []
    for return_id, criterion_id, day, lead in evidence_for:
        name, content_type, description = ctx.rng.choice(EVIDENCE_NAMES)
        rows.append(
            (
                ids[(return_id, criterion_id)],
                ctx.uuid(),
                f"private/audits/evidence/{ctx.uuid().hex}",
                name,
                content_type,
                ctx.rng.randrange(40_000, 2_000_000),
                f"{ctx.rng.getrandbits(256):064x}",
                description,
                day - datetime.timedelta(days=ctx.rng.randrange(400)),
                _at(day, 10),
                lead,
                False,
            )
        )
    _copy(
        Evidence._meta.db_table,
        [
            "answer_id",
            "public_id",
            "file",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "description",
            "effective_date",
            "uploaded_at",
            "uploaded_by_id",
            "carried_forward",
        ],
        rows,
    )


def _copy(table: str, columns: list[str], rows: list[tuple]) -> None:
    """COPY rows into a table in one statement (row triggers, the audit trail's included, still fire)."""
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join(_copy_text(value) for value in row))
        buffer.write("\n")
    buffer.seek(0)
    with connection.cursor() as cursor:
        cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)


def _copy_text(value) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


# Moderation and reminders -------------------------------------------------------------------------


def _create_moderations(ctx, plans: list[_Plan], standards: list[Standard], built: dict) -> None:
    """Each partnership that sees an accepted return moderates most of them (fewer in the current cycle)."""
    first = ctx.partnerships[0]
    police_of_first = ctx.members[first.pk][0]
    members = {p.pk: set(ctx.members[p.pk]) for plan in plans for p in plan.partnerships}
    moderations, grade_rows = [], []
    for generation, chance in (("previous", 0.7), ("current", 0.5)):
        for plan in plans:
            cycle = getattr(plan, generation)
            for (kind, agency_id), record in plan.returns.items():
                if kind != generation or record.status != Return.Status.ACCEPTED:
                    continue
                for partnership in plan.partnerships:
                    if agency_id not in members[partnership.pk]:
                        continue
                    forced = generation == "current" and partnership == first and agency_id == police_of_first
                    if not forced and ctx.rng.random() >= chance:
                        continue
                    session = min(
                        ctx.today, record.accepted_at.date() + datetime.timedelta(ctx.rng.randrange(7, 40))
                    )
                    sent = ctx.rng.random() < 0.7
                    moderation = Moderation(
                        return_record=record,
                        partnership=partnership,
                        session_on=session,
                        attendees=ATTENDEES,
                        notes=ctx.rng.choice(NOTES),
                        letter=LETTER,
                        letter_sent_at=_at(session + datetime.timedelta(days=7), 12) if sent else None,
                        updated_by_id=ctx.people[(partnership.pk, Role.BUSINESS_MANAGER)][0],
                    )
                    moderations.append(moderation)
                    lowest = built[record.pk].lowest
                    for standard in standards:
                        grade_rows.append(
                            (moderation, standard, _moderated(ctx, cycle.scale, lowest.get(standard.number)))
                        )
    Moderation.objects.bulk_create(moderations, batch_size=5000)
    ModeratedGrade.objects.bulk_create(
        [
            ModeratedGrade(moderation=moderation, standard=standard, grade=code, comment=comment)
            for moderation, standard, (code, comment) in grade_rows
        ],
        batch_size=5000,
    )


def _moderated(ctx, scale: str, rank: int | None) -> tuple[str, str]:
    """The panel mostly agrees with the agency's lowest grade, and sometimes moves it one step."""
    if rank is None:
        return "", ""
    top = len(grades.SCALES[scale])
    move = ctx.rng.choices([0, -1, 1], weights=[75, 15, 10])[0]
    moved = min(top, max(1, rank + move))
    comment = "" if moved == rank else "The panel moved the grade after testing the evidence."
    return grades.by_rank(scale, moved).code, comment


def _record_sent_reminders(ctx, plans: list[_Plan]) -> None:
    """The reminders the daily sweep sent before "today" for the open returns: a deployment that has been
    running, so today's sweep sends only the reminders whose stage starts today."""
    leads = defaultdict(list)
    assignments = RoleAssignment.objects.filter(role=Role.AGENCY_LEAD).order_by("pk")
    for partnership_id, agency_id, user_id in assignments.values_list(
        "partnership_id", "agency_id", "user_id"
    ):
        leads[(partnership_id, agency_id)].append(user_id)
    rows = []
    for plan in plans:
        cycle = plan.current
        started = _stage_starts(cycle.opens_on, cycle.due_on, ctx.today)
        if not started:
            continue
        for agency_id in plan.agencies:
            record = plan.returns[("current", agency_id)]
            if record.status not in OPEN:
                continue
            recipients = dict.fromkeys(u for p in plan.partnerships for u in leads[(p.pk, agency_id)])
            for stage, day in started:
                rows += [
                    Reminder(
                        kind=services.REMINDER_KIND,
                        subject_key=subject_key("audits.return", record.pk),
                        stage=stage,
                        recipient_id=user_id,
                        due_on=cycle.due_on,
                        state=Reminder.State.SENT,
                        claimed_at=_at(day, 6),
                        sent_at=_at(day, 6),
                    )
                    for user_id in recipients
                ]
    Reminder.objects.bulk_create(rows, batch_size=5000)


def _stage_starts(opens_on, due_on, today) -> list[tuple[str, datetime.date]]:
    """Each reminder stage the sweep reached from the cycle's opening up to yesterday, with the first day."""
    found, day = {}, opens_on
    while day < today:
        stage = services.reminder_stage((due_on - day).days)
        if stage and stage not in found:
            found[stage] = day
        day += datetime.timedelta(days=1)
    return list(found.items())


# What the bench measures --------------------------------------------------------------------------


def _current_cycle(partnership):
    return (
        Cycle.objects.for_partnership(partnership)
        .filter(previous__isnull=False)
        .order_by("-opens_on")
        .first()
    )


def pages(partnership, people) -> list[dict]:
    cycle = _current_cycle(partnership)
    if cycle is None:
        return []
    complete = (
        Return.objects.visible_in(partnership)
        .filter(cycle=cycle, status=Return.Status.ACCEPTED, moderations__partnership=partnership)
        .order_by("pk")
        .first()
    )
    found = [
        {
            "label": "section 11 returns (agency lead)",
            "user": people.get(Role.AGENCY_LEAD),
            "url": reverse("audits:home"),
        },
        {
            "label": "section 11 cycle heatmap",
            "user": people.get(Role.CHAIR),
            "url": reverse("audits:cycle_detail", kwargs={"public_id": cycle.public_id}),
        },
    ]
    if complete is not None:
        found.append(
            {
                "label": "section 11 return detail",
                "user": people.get(Role.BUSINESS_MANAGER),
                "url": reverse("audits:return_detail", kwargs={"public_id": complete.public_id}),
            }
        )
    return found


def _considered_sql(today: datetime.date) -> str:
    window = today + datetime.timedelta(days=14)
    # Dates only, formatted here: nothing from input reaches the SQL.
    return (
        "status IN ('draft', 'returned') AND cycle_id IN (SELECT id FROM audits_cycle "  # noqa: S608
        f"WHERE due_on <= '{window.isoformat()}' AND opens_on <= '{today.isoformat()}')"
    )


def sweeps(partnership) -> list[dict]:
    from django.test.utils import override_settings

    from safeguarding.benchdata import TODAY

    condition = _considered_sql(TODAY)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM audits_return WHERE {condition}")  # noqa: S608 - built above
        rows = cursor.fetchone()[0]

    def run() -> None:
        # Mail goes to memory: the bench measures the sweep, not a mail server (nor the console).
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            services.return_reminders_sweep(today=TODAY)

    return [
        {
            "label": "section 11 return reminders",
            "rows": rows,
            "run": run,
            "bare_update": f"UPDATE audits_return SET version = version WHERE {condition}",  # noqa: S608
            "max_queries": 20,
        }
    ]
