"""The window's own validation, applied to the rows of an incoming package.

A package row holds column values (money in fen, dates as ISO text); `domain.file_input` cleans what a person
types (money in yuan). Each incoming file and member is mapped back to input keys and cleaned with
`clean_file_input` / `clean_member_input`, so a package can carry nothing the window would refuse; the
lifecycle columns are checked for consistency besides (an active file has a category, a closed one its reason).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from assist_desktop.domain.enums import FileStatus
from assist_desktop.domain.fields import field_label
from assist_desktop.domain.file_input import (
    KNOWN_FIELDS,
    MONEY_FIELDS,
    clean_file_input,
    clean_member_input,
)

#: input key → package column, where they differ (money: yuan ← fen)
_FILE_COLUMNS = {**MONEY_FIELDS, "housing_area": "housing_area_m2"}
_MEMBER_KEYS = (
    "name",
    "relation",
    "status",
    "health",
    "id_number",
    "birth_date",
    "sex",
    "school",
    "school_year",
    "disability",
    "insurance",
    "able_to_work",
)
_ACTIVE = {FileStatus.REGISTERED.value, FileStatus.WATCH.value, FileStatus.EXIT_NOTICE.value}


def fen_text(value: Any) -> Any:
    """Fen as the yuan text a person would type ("1234.05"); anything not an integer as it is (refused)."""
    if isinstance(value, bool) or not isinstance(value, int):
        return value
    sign = "-" if value < 0 else ""
    value = abs(value)
    return f"{sign}{value // 100}.{value % 100:02d}"


def _input_of_file(row: Mapping[str, Any]) -> dict[str, Any]:
    raw: dict[str, Any] = {}
    for key in KNOWN_FIELDS:
        column = _FILE_COLUMNS.get(key, key)
        if column not in row:
            continue
        value = row[column]
        if key in MONEY_FIELDS:
            value = fen_text(value)
        raw[key] = value
    return raw


def _named(field: str) -> str:
    return field_label(field)


def file_problems(row: Mapping[str, Any], label: str, today: dt.date) -> list[str]:
    """What the window would refuse in this file row, each naming the file, the field and why."""
    _, errors = clean_file_input(_input_of_file(row), today=today, creating=True)
    problems = [f"{label} {_named(e.field)}：{e.zh}" for e in errors]
    status = row.get("status")
    if status in _ACTIVE and not row.get("category"):
        problems.append(f"{label} 困难类别：状态为{FileStatus(status).label}的档案必须有困难类别")
    if status == FileStatus.CLOSED.value:
        if not row.get("close_reason"):
            problems.append(f"{label} 退档原因：已退档的档案必须写明退档原因")
        if not row.get("closed_on"):
            problems.append(f"{label} 退档日期：已退档的档案必须有退档日期")
    return problems


def member_problems(row: Mapping[str, Any], label: str, today: dt.date) -> list[str]:
    """What the window would refuse in this household member row."""
    raw = {k: row[k] for k in _MEMBER_KEYS if k in row}
    raw["monthly_income"] = fen_text(row.get("monthly_income_fen", 0))
    if raw.get("id_number"):  # sex and birth date are derived from it, as the window derives them
        raw.pop("sex", None)
        raw.pop("birth_date", None)
    _, errors = clean_member_input(raw, today=today)
    name = row.get("name") or "（无名）"
    return [f"{label} 家庭成员 {name} {_named(e.field)}：{e.zh}" for e in errors]


__all__ = ["fen_text", "file_problems", "member_problems"]
