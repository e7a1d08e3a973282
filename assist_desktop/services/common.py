"""Small helpers shared by the services: sequences, settings, the home union."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from typing import Any

from sqlalchemy import func, select, text, update
from sqlalchemy.orm import Session
from sqlmodel import col

from assist_desktop.db.models import AppSetting, DatedSetting, Holiday, Sequence, UnionOrg, utcnow
from assist_desktop.domain.errors import DomainError
from assist_desktop.domain.options import OPTIONS
from assist_desktop.domain.workdays import WorkCalendar, builtin_calendar


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


def get_option(session: Session, key: str, on: dt.date | None = None) -> Any:
    """The value of a setting in force on `on` (default: today): the latest dated value effective on or before
    it (services/settings.py), else the undated `app_setting` value (in force since the beginning), else the
    default of domain/options.py."""
    option = OPTIONS[key]
    day = on or dt.date.today()
    dated = session.scalars(
        select(col(DatedSetting.value))
        .where(col(DatedSetting.key) == key, col(DatedSetting.effective_on) <= day)
        .order_by(col(DatedSetting.effective_on).desc())
        .limit(1)
    ).first()
    if dated is not None:
        return option.parse(dated)
    row = session.get(AppSetting, key)
    return option.parse(row.value if row is not None else None)


def options_on(session: Session, on: dt.date | None = None) -> dict[str, Any]:
    """Every setting's value in force on `on` (default: today), in two queries (what get_option gives per key)."""
    day = on or dt.date.today()
    values: dict[str, Any] = {key: o.default for key, o in OPTIONS.items()}
    raw: dict[str, str] = {}
    for key, value in session.execute(select(col(AppSetting.key), col(AppSetting.value))):
        raw[key] = value
    for key, value in session.execute(
        select(col(DatedSetting.key), col(DatedSetting.value))
        .where(col(DatedSetting.effective_on) <= day)
        .order_by(col(DatedSetting.effective_on))
    ):
        raw[key] = value  # later dates overwrite earlier ones
    for key, value in raw.items():
        if key in OPTIONS:
            with contextlib.suppress(ValueError):  # an unreadable stored value: the default holds
                values[key] = OPTIONS[key].parse(value)
    return values


_CALENDARS: dict[tuple[Any, ...], WorkCalendar] = {}
#: bumped by every write to the holiday table in this process (services/settings.py)
_CALENDAR_GENERATION = [0]


def calendar_changed() -> None:
    """Forget the cached working-day calendars (after a write to the holiday table)."""
    _CALENDAR_GENERATION[0] += 1
    _CALENDARS.clear()


def work_calendar(session: Session) -> WorkCalendar:
    """The union's working-day calendar: the holiday table, and for the years it has no row, the built-in
    chinese-calendar data (cached while the table does not change)."""
    n, last = session.execute(select(func.count(), func.max(col(Holiday.set_at)))).one()
    key = (str(session.get_bind().engine.url), int(n or 0), str(last), _CALENDAR_GENERATION[0])
    got = _CALENDARS.get(key)
    if got is None:
        rows = session.execute(select(col(Holiday.day), col(Holiday.kind), col(Holiday.name))).all()
        got = WorkCalendar.of([(r[0], r[1], r[2]) for r in rows], fallback=builtin_calendar())
        if len(_CALENDARS) > 16:
            _CALENDARS.clear()
        _CALENDARS[key] = got
    return got


def set_option(session: Session, key: str, value: Any) -> None:
    """Set the undated value of a setting (in force wherever no dated value is; services/settings.py dates
    them)."""
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
