"""Which tables travel in a package, which columns, and how a row becomes JSON and back.

Records are matched across databases by their UUID `id`. Union references travel as union *codes*
(the same union has a different local `id` in every database). The audit log, settings, sequences,
user accounts and standards stay local; so do the review columns of a file (each level has its own).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, Float, Integer, Table, TypeDecorator
from sqlalchemy.sql.schema import ScalarElementColumnDefault

from assist_desktop.db.changes import LOCAL_FILE_COLUMNS
from assist_desktop.db.models import (
    AssistanceRecord,
    Cadre,
    EmploymentSupport,
    HardshipFile,
    HomeVisit,
    HouseholdMember,
    IncomeFact,
    Pairing,
    StatusEvent,
    UnionOrg,
    table_of,
)
from assist_desktop.domain import enums as E
from assist_desktop.domain.fields import FILE_FIELDS, MEMBER_FIELDS

#: columns of a file that belong to this database, not to the file: never exported as columns, never compared
#: (the sender's `change_seq` travels as the row's own field, see FILE.extra)
FILE_LOCAL_COLUMNS = tuple(sorted(LOCAL_FILE_COLUMNS))


@dataclass(frozen=True)
class Entity:
    """One kind of record in a package: its member name, table and the union columns sent as codes."""

    name: str
    table: Table
    union_refs: tuple[tuple[str, str], ...] = ()  # (local column, package field)
    skip: tuple[str, ...] = ()
    child: bool = False  # belongs to a file (has file_id)
    #: optional integer fields carried as they are (not columns here, not required: older packages lack them)
    extra: tuple[str, ...] = ()

    @property
    def member(self) -> str:
        return f"{self.name}.jsonl"

    def columns(self) -> list[str]:
        ref_cols = {c for c, _ in self.union_refs}
        return [c.name for c in self.table.columns if c.name not in ref_cols and c.name not in self.skip]

    def fields(self) -> list[str]:
        """The JSON fields of one row, in order."""
        return self.columns() + [f for _, f in self.union_refs]


UNION = Entity(
    "union_org",
    table_of(UnionOrg),
    skip=("id", "is_home", "created_at", "updated_at", "contact_phone", "address"),
)
CADRE = Entity("cadre", table_of(Cadre), union_refs=(("union_id", "union_code"),))
FILE = Entity(
    "hardship_file",
    table_of(HardshipFile),
    union_refs=(("union_id", "union_code"), ("responsible_unit_id", "responsible_unit_code")),
    skip=FILE_LOCAL_COLUMNS,
    extra=("change_seq",),  # the sender's change sequence of this copy (format 2; absent in format 1)
)
CHILDREN = (
    Entity("household_member", table_of(HouseholdMember), child=True),
    Entity("income_fact", table_of(IncomeFact), child=True),
    Entity("status_event", table_of(StatusEvent), child=True),
    Entity("pairing", table_of(Pairing), union_refs=(("unit_id", "unit_code"),), child=True),
    Entity("assistance_record", table_of(AssistanceRecord), child=True),
    Entity("home_visit", table_of(HomeVisit), child=True),
    Entity("employment_support", table_of(EmploymentSupport), child=True),
)
ENTITIES: tuple[Entity, ...] = (UNION, CADRE, FILE, *CHILDREN)
BY_NAME = {e.name: e for e in ENTITIES}

#: the timestamp columns of child rows that tell when a file last changed (its "stamp")
CHILD_STAMP = {
    "household_member": "updated_at",
    "income_fact": "recorded_at",
    "status_event": "recorded_at",
    "pairing": "created_at",
    "assistance_record": "created_at",
    "home_visit": "created_at",
    "employment_support": "created_at",
}

#: enumerated columns of the household file and its members come from the field registry (open enumerations,
#: whose older rows may hold free text, stay strings); the others are lifecycle and exchange columns
_REGISTRY_ENUMS: dict[tuple[str, str], type[E.LabeledEnum]] = {
    **{("hardship_file", f.model_column): f.enum for f in FILE_FIELDS
       if f.kind == "enum" and f.enum is not None and not f.open_enum},
    **{("household_member", f.model_column): f.enum for f in MEMBER_FIELDS
       if f.kind == "enum" and f.enum is not None and not f.open_enum},
}

#: enumerated columns: the schema lists their machine names
ENUM_COLUMNS: dict[tuple[str, str], type[E.LabeledEnum]] = {
    ("union_org", "level"): E.UnionLevel,
    ("cadre", "role"): E.CadreRole,
    **_REGISTRY_ENUMS,
    ("hardship_file", "status"): E.FileStatus,
    ("hardship_file", "category"): E.Category,
    ("hardship_file", "close_reason"): E.CloseReason,
    ("hardship_file", "close_detail"): E.CancelDetail,
    ("status_event", "kind"): E.EventKind,
    ("assistance_record", "kind"): E.AssistanceKind,
    ("assistance_record", "fund_source"): E.FundSource,
    ("employment_support", "kind"): E.EmploymentSupportKind,
}

#: columns a package of an older release may lack (added by a later migration): allowed, not required,
#: so a unit that has not upgraded yet can still send its files up
OPTIONAL_COLUMNS: dict[str, frozenset[str]] = {
    # raw_values (0004): a roster's unknown words kept as written; not a registry field
    "hardship_file": frozenset(f.model_column for f in FILE_FIELDS if f.added != "0001") | {"raw_values"},
    "household_member": frozenset(f.model_column for f in MEMBER_FIELDS if f.added != "0001"),
    # the totals' parts on the dated facts (0009), as on the file
    "income_fact": frozenset(f.model_column for f in FILE_FIELDS if f.part_of),
}



def _column_default(table: str, column: str) -> Any:
    default = BY_NAME[table].table.c[column].default
    return default.arg if isinstance(default, ScalarElementColumnDefault) else None


#: the value a row of an older release's package takes for each column it lacks: the column's default, as a
#: file written here before that migration got it (so comparing the copies sees no difference)
OPTIONAL_DEFAULTS: dict[str, dict[str, Any]] = {
    entity: {c: _column_default(entity, c) for c in sorted(columns)} for entity, columns in OPTIONAL_COLUMNS.items()
}


def fill_optional(entity: str, row: dict[str, Any]) -> dict[str, Any]:
    """Give a row of an older package the columns added since, at their defaults (in place; returns it)."""
    for column, value in OPTIONAL_DEFAULTS.get(entity, {}).items():
        if column not in row:
            row[column] = value
    return row


#: sensitive columns (the registry's): masked wherever a package or list does not need the full value
SENSITIVE_COLUMNS: dict[str, frozenset[str]] = {
    "hardship_file": frozenset(f.model_column for f in FILE_FIELDS if f.sensitive),
    "household_member": frozenset(f.model_column for f in MEMBER_FIELDS if f.sensitive),
}


def registry_problems() -> list[str]:
    """Registry fields without a column in the table they belong to (empty when registry and models agree)."""
    problems: list[str] = []
    for entity, specs in ((FILE, FILE_FIELDS), (BY_NAME["household_member"], MEMBER_FIELDS)):
        columns = set(entity.table.columns.keys())
        problems += [f"{entity.name}.{f.model_column} ({f.name})" for f in specs if f.model_column not in columns]
    return problems


ID_NUMBER_PATTERN = "^[0-9]{17}[0-9X]$"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
DATETIME_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?$"


def to_json_value(value: Any) -> Any:
    """A column value as JSON: dates ISO, datetimes ISO in UTC without offset, everything else as is."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _to_json_converter(column: Any) -> Any:
    kind = _base_type(column.type)
    if isinstance(kind, DateTime):
        return to_json_value
    if isinstance(kind, Date):
        return dt.date.isoformat
    return None


def _from_json_converter(column: Any) -> Any:
    kind = _base_type(column.type)
    if isinstance(kind, DateTime):
        return lambda v: dt.datetime.fromisoformat(v).replace(tzinfo=dt.UTC)
    if isinstance(kind, Date):
        return dt.date.fromisoformat
    if isinstance(kind, Float):
        return float
    return None


@cache
def _plan(name: str) -> tuple[tuple[tuple[str, Any], ...], tuple[tuple[str, Any], ...]]:
    """Per entity, once: (column, to-JSON converter) and (column, from-JSON converter) for the carried columns."""
    entity = BY_NAME[name]
    carried = set(entity.columns())
    cols = [c for c in entity.table.columns if c.name in carried]
    return (
        tuple((c.name, _to_json_converter(c)) for c in cols),
        tuple((c.name, _from_json_converter(c)) for c in cols),
    )


def row_to_json(entity: Entity, row: Mapping[Any, Any], codes: Mapping[str, str]) -> dict[str, Any]:
    """A database row (mapping of column → value) as a package row; `codes` maps union id → code."""
    out: dict[str, Any] = {}
    for name, conv in _plan(entity.name)[0]:
        value = row[name]
        out[name] = conv(value) if conv is not None and value is not None else value
    for col, fld in entity.union_refs:
        uid = row[col]
        out[fld] = codes.get(uid) if uid is not None else None
    for fld in entity.extra:
        if fld in row:
            out[fld] = row[fld]
    return out


def json_to_values(entity: Entity, data: Mapping[str, Any], union_ids: Mapping[str, str]) -> dict[str, Any]:
    """A (validated) package row as column values for this database; `union_ids` maps code → local id."""
    out: dict[str, Any] = {}
    for name, conv in _plan(entity.name)[1]:
        if name not in data:
            continue
        value = data[name]
        out[name] = conv(value) if conv is not None and value is not None else value
    for col, fld in entity.union_refs:
        code = data.get(fld)
        out[col] = union_ids[code] if code is not None else None
    return out


def _base_type(t: Any) -> Any:
    return t.impl_instance if isinstance(t, TypeDecorator) else t


def _column_schema(entity: Entity, column: Any) -> dict[str, Any]:
    t = _base_type(column.type)
    if isinstance(t, Boolean):
        schema: dict[str, Any] = {"type": "boolean"}
    elif isinstance(t, Integer):
        schema = {"type": "integer"}
        if column.name.endswith("_fen"):
            schema["minimum"] = 0
    elif isinstance(t, Float):
        schema = {"type": "number"}
    elif isinstance(t, DateTime):
        schema = {"type": "string", "pattern": DATETIME_PATTERN}
    elif isinstance(t, Date):
        schema = {"type": "string", "pattern": DATE_PATTERN}
    else:
        schema = {"type": "string"}
        length = getattr(t, "length", None)
        if length:
            schema["maxLength"] = int(length)
    enum = ENUM_COLUMNS.get((entity.name, column.name))
    if enum is not None:
        schema = {"enum": [m.value for m in enum]}
    if column.name == "id_number":
        schema["pattern"] = ID_NUMBER_PATTERN
    if column.name in ("id", "file_id"):
        schema["pattern"] = "^[0-9a-f-]{36}$"
    if column.nullable and not column.primary_key:
        if "enum" in schema:
            schema["enum"] = [*schema["enum"], None]
        else:
            schema["type"] = [schema["type"], "null"]
    return schema


def row_schema(entity: Entity) -> dict[str, Any]:
    """The JSON Schema of one row of an entity, derived from the table (kept in schema/*.json)."""
    props: dict[str, Any] = {}
    required: list[str] = []
    for column in entity.table.columns:
        if column.name not in entity.columns():
            continue
        props[column.name] = _column_schema(entity, column)
        if column.name not in OPTIONAL_COLUMNS.get(entity.name, ()):
            required.append(column.name)
    for col, fld in entity.union_refs:
        nullable = entity.table.columns[col].nullable
        props[fld] = {"type": ["string", "null"] if nullable else "string", "maxLength": 32}
        required.append(fld)
    for fld in entity.extra:
        props[fld] = {"type": "integer", "minimum": 0}
    return {"type": "object", "properties": props, "required": required, "additionalProperties": False}
