"""Assembling the yearly report: its sections in order, and the checklist of statutory contents."""

from __future__ import annotations

from dataclasses import dataclass

from reports.models import NARRATIVE_KINDS, Section, SectionKind, YearlyReport
from reports.narrative import to_html
from reports.providers import PROVIDERS

# What a yearly report must contain (DOMAIN.md §6), and the sections that provide each item.
CHECKLIST = [
    ("What was done, and how effective it was", [SectionKind.PRIORITIES]),
    (
        "Evidence of the impact of partners' and agencies' work, including training",
        [SectionKind.TRAINING, SectionKind.IMPROVEMENT],
    ),
    ("Analysis of areas with little or no progress on priorities", [SectionKind.LITTLE_PROGRESS]),
    (
        "Decisions and actions on local and national review recommendations, and the improvements that "
        "followed",
        [SectionKind.CASE_REVIEWS],
    ),
    ("How feedback from children, families and practitioners was sought and used", [SectionKind.VOICE]),
    ("The shared budget and partners' contributions", [SectionKind.BUDGET]),
    ("Next year's priorities", [SectionKind.NEXT_PRIORITIES]),
]


@dataclass
class AssembledSection:
    section: Section
    title: str
    html: str = ""
    data: dict | None = None

    @property
    def kind(self) -> str:
        return self.section.kind

    @property
    def template(self) -> str:
        return (
            "reports/sections/narrative.html" if self.data is None else f"reports/sections/{self.kind}.html"
        )

    @property
    def present(self) -> bool:
        if self.section.not_applicable:
            return True
        if self.data is None:
            return bool(self.html)
        return bool(self.data.get("has_content"))


def assemble(report: YearlyReport) -> list[AssembledSection]:
    assembled = []
    for section in report.sections.all():
        item = AssembledSection(section=section, title=section.get_kind_display())
        if section.kind in NARRATIVE_KINDS:
            item.html = to_html(section.body)
        else:
            item.data = PROVIDERS[section.kind](report)
        assembled.append(item)
    return assembled


@dataclass(frozen=True)
class ChecklistItem:
    label: str
    sections: list[str]
    present: bool
    missing: list[str]


def checklist(assembled: list[AssembledSection]) -> list[ChecklistItem]:
    by_kind = {a.kind: a for a in assembled}
    items = []
    for label, kinds in CHECKLIST:
        missing = [SectionKind(k).label for k in kinds if k not in by_kind or not by_kind[k].present]
        items.append(ChecklistItem(label, [SectionKind(k).label for k in kinds], not missing, missing))
    return items


def is_complete(assembled: list[AssembledSection]) -> bool:
    return all(item.present for item in checklist(assembled))
