"""The write rules of a file change, decided once: the window, the command line, rosters and package imports
all reach them through services/files.py and services/pairing.py.

`check_file_change` takes what the file is (`before`, None when it is being created), the cleaned values
being written (`after`), the household members and what the file already records (its latest income fact,
its status date), and returns every refusal as a `FieldError` (Chinese and English). It reads no database:
the service gathers the few facts it needs (another file with the same ID number, the members on file).

The household-size policy lives here, in `household_size_errors`: the size counts the worker and every
listed member, so a size smaller than members + 1 is refused, never grown silently.

`income_warnings` says where the incomes of a file contradict each other (the worker's or the members' monthly
incomes above the household's annual income, 低保 above it, components that do not add up to a given total).
These are warnings, never refusals: a clerk may know better (a job started last month, an income that stopped).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from types import SimpleNamespace
from typing import Any

from assist_desktop.domain.enums import ACTIVE_STATUSES, FileStatus
from assist_desktop.domain.errors import FieldError
from assist_desktop.domain.fields import FILE_FIELD, TOTALS, field_label
from assist_desktop.domain.five_clear import check_five_clear
from assist_desktop.domain.income import ALL_PARTS, income_total, parts_given
from assist_desktop.domain.validation import format_fen

#: file columns that are dated facts: a change records a new income fact as of the change's date
ECON_COLUMNS = (
    "household_size",
    "household_annual_income_fen",
    "unavoidable_spending_fen",
    "own_monthly_income_fen",
    "dibao_monthly_fen",
    "hardship_costs_fen",
    *ALL_PARTS,  # the totals' components and categories (revision 0009)
)
#: fields a file always has: a change may correct them, never blank them
REQUIRED_ON_CHANGE = ("name", "id_number", "work_status", "household_size")


class _After:
    """The file as it would be after the change: the new values over the current ones."""

    def __init__(self, before: Any, values: Mapping[str, Any]) -> None:
        self._before, self._values = before, values

    def __getattr__(self, name: str) -> Any:
        values = self.__dict__["_values"]
        if name in values:
            return values[name]
        return getattr(self.__dict__["_before"], name, None)


def _member(m: Any) -> Any:
    """A member as the five-clear check reads it: cleaned input (a mapping) or a stored row."""
    return SimpleNamespace(**m) if isinstance(m, Mapping) else m


def household_size_errors(size: int | None, member_count: int, *, row: int | None = None) -> list[FieldError]:
    """The one household-size policy: the size counts the worker plus every listed member.

    A size below members + 1 is refused with both numbers; nothing grows the size behind the clerk's back.
    """
    if not isinstance(size, int) or isinstance(size, bool):
        return []
    if size < member_count + 1:
        return [
            FieldError(
                "household_size",
                f"家庭人口（{size}）少于本人加家庭成员数（{member_count + 1}）",
                f"({size}) is less than the worker plus the listed members ({member_count + 1})",
                row=row,
            )
        ]
    return []


def duplicate_id_errors(id_taken_by: str | None, *, row: int | None = None) -> list[FieldError]:
    """An ID number already on another file (`id_taken_by` is that file's number)."""
    if not id_taken_by:
        return []
    return [FieldError("id_number", f"已有档案（编号 {id_taken_by}）", f"already on file as {id_taken_by}", row=row)]


def blanked_errors(
    values: Mapping[str, Any],
    raw: Mapping[str, Any],
    *,
    row: int | None = None,
    totals_from_parts: Collection[str] = (),
) -> list[FieldError]:
    """A change cannot blank a field every file has (the household income: 0 says "no income"; a total left
    blank beside its components is their sum, `totals_from_parts`)."""
    errors = [
        FieldError(name, "不能清空", "cannot be blank", row=row)
        for name in REQUIRED_ON_CHANGE
        if name in values and values[name] in (None, "")
    ]
    income = raw.get("household_annual_income", "x")
    if "household_annual_income" in totals_from_parts:
        income = "x"
    if income is None or (isinstance(income, str) and not income.strip()):
        errors.append(
            FieldError(
                "household_annual_income",
                "不能清空（没有收入请填 0）",
                "cannot be blank (enter 0 for no income)",
                row=row,
            )
        )
    return errors


def five_clear_kept_errors(
    before: Any,
    values: Mapping[str, Any],
    current_members: Sequence[Any],
    new_members: Sequence[Any] | None,
    *,
    row: int | None = None,
) -> list[FieldError]:
    """A file counted as an assistance target must stay five-clear: refuse a change that would blank a clear."""
    if getattr(before, "status", None) not in ACTIVE_STATUSES:
        return []
    was = check_five_clear(before, current_members)
    if not was.all_clear:
        return []
    members = [_member(m) for m in new_members] if new_members is not None else current_members
    now = check_five_clear(_After(before, values), members)
    if now.all_clear:
        return []
    return [
        FieldError(
            item.key,
            f"在档帮扶对象须保持五清，不能清空（{item.label}：{'；'.join(item.missing)}）",
            f"a registered file must stay five-clear ({item.label_en}: cannot be blanked)",
            row=row,
        )
        for item in now.items
        if not item.clear
    ]


def economics_change(before: Any, values: Mapping[str, Any], members_replaced: bool) -> bool:
    """Whether the change touches the dated economics (a new income fact would be recorded)."""
    return members_replaced or any(k in ECON_COLUMNS and getattr(before, k, None) != v for k, v in values.items())


def not_before_record_errors(
    before: Any,
    values: Mapping[str, Any],
    *,
    members_replaced: bool,
    latest_fact_on: dt.date | None,
    today: dt.date,
    row: int | None = None,
) -> list[FieldError]:
    """A change cannot be dated before what the file already records (its latest income fact, its status date).

    Otherwise the dated history would be rewritten out of order (a watch broken before it began, the mirrored
    economics older than the fact in force). A correction of an old fact is entered as of today.
    """
    econ = economics_change(before, values, members_replaced)
    if econ and latest_fact_on is not None and today < latest_fact_on:
        return [
            FieldError(
                "as_of",
                f"档案已有 {latest_fact_on.isoformat()} 的收入记录，不能录入更早日期（{today.isoformat()}）的变化；"
                "更正旧数据请以今天的日期录入",
                f"the file already has income facts as of {latest_fact_on}; a change cannot be dated {today}",
                row=row,
            )
        ]
    since = getattr(before, "status_since", None)
    if since is not None and today < since:
        return [
            FieldError(
                "as_of",
                f"档案当前状态自 {since.isoformat()} 起，不能以更早日期（{today.isoformat()}）修改",
                f"the file's status dates from {since}; a change cannot be dated {today}",
                row=row,
            )
        ]
    return []


def check_file_change(
    before: Any | None,
    after: Mapping[str, Any],
    *,
    members: Sequence[Any] | None,
    today: dt.date,
    current_members: Sequence[Any] = (),
    latest_fact_on: dt.date | None = None,
    id_taken_by: str | None = None,
    raw: Mapping[str, Any] | None = None,
    input_ok: bool = True,
    row: int | None = None,
    totals_from_parts: Collection[str] = (),
) -> list[FieldError]:
    """Every write rule of creating (`before` is None) or changing a file, as field errors.

    Args:
        before: the file as it is (any object with the HardshipFile attributes), None when creating.
        after: the cleaned values being written (all of them when creating, the changed ones otherwise).
        members: the cleaned household members that replace the current ones, or None when unchanged.
        today: the date the change is made as of.
        current_members: the members on file now (a change only).
        latest_fact_on: the date of the file's latest income fact (a change only).
        id_taken_by: the number of another file that already has the new ID number.
        raw: the values as entered, before cleaning (to tell a blanked income from an untouched one).
        input_ok: the values and members were cleaned without errors; the rules that compare the change
            with the record (five clear kept, dates) are only judged on a change that is otherwise sound.
        totals_from_parts: the totals the change derived from their parts (domain.income.settle_totals).
    """
    errors = duplicate_id_errors(id_taken_by, row=row)
    if before is None:
        errors += household_size_errors(after.get("household_size"), len(members or ()), row=row)
        return errors
    errors += blanked_errors(after, raw or {}, row=row, totals_from_parts=totals_from_parts)
    size = after.get("household_size") or before.household_size
    member_count = len(members) if members is not None else len(current_members)
    errors += household_size_errors(size, member_count, row=row)
    if errors or not input_ok:
        return errors
    errors += five_clear_kept_errors(before, after, current_members, members, row=row)
    if errors:
        return errors
    return not_before_record_errors(
        before, after, members_replaced=members is not None, latest_fact_on=latest_fact_on, today=today, row=row
    )


# --- incomes that add up -------------------------------------------------------------------------------


def _fen(source: Any, column: str) -> int:
    value = source.get(column) if isinstance(source, Mapping) else getattr(source, column, None)
    return int(value or 0)


def _yuan(fen: int) -> str:
    return format_fen(fen)


def _warn(field: str, zh: str, en: str, row: int | None) -> FieldError:
    return FieldError(field, zh, en, row=row, warning=True)


def income_warnings(file: Any, members: Sequence[Any], *, row: int | None = None) -> list[FieldError]:
    """Where the incomes of a household contradict each other, as warnings (`FieldError.warning`), each naming
    the fields it compares. Never a refusal: the annual income covers the last 12 months, and a clerk may know
    that a monthly income is new or has stopped.

    - the worker's own monthly income × 12 above the household's annual income;
    - the members' monthly incomes plus the worker's, × 12, above it;
    - the 低保 received monthly × 12 above it;
    - components (or spending categories) that do not add up to the total given beside them.

    Args:
        file: the file as it is or would be (any object or mapping with the HardshipFile money columns, in fen).
        members: the household members other than the worker (rows or cleaned mappings with monthly_income_fen).
    """
    out: list[FieldError] = []
    total = _fen(file, "household_annual_income_fen")
    own = _fen(file, "own_monthly_income_fen")
    if own * 12 > total:
        out.append(_warn(
            "own_monthly_income",
            f"{_yuan(own)} × 12 = {_yuan(own * 12)}，高于{field_label('household_annual_income')} {_yuan(total)}，"
            "请核对",
            f"{own / 100:.2f} × 12 = {own * 12 / 100:.2f} is above the household annual income {total / 100:.2f}",
            row,
        ))
    member_sum = sum(_fen(m, "monthly_income_fen") for m in members)
    if member_sum > 0 and (member_sum + own) * 12 > total:
        out.append(_warn(
            "household_annual_income",
            f"家庭成员月收入合计 {_yuan(member_sum)} 加{field_label('own_monthly_income')} {_yuan(own)}，"
            f"× 12 为 {_yuan((member_sum + own) * 12)}，高于{field_label('household_annual_income')} "
            f"{_yuan(total)}，请核对",
            f"the members' monthly incomes {member_sum / 100:.2f} plus the worker's {own / 100:.2f}, × 12 = "
            f"{(member_sum + own) * 12 / 100:.2f}, are above the household annual income {total / 100:.2f}",
            row,
        ))
    dibao = _fen(file, "dibao_monthly_fen")
    if dibao * 12 > total:
        out.append(_warn(
            "dibao_monthly",
            f"{_yuan(dibao)} × 12 = {_yuan(dibao * 12)}，高于{field_label('household_annual_income')} "
            f"{_yuan(total)}（低保金是家庭收入的一部分），请核对",
            f"{dibao / 100:.2f} × 12 = {dibao * 12 / 100:.2f} is above the household annual income "
            f"{total / 100:.2f} (dibao is part of the income)",
            row,
        ))
    for name in TOTALS:
        column = FILE_FIELD[name].model_column
        parts = parts_given(file, column)
        given = _fen(file, column)
        summed = income_total(parts.values())
        if summed is None or summed == given:
            continue
        words = " + ".join(f"{field_label(c.removesuffix('_fen')).split('（')[0]} {_yuan(f)}" for c, f in parts.items())
        kind = "各项收入" if column == "household_annual_income_fen" else "各项刚性支出"
        out.append(_warn(
            name,
            f"{_yuan(given)}，与{kind}合计 {_yuan(summed)}（{words}）不符，请核对",
            f"{given / 100:.2f} differs from the sum of its parts {summed / 100:.2f}",
            row,
        ))
    return out


# --- pairing (包保) ------------------------------------------------------------------------------------


def check_pairing_change(
    file: Any,
    *,
    on: dt.date,
    current_start: dt.date | None,
    file_no: str | None = None,
    row: int | None = None,
) -> list[FieldError]:
    """Whether a new responsible person may be set for `file` from `on`.

    Args:
        current_start: the latest start date of the file's open pairings (None when it has none).
    """
    no = file_no if file_no is not None else getattr(file, "file_no", "")
    if getattr(file, "status", None) == FileStatus.CLOSED:
        return [FieldError("responsible", f"档案 {no} 已退档，不能再安排帮扶责任人", f"file {no} is closed", row=row)]
    if current_start is not None and on < current_start:
        return [
            FieldError(
                "responsible",
                f"档案 {no} 的现任责任人自 {current_start.isoformat()} 起负责，新的安排不能早于该日期",
                f"file {no}: the current pairing started on {current_start}; a new one cannot start earlier",
                row=row,
            )
        ]
    return []


def namesake_errors(name: str, active_namesakes: Collection[Any], *, row: int | None = None) -> list[FieldError]:
    """A person named by name must be one active cadre: two or more active namesakes cannot be told apart."""
    if len(active_namesakes) > 1:
        return [
            FieldError(
                "responsible",
                f"有{len(active_namesakes)}位在职责任人同名“{name}”，请用编号指定",
                f"{len(active_namesakes)} active people are called {name}: use the id",
                row=row,
            )
        ]
    return []


def cadre_may_take_errors(name: str, active: bool, left_on: dt.date | None) -> list[FieldError]:
    """A cadre who has left cannot be made responsible."""
    if not active:
        return [FieldError("responsible", f"{name} 已离开（{left_on}），不能安排为责任人", f"{name} has left")]
    return []
