"""Cleaning a household's input (from the window, the command line or a roster row) into file columns.

Input keys are the machine field names of `fields.py`; money is given in yuan (text or Decimal) and
comes out as `*_fen` integers. All problems are collected, so a clerk sees every bad field at once.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

from assist_desktop.domain import enums as E
from assist_desktop.domain import validation as V
from assist_desktop.domain.errors import FieldError, ValidationFailed

MONEY_FIELDS = {
    "own_monthly_income": "own_monthly_income_fen",
    "household_annual_income": "household_annual_income_fen",
    "unavoidable_spending": "unavoidable_spending_fen",
    "dibao_monthly": "dibao_monthly_fen",
    "hardship_costs": "hardship_costs_fen",
}

ENUM_FIELDS: dict[str, type[E.LabeledEnum]] = {
    "sex": E.Sex,
    "work_status": E.WorkStatus,
    "employer_type": E.EmployerType,
    "industry": E.Industry,
    "political_status": E.PoliticalStatus,
    "health": E.Health,
    "disability_type": E.DisabilityType,
    "model_worker_rank": E.ModelWorkerRank,
    "marital_status": E.MaritalStatus,
    "hukou_type": E.HukouType,
    "housing_type": E.HousingType,
    "main_cause": E.Cause,
}

TEXT_FIELDS = {
    "ethnicity": 20, "address": 200, "district": 50, "employer": 100, "illness": 100, "bank_name": 100,
    "accident_note": 500, "family_situation": 2000, "cause_account": 2000, "skills": 2000, "education": 50,
    "employment_wishes": 2000, "state_of_mind": 2000, "first_informant": 50, "first_reporter": 50,
    "first_helper": 50, "note": 2000,
}

BOOL_FIELDS = ("owns_multiple_homes", "business_with_employees", "costly_private_schooling", "private_car",
               "able_to_work")

REQUIRED_ON_CREATE = ("name", "id_number", "work_status", "household_size", "household_annual_income")

OTHER_FIELDS = ("name", "id_number", "sex", "phone", "household_size", "disability_grade", "housing_area",
                "last_visit_date", "accident_date", "secondary_causes", "special_groups", "bank_account")

#: every key a household's input may carry (the machine field names of docs/data-model.md; money in yuan)
KNOWN_FIELDS = frozenset(OTHER_FIELDS) | set(ENUM_FIELDS) | set(TEXT_FIELDS) | set(BOOL_FIELDS) | set(MONEY_FIELDS)

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

    def present(key: str) -> bool:
        return key in raw

    for key in raw:
        if key not in KNOWN_FIELDS:
            errors.append(FieldError(str(key), "不是档案字段（请检查拼写，字段名见 docs/data-model.md）",
                                     "is not a field of the file (check the spelling)", row=row, source=source))
    if creating:
        for key in REQUIRED_ON_CREATE:
            v = raw.get(key)
            if v is None or (isinstance(v, str) and not v.strip()):
                errors.append(FieldError(key, "必须填写", "is required", row=row, source=source))

    if present("name") and raw.get("name") not in (None, ""):
        run("name", lambda: V.check_name(raw["name"]))
    if present("id_number") and raw.get("id_number") not in (None, ""):
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
    if present("phone"):
        run("phone", lambda: V.check_phone(raw.get("phone")))
    for key, enum in ENUM_FIELDS.items():
        if key == "sex" or not present(key):
            continue
        required = creating and key == "work_status"
        run(key, partial(_enum_value, enum, raw.get(key), key, required))
    for key, limit in TEXT_FIELDS.items():
        if present(key):
            run(key, partial(V.check_text, raw.get(key), key, max_len=limit))
    for key in BOOL_FIELDS:
        if present(key):
            run(key, partial(parse_bool, raw.get(key), key))
    for key, column in MONEY_FIELDS.items():
        if present(key):
            required = creating and key == "household_annual_income"
            run(key, partial(_money_or_zero, raw.get(key), key, required), column)
    if present("household_size"):
        run("household_size", lambda: V.check_count(raw.get("household_size"), "household_size", minimum=1,
                                                    maximum=30, required=creating))
    if present("disability_grade"):
        run("disability_grade", lambda: V.check_count(raw.get("disability_grade"), "disability_grade",
                                                      minimum=1, maximum=4))
    if present("housing_area"):
        run("housing_area", lambda: _area(raw.get("housing_area")), "housing_area_m2")
    if present("last_visit_date"):
        run("last_visit_date", lambda: V.parse_date(raw.get("last_visit_date"), "last_visit_date", today=today))
    if present("accident_date"):
        run("accident_date", lambda: V.parse_date(raw.get("accident_date"), "accident_date", today=today))
    if present("secondary_causes"):
        run("secondary_causes",
            lambda: ",".join(c.value for c in V.parse_enum_list(E.Cause, raw.get("secondary_causes"),
                                                                 "secondary_causes", maximum=3)))
    if present("special_groups"):
        run("special_groups",
            lambda: ",".join(g.value for g in V.parse_enum_list(E.SpecialGroup, raw.get("special_groups"),
                                                                "special_groups")))
    if present("bank_account"):
        run("bank_account", lambda: _account(raw.get("bank_account")))
    if out.get("main_cause") and out.get("secondary_causes"):
        secondary = out["secondary_causes"].split(",")
        if out["main_cause"] in secondary:
            out["secondary_causes"] = ",".join(c for c in secondary if c != out["main_cause"])
    if out.get("disability_grade") and not (out.get("disability_type") or raw.get("disability_type")):
        errors.append(FieldError("disability_type", "填写残疾等级时须填写残疾类别",
                                 "is required when a disability grade is given", row=row, source=source))
    return out, errors


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


MEMBER_ENUMS: dict[str, type[E.LabeledEnum]] = {
    "relation": E.Relation, "health": E.Health, "status": E.MemberStatus, "sex": E.Sex,
}


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
    run("monthly_income", lambda: V.parse_money_fen(raw.get("monthly_income"), "monthly_income") or 0,
        "monthly_income_fen")
    for key, limit in (("school", 100), ("school_year", 20), ("disability", 50), ("insurance", 100)):
        if key in raw:
            run(key, partial(V.check_text, raw.get(key), key, max_len=limit))
    if "able_to_work" in raw:
        run("able_to_work", lambda: parse_bool(raw.get("able_to_work"), "able_to_work"))
    return out, errors
