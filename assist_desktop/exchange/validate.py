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

from assist_desktop.domain.decisions import household_size_errors
from assist_desktop.domain.enums import FileStatus
from assist_desktop.domain.fields import field_label
from assist_desktop.domain.file_input import (
    clean_file_input,
    clean_member_input,
    file_to_input,
    member_to_input,
)
from assist_desktop.domain.lifecycle import ACTIVE_STATUS_VALUES
from assist_desktop.domain.validation import fen_to_yuan_text


def fen_text(value: Any) -> Any:
    """Fen as the yuan text a person would type ("1234.05"); anything not an integer as it is (refused)."""
    if isinstance(value, bool) or not isinstance(value, int):
        return value
    return fen_to_yuan_text(value)


def _named(field: str) -> str:
    return field_label(field)


def file_problems(row: Mapping[str, Any], label: str, today: dt.date) -> list[str]:
    """What the window would refuse in this file row, each naming the file, the field and why."""
    _, errors = clean_file_input(file_to_input(row), today=today, creating=True)
    problems = [f"{label} {_named(e.field)}：{e.zh}" for e in errors]
    status = row.get("status")
    if status in ACTIVE_STATUS_VALUES and not row.get("category"):
        problems.append(f"{label} 困难类别：状态为{FileStatus(status).label}的档案必须有困难类别")
    if status == FileStatus.CLOSED.value:
        if not row.get("close_reason"):
            problems.append(f"{label} 退档原因：已退档的档案必须写明退档原因")
        if not row.get("closed_on"):
            problems.append(f"{label} 退档日期：已退档的档案必须有退档日期")
    return problems


def member_problems(row: Mapping[str, Any], label: str, today: dt.date) -> list[str]:
    """What the window would refuse in this household member row."""
    _, errors = clean_member_input(member_to_input(row), today=today)
    name = row.get("name") or "（无名）"
    return [f"{label} 家庭成员 {name} {_named(e.field)}：{e.zh}" for e in errors]


def household_problems(size: Any, members: int, label: str) -> list[str]:
    """The one household-size policy (domain.decisions), for a file and the members the package lists for it."""
    return [f"{label} {_named(e.field)}：{e.zh}" for e in household_size_errors(size, members)]


__all__ = ["fen_text", "file_problems", "household_problems", "member_problems"]
