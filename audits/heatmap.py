"""The heatmap's table rows as HTML, written in Python: a cycle's heatmap has a row per member agency and a
cell per standard, a few hundred cells, and rendering them through nested template tags was most of the
page's time. The markup is the template's; every value from the database is escaped."""

from __future__ import annotations

import functools

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from audits import grades
from audits.models import Return
from audits.results import Cell, Row

# A return's status as a tag: the colour goes with the status, the words are always written out.
STATUS_COLOURS = {
    Return.Status.ACCEPTED: "green",
    Return.Status.SUBMITTED: "blue",
    Return.Status.RETURNED: "orange",
    Return.Status.DRAFT: "grey",
}


def status_tag(status: str) -> SafeString:
    """The tag every section 11 page shows for a return's status (audits/status_tag.html uses it too)."""
    label = Return.Status(status).label if status in Return.Status.values else status
    colour = STATUS_COLOURS.get(status, "grey")
    return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, label)


@functools.cache
def _grade_tag(grade: grades.Grade) -> str:
    return f'<strong class="govuk-tag govuk-tag--{escape(grade.tag)}">{escape(grade.short)}</strong>'


def _cell(cell: Cell) -> str:
    own = (
        _grade_tag(cell.self_grade) if cell.self_grade else '<span class="govuk-body-s">Not submitted</span>'
    )
    moderated = ""
    if cell.moderated:
        moderated = f'<br><span class="govuk-body-s">Moderated:</span> {_grade_tag(cell.moderated)}'
    return (
        '<td class="govuk-table__cell"><span class="govuk-visually-hidden">Self-assessed: </span>'
        f"{own}{moderated}</td>"
    )


def rows_html(rows: list[Row], return_url=None) -> list[SafeString]:
    """One <tr> per row; the agency name links to its return when `return_url` (public id -> URL) is given."""
    found = []
    for row in rows:
        record = row.return_record
        name = escape(record.agency.name)
        agency = (
            f'<a class="govuk-link" href="{escape(return_url(record.public_id))}">{name}</a>'
            if return_url
            else name
        )
        status = status_tag(record.status)
        cells = "\n".join(_cell(cell) for cell in row.cells)
        found.append(
            mark_safe(  # noqa: S308 - built above from escaped values and constant markup
                '<tr class="govuk-table__row">'
                f'<th scope="row" class="govuk-table__header">{agency}</th>'
                f'<td class="govuk-table__cell">{status}<br><span class="govuk-body-s">'
                f"{row.answered} of {row.total} graded</span></td>\n{cells}</tr>"
            )
        )
    return found
