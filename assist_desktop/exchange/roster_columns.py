"""The roster's columns (花名册), derived from the registry of fields (domain/fields.py).

The first columns keep the order of the first release's template (rosters filled in by position keep lining up),
with the roster-only columns (responsible person, union, accident); every other registry field with a roster header
follows in registry order. Other headers a field is known by (联系电话 for 手机号码…) are read as that field.
"""

from __future__ import annotations

from assist_desktop.domain import enums as E
from assist_desktop.domain.fields import FILE_FIELD, FILE_FIELDS, MEMBER_FIELD, MEMBER_FIELDS, FieldSpec

MAIN_SHEET = "困难职工花名册"
MEMBER_SHEET = "家庭成员"
OPTIONS_SHEET = "选项"

#: the first release's columns, in its order (key: a registry field, or a roster-only key starting with "_")
_FIRST_COLUMNS: tuple[tuple[str, str], ...] = (
    ("姓名", "name"),
    ("身份证号", "id_number"),
    ("性别", "sex"),
    ("民族", "ethnicity"),
    ("手机号码", "phone"),
    ("家庭住址", "address"),
    ("工作单位", "employer"),
    ("单位性质", "employer_type"),
    ("所属行业", "industry"),
    ("工作状态", "work_status"),
    ("健康状况", "health"),
    ("残疾类别", "disability_type"),
    ("残疾等级", "disability_grade"),
    ("婚姻状况", "marital_status"),
    ("户口类型", "hukou_type"),
    ("本人月收入", "own_monthly_income"),
    ("家庭年总收入", "household_annual_income"),
    ("家庭人口", "household_size"),
    ("年度刚性支出", "unavoidable_spending"),
    ("低保金额", "dibao_monthly"),
    ("住房类型", "housing_type"),
    ("主要致困原因", "main_cause"),
    ("次要致困原因", "secondary_causes"),
    ("家庭情况", "family_situation"),
    ("技术特长", "skills"),
    ("就业意愿", "employment_wishes"),
    ("思想状况", "state_of_mind"),
    ("走访日期", "last_visit_date"),
    ("帮扶责任人", "_responsible"),
    ("责任人电话", "_responsible_phone"),
    ("所属工会", "_union"),
    ("第一知情人", "first_informant"),
    ("意外事件", "_accident"),
    # optional five-clear columns, added last so that templates filled in by position keep working
    ("致困情况说明", "cause_account"),
    ("有无劳动能力", "able_to_work"),
)
#: every column of the roster: the first release's, then each other registry field that has a roster header
COLUMNS: tuple[tuple[str, str], ...] = _FIRST_COLUMNS + tuple(
    (f.roster[0], f.name)
    for f in FILE_FIELDS
    if f.roster and f.name not in {key for _h, key in _FIRST_COLUMNS} and not f.derived
) + (
    # the birth date comes from the ID number; the column is read only to match a row without one by name and
    # birth date (the union setting roster_match_name_birth)
    ("出生日期", "_birth_date"),
)
REQUIRED = ("姓名", "身份证号", "工作状态", "家庭年总收入", "家庭人口", "主要致困原因")
_FIRST_MEMBER_COLUMNS: tuple[tuple[str, str], ...] = (
    ("户主身份证号", "_head"),
    ("姓名", "name"),
    ("关系", "relation"),
    ("身份证号", "id_number"),
    ("健康状况", "health"),
    ("人员身份", "status"),
    ("月收入", "monthly_income"),
)
MEMBER_COLUMNS: tuple[tuple[str, str], ...] = _FIRST_MEMBER_COLUMNS + tuple(
    (f.roster[0], f.name)
    for f in MEMBER_FIELDS
    if f.roster and f.name not in {key for _h, key in _FIRST_MEMBER_COLUMNS}
)
MEMBER_REQUIRED = ("户主身份证号", "姓名", "关系")


def _spec(key: str, members: bool = False) -> FieldSpec | None:
    return (MEMBER_FIELD if members else FILE_FIELD).get(key)


#: header → enumeration, for every enumerated column (single or multiple choice)
ENUM_COLUMNS: dict[str, type[E.LabeledEnum]] = {
    h: spec.enum for h, key in COLUMNS if (spec := _spec(key)) is not None and spec.enum is not None
}
MEMBER_ENUMS: dict[str, type[E.LabeledEnum]] = {
    h: spec.enum for h, key in MEMBER_COLUMNS if (spec := _spec(key, True)) is not None and spec.enum is not None
}
#: header → the field it fills (registry fields only)
FIELD_OF: dict[str, FieldSpec] = {h: spec for h, key in COLUMNS if (spec := _spec(key)) is not None}
MEMBER_FIELD_OF: dict[str, FieldSpec] = {h: spec for h, key in MEMBER_COLUMNS if (spec := _spec(key, True)) is not None}
#: another header a roster may use → the template's header (联系电话 → 手机号码)
ALIASES: dict[str, str] = {
    alias: header
    for header, key in COLUMNS
    if (spec := _spec(key)) is not None
    for alias in spec.roster[1:]
    if alias not in {h for h, _k in COLUMNS}
}
MEMBER_ALIASES: dict[str, str] = {
    alias: header
    for header, key in MEMBER_COLUMNS
    if (spec := _spec(key, True)) is not None
    for alias in spec.roster[1:]
    if alias not in {h for h, _k in MEMBER_COLUMNS}
}
#: kept as text in spreadsheets (long digit strings Excel would turn into numbers)
TEXT_COLUMNS = ("身份证号", "手机号码", "责任人电话", "户主身份证号", "银行账号", "户籍所在地")

#: the file's field → its roster header (意外事件 carries two fields)
HEADER_OF: dict[str, str] = {key: header for header, key in COLUMNS}
HEADER_OF.update(accident_date="意外事件", accident_note="意外事件")
MEMBER_HEADER_OF: dict[str, str] = {key: header for header, key in MEMBER_COLUMNS}
#: the column that shows each five-clear item (services report a blanked clear by its key)
CLEAR_COLUMN: dict[str, str] = {
    "family": "家庭情况",
    "cause": "致困情况说明",
    "skills": "技术特长",
    "employment": "就业意愿",
    "mind": "思想状况",
}
