"""Cleaning a household's input (from the window, the command line or a roster row) into file columns.

Input keys are the machine field names of `fields.py`; money is given in yuan (text or Decimal) and
comes out as `*_fen` integers. All problems are collected, so a clerk sees every bad field at once.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any

from assist_desktop.domain import enums as E
from assist_desktop.domain import validation as V
from assist_desktop.domain.errors import FieldError, ValidationFailed
from assist_desktop.domain.fields import FILE_FIELDS, MEMBER_FIELD, MEMBER_FIELDS, FieldSpec, field_label

# --- derived from the registry (domain/fields.py) -------------------------------------------------------
_INPUT = tuple(f for f in FILE_FIELDS if f.name != "birth_date")  # birth date comes from the ID number

#: money input (yuan) → model column (fen)
MONEY_FIELDS = {f.name: f.model_column for f in _INPUT if f.kind == "money"}
#: single-choice enumerations
ENUM_FIELDS: dict[str, type[E.LabeledEnum]] = {
    f.name: f.enum for f in _INPUT if f.kind == "enum" and f.enum is not None
}
#: multi-choice enumerations (comma-separated machine names)
MULTI_ENUM_FIELDS: dict[str, type[E.LabeledEnum]] = {
    f.name: f.enum for f in _INPUT if f.kind == "multi_enum" and f.enum is not None
}
#: plain texts and their length
TEXT_FIELDS = {f.name: f.max_len or 2000 for f in _INPUT if f.kind == "text" and f.check is None}
BOOL_FIELDS = tuple(f.name for f in _INPUT if f.kind == "bool")
DATE_FIELDS = tuple(f.name for f in _INPUT if f.kind == "date")
INT_FIELDS = tuple(f.name for f in _INPUT if f.kind == "int")
REQUIRED_ON_CREATE = tuple(f.name for f in _INPUT if f.required)
#: input key → model column where they differ
COLUMN_OF = {f.name: f.model_column for f in _INPUT if f.model_column != f.name}
OTHER_FIELDS = tuple(f.name for f in _INPUT if f.check is not None or f.kind in ("float",))

#: a total → the input keys of its parts (the total is their sum when any is given)
_PARTS: dict[str, tuple[str, ...]] = {
    t: tuple(f.name for f in _INPUT if f.part_of == t) for t in {f.part_of for f in _INPUT if f.part_of}
}

#: every key a household's input may carry (the machine field names of docs/data-model.md; money in yuan)
KNOWN_FIELDS = frozenset(f.name for f in _INPUT)

MEMBER_ENUMS: dict[str, type[E.LabeledEnum]] = {
    f.name: f.enum for f in MEMBER_FIELDS if f.kind == "enum" and f.enum is not None
}
MEMBER_TEXT_FIELDS = {f.name: f.max_len or 2000 for f in MEMBER_FIELDS if f.kind == "text" and f.check is None}
MEMBER_KNOWN_FIELDS = frozenset(f.name for f in MEMBER_FIELDS)
MEMBER_REQUIRED = tuple(f.name for f in MEMBER_FIELDS if f.required)

_TRUE = {"1", "true", "yes", "y", "是", "有", "能", "可以", "√"}
_FALSE = {"0", "false", "no", "n", "否", "无", "不能", "不可以", "×"}


def parse_bool(value: object, field: str) -> bool | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise V.fail(field, f"“{value}”应为“是”或“否”", f"'{value}' must be yes or no")


def clean_file_input(raw: Mapping[str, Any], *, today: dt.date, creating: bool = True,
                     row: int | None = None, source: str | None = None) -> tuple[dict[str, Any], list[FieldError]]:
    """Clean the given fields; on update only the keys present are cleaned (a blank clears the field).

    Returns the column values and the list of errors (empty when everything is acceptable).
    """
    out: dict[str, Any] = {}
    errors: list[FieldError] = []

    def run(field: str, fn: Callable[[], Any], column: str | None = None) -> None:
        try:
            out[column or field] = fn()
        except ValidationFailed as exc:
            errors.extend(FieldError(e.field, e.zh, e.en, row=row, source=source) for e in exc.errors)

    for key in raw:
        if key not in KNOWN_FIELDS:
            errors.append(FieldError(str(key), "不是档案字段（请检查拼写，字段名见 docs/data-model.md）",
                                     "is not a field of the file (check the spelling)", row=row, source=source))
    if creating:
        for key in REQUIRED_ON_CREATE:
            v = raw.get(key)
            if _blank(v) and not any(not _blank(raw.get(p)) for p in _PARTS.get(key, ())):
                # a total whose parts are given is their sum (domain.income.settle_totals)
                errors.append(FieldError(key, "必须填写", "is required", row=row, source=source))

    if raw.get("name") not in (None, ""):
        run("name", lambda: V.check_name(raw["name"]))
    if raw.get("id_number") not in (None, ""):
        run("id_number", lambda: V.check_id_number(raw["id_number"], today=today))
        if "id_number" in out:
            number = out["id_number"]
            out["birth_date"] = V.birth_date_from_id(number)
            derived = V.sex_from_id(number)
            given = raw.get("sex")
            if given not in (None, ""):
                try:
                    sex = V.parse_enum(E.Sex, given, "sex")
                    if sex is not None and sex != derived:
                        errors.append(FieldError("sex", f"与身份证号不符（身份证号显示为{derived.label}）",
                                                 f"does not match the ID number ({derived.label_en})",
                                                 row=row, source=source))
                except ValidationFailed as exc:
                    errors.extend(FieldError(e.field, e.zh, e.en, row=row, source=source) for e in exc.errors)
            out["sex"] = derived.value
    # the fields given, in the registry's order, each through its cleaner (chosen once per field, not per cell)
    for key in sorted((k for k in raw if k in _CLEANERS), key=_ORDER.__getitem__):
        value = raw[key]
        if key in _PARTS and _blank(value) and any(not _blank(raw.get(p)) for p in _PARTS[key]):
            continue  # a total left blank beside its parts: their sum (domain.income.settle_totals)
        column, clean = _CLEANERS[key]
        try:
            out[column] = clean(value, creating, today)
        except ValidationFailed as exc:
            errors.extend(FieldError(e.field, e.zh, e.en, row=row, source=source) for e in exc.errors)
    for name, dated_by in _DATED:  # a dated enumeration: the date it was set, today unless given
        if name in out:
            if out[name] is None:
                out[dated_by] = None
            elif raw.get(dated_by) in (None, "") and not errors_for(errors, dated_by):
                out[dated_by] = today
    if out.get("main_cause") and out.get("secondary_causes"):
        secondary = out["secondary_causes"].split(",")
        if out["main_cause"] in secondary:
            out["secondary_causes"] = ",".join(c for c in secondary if c != out["main_cause"])
    if out.get("disability_grade") and not (out.get("disability_type") or raw.get("disability_type")):
        errors.append(FieldError("disability_type", "填写残疾等级时须填写残疾类别",
                                 "is required when a disability grade is given", row=row, source=source))
    return out, errors


def _cleaner(spec: FieldSpec) -> Callable[[object, bool, dt.date], Any]:
    """One field's cleaner, by its kind and special check, as `_clean_value` picks it (decided once)."""
    key = spec.name
    check, kind = spec.check, spec.kind
    if check == "phone":
        return lambda v, c, t: V.check_phone(None if v is None else str(v))
    if check == "account":
        return lambda v, c, t: _account(v)
    if check == "region":
        return lambda v, c, t: _region_code(v, key)
    if check == "area":
        return lambda v, c, t: _area(v)
    if check == "name":
        return lambda v, c, t: V.check_name(v, key)
    if check == "id_number":
        return lambda v, c, t: V.check_id_number(None if v is None else str(v), key, today=t)
    if kind == "text":
        limit = spec.max_len or 2000
        if spec.required:
            return lambda v, c, t: V.check_text(v, key, max_len=limit, required=c)
        return lambda v, c, t: V.check_text(v, key, max_len=limit)
    if kind == "enum" and spec.enum is not None and not spec.open_enum:
        enum = spec.enum
        req = spec.required

        def enum_value(v: object, c: bool, t: dt.date) -> str | None:
            if type(v) is str and v:  # most cells: a label, alias or machine name (one look-up)
                try:
                    parsed = enum.parse(v)
                except ValueError:
                    pass
                else:
                    if parsed is not None:
                        return parsed.value
            return _enum_value(enum, v, key, c and req)

        return enum_value
    return partial(_clean_value, spec)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def errors_for(errors: list[FieldError], field: str) -> bool:
    return any(e.field == field for e in errors)


def _clean_value(spec: FieldSpec, value: object, creating: bool, today: dt.date) -> Any:
    """One field's value as its column value, by the field's kind (and special check)."""
    key = spec.name
    required = creating and spec.required
    if spec.check == "phone":
        return V.check_phone(None if value is None else str(value))
    if spec.check == "account":
        return _account(value)
    if spec.check == "region":
        return _region_code(value, key)
    if spec.check == "area":
        return _area(value)
    if spec.check == "name":
        return V.check_name(value, key)
    if spec.check == "id_number":
        return V.check_id_number(None if value is None else str(value), key, today=today)
    if spec.kind == "text":
        return V.check_text(value, key, max_len=spec.max_len or 2000, required=required)
    if spec.kind == "money" and spec.nullable:
        return V.parse_money_fen(value, key)  # blank: not given
    if spec.kind == "money":
        return _money_or_zero(value, key, required)
    if spec.kind == "bool":
        return parse_bool(value, key)
    if spec.kind == "date":
        return V.parse_date(value, key, today=today)
    if spec.kind == "int":
        return V.check_count(value, key, minimum=spec.minimum or 0, maximum=spec.maximum or 99,
                             required=required)
    if spec.kind == "enum":
        assert spec.enum is not None
        if spec.open_enum:
            return _open_enum_value(spec, value)
        return _enum_value(spec.enum, value, key, required)
    if spec.kind == "multi_enum":
        assert spec.enum is not None
        return ",".join(m.value for m in V.parse_enum_list(spec.enum, value, key, maximum=spec.max_len or 99))
    raise AssertionError(f"no cleaning for {spec.kind}")  # pragma: no cover - the registry's kinds are closed


#: input key → (model column, its cleaner), for the fields cleaned in the loop (name, ID number and sex apart)
_CLEANERS: dict[str, tuple[str, Callable[[object, bool, dt.date], Any]]] = {
    f.name: (f.model_column, _cleaner(f)) for f in _INPUT if f.name not in ("name", "id_number", "sex")
}
_ORDER = {f.name: i for i, f in enumerate(_INPUT)}
_DATED = tuple((f.name, f.dated_by) for f in _INPUT if f.dated_by)


def _open_enum_value(spec: FieldSpec, value: object) -> str | None:
    """A machine name when the text is a label or alias; else the text as written (older files)."""
    assert spec.enum is not None
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        parsed = spec.enum.parse(str(value))
    except ValueError:
        return V.check_text(value, spec.name, max_len=spec.max_len or 50)
    return parsed.value if parsed is not None else None


def _region_code(value: object, field: str) -> str | None:
    if value is None or not str(value).strip():
        return None
    text = str(value).strip()
    if not (len(text) == 6 and text.isdigit() and text[:2] != "00"):
        raise V.fail(field, "应为6位行政区划代码（如230102）",
                     "must be a 6-digit administrative-division code (e.g. 230102)")
    return text


def _money_or_zero(value: object, field: str, required: bool) -> int:
    return V.parse_money_fen(value, field, required=required) or 0


def _enum_value(enum: type[E.LabeledEnum], value: object, field: str, required: bool) -> str | None:
    parsed = V.parse_enum(enum, value, field, required=required)
    return parsed.value if parsed is not None else None


def _area(value: object) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        area = float(str(value).strip().removesuffix("㎡").removesuffix("平方米"))
    except ValueError:
        raise V.fail("housing_area", f"“{value}”不是面积", f"'{value}' is not an area") from None
    if not math.isfinite(area) or area < 0 or area > 10000:
        raise V.fail("housing_area", "面积不合理", "area is out of range")
    return area


def _account(value: object) -> str | None:
    if value is None or not str(value).strip():
        return None
    digits = str(value).replace(" ", "").replace("-", "")
    if not digits.isdigit() or not 8 <= len(digits) <= 30:
        raise V.fail("bank_account", "应为8至30位数字", "must be 8 to 30 digits")
    return digits


def clean_member_input(raw: Mapping[str, Any], *, today: dt.date, row: int | None = None,
                       source: str | None = None) -> tuple[dict[str, Any], list[FieldError]]:
    """Clean one household member."""
    out: dict[str, Any] = {}
    errors: list[FieldError] = []

    def run(field: str, fn: Callable[[], Any], column: str | None = None) -> None:
        try:
            out[column or field] = fn()
        except ValidationFailed as exc:
            errors.extend(FieldError(e.field, e.zh, e.en, row=row, source=source) for e in exc.errors)

    run("name", lambda: V.check_name(raw.get("name")))
    run("relation", lambda: _enum_value(E.Relation, raw.get("relation"), "relation", True))
    run("status", lambda: _enum_value(E.MemberStatus, raw.get("status"), "status", False) or "other")
    run("health", lambda: _enum_value(E.Health, raw.get("health"), "health", False))
    if raw.get("id_number") not in (None, ""):
        run("id_number", lambda: V.check_id_number(raw.get("id_number"), today=today))
        if "id_number" in out:
            out["birth_date"] = V.birth_date_from_id(out["id_number"])
            out["sex"] = V.sex_from_id(out["id_number"]).value
    else:
        out["id_number"] = None
        if raw.get("birth_date") not in (None, ""):
            run("birth_date", lambda: V.parse_date(raw.get("birth_date"), "birth_date", today=today))
        if raw.get("sex") not in (None, ""):
            run("sex", lambda: _enum_value(E.Sex, raw.get("sex"), "sex", False))
    money = MEMBER_FIELD["monthly_income"]
    run(money.name, lambda: V.parse_money_fen(raw.get(money.name), money.name) or 0, money.model_column)
    for key, limit in MEMBER_TEXT_FIELDS.items():
        if key in raw:
            run(key, partial(V.check_text, raw.get(key), key, max_len=limit))
    for spec in MEMBER_FIELDS:
        if spec.kind == "bool" and spec.name in raw:
            run(spec.name, partial(parse_bool, raw.get(spec.name), spec.name))
    return out, errors


# --- stored values back to input ---------------------------------------------------------------------

def _get(source: Mapping[str, Any] | object, column: str) -> Any:
    if isinstance(source, Mapping):
        return source.get(column)
    return getattr(source, column, None)


def _has(source: Mapping[str, Any] | object, column: str) -> bool:
    return column in source if isinstance(source, Mapping) else hasattr(source, column)


def _to_input(spec: FieldSpec, value: Any) -> Any:
    if spec.kind == "money":
        return V.fen_to_yuan_text(value) if isinstance(value, int) and not isinstance(value, bool) else value
    if spec.kind == "date":
        return value.isoformat() if isinstance(value, dt.date) else value
    if spec.kind == "float":
        return f"{value:g}" if isinstance(value, float | int) and not isinstance(value, bool) else value
    if spec.kind == "int":
        return None if value is None else str(value)
    return value


def file_to_input(source: Mapping[str, Any] | object) -> dict[str, Any]:
    """A stored file (ORM row, Read model or a row mapping of columns) as input values: money as yuan text
    ("1234.05"), dates ISO, counts as text; cleaning the result gives the stored values back.

    Only the columns the source has are returned (a package row of an older release may lack new ones).
    """
    out: dict[str, Any] = {}
    for spec in _INPUT:
        if spec.derived and spec.name != "sex":
            continue
        if not _has(source, spec.model_column):
            continue
        out[spec.name] = _to_input(spec, _get(source, spec.model_column))
    return out


def member_to_input(source: Mapping[str, Any] | object) -> dict[str, Any]:
    """A stored household member as input values (money as yuan text); sex and birth date are left out when
    the ID number gives them."""
    out: dict[str, Any] = {}
    for spec in MEMBER_FIELDS:
        if not _has(source, spec.model_column):
            continue
        out[spec.name] = _to_input(spec, _get(source, spec.model_column))
    if out.get("id_number"):
        out.pop("sex", None)
        out.pop("birth_date", None)
    return out


def clean_members(members: Sequence[Mapping[str, Any]], *, today: dt.date,
                  row: int | None = None) -> tuple[list[dict[str, Any]], list[FieldError]]:
    """A household's members cleaned one by one, each error named `members[i].field` ("家庭成员第i人…")."""
    cleaned: list[dict[str, Any]] = []
    errors: list[FieldError] = []
    for i, m in enumerate(members, start=1):
        values, errs = clean_member_input(m, today=today, row=row)
        errors += [FieldError(f"members[{i}].{e.field}", f"家庭成员第{i}人{field_label(e.field)}：{e.zh}",
                              f"member {i} {e.field}: {e.en}", row=row, source=e.source) for e in errs]
        cleaned.append(values)
    return cleaned, errors
