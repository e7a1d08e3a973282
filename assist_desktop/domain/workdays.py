"""Chinese working days: public holidays and adjusted working days (调休).

The days come from a `WorkCalendar`: by default the data of the `chinese-calendar` package (it ships the State
Council's arrangements up to its latest announcement), in the program the union's holiday table (seeded from the
package, editable with `holidays set`: services/settings.py builds it). For a year the calendar does not know,
Monday to Friday are taken as working days; `WorkCalendar.knows(year)` (or `calendar_known(year)` for the built-in
data) tells the caller so it can say so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import chinese_calendar


@dataclass(frozen=True)
class WorkCalendar:
    """Holidays (days off that would be working days, and the holiday weekends), extra working days (weekend days
    worked in exchange) and the years whose arrangement is known. Outside `years`: Monday to Friday."""

    holidays: frozenset[dt.date] = frozenset()
    workdays: frozenset[dt.date] = frozenset()
    years: frozenset[int] = frozenset()
    #: the names of the holidays (for the holiday page), not compared
    names: dict[dt.date, str] = field(default_factory=dict, compare=False, hash=False, repr=False)

    def is_workday(self, day: dt.date) -> bool:
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5

    def knows(self, year: int) -> bool:
        """Whether the official arrangement of this year is in the calendar."""
        return year in self.years

    @classmethod
    def of(
        cls,
        days: Iterable[tuple[dt.date, str, str | None]],
        *,
        fallback: WorkCalendar | None = None,
    ) -> WorkCalendar:
        """A calendar from (day, 'holiday'|'workday', name) rows; the years not among the rows are taken from
        `fallback` (the built-in data, so that a newer chinese-calendar adds its new years by itself)."""
        holidays: set[dt.date] = set()
        workdays: set[dt.date] = set()
        names: dict[dt.date, str] = {}
        for day, kind, name in days:
            (workdays if kind == "workday" else holidays).add(day)
            if name:
                names[day] = name
        years = {d.year for d in holidays | workdays}
        if fallback is not None:
            extra = fallback.years - years
            holidays |= {d for d in fallback.holidays if d.year in extra}
            workdays |= {d for d in fallback.workdays if d.year in extra}
            names.update({d: n for d, n in fallback.names.items() if d.year in extra})
            years |= extra
        return cls(frozenset(holidays), frozenset(workdays), frozenset(years), names)


#: the Chinese names of chinese-calendar's holidays
HOLIDAY_NAMES_ZH = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


def builtin_days() -> list[tuple[dt.date, str, str]]:
    """The days the chinese-calendar package knows, as (day, kind, Chinese name) rows (for seeding the table)."""
    rows = [(d, "holiday", HOLIDAY_NAMES_ZH.get(str(n), str(n))) for d, n in chinese_calendar.holidays.items()]
    rows += [(d, "workday", HOLIDAY_NAMES_ZH.get(str(n), str(n)) + "调休上班")
             for d, n in chinese_calendar.workdays.items()]
    return sorted(rows)


@lru_cache(maxsize=1)
def builtin_calendar() -> WorkCalendar:
    """The chinese-calendar package's data as a calendar."""
    return WorkCalendar.of(builtin_days())


@lru_cache(maxsize=64)
def calendar_known(year: int) -> bool:
    """Whether the built-in data know the official holiday arrangement of this year."""
    try:
        chinese_calendar.is_workday(dt.date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


@lru_cache(maxsize=8192)
def _builtin_is_workday(day: dt.date) -> bool:
    if calendar_known(day.year):
        return bool(chinese_calendar.is_workday(day))
    return day.weekday() < 5


def is_workday(day: dt.date, calendar: WorkCalendar | None = None) -> bool:
    """A working day in mainland China (holidays off, adjusted weekend working days on)."""
    if calendar is None:
        return _builtin_is_workday(day)
    return calendar.is_workday(day)


def add_workdays(start: dt.date, n: int, calendar: WorkCalendar | None = None) -> dt.date:
    """The n-th working day after `start` (start itself not counted); n <= 0 gives start."""
    day = start
    left = n
    while left > 0:
        day += dt.timedelta(days=1)
        if is_workday(day, calendar):
            left -= 1
    return day


def sub_workdays(start: dt.date, n: int, calendar: WorkCalendar | None = None) -> dt.date:
    """The n-th working day before `start` (start itself not counted)."""
    day = start
    left = n
    while left > 0:
        day -= dt.timedelta(days=1)
        if is_workday(day, calendar):
            left -= 1
    return day


def workdays_between(start: dt.date, end: dt.date, calendar: WorkCalendar | None = None) -> int:
    """Working days in (start, end]."""
    count = 0
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        if is_workday(day, calendar):
            count += 1
    return count


def years_unknown(start: dt.date, end: dt.date, calendar: WorkCalendar | None = None) -> list[int]:
    """The years from `start` to `end` whose holiday arrangement the calendar does not know."""
    known = calendar.knows if calendar is not None else calendar_known
    return [y for y in range(start.year, end.year + 1) if not known(y)]


def unknown_year_warning(year: int, lang: str = "zh") -> str:
    """The warning shown for a year with no holiday arrangement (the notice dialog, `status`)."""
    if lang.startswith("en"):
        return (f"the public holidays of {year} are not entered: enter the State Council's schedule "
                "(holidays set); until then Monday to Friday count as working days")
    return f"{year}年节假日安排未录入，请按国务院通知录入（holidays set）；录入前按周一至周五计算工作日"


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
