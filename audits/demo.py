"""Demo section 11 records: a regional cycle led by Three Rivers and shared with Dunmore, after an earlier
accepted cycle, so the police force's return is answered once, carried forward and seen by both partnerships.
Used by `seed_demo` only; safe to run again (cycles are found by name)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from audits import services, statutory
from audits.grades import Scale
from audits.models import Answer, Criterion, Cycle, Return, Standard, StandardSet
from partners.models import Agency
from safeguarding.models import User

PREVIOUS = "Section 11 audit 2024 to 2025"
CURRENT = "Regional section 11 audit 2026 to 2027"
PREVIOUS_AGENCIES = ["Midshire Police", "Midshire Hospitals NHS Foundation Trust", "Vale Homes"]
# Grades by standard in the earlier cycle (4-point scale); a 2 is a gap with an action.
PREVIOUS_GRADES = {
    "Midshire Police": "33232333",
    "Midshire Hospitals NHS Foundation Trust": "34333233",
    "Vale Homes": "22323322",
}


def _members(partnership) -> list[Agency]:
    return list(
        Agency.objects.filter(
            memberships__partnership=partnership, memberships__ends_on__isnull=True
        ).order_by("name")
    )


def _answer_all(return_record: Return, pattern: str, user: User, due_on: datetime.date) -> None:
    edits = []
    for answer in Answer.objects.filter(return_record=return_record).select_related("criterion__standard"):
        code = pattern[answer.criterion.standard.number - 1]
        gap = code in {"1", "2"}
        edits.append(
            services.AnswerEdit(
                answer=answer,
                expected_version=answer.version,
                grade=code,
                narrative=f"{return_record.agency.name} meets criterion {answer.criterion.label} through its "
                "safeguarding policy, supervision and annual report to the board.",
                action_text="Review the arrangements and report progress to the partnership." if gap else "",
                action_owner="Head of safeguarding" if gap else "",
                action_due_on=due_on if gap else None,
            )
        )
    services.answers_save(return_record=return_record, edits=edits, user=user)


def seed_records(partnerships) -> None:
    if Cycle.objects.filter(name=CURRENT).exists():
        return
    three_rivers, dunmore = partnerships["three-rivers"], partnerships["dunmore"]
    standard_set = statutory.install(StandardSet, Standard, Criterion)
    manager = User.objects.get(email="manager@demo.example.org")
    lead = User.objects.get(email="agency.lead@demo.example.org")
    today = timezone.localdate()
    agencies = {a.name: a for a in _members(three_rivers)}
    previous = services.cycle_open(
        partnership=three_rivers,
        name=PREVIOUS,
        standard_set=standard_set,
        scale=Scale.FOUR_POINT,
        opens_on=today - datetime.timedelta(days=730),
        due_on=today - datetime.timedelta(days=640),
        agencies=[agencies[name] for name in PREVIOUS_AGENCIES],
    )
    for return_record in previous.returns.select_related("agency", "cycle"):
        _answer_all(
            return_record,
            PREVIOUS_GRADES[return_record.agency.name],
            lead,
            today + datetime.timedelta(days=90),
        )
        return_record.refresh_from_db()
        services.return_submit(return_record=return_record, expected_version=return_record.version, user=lead)
        services.return_accept(
            return_record=return_record, expected_version=return_record.version, user=manager
        )
    current = services.cycle_open(
        partnership=three_rivers,
        name=CURRENT,
        standard_set=standard_set,
        scale=Scale.FOUR_POINT,
        opens_on=today - datetime.timedelta(days=30),
        due_on=today + datetime.timedelta(days=40),
        agencies=list(agencies.values()),
        previous=previous,
    )
    services.cycle_share(cycle=current, partnership=dunmore)
    services.cycle_require_agencies(cycle=current, partnership=dunmore, agencies=_members(dunmore))
    # Two agencies have already submitted this cycle's return.
    for name, pattern in [("Vale Homes", "33333323"), ("Calderwick College", "34333333")]:
        return_record = Return.objects.select_related("cycle", "agency").get(cycle=current, agency__name=name)
        _answer_all(return_record, pattern, lead, today + datetime.timedelta(days=120))
        return_record.refresh_from_db()
        services.return_submit(return_record=return_record, expected_version=return_record.version, user=lead)
