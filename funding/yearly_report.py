"""The yearly report's budget section (reports.providers): the budget table and contributions by agency for
the financial year the report covers."""

from __future__ import annotations

import datetime

from funding.charts import contributions_chart
from funding.models import FinancialYear
from funding.reports import budget_table


def budget_section(partnership, period_start: datetime.date, period_end: datetime.date) -> dict:
    start_year = period_start.year if period_start.month >= 4 else period_start.year - 1
    table = budget_table(partnership, start_year)
    if table is None:
        return {"has_content": False}
    chart = None
    year = FinancialYear.objects.filter(partnership=partnership, start_year=start_year).first()
    if year is not None:
        from funding.metrics import agency_rows

        chart = contributions_chart(agency_rows(year), table.year_label)
    return {"has_content": bool(table.partner_income or table.spend), "table": table, "chart": chart}
