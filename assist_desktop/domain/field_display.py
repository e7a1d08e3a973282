"""A stored file's fields as labelled text, from the registry: one formatting for the detail pane and the sheet.

Values are shown as people read them: enumerations by their label (an unknown stored value, e.g. the free text
of an older file, as written), money in 元 with two decimals, dates ISO, yes/no in words. Sensitive fields are
masked unless the caller names them in `full`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from typing import Any

from assist_desktop.domain import enums as E
from assist_desktop.domain.fields import FILE_FIELDS, GROUPS, MEMBER_FIELDS, FieldSpec
from assist_desktop.domain.validation import format_fen, mask_account, mask_id_number


def mask_phone(phone: str | None) -> str:
    """139****5678: the middle digits of a phone number hidden."""
    if not phone:
        return ""
    if len(phone) < 7:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]


def mask_value(spec: FieldSpec, value: str | None) -> str:
    if spec.check == "id_number":
        return mask_id_number(value)
    if spec.check == "account":
        return mask_account(value)
    if spec.check == "phone":
        return mask_phone(value)
    return "*" * len(value or "")


def _enum_text(enum: type[E.LabeledEnum], value: str, lang: str) -> str:
    try:
        return enum(value).label_for(lang)
    except ValueError:
        return value  # an open enumeration's older free text, or a value of a newer release


def display_value(spec: FieldSpec, value: Any, *, lang: str = "zh", masked: bool = False) -> str:
    """One stored value as text ('' when empty)."""
    if value is None or value == "":
        return ""
    if masked:
        return mask_value(spec, str(value))
    en = lang.startswith("en")
    if spec.kind == "money":
        return format_fen(int(value)) if not en else format_fen(int(value), unit=False) + " yuan"
    if spec.kind == "bool":
        return ("Yes" if value else "No") if en else ("是" if value else "否")
    if spec.kind == "date":
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    if spec.kind == "enum" and spec.enum is not None:
        return _enum_text(spec.enum, str(value), lang)
    if spec.kind == "multi_enum" and spec.enum is not None:
        sep = ", " if en else "、"
        return sep.join(_enum_text(spec.enum, v, lang) for v in str(value).split(",") if v)
    if spec.kind == "float":
        return f"{float(value):g}" + (" ㎡" if spec.name == "housing_area" else "")
    if spec.name == "household_size":
        return f"{value} persons" if en else f"{value}人"
    if spec.name == "disability_grade":
        return f"grade {value}" if en else f"{value}级"
    return str(value)


def _get(source: Mapping[str, Any] | object, column: str) -> Any:
    if isinstance(source, Mapping):
        return source.get(column)
    return getattr(source, column, None)


def field_rows(source: Mapping[str, Any] | object, specs: Collection[FieldSpec] | None = None, *,
               lang: str = "zh", full: Collection[str] = ()) -> list[tuple[FieldSpec, str, str]]:
    """(field, label, text) for each field of `specs` (default: every file field); sensitive ones masked
    unless named in `full`."""
    out: list[tuple[FieldSpec, str, str]] = []
    for spec in specs if specs is not None else FILE_FIELDS:
        value = _get(source, spec.model_column)
        masked = spec.sensitive and spec.name not in full
        out.append((spec, spec.label(lang), display_value(spec, value, lang=lang, masked=masked)))
    return out


def file_sections(source: Mapping[str, Any] | object, *, lang: str = "zh",
                  full: Collection[str] = ()) -> list[tuple[str, str, list[tuple[FieldSpec, str, str]]]]:
    """The file's fields by the editor's groups: (group, title, rows)."""
    out = []
    for group, zh, en in GROUPS:
        specs = [f for f in FILE_FIELDS if f.group == group]
        out.append((group, en if lang.startswith("en") else zh, field_rows(source, specs, lang=lang, full=full)))
    return out


def member_rows(source: Mapping[str, Any] | object, *, lang: str = "zh",
                full: Collection[str] = ()) -> list[tuple[FieldSpec, str, str]]:
    """A household member's fields as labelled text."""
    return field_rows(source, MEMBER_FIELDS, lang=lang, full=full)


__all__ = ["display_value", "field_rows", "file_sections", "mask_phone", "mask_value", "member_rows"]
