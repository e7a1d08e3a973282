"""Chinese working days: holidays and adjusted working days, with a Mon–Fri fallback for unknown years."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from assist_desktop.domain.workdays import (
    add_months,
    add_workdays,
    calendar_known,
    is_workday,
    workdays_between,
)


def test_national_day_holidays_and_adjusted_saturday():
    assert not is_workday(dt.date(2026, 10, 1))
    assert not is_workday(dt.date(2026, 10, 7))
    assert is_workday(dt.date(2026, 9, 20))  # a Sunday worked in exchange
    # five working days after 30 September 2026 skip the Golden Week
    assert add_workdays(dt.date(2026, 9, 30), 5) == dt.date(2026, 10, 13)
    assert add_workdays(dt.date(2026, 12, 1), 5) == dt.date(2026, 12, 8)


def test_unknown_year_falls_back_to_monday_to_friday():
    assert not calendar_known(2099)
    assert add_workdays(dt.date(2099, 1, 2), 5) == dt.date(2099, 1, 9)  # Fri → next Fri
    assert not is_workday(dt.date(2099, 1, 3))


@given(st.dates(dt.date(2005, 1, 1), dt.date(2030, 12, 31)), st.integers(0, 40))
def test_add_workdays_counts_exactly_n(start, n):
    end = add_workdays(start, n)
    assert workdays_between(start, end) == n
    assert n == 0 or is_workday(end)


def test_add_months_clamps_to_month_end():
    assert add_months(dt.date(2026, 8, 31), 6) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2026, 3, 2), 6) == dt.date(2026, 9, 2)
    assert add_months(dt.date(2026, 1, 31), -2) == dt.date(2025, 11, 30)
