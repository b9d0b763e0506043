"""A standard set as an XLSX workbook: one row per criterion, so sets can be edited in a spreadsheet."""

from __future__ import annotations

import io

import openpyxl
from openpyxl.styles import Alignment, Font

from audits.models import StandardSet
from audits.services import CriterionRow, set_rows

HEADERS = [
    "standard_number",
    "standard_title",
    "criterion_number",
    "criterion_text",
    "guidance",
    "expected_evidence",
]
MAX_ROWS = 500


def export_xlsx(standard_set: StandardSet) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Criteria"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in set_rows(standard_set):
        sheet.append(
            [
                row.standard_number,
                row.standard_title,
                row.number or None,
                row.text,
                row.guidance,
                row.expected_evidence,
            ]
        )
    for column, width in zip("ABCDEF", (10, 50, 10, 70, 50, 50), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _int(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def read_xlsx(upload) -> tuple[list[CriterionRow], list[str]]:
    """The rows of an uploaded workbook, or the problems that stop it being imported (row by row)."""
    try:
        workbook = openpyxl.load_workbook(upload, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many unrelated errors for a file that is not a workbook
        return [], ["The file could not be read as an XLSX workbook."]
    sheet = workbook.worksheets[0]
    values = list(sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 2))
    workbook.close()
    if not values or [_text(v).lower() for v in values[0][: len(HEADERS)]] != HEADERS:
        return [], [f"The first row must be the column names: {', '.join(HEADERS)}."]
    if len(values) > MAX_ROWS + 1:
        return [], [f"A set can have at most {MAX_ROWS} criteria."]
    rows, errors, titles, seen = [], [], {}, set()
    for line, raw in enumerate(values[1:], start=2):
        raw = list(raw) + [None] * (len(HEADERS) - len(raw))
        if all(_text(v) == "" for v in raw[: len(HEADERS)]):
            continue
        standard_number, criterion_number = _int(raw[0]), _int(raw[2])
        title, text = _text(raw[1]), _text(raw[3])
        if not standard_number or standard_number < 1:
            errors.append(f"Row {line}: the standard number must be a whole number from 1.")
            continue
        if not title:
            errors.append(f"Row {line}: the standard needs a title.")
            continue
        if titles.setdefault(standard_number, title) != title:
            errors.append(f"Row {line}: standard {standard_number} has a different title on an earlier row.")
        if criterion_number is None or criterion_number < 1 or not text:
            errors.append(f"Row {line}: each criterion needs a number from 1 and its text.")
            continue
        if (standard_number, criterion_number) in seen:
            errors.append(f"Row {line}: criterion {standard_number}.{criterion_number} appears twice.")
            continue
        seen.add((standard_number, criterion_number))
        rows.append(
            CriterionRow(standard_number, title, criterion_number, text, _text(raw[4]), _text(raw[5]))
        )
    if not rows and not errors:
        errors.append("The workbook has no criteria.")
    return rows, errors
