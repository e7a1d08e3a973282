"""A roster's words for enumerated values: built-in synonyms, the union's own mapping, and what stays unknown.

Decisive columns (身份证号, 姓名, 工作状态, 家庭年总收入, 家庭人口, 主要致困原因) stay strict: their cells go to the
services as written and a word they do not know refuses the row. Every other enumerated column is descriptive:
a word that is neither a label, a machine name, a built-in synonym (domain/enums.py ALIASES) nor in the union's
mapping (table roster_value_map, given here as a plain mapping) never refuses the row. The field is set to 其他
where the enumeration has it (else left blank), the word is kept as written in `raw` (stored as
hardship_file.raw_values), and the word is reported once per column with its count and rows.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from assist_desktop.domain import enums as E
from assist_desktop.domain.fields import FILE_FIELD, MEMBER_FIELD, FieldSpec

#: the columns whose words are never guessed at (a row with an unknown word in one of them is refused)
DECISIVE = frozenset({"id_number", "name", "work_status", "household_annual_income", "household_size", "main_cause"})
#: member fields carry this prefix in the mapping table and in raw_values
MEMBER_PREFIX = "member."
_SPLIT = re.compile(r"[,，、;；/\s]+")
#: the longest word kept in raw_values per field (the column holds 4,000 characters in all)
_RAW_MAX = 200


@dataclass(frozen=True)
class UnknownWord:
    """One word a descriptive column used that nothing knew."""

    field: str  # machine name ("member.health" for a member's)
    column: str  # the roster header
    value: str


@dataclass
class MappedRow:
    """A row's data after mapping, the words kept as written ({field: text}) and the unknown words."""

    data: dict[str, Any]
    raw: dict[str, str] = field(default_factory=dict)
    unknown: list[UnknownWord] = field(default_factory=list)


def mapping_key(field_name: str, *, members: bool = False) -> str:
    return f"{MEMBER_PREFIX}{field_name}" if members else field_name


@lru_cache(maxsize=1024)
def spec_for(key: str) -> FieldSpec | None:
    """The registry field of a mapping key ("housing_type", "member.health")."""
    if key.startswith(MEMBER_PREFIX):
        return MEMBER_FIELD.get(key.removeprefix(MEMBER_PREFIX))
    return FILE_FIELD.get(key)


@lru_cache(maxsize=1024)
def mappable(key: str) -> bool:
    """A descriptive enumerated field (a union may map words to it)."""
    spec = spec_for(key)
    return (
        spec is not None
        and spec.enum is not None
        and not spec.open_enum
        and (key.startswith(MEMBER_PREFIX) or key not in DECISIVE)
    )


@lru_cache(maxsize=65536)
def _known(enum: type[E.LabeledEnum], text: str) -> str | None:  # a word of a roster repeats row after row
    try:
        parsed = enum.parse(text)
    except ValueError:
        return None
    return parsed.value if parsed is not None else None


def _fallback(enum: type[E.LabeledEnum]) -> str | None:
    return "other" if "other" in {m.value for m in enum} else None


def map_row(
    data: Mapping[str, Any],
    *,
    headers: Mapping[str, str],
    union_map: Mapping[tuple[str, str], str],
    members: bool = False,
) -> MappedRow:
    """Map the descriptive enumerated cells of one row (decisive and text cells pass through unchanged).

    `headers` gives each field's roster header (for the report); `union_map` is {(mapping key, word): target}.
    """
    out = MappedRow(dict(data))
    for name, value in data.items():
        key = mapping_key(name, members=members)
        if value is None or not mappable(key):
            continue
        spec = spec_for(key)
        assert spec is not None and spec.enum is not None
        text = str(value).strip()
        if not text:
            continue
        column = headers.get(name, spec.zh)
        if spec.kind == "multi_enum":
            parts = [p for p in _SPLIT.split(text) if p.strip()]
            mapped: list[str] = []
            unknown = False
            for part in parts:
                target = _known(spec.enum, part) or union_map.get((key, part))
                if target is None:
                    unknown = True
                    out.unknown.append(UnknownWord(key, column, part))
                    target = _fallback(spec.enum)
                if target is not None and target not in mapped:
                    mapped.append(target)
            if unknown:
                out.raw[key] = text[:_RAW_MAX]
            out.data[name] = ",".join(mapped) or None
            continue
        if _known(spec.enum, text) is not None:
            continue
        target = union_map.get((key, text))
        if target is None:
            out.unknown.append(UnknownWord(key, column, text))
            out.raw[key] = text[:_RAW_MAX]
            target = _fallback(spec.enum)
        out.data[name] = target
    return out


def merge_raw(current: str | None, raw: Mapping[str, str], *, replaced: set[str], members: bool = False) -> str | None:
    """The new raw_values JSON: the fields this row gave replace theirs (a known word clears the kept one);
    with `members` the row lists the members anew, so every member word kept before goes."""
    kept: dict[str, str] = {}
    if current:
        try:
            loaded = json.loads(current)
        except ValueError:
            loaded = {}
        if isinstance(loaded, dict):
            kept = {
                str(k): str(v)
                for k, v in loaded.items()
                if k not in replaced and not (members and str(k).startswith("members["))
            }
    kept.update(raw)
    return json.dumps(kept, ensure_ascii=False, sort_keys=True) if kept else None


def check_target(key: str, target: str) -> str | None:
    """The machine name a mapping may point to (a label or machine name of the field's enumeration); None if not."""
    spec = spec_for(key)
    if spec is None or spec.enum is None:
        return None
    return _known(spec.enum, target)


__all__ = [
    "DECISIVE",
    "MEMBER_PREFIX",
    "MappedRow",
    "UnknownWord",
    "check_target",
    "map_row",
    "mappable",
    "mapping_key",
    "merge_raw",
    "spec_for",
]
