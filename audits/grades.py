"""The two grading scales of section 11 self-assessment, and how grades compare across them.

A cycle uses one scale: RAG (green = fully met) or the 4-point scale (4 outstanding ... 1 inadequate).
Grades are stored as short codes; a "gap" is any grade below met / good, and needs an action. Grades of
different scales are compared on a common 0-1 footing (the lowest grade of a scale is 0, the highest 1),
which is what the comparison with a previous cycle uses when the two cycles used different scales.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models


class Scale(models.TextChoices):
    RAG = "rag", "RAG (red, amber, green)"
    FOUR_POINT = "four_point", "4-point (outstanding, good, requires improvement, inadequate)"


@dataclass(frozen=True)
class Grade:
    code: str
    label: str
    rank: int  # 1 is the lowest grade of its scale
    tag: str  # GOV.UK tag colour modifier: the colour is never the only signal, the label is always shown
    gap: bool
    short: str  # for the heatmap's cells


SCALES: dict[str, list[Grade]] = {
    Scale.RAG: [
        Grade("green", "Green: fully met", 3, "green", False, "Green"),
        Grade("amber", "Amber: partly met", 2, "yellow", True, "Amber"),
        Grade("red", "Red: not met", 1, "red", True, "Red"),
    ],
    Scale.FOUR_POINT: [
        Grade("4", "4: Outstanding", 4, "turquoise", False, "4 Outstanding"),
        Grade("3", "3: Good", 3, "green", False, "3 Good"),
        Grade("2", "2: Requires improvement", 2, "orange", True, "2 Requires improvement"),
        Grade("1", "1: Inadequate", 1, "red", True, "1 Inadequate"),
    ],
}
BY_CODE: dict[str, dict[str, Grade]] = {
    scale: {g.code: g for g in grades} for scale, grades in SCALES.items()
}
ALL_CODES = sorted({g.code for grades in SCALES.values() for g in grades})
# Codes are distinct across the scales, so a code alone gives its rank.
RANK_OF_CODE = {g.code: g.rank for grades in SCALES.values() for g in grades}


def choices(scale: str) -> list[tuple[str, str]]:
    return [(g.code, g.label) for g in SCALES[scale]]


def grade(scale: str, code: str) -> Grade | None:
    return BY_CODE[scale].get(code or "")


def by_rank(scale: str, rank: int | None) -> Grade | None:
    return next((g for g in SCALES[scale] if g.rank == rank), None)


def is_gap(scale: str, code: str) -> bool:
    found = grade(scale, code)
    return bool(found and found.gap)


def normalised(scale: str, rank: int | None) -> float | None:
    """0 for the lowest grade of the scale, 1 for the highest: comparable across scales."""
    if rank is None:
        return None
    top = len(SCALES[scale])
    return (rank - 1) / (top - 1)


def direction(before: float | None, after: float | None) -> str:
    if before is None or after is None:
        return ""
    if after > before + 1e-9:
        return "improved"
    if after < before - 1e-9:
        return "declined"
    return "same"
