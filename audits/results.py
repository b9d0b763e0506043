"""Reading a cycle's results for one partnership: completion, the agencies x standards heatmap, the comparison
with the previous cycle, and every answer for export. Each runs a fixed number of queries, however many
agencies take part: the heatmap and the comparison come from one grouped statement (`RESULTS_SQL`).

A standard's self-assessed grade is its lowest criterion grade: a standard is only as met as its weakest
criterion. It is shown once the return has been submitted.
"""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass, field

import tablib
from django.db import connection
from django.db.models import Count

from audits import grades
from audits.models import (
    Answer,
    Criterion,
    Cycle,
    ModeratedGrade,
    Moderation,
    Participation,
    Return,
    Standard,
)
from partners.models import Agency, Membership

SHOWN = {Return.Status.SUBMITTED, Return.Status.ACCEPTED}


@dataclass
class Cell:
    standard: Standard
    self_grade: grades.Grade | None = None
    moderated: grades.Grade | None = None


@dataclass
class Row:
    return_record: Return
    cells: list[Cell]
    answered: int = 0
    total: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.total) if self.total else 0


@dataclass
class Results:
    cycle: Cycle
    standards: list[Standard]
    rows: list[Row]
    status_counts: dict[str, int] = field(default_factory=dict)
    # (agency id, standard number) -> lowest rank in the previous cycle, when it was read with the results.
    previous_ranks: dict[tuple[int, int], int] | None = None

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def submitted(self) -> int:
        return sum(1 for r in self.rows if r.return_record.status in SHOWN)

    @property
    def percent_submitted(self) -> int:
        return round(100 * self.submitted / self.total) if self.total else 0

    def statuses(self) -> list[tuple[str, int]]:
        return [(label, self.status_counts.get(value, 0)) for value, label in Return.Status.choices]


def visible_returns(cycle: Cycle, partnership):
    return Return.objects.visible_in(partnership).filter(cycle=cycle)


def _lowest(found: dict, key, code: str) -> None:
    """Keep the lowest rank seen for `key`: a standard is only as met as its weakest criterion."""
    rank = grades.RANK_OF_CODE.get(code)
    if rank is not None and (found.get(key) is None or rank < found[key]):
        found[key] = rank


# One row per visible return and standard of the cycle's set: the lowest self-assessed rank, how many of the
# standard's criteria are graded, this partnership's moderated grade, and (when a previous cycle is compared)
# the agency's lowest rank for the standard of the same number there. "Visible" is Return.visible_in: the
# partnership takes part in the cycle and the agency is an active member. Grouping in the database keeps the
# heatmap to one statement; a partnership's returns hold a few hundred answers. Table names come from the
# models, values are always parameters.
RESULTS_SQL = """
WITH visible AS (
    SELECT r.id, r.public_id, r.agency_id, r.status, agency.name AS agency_name
    FROM {return_} r JOIN {agency} agency ON agency.id = r.agency_id
    WHERE r.cycle_id = %(cycle)s
      AND EXISTS (SELECT 1 FROM {participation} p
                  WHERE p.cycle_id = r.cycle_id AND p.partnership_id = %(partnership)s)
      AND EXISTS (SELECT 1 FROM {membership} m WHERE m.agency_id = r.agency_id
                  AND m.partnership_id = %(partnership)s AND m.ends_on IS NULL)
),
answered AS (
    SELECT a.return_record_id, c.standard_id, min({rank}) AS lowest,
        count(*) FILTER (WHERE a.grade <> '') AS graded, count(*) AS total
    FROM {answer} a
    JOIN {criterion} c ON c.id = a.criterion_id
    WHERE a.return_record_id IN (SELECT id FROM visible)
    GROUP BY a.return_record_id, c.standard_id
),
moderated AS (
    SELECT m.return_record_id, g.standard_id, g.grade
    FROM {moderation} m JOIN {moderated_grade} g ON g.moderation_id = m.id
    WHERE m.partnership_id = %(partnership)s AND m.return_record_id IN (SELECT id FROM visible)
),
before AS (
    -- Grouped by standard first and numbered after: a join per answer row was most of this query's time.
    SELECT graded.agency_id, s.number, min(graded.lowest) AS lowest
    FROM (
        SELECT r.agency_id, c.standard_id, min({rank}) AS lowest
        FROM {return_} r
        JOIN {answer} a ON a.return_record_id = r.id
        JOIN {criterion} c ON c.id = a.criterion_id
        WHERE r.cycle_id = %(previous)s AND r.status = ANY(%(shown)s)
          AND r.agency_id IN (SELECT agency_id FROM visible)
        GROUP BY r.agency_id, c.standard_id
    ) graded
    JOIN {standard} s ON s.id = graded.standard_id
    GROUP BY graded.agency_id, s.number
)
SELECT v.id, v.public_id, v.agency_id, v.status, v.agency_name, s.id, s.number, s.title,
    answered.lowest, answered.graded, answered.total, moderated.grade, before.lowest
FROM visible v
CROSS JOIN {standard} s
LEFT JOIN answered ON answered.return_record_id = v.id AND answered.standard_id = s.id
LEFT JOIN moderated ON moderated.return_record_id = v.id AND moderated.standard_id = s.id
LEFT JOIN before ON before.agency_id = v.agency_id AND before.number = s.number
WHERE s.standard_set_id = %(standard_set)s
ORDER BY v.agency_name, v.id, s.number
"""


@functools.cache
def _results_sql() -> str:
    # A grade's rank within its scale (NULL when ungraded), from the scales' own constant codes.
    whens = " ".join(f"WHEN a.grade = '{code}' THEN {rank}" for code, rank in grades.RANK_OF_CODE.items())
    return RESULTS_SQL.format(
        rank=f"CASE {whens} END",
        return_=Return._meta.db_table,
        agency=Agency._meta.db_table,
        participation=Participation._meta.db_table,
        membership=Membership._meta.db_table,
        answer=Answer._meta.db_table,
        criterion=Criterion._meta.db_table,
        moderation=Moderation._meta.db_table,
        moderated_grade=ModeratedGrade._meta.db_table,
        standard=Standard._meta.db_table,
    )


def _result_rows(cycle: Cycle, partnership, previous_id: int | None) -> list[tuple]:
    params = {
        "cycle": cycle.pk,
        "partnership": partnership.pk,
        "previous": previous_id,
        "standard_set": cycle.standard_set_id,
        "shown": [str(status) for status in SHOWN],
    }
    with connection.cursor() as cursor:
        cursor.execute(_results_sql(), params)
        return cursor.fetchall()


def results_for(cycle: Cycle, partnership, *, compare: bool = False) -> Results:
    """The heatmap of the partnership's member agencies in the cycle, in one query (two when no member
    agency has a return). With `compare`, the previous cycle's grades are read in the same query, for
    `comparison`."""
    previous_id = cycle.previous_id if compare else None
    standards: dict[int, Standard] = {}
    records: dict[int, Return] = {}
    cells: dict[int, list[Cell]] = {}
    answered: Counter = Counter()
    totals: Counter = Counter()
    previous_ranks: dict[tuple[int, int], int] = {}
    for row in _result_rows(cycle, partnership, previous_id):
        (pk, public_id, agency_id, status, agency_name, standard_id, number, title) = row[:8]
        lowest, graded, total, moderated, before = row[8:]
        standard = standards.get(standard_id)
        if standard is None:
            standard = standards[standard_id] = Standard.from_db(
                "default",
                ["id", "standard_set_id", "number", "title"],
                [standard_id, cycle.standard_set_id, number, title],
            )
        record = records.get(pk)
        if record is None:
            # The fields the heatmap reads; the others load on access (nothing on these pages reads them).
            record = records[pk] = Return.from_db(
                "default", ["id", "public_id", "agency_id", "status"], [pk, public_id, agency_id, status]
            )
            record.cycle = cycle
            record.agency = Agency.from_db("default", ["id", "name"], [agency_id, agency_name])
            cells[pk] = []
        shown = status in SHOWN
        cells[pk].append(
            Cell(
                standard=standard,
                self_grade=grades.by_rank(cycle.scale, lowest) if shown else None,
                moderated=grades.grade(cycle.scale, moderated or ""),
            )
        )
        answered[pk] += graded or 0
        totals[pk] += total or 0
        if before is not None:
            previous_ranks[(agency_id, number)] = before
    if not records:
        standards = {
            s.pk: s for s in Standard.objects.filter(standard_set_id=cycle.standard_set_id).order_by("number")
        }
    rows = [Row(record, cells[pk], answered[pk], totals[pk]) for pk, record in records.items()]
    counts = Counter(record.status for record in records.values())
    return Results(
        cycle=cycle,
        standards=sorted(standards.values(), key=lambda s: s.number),
        rows=rows,
        status_counts=dict(counts),
        previous_ranks=previous_ranks if previous_id else None,
    )


@dataclass
class Trend:
    number: int
    title: str
    improved: int = 0
    same: int = 0
    declined: int = 0


def _standard_scores(cycle: Cycle, agency_ids: list[int]) -> dict[tuple[int, int], float | None]:
    """(agency, standard number) -> the standard's lowest grade on the common 0-1 footing."""
    answers = (
        Answer.objects.filter(
            return_record__cycle=cycle,
            return_record__agency_id__in=agency_ids,
            return_record__status__in=SHOWN,
        )
        .order_by()
        .values_list("return_record__agency_id", "criterion__standard__number", "grade")
    )
    lowest: dict[tuple[int, int], int] = {}
    for agency_id, number, code in answers:
        _lowest(lowest, (agency_id, number), code)
    return {key: grades.normalised(cycle.scale, rank) for key, rank in lowest.items()}


def participants(cycle: Cycle) -> tuple[list, set[int]]:
    """The partnerships taking part in the cycle, and the ids of those that took part in its previous cycle
    (one query for both)."""
    found = (
        Participation.objects.filter(cycle_id__in=[cycle.pk, cycle.previous_id or cycle.pk])
        .select_related("partnership")
        .order_by("pk")
    )
    taking_part, before = [], set()
    for participation in found:
        if participation.cycle_id == cycle.pk:
            taking_part.append(participation.partnership)
        else:
            before.add(participation.partnership_id)
    return taking_part, before


def comparison(results: Results, partnership, took_part_before: bool | None = None) -> list[Trend] | None:
    """Per standard, how many agencies improved, stayed the same or declined since the previous cycle.

    Standards are matched by number; only a previous cycle this partnership took part in is compared
    (`took_part_before` says whether it did, when the caller already knows: see `participants`).
    """
    previous = results.cycle.previous
    if previous is None:
        return None
    if took_part_before is None:
        took_part_before = Participation.objects.filter(cycle=previous, partnership=partnership).exists()
    if not took_part_before:
        return None
    agency_ids = [r.return_record.agency_id for r in results.rows]
    if results.previous_ranks is None:
        before = _standard_scores(previous, agency_ids)
    else:
        before = {
            key: grades.normalised(previous.scale, rank) for key, rank in results.previous_ranks.items()
        }
    # This cycle's scores are the heatmap's self-assessed grades, already read by `results_for`.
    after = {
        (row.return_record.agency_id, cell.standard.number): grades.normalised(
            results.cycle.scale, cell.self_grade.rank
        )
        for row in results.rows
        for cell in row.cells
        if cell.self_grade
    }
    trends = []
    for standard in results.standards:
        trend = Trend(standard.number, standard.title)
        for agency_id in agency_ids:
            change = grades.direction(
                before.get((agency_id, standard.number)), after.get((agency_id, standard.number))
            )
            if change:
                setattr(trend, change, getattr(trend, change) + 1)
        trends.append(trend)
    return trends


EXPORT_HEADERS = [
    "Agency",
    "Return status",
    "Standard",
    "Standard title",
    "Criterion",
    "Criterion text",
    "Self-assessed grade",
    "Narrative",
    "Carried forward, not confirmed",
    "Action",
    "Action owner",
    "Action due",
    "Evidence files",
    "Moderated grade for the standard",
]


def _safe(value):
    """Text that a spreadsheet would run as a formula is prefixed with an apostrophe (CSV injection)."""
    if isinstance(value, str) and value[:1] in {"=", "+", "-", "@", "\t", "\r"}:
        return "'" + value
    return value


def answers_dataset(cycle: Cycle, partnership) -> tablib.Dataset:
    """Every answer of the partnership's member agencies in the cycle, one row each (two queries)."""
    answers = (
        Answer.objects.filter(return_record__in=visible_returns(cycle, partnership))
        .select_related("return_record__agency", "criterion__standard")
        .annotate(evidence_count=Count("evidence"))
        .order_by("return_record__agency__name", "criterion__standard__number", "criterion__number")
    )
    moderated = {
        (m["moderation__return_record_id"], m["standard_id"]): m["grade"]
        for m in ModeratedGrade.objects.filter(
            moderation__partnership=partnership, moderation__return_record__cycle=cycle
        ).values("moderation__return_record_id", "standard_id", "grade")
    }
    dataset = tablib.Dataset(headers=EXPORT_HEADERS, title="Answers")
    for answer in answers:
        return_record, criterion = answer.return_record, answer.criterion
        found = grades.grade(cycle.scale, answer.grade)
        moderated_grade = grades.grade(
            cycle.scale, moderated.get((return_record.pk, criterion.standard_id), "")
        )
        dataset.append(
            [
                _safe(value)
                for value in (
                    return_record.agency.name,
                    return_record.get_status_display(),
                    criterion.standard.number,
                    criterion.standard.title,
                    criterion.label,
                    criterion.text,
                    found.label if found else "",
                    answer.narrative,
                    "yes" if answer.carried_forward else "no",
                    answer.action_text,
                    answer.action_owner,
                    answer.action_due_on.isoformat() if answer.action_due_on else "",
                    answer.evidence_count,
                    moderated_grade.label if moderated_grade else "",
                )
            ]
        )
    return dataset
