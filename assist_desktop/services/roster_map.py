"""The union's own roster mapping (花名册值映射): a word its rosters use → a machine name, per column.

A roster import reads the whole table once (services/roster.py) and maps a descriptive column's word through it
after the built-in synonyms of domain/enums.py. Decisive columns are never mapped (exchange/roster_values.py).

The mappings of the unions below travel in their packages (format 4) and are kept apart, with the union they
came from (`roster_value_map_received`): they never map a word here until a person adopts one
(`adopt_value_map`), which makes it this union's own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlmodel import col

from assist_desktop.db.engine import Database
from assist_desktop.db.models import ReceivedValueMap, RosterValueMap, utcnow
from assist_desktop.domain.errors import FieldError, NotFound, ValidationFailed
from assist_desktop.exchange.roster_columns import (
    ALIASES,
    FIELD_OF,
    HEADER_OF,
    MEMBER_ALIASES,
    MEMBER_FIELD_OF,
    MEMBER_HEADER_OF,
    MEMBER_SHEET,
)
from assist_desktop.exchange.roster_values import (
    DECISIVE,
    MEMBER_PREFIX,
    check_target,
    mappable,
    spec_for,
)
from assist_desktop.services.access import require
from assist_desktop.services.changes import Changes
from assist_desktop.services.roster import ValueMapping


def _fail(zh: str, en: str, field: str = "column") -> ValidationFailed:
    return ValidationFailed([FieldError(field, zh, en)])


def resolve_column(column: str) -> str:
    """The mapping key of a column as the clerk names it: a roster header (所属行业, 联系电话…), a member sheet's
    header written "家庭成员.健康状况", or a machine name ("industry", "member.health").

    Raises:
        ValidationFailed: no such column, or a decisive / non-enumerated one.
    """
    text = column.strip()
    key: str | None = None
    for sep in (".", "．", ":", "：", "/"):
        prefix = f"{MEMBER_SHEET}{sep}"
        if text.startswith(prefix):
            header = text.removeprefix(prefix)
            header = MEMBER_ALIASES.get(header, header)
            spec = MEMBER_FIELD_OF.get(header)
            key = f"{MEMBER_PREFIX}{spec.name}" if spec is not None else None
            break
    else:
        header = ALIASES.get(text, text)
        if header in FIELD_OF:
            key = FIELD_OF[header].name
        elif spec_for(text) is not None:
            key = text
    if key is None:
        raise _fail(f"没有名为“{column}”的列", f"no column named '{column}'")
    if key in DECISIVE:
        raise _fail(f"“{column}”是决定性的列，只接受规定的取值，不能映射",
                    f"'{column}' is decisive: its values are not mapped")
    if not mappable(key):
        raise _fail(f"“{column}”不是选项列，无需映射", f"'{column}' is not an enumerated column")
    return key


def _column_of(key: str) -> str:
    if key.startswith(MEMBER_PREFIX):
        name = key.removeprefix(MEMBER_PREFIX)
        return f"{MEMBER_SHEET}.{MEMBER_HEADER_OF.get(name, name)}"
    return HEADER_OF.get(key, key)


def _read(m: RosterValueMap, changes: Changes | None = None) -> ValueMapping:
    spec = spec_for(m.field_name)
    label = m.target
    if spec is not None and spec.enum is not None:
        try:
            parsed = spec.enum.parse(m.target)
        except ValueError:
            parsed = None
        label = parsed.label if parsed is not None else m.target
    return ValueMapping(
        m.field_name, _column_of(m.field_name), m.raw_value, m.target, label,
        changes if changes is not None else Changes(),
    )


def set_value_map(db: Database, *, column: str, value: str, target: str, actor: str = "system") -> ValueMapping:
    """Map a roster word of one column to a value of its enumeration (replacing an earlier mapping).

    Args:
        column: the roster header or machine name (see `resolve_column`).
        value: the word as the roster writes it.
        target: a label or machine name of the column's enumeration.

    Raises:
        ValidationFailed: unknown or decisive column, blank word, or a target the enumeration does not have.
    """
    require(db, actor, "import")
    key = resolve_column(column)
    word = value.strip()
    if not word or len(word) > 200:
        raise _fail("要映射的取值不能为空，且不超过200字", "the word must be 1–200 characters", "value")
    machine = check_target(key, target.strip())
    if machine is None:
        spec = spec_for(key)
        assert spec is not None and spec.enum is not None
        allowed = "、".join(m.label for m in spec.enum)
        raise _fail(f"“{target}”不是“{_column_of(key)}”的可选值（可选：{allowed}）",
                    f"'{target}' is not a value of {key}", "target")
    with db.transaction(actor=actor, reason=f"roster map {key}") as s:
        m = s.get(RosterValueMap, (key, word))
        if m is None:
            m = RosterValueMap(field_name=key, raw_value=word, target=machine, updated_by=actor)
            s.add(m)
        else:
            m.target, m.updated_at, m.updated_by = machine, utcnow(), actor
        s.flush()
        return _read(m, Changes(settings=True))


def list_value_maps(db: Database) -> list[ValueMapping]:
    """Every entry of the union's roster mapping, by column then word."""
    with db.reader() as s:
        q = select(RosterValueMap).order_by(col(RosterValueMap.field_name), col(RosterValueMap.raw_value))
        return [_read(m) for m in s.scalars(q)]


def remove_value_map(db: Database, *, column: str, value: str, actor: str = "system") -> Changes:
    """Remove one mapping.

    Raises:
        NotFound: that column has no mapping for the word.
    """
    require(db, actor, "import")
    key = resolve_column(column)
    with db.transaction(actor=actor, reason=f"roster map remove {key}") as s:
        m = s.get(RosterValueMap, (key, value.strip()))
        if m is None:
            raise NotFound(f"“{_column_of(key)}”没有“{value}”的映射", f"no mapping of '{value}' for {key}")
        s.delete(m)
        return Changes(settings=True)


@dataclass(frozen=True)
class ReceivedMapping:
    """One entry of another union's roster mapping, as its package brought it (not used here until adopted)."""

    origin: str  # the union whose mapping it is
    field: str
    column: str
    value: str
    target: str
    target_label: str
    package_id: str | None
    adopted: bool  # this union's own mapping maps the word to the same value

    def to_json(self) -> dict[str, Any]:
        return {"origin": self.origin, "own": False, "field": self.field, "column": self.column,
                "value": self.value, "target": self.target, "target_label": self.target_label,
                "package_id": self.package_id, "adopted": self.adopted}


def _label(field_name: str, target: str) -> str:
    spec = spec_for(field_name)
    if spec is not None and spec.enum is not None:
        try:
            parsed = spec.enum.parse(target)
        except ValueError:
            return target
        return parsed.label if parsed is not None else target
    return target


def list_received_maps(db: Database, *, origin: str | None = None) -> list[ReceivedMapping]:
    """The mappings the unions below sent (by origin, column, word); `origin` keeps one union's."""
    with db.reader() as s:
        own = {(m.field_name, m.raw_value): m.target for m in s.scalars(select(RosterValueMap))}
        q = select(ReceivedValueMap).order_by(
            col(ReceivedValueMap.origin_code), col(ReceivedValueMap.field_name), col(ReceivedValueMap.raw_value)
        )
        if origin is not None:
            q = q.where(col(ReceivedValueMap.origin_code) == origin)
        return [
            ReceivedMapping(m.origin_code, m.field_name, _column_of(m.field_name), m.raw_value, m.target,
                            _label(m.field_name, m.target), m.package_id,
                            own.get((m.field_name, m.raw_value)) == m.target)
            for m in s.scalars(q)
        ]


@dataclass(frozen=True)
class Adopted:
    """The mappings a union below sent that became this union's own."""

    mappings: list[ValueMapping]
    changes: Changes

    def to_json(self) -> dict[str, Any]:
        return {"ok": True, "adopted": [m.to_json() for m in self.mappings]}


def adopt_value_map(
    db: Database, *, origin: str, column: str | None = None, value: str | None = None, actor: str = "system"
) -> Adopted:
    """Make another union's mapping this union's own: one word of one column, or (no column) every word of
    `origin`'s mapping this union does not map yet (its own mappings are never replaced in bulk).

    Raises:
        NotFound: `origin` sent no such mapping.
        ValidationFailed: as `set_value_map`.
    """
    received = list_received_maps(db, origin=origin)
    if column is not None:
        key = resolve_column(column)
        word = (value or "").strip()
        chosen = [m for m in received if m.field == key and m.value == word]
        if not chosen:
            raise NotFound(f"工会 {origin} 没有发来“{_column_of(key)}”中“{word}”的映射",
                           f"{origin} sent no mapping of '{word}' for {key}")
    else:
        with db.reader() as s:
            mine = {(m.field_name, m.raw_value) for m in s.scalars(select(RosterValueMap))}
        chosen = [m for m in received if (m.field, m.value) not in mine]
        if not received:
            raise NotFound(f"工会 {origin} 没有发来花名册映射", f"{origin} sent no roster mapping")
    done = [set_value_map(db, column=m.field, value=m.value, target=m.target, actor=actor) for m in chosen]
    return Adopted(done, Changes(settings=True) if done else Changes())


__all__ = [
    "Adopted", "ReceivedMapping", "adopt_value_map", "list_received_maps", "list_value_maps", "remove_value_map",
    "resolve_column", "set_value_map",
]
