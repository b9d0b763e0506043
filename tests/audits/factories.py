"""Section 11 test records, built through the services so they are in states the portal can reach."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from audits import services
from audits.grades import Scale
from audits.models import Answer, Criterion, Return, Standard, StandardSet

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def make_set(partnership=None, *, name=None, standards=8, criteria=5) -> StandardSet:
    standard_set = StandardSet.objects.create(
        partnership=partnership, name=name or f"Set {StandardSet.objects.count() + 1}"
    )
    for number in range(1, standards + 1):
        standard = Standard.objects.create(
            standard_set=standard_set, number=number, title=f"Standard title {number}"
        )
        Criterion.objects.bulk_create(
            Criterion(
                standard=standard,
                standard_set=standard_set,
                number=index,
                text=f"Criterion text {number}.{index}",
                guidance="What a good answer covers.",
                expected_evidence="A policy.",
            )
            for index in range(1, criteria + 1)
        )
    return standard_set


def make_cycle(
    partnership,
    agencies,
    *,
    standard_set=None,
    scale=Scale.FOUR_POINT,
    name=None,
    opens_on=None,
    due_on=None,
    previous=None,
    standards=2,
    criteria=2,
):
    today = timezone.localdate()
    return services.cycle_open(
        partnership=partnership,
        name=name or "Cycle",
        standard_set=standard_set or make_set(partnership, standards=standards, criteria=criteria),
        scale=scale,
        opens_on=opens_on or today - datetime.timedelta(days=10),
        due_on=due_on or today + datetime.timedelta(days=30),
        agencies=agencies,
        previous=previous,
    )


def fill(return_record: Return, user, code="3", *, action_due=None) -> None:
    """Answer every criterion with `code` (a gap gets an action)."""
    from audits import grades

    gap = grades.is_gap(return_record.cycle.scale, code)
    edits = [
        services.AnswerEdit(
            answer=a,
            expected_version=a.version,
            grade=code,
            narrative=f"Narrative for {a.criterion.label}",
            action_text="Refresh the policy" if gap else "",
            action_owner="Head of safeguarding" if gap else "",
            action_due_on=(action_due or timezone.localdate() + datetime.timedelta(days=60)) if gap else None,
        )
        for a in Answer.objects.filter(return_record=return_record).select_related("criterion__standard")
    ]
    services.answers_save(return_record=return_record, edits=edits, user=user)


def submit(return_record: Return, user) -> Return:
    return_record.refresh_from_db()
    return services.return_submit(
        return_record=return_record, expected_version=return_record.version, user=user
    )


def accept(return_record: Return, user) -> Return:
    return_record.refresh_from_db()
    return services.return_accept(
        return_record=return_record, expected_version=return_record.version, user=user
    )


def add_evidence(answer: Answer, user, name="policy.pdf", content=PDF_BYTES):
    return services.evidence_add(
        answer=answer,
        upload=SimpleUploadedFile(name, content, content_type="application/pdf"),
        content_type="application/pdf",
        effective_date=datetime.date(2025, 4, 1),
        description="Safeguarding policy",
        user=user,
    )
