import datetime as dt

import pytest

from safeguarding.calendar import add_months, add_working_days, is_working_day, working_days_between

D = dt.date


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (D(2026, 11, 23), 5, D(2026, 11, 30)),  # Monday + 5 = next Monday
        (D(2026, 11, 27), 1, D(2026, 11, 30)),  # Friday + 1 skips the weekend
        # Christmas 2026: Friday 25th, Saturday 26th, Boxing Day substitute Monday 28th.
        (D(2026, 12, 23), 5, D(2027, 1, 4)),  # 24th, 29th, 30th, 31st, (1 Jan bank holiday) 4th
        (D(2026, 12, 24), 1, D(2026, 12, 29)),
        # Christmas 2027 falls on a Saturday: substitute days Monday 27th and Tuesday 28th.
        (D(2027, 12, 24), 1, D(2027, 12, 29)),
        # Easter 2026: Good Friday 3 April, Easter Monday 6 April.
        (D(2026, 4, 2), 1, D(2026, 4, 7)),
        (D(2026, 3, 30), 15, D(2026, 4, 22)),
        # Early May bank holiday 2026 (4 May) and the late August bank holiday (31 August).
        (D(2026, 5, 1), 1, D(2026, 5, 5)),
        (D(2026, 8, 28), 5, D(2026, 9, 7)),
        (D(2027, 1, 4), -5, D(2026, 12, 23)),
    ],
)
def test_add_working_days_on_real_bank_holidays(start, days, expected):
    assert add_working_days(start, days) == expected


def test_bank_holidays_and_weekends_are_not_working_days():
    assert not is_working_day(D(2026, 12, 28))  # Boxing Day (substitute)
    assert not is_working_day(D(2026, 4, 3))
    assert not is_working_day(D(2026, 11, 28))  # Saturday
    assert is_working_day(D(2026, 11, 26))


def test_working_days_between_counts_across_year_end():
    assert working_days_between(D(2026, 12, 23), D(2027, 1, 4)) == 5
    assert working_days_between(D(2026, 12, 23), D(2026, 12, 23)) == 0
    assert working_days_between(D(2027, 1, 4), D(2026, 12, 23)) == -5


def test_counting_is_the_inverse_of_adding():
    start = D(2025, 12, 1)
    for offset in range(0, 400, 3):
        day = start + dt.timedelta(days=offset)
        for n in (0, 1, 5, 7, 15, 33):
            assert working_days_between(day, add_working_days(day, n)) == n


def test_add_months_clamps_to_month_end():
    assert add_months(D(2026, 8, 31), 6) == D(2027, 2, 28)
    assert add_months(D(2027, 8, 31), 6) == D(2028, 2, 29)
    assert add_months(D(2026, 10, 15), 6) == D(2027, 4, 15)
