"""Chinese working days: public holidays and adjusted working days (调休) from `chinese-calendar`.

For a year the package does not know (it ships data up to the State Council's latest announcement),
Monday to Friday are taken as working days; `calendar_known(year)` tells the caller so it can say so.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import chinese_calendar


@lru_cache(maxsize=64)
def calendar_known(year: int) -> bool:
    """Whether the official holiday arrangement of this year is known."""
    try:
        chinese_calendar.is_workday(dt.date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


@lru_cache(maxsize=8192)
def is_workday(day: dt.date) -> bool:
    """A working day in mainland China (holidays off, adjusted weekend working days on)."""
    if calendar_known(day.year):
        return bool(chinese_calendar.is_workday(day))
    return day.weekday() < 5


def add_workdays(start: dt.date, n: int) -> dt.date:
    """The n-th working day after `start` (start itself not counted); n <= 0 gives start."""
    day = start
    left = n
    while left > 0:
        day += dt.timedelta(days=1)
        if is_workday(day):
            left -= 1
    return day


def sub_workdays(start: dt.date, n: int) -> dt.date:
    """The n-th working day before `start` (start itself not counted)."""
    day = start
    left = n
    while left > 0:
        day -= dt.timedelta(days=1)
        if is_workday(day):
            left -= 1
    return day


def workdays_between(start: dt.date, end: dt.date) -> int:
    """Working days in (start, end]."""
    count = 0
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        if is_workday(day):
            count += 1
    return count


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the last day of the month when it has fewer days)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, d))
        except ValueError:
            continue
    raise AssertionError("unreachable")
