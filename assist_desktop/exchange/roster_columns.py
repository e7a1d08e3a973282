"""The roster's columns (花名册): headers, the machine field each maps to, required ones, enumerations.

One block on purpose: the field registry (domain/fields) will supply these declarations; until then they live
here and nowhere else. Readers and writers in roster_read.py / roster_write.py derive everything from them.
"""

from __future__ import annotations

from assist_desktop.domain import enums as E

MAIN_SHEET = "困难职工花名册"
MEMBER_SHEET = "家庭成员"
OPTIONS_SHEET = "选项"

#: (header, key): key is the machine field of domain/file_input.py, or a roster-only key starting with "_"
COLUMNS: tuple[tuple[str, str], ...] = (
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
REQUIRED = ("姓名", "身份证号", "工作状态", "家庭年总收入", "家庭人口", "主要致困原因")
MEMBER_COLUMNS: tuple[tuple[str, str], ...] = (
    ("户主身份证号", "_head"),
    ("姓名", "name"),
    ("关系", "relation"),
    ("身份证号", "id_number"),
    ("健康状况", "health"),
    ("人员身份", "status"),
    ("月收入", "monthly_income"),
)
MEMBER_REQUIRED = ("户主身份证号", "姓名", "关系")
ENUM_COLUMNS: dict[str, type[E.LabeledEnum]] = {
    "性别": E.Sex,
    "单位性质": E.EmployerType,
    "所属行业": E.Industry,
    "工作状态": E.WorkStatus,
    "健康状况": E.Health,
    "残疾类别": E.DisabilityType,
    "婚姻状况": E.MaritalStatus,
    "户口类型": E.HukouType,
    "住房类型": E.HousingType,
    "主要致困原因": E.Cause,
    "次要致困原因": E.Cause,
}
MEMBER_ENUMS: dict[str, type[E.LabeledEnum]] = {
    "关系": E.Relation,
    "健康状况": E.Health,
    "人员身份": E.MemberStatus,
}
TEXT_COLUMNS = ("身份证号", "手机号码", "责任人电话", "户主身份证号")  # kept as text in spreadsheets

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
