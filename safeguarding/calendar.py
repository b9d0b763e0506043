"""England and Wales working days: Monday to Friday, less bank holidays (substitute days included).

Statutory clocks in working days (DOMAIN.md §2) and the challenge escalation ladder are computed here, from
the `holidays` package's calendar for England.
"""

from __future__ import annotations

import calendar
import datetime
from functools import lru_cache

import holidays

ONE_DAY = datetime.timedelta(days=1)


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The date `days` working days after `start` (before it, for negative `days`).

    `start` itself never counts: 5 working days from a Friday is the next Friday, bank holidays skipped.
    """
    step = ONE_DAY if days >= 0 else -ONE_DAY
    remaining = abs(days)
    day = start
    while remaining:
        day += step
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end`; negative when `end` is before `start`.

    The inverse of `add_working_days`: working_days_between(d, add_working_days(d, n)) == n.
    """
    if end < start:
        return -working_days_between(end, start)
    whole_weeks, extra = divmod((end - start).days, 7)
    count = whole_weeks * 5
    day = start + datetime.timedelta(weeks=whole_weeks)
    for _ in range(extra):
        day += ONE_DAY
        if day.weekday() < 5:
            count += 1
    holidays_in_range = sum(
        1
        for year in range(start.year, end.year + 1)
        for holiday in _bank_holidays(year)
        if start < holiday <= end and holiday.weekday() < 5
    )
    return count - holidays_in_range


def add_months(start: datetime.date, months: int) -> datetime.date:
    """Calendar months, clamped to the month's last day (31 August + 6 months = 28 or 29 February)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))
