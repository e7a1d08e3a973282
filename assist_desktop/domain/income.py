"""Per-capita monthly income (人均月收入) from the dated facts of a household.

Per-capita income = (household income over the last 12 months + imputed wages − unavoidable
spending) ÷ members ÷ 12, in integer fen (rounded down). A household member (other than the worker
the file is about) who is of working age, able to work, not studying and without a job is counted at
the minimum wage MW: the rules assume such a member could earn it. The worker is never imputed:
their joblessness is usually the very hardship the file records.

The household income has components (wages, pensions, 低保, other transfers, business income) and the
unavoidable spending has categories (medical, schooling, other), declared in domain/fields.py (`part_of`).
When any part is given, the total is the sum of the parts (`income_total`, applied to a change by
`settle_totals`); when none is given (older records, rosters with only the totals) the total stands alone.
The rules read only the totals, so an older fact evaluates exactly as before.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from operator import attrgetter
from typing import Any, Protocol

from assist_desktop.domain.fields import FILE_FIELD, TOTALS, field_label, parts_of
from assist_desktop.domain.options import EXIT_STEPS, INTAKE_STEPS, OPTIONS
from assist_desktop.domain.validation import format_fen
from assist_desktop.domain.workdays import WorkCalendar

_NOT_ABLE_HEALTH = {"serious_illness", "disabled"}


class StandardLike(Protocol):
    """What the rules read of a dated standard (read-only: frozen read models and table rows both fit)."""

    @property
    def effective_on(self) -> dt.date: ...
    @property
    def lb_fen(self) -> int: ...
    @property
    def mw_fen(self) -> int: ...
    @property
    def relative_multiple_pct(self) -> int: ...
    @property
    def exit_multiple_pct(self) -> int: ...
    @property
    def accident_multiple_pct(self) -> int: ...
    @property
    def accident_cost_pct(self) -> int: ...


class FactLike(Protocol):
    """What the rules read of a dated income fact."""

    @property
    def as_of(self) -> dt.date: ...
    @property
    def household_size(self) -> int: ...
    @property
    def household_annual_income_fen(self) -> int: ...
    @property
    def unavoidable_spending_fen(self) -> int: ...
    @property
    def hardship_costs_fen(self) -> int: ...


@dataclass(frozen=True)
class RuleOptions:
    """The union's settings that the rules read (see domain/options.py for their meaning)."""

    watch_months: int = 6
    notice_workdays: int = 5
    follow_up_months: int = 6
    review_interval_months: int = 12
    older_relative_rule: bool = False
    working_age_min: int = 16
    working_age_max_male: int = 60
    working_age_max_female: int = 55
    # the procedure and the local variants (issue 10): every key in domain/options.py
    category_scheme: str = "acftu"
    freshness_months: int = 6
    accident_window_months: int = 12
    boundary_deep: str = "lt"
    boundary_relative: str = "lt"
    boundary_accident: str = "lt"
    boundary_exit: str = "ge"
    require_responsible: bool = True
    visit_interval_months: int = 6
    steps: frozenset[str] = frozenset()  # the intake steps switched on (step_* keys without the prefix)
    exit_steps: frozenset[str] = frozenset()  # the exit steps switched on (exit_step_* keys without the prefix)
    approval_level: str = "union"
    entry_notice_workdays: int = 5
    #: the working-day calendar (the union's holiday table); None: the built-in chinese-calendar data
    calendar: WorkCalendar | None = None

    @classmethod
    def from_lookup(cls, get: Callable[[str], Any], calendar: WorkCalendar | None = None) -> RuleOptions:
        """Build from a function returning a setting's value by key (services.common.get_option) and the
        union's working-day calendar."""
        return cls(
            watch_months=int(get("watch_months")),
            notice_workdays=int(get("notice_workdays")),
            follow_up_months=int(get("follow_up_months")),
            review_interval_months=int(get("review_interval_months")),
            older_relative_rule=bool(int(get("older_relative_rule"))),
            working_age_min=int(get("working_age_min")),
            working_age_max_male=int(get("working_age_max_male")),
            working_age_max_female=int(get("working_age_max_female")),
            category_scheme=str(get("category_scheme")),
            freshness_months=int(get("freshness_months")),
            accident_window_months=int(get("accident_window_months")),
            boundary_deep=str(get("boundary_deep")),
            boundary_relative=str(get("boundary_relative")),
            boundary_accident=str(get("boundary_accident")),
            boundary_exit=str(get("boundary_exit")),
            require_responsible=bool(int(get("require_responsible"))),
            visit_interval_months=int(get("visit_interval_months")),
            steps=frozenset(k for k in INTAKE_STEPS if int(get("step_" + k))),
            exit_steps=frozenset(k for k in EXIT_STEPS if int(get("exit_step_" + k))),
            approval_level=str(get("approval_level")),
            entry_notice_workdays=int(get("entry_notice_workdays")),
            calendar=calendar,
        )

    @classmethod
    def defaults(cls) -> RuleOptions:
        return cls.from_lookup(lambda key: OPTIONS[key].default)


# --- the totals and their parts -----------------------------------------------------------------------

#: a total's model column → its parts' model columns, from the registry
PART_COLUMNS: dict[str, tuple[str, ...]] = {
    FILE_FIELD[t].model_column: tuple(p.model_column for p in parts_of(t)) for t in TOTALS
}
INCOME_PARTS: tuple[str, ...] = PART_COLUMNS.get("household_annual_income_fen", ())
SPENDING_PARTS: tuple[str, ...] = PART_COLUMNS.get("unavoidable_spending_fen", ())
#: every part column (the dated facts carry them beside the totals)
ALL_PARTS: tuple[str, ...] = tuple(c for cols in PART_COLUMNS.values() for c in cols)


def income_total(parts: Iterable[int | None]) -> int | None:
    """The total of the given parts: their sum; None when no part is given (the total then stands alone)."""
    given = [int(p) for p in parts if p is not None]
    return sum(given) if given else None


_MISSING = object()


def _get(source: Any, column: str) -> Any:
    if source is None:
        return None
    value = getattr(source, column, _MISSING)  # rows and objects first: the rules read them per file
    if value is not _MISSING:
        return value
    return source.get(column) if isinstance(source, Mapping) else None


def parts_given(source: Any, total_column: str) -> dict[str, int]:
    """The parts of a total that `source` (a file, a fact, a mapping of columns) gives: column → fen."""
    out: dict[str, int] = {}
    for column in PART_COLUMNS.get(total_column, ()):
        value = _get(source, column)
        if value is not None:
            out[column] = int(value)
    return out


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def settle_totals(
    before: Any | None, values: Mapping[str, Any], raw: Mapping[str, Any]
) -> tuple[dict[str, Any], set[str]]:
    """The cleaned `values` of a change with each total that has parts settled.

    When the change gives a part (or creates the file with parts) and does not give the total itself, the total
    becomes the sum of the parts as they are after the change. A total the change gives stands as given (a
    clerk may know better; domain.decisions.income_warnings says when it disagrees with its parts). Returns the
    values and the input names of the totals derived from their parts.

    Args:
        before: the file as it is (None when creating); values: the cleaned column values of the change;
        raw: the input as entered (to tell a total given from one left blank).
    """
    out = dict(values)
    derived: set[str] = set()
    for total in TOTALS:
        spec = FILE_FIELD[total]
        columns = PART_COLUMNS[spec.model_column]
        if not any(c in values for c in columns) and before is not None:
            continue  # no part changes: the total is as the change says (or as it was)
        if not _blank(raw.get(total)):
            continue
        after = [out[c] if c in out else _get(before, c) for c in columns]
        total_fen = income_total(after)
        if total_fen is not None:
            out[spec.model_column] = total_fen
            derived.add(total)
    return out, derived


@dataclass(frozen=True)
class IncomeResult:
    """The per-capita income and every number behind it."""

    per_capita_fen: int
    annual_income_fen: int
    spending_fen: int
    members: int
    imputed_members: int
    imputed_fen: int  # imputed yearly wages added to the income
    mw_fen: int
    fact_as_of: dt.date
    income_parts: tuple[tuple[str, int], ...] = ()  # the given components of the income: (field, fen)
    spending_parts: tuple[tuple[str, int], ...] = ()  # the given categories of the spending: (field, fen)

    def to_json(self) -> dict[str, Any]:
        return {
            "per_capita_fen": self.per_capita_fen,
            "annual_income_fen": self.annual_income_fen,
            "spending_fen": self.spending_fen,
            "members": self.members,
            "imputed_members": self.imputed_members,
            "imputed_fen": self.imputed_fen,
            "mw_fen": self.mw_fen,
            "fact_as_of": self.fact_as_of.isoformat(),
            "income_parts": self._parts_json("income_parts"),
            "spending_parts": self._parts_json("spending_parts"),
        }

    def _parts_json(self, name: str) -> dict[str, int]:
        """`dict(self.<name>)`; made from the values read (without making the pairs) when the pairs are not made
        yet (an event's facts, once per change)."""
        values = self.__dict__
        raw = values.get("_raw_parts")
        if raw is None or name in values:
            return dict(getattr(self, name))
        total = _LAZY_PARTS[name]
        parts = raw[0] if total == _INCOME_TOTAL else raw[1]
        if not parts:
            return {}
        names = _PART_GETTERS[total][1]
        if None not in parts:
            return dict(zip(names, map(int, parts), strict=True))
        return {name: int(value) for name, value in zip(names, parts, strict=True) if value is not None}

    # `per_capita` (once per file and day in a re-evaluation) keeps the parts' values as it read them and makes
    # the (name, fen) pairs only when they are asked for: most decisions never look at them. Made by __init__,
    # an IncomeResult holds the pairs themselves and this is never called.
    def __getattr__(self, name: str) -> Any:
        raw = self.__dict__.get("_raw_parts")
        if raw is None or name not in _LAZY_PARTS:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        total = _LAZY_PARTS[name]
        pairs = _pairs(total, raw[0] if total == _INCOME_TOTAL else raw[1])
        object.__setattr__(self, name, pairs)
        return pairs

    def __getstate__(self) -> dict[str, Any]:
        """The fields only (the pairs made), as __init__ would have left them: copies and pickles see no
        difference."""
        return {f: getattr(self, f) for f in _RESULT_FIELDS}


_INCOME_TOTAL, _SPENDING_TOTAL = "household_annual_income_fen", "unavoidable_spending_fen"
_LAZY_PARTS = {"income_parts": _INCOME_TOTAL, "spending_parts": _SPENDING_TOTAL}
_RESULT_FIELDS = tuple(f.name for f in fields(IncomeResult))
for _name in _LAZY_PARTS:  # the class defaults () would hide a missing pair from __getattr__ (__init__ has its own)
    delattr(IncomeResult, _name)

#: per total column, its part columns with the names IncomeResult gives them (the column without "_fen")
_PART_NAMES: dict[str, tuple[tuple[str, str], ...]] = {
    total: tuple((c, c.removesuffix("_fen")) for c in cols) for total, cols in PART_COLUMNS.items()
}


#: per total column with parts: one C-level getter of all its part columns, and the parts' names in that order
_PART_GETTERS: dict[str, tuple[Callable[[Any], Any], tuple[str, ...], bool]] = {
    total: (attrgetter(*(c for c, _ in pairs)), tuple(n for _, n in pairs), len(pairs) == 1)
    for total, pairs in _PART_NAMES.items()
    if pairs
}


def _named_parts(fact: Any, total_column: str) -> tuple[tuple[str, int], ...]:
    """parts_given as (name, fen) pairs, in the order of PART_COLUMNS (per_capita runs it per file and day)."""
    return _pairs(total_column, _part_values(fact, total_column))


def _part_values(fact: Any, total_column: str) -> tuple[Any, ...]:
    """The values of a total's part columns in `fact`, in the order of PART_COLUMNS (None: not given).

    A row or an object with every part column is read by one `attrgetter`; anything else (a mapping, a row
    without some part) column by column, as `_get` does."""
    got = _PART_GETTERS.get(total_column)
    if got is None:
        return ()
    getter, _, single = got
    try:
        values = getter(fact)
    except AttributeError:
        return tuple(_get(fact, column) for column, _ in _PART_NAMES[total_column])
    return (values,) if single else values


def _pairs(total_column: str, values: tuple[Any, ...]) -> tuple[tuple[str, int], ...]:
    """The (name, fen) pairs of the given parts among `values` (_part_values)."""
    if not values:
        return ()
    names = _PART_GETTERS[total_column][1]
    if None not in values:  # every part given (the usual income fact): pairs made at C speed
        return tuple(zip(names, map(int, values), strict=True))
    # a list made at once and turned into a tuple: about a third quicker than a generator's tuple
    return tuple([(name, int(value)) for name, value in zip(names, values, strict=True) if value is not None])


def parts_words(parts: Mapping[str, int] | None, lang: str = "zh") -> str:
    """The given parts (`IncomeResult.to_json()["income_parts"]`) in brackets:
    "（工资性收入 12,000.00 + 低保金收入 3,600.00）"."""
    if not parts:
        return ""
    en = lang.startswith("en")
    words = []
    for name, fen in parts.items():
        label = field_label(name, lang).split("（")[0].split(" (")[0]
        words.append(f"{label} {format_fen(int(fen), unit=False)}")
    return ("（" + " + ".join(words) + "）") if not en else (" (" + " + ".join(words) + ")")


def income_basis(income: Mapping[str, Any], lang: str = "zh") -> str:
    """How the per-capita income was computed, from `IncomeResult.to_json()`, naming the given components:
    "（家庭年收入 18,000.00 元（工资性收入 12,000.00 + 低保金收入 6,000.00）− 刚性支出 …）÷ 3 人 ÷ 12 个月"."""
    en = lang.startswith("en")
    annual = format_fen(int(income.get("annual_income_fen") or 0), unit=not en)
    spending = format_fen(int(income.get("spending_fen") or 0), unit=not en)
    members = income.get("members")
    inc_parts = parts_words(income.get("income_parts"), lang)
    sp_parts = parts_words(income.get("spending_parts"), lang)
    if en:
        text = (f"(household income {annual}{inc_parts} − unavoidable spending {spending}{sp_parts}) "
                f"÷ {members} persons ÷ 12 months")
        if income.get("imputed_members"):
            text += (f"; {income['imputed_members']} able member(s) without a job counted at the minimum wage "
                     f"{format_fen(int(income.get('mw_fen') or 0), unit=False)}")
        return text
    text = f"（家庭年收入 {annual}{inc_parts} − 刚性支出 {spending}{sp_parts}）÷ {members} 人 ÷ 12 个月"
    if income.get("imputed_members"):
        text += (f"；其中 {income['imputed_members']} 名有劳动能力未就业成员按最低工资 "
                 f"{format_fen(int(income.get('mw_fen') or 0))} 计入")
    return text


def age_on(born: dt.date, day: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def is_imputed(member: Any, day: dt.date, opts: RuleOptions) -> bool:
    """An able, working-age member who is neither studying nor working: counted at the minimum wage."""
    if getattr(member, "status", None) != "unemployed":
        return False
    if getattr(member, "able_to_work", None) is False or getattr(member, "health", None) in _NOT_ABLE_HEALTH:
        return False
    born = getattr(member, "birth_date", None)
    if born is None:
        return False  # age unknown: no wage is imputed
    upper = (
        opts.working_age_max_male if getattr(member, "sex", None) == "male" else opts.working_age_max_female
    )
    return opts.working_age_min <= age_on(born, day) < upper


def per_capita(
    fact: FactLike, members: Sequence[Any], std: StandardLike, day: dt.date, opts: RuleOptions
) -> IncomeResult:
    """Per-capita monthly income on `day` from the fact in force then, under the standard `std`."""
    size = max(1, int(fact.household_size or 1))
    imputed = 0
    for m in members or ():  # is_imputed's first test inline: most members are not unemployed
        if getattr(m, "status", None) == "unemployed" and is_imputed(m, day, opts):
            imputed += 1
    mw = std.mw_fen
    imputed_fen = imputed * mw * 12
    annual = int(fact.household_annual_income_fen or 0)
    spending = int(fact.unavoidable_spending_fen or 0)
    net = annual + imputed_fen - spending
    pc = max(0, net) // (size * 12)
    raw = _both_part_values(fact)
    # the frozen dataclass's __init__ sets each field through object.__setattr__; the same instance in one step
    # (decide makes one per file and day)
    result = _new_result(IncomeResult)
    _set_dict(result, "__dict__", {
        "per_capita_fen": pc, "annual_income_fen": annual, "spending_fen": spending, "members": size,
        "imputed_members": imputed, "imputed_fen": imputed_fen, "mw_fen": mw, "fact_as_of": fact.as_of,
        # the parts' values as they are now; their pairs (income_parts, spending_parts) made when asked for
        "_raw_parts": raw,
    })
    return result


#: every part column of the income and of the spending, read by one C-level getter (per_capita, per file and day)
_BOTH_PARTS = (_PART_NAMES.get(_INCOME_TOTAL, ()), _PART_NAMES.get(_SPENDING_TOTAL, ()))
_BOTH_GETTER = (attrgetter(*(c for pairs in _BOTH_PARTS for c, _ in pairs))
                if len(_BOTH_PARTS[0]) + len(_BOTH_PARTS[1]) > 1 else None)
_N_INCOME_PARTS = len(_BOTH_PARTS[0])


def _both_part_values(fact: Any) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """(_part_values(fact, income total), _part_values(fact, spending total)), read at once when `fact` has every
    part column (a row, a fact), else as _part_values reads them."""
    if _BOTH_GETTER is not None:
        try:
            values = _BOTH_GETTER(fact)
        except AttributeError:
            pass
        else:
            return values[:_N_INCOME_PARTS], values[_N_INCOME_PARTS:]
    return _part_values(fact, _INCOME_TOTAL), _part_values(fact, _SPENDING_TOTAL)


_new_result = object.__new__
_set_dict = object.__setattr__


def latest_on(items: Sequence[Any], day: dt.date, key: str = "as_of") -> Any | None:
    """The latest of `items` (sorted ascending by the date attribute `key`) dated on or before `day`."""
    n = len(items)
    if n == 0:
        return None
    if getattr(items[-1], key) <= day:  # the usual case: the latest one is in force
        return items[-1]
    k = bisect.bisect_right(items, day, key=lambda i: getattr(i, key))
    return items[k - 1] if k else None


def standard_on(standards: Sequence[StandardLike], day: dt.date) -> StandardLike | None:
    """The standard in force on `day` from a list sorted by effective_on."""
    found: StandardLike | None = latest_on(standards, day, key="effective_on")
    return found


def household_income(
    facts: Sequence[FactLike],
    members: Sequence[Any],
    standards: Sequence[StandardLike],
    day: dt.date,
    opts: RuleOptions,
) -> IncomeResult | None:
    """THE per-capita income of a household on `day` (the fact and the standard in force then, imputed
    members counted at the minimum wage): the lifecycle, the status report, the detail pane, the printed sheet
    and the card all show this number. None when no fact or no standard is in force on `day`.

    Args:
        facts: the file's income facts sorted by `as_of`; standards: sorted by `effective_on`.
    """
    fact = latest_on(facts, day)
    std = standard_on(standards, day)
    if fact is None or std is None:
        return None
    return per_capita(fact, members, std, day, opts)
