"""Small helpers shared by the services: sequences, settings, the home union."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import select, text, update
from sqlalchemy.orm import Session
from sqlmodel import col

from assist_desktop.db.models import AppSetting, Sequence, UnionOrg, utcnow
from assist_desktop.domain.errors import DomainError
from assist_desktop.domain.options import OPTIONS


def next_sequence(session: Session, name: str, count: int = 1) -> int:
    """Reserve `count` numbers from a named counter; returns the first. Safe under concurrent clerks."""
    row = session.execute(
        update(Sequence).where(col(Sequence.name) == name).values(next_value=col(Sequence.next_value) + count)
        .returning(col(Sequence.next_value))
    ).first()
    if row is None:
        session.add(Sequence(name=name, next_value=1 + count))
        session.flush()
        return 1
    return int(row[0]) - count


def file_no_for(union_code: str, seq: int) -> str:
    return f"{union_code}-{seq:06d}"


def home_union(session: Session) -> UnionOrg:
    union = session.scalars(select(UnionOrg).where(col(UnionOrg.is_home).is_(True))).first()
    if union is None:
        raise DomainError("数据库尚未初始化：请先运行 init 设定本工会（工会代码、名称、级别）",
                          "The database has no union yet: run `init` first")
    return union


def get_option(session: Session, key: str) -> Any:
    option = OPTIONS[key]
    row = session.get(AppSetting, key)
    return option.parse(row.value if row is not None else None)


def set_option(session: Session, key: str, value: Any) -> None:
    if key not in OPTIONS:
        raise DomainError(f"未知的设置项：{key}", f"unknown setting: {key}")
    option = OPTIONS[key]
    try:
        parsed = option.parse(str(value))
    except ValueError:
        raise DomainError(f"设置项{option.zh}的值“{value}”无效", f"invalid value for {key}: {value}") from None
    row = session.get(AppSetting, key)
    if row is None:
        session.add(AppSetting(key=key, value=str(parsed)))
    else:
        row.value = str(parsed)
        row.updated_at = utcnow()


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, default=_json_default)


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    raise TypeError(type(value))


def sqlite_analyze(session: Session) -> None:
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("ANALYZE"))
