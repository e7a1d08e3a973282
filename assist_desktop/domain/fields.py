"""The registry of fields: every field of a household file and of a household member, declared once.

Each `FieldSpec` says what the field is (its kind, enumeration, length, whether it is required on create),
how people call it (Chinese and English label, roster header and the other headers rosters use), whether it is
sensitive (masked in lists, prints and exports where the full value is not needed), which of the five clears it
feeds, which model column holds it and on which tab of the editor it sits. Input cleaning (`file_input.py`), the
exchange row schema, the editor, the detail pane, the printed sheet, the roster columns and `docs/data-model.md`
are derived from, or checked against, this registry: adding a household field is one entry here plus a migration.

`FIELD_LABELS` / `field_label` also name the few keys that are not household fields (assistance, unions,
standards, packages) so that every message names a field the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

from assist_desktop.domain import enums as E

Kind = Literal["text", "money", "date", "enum", "multi_enum", "bool", "int", "float"]
Section = Literal["family", "cause", "skills", "employment", "mind"]

#: the editor's tabs, in order (machine name, Chinese, English)
GROUPS: tuple[tuple[str, str, str], ...] = (
    ("basic", "基本信息", "Basic"),
    ("work", "工作与健康", "Work and health"),
    ("economy", "家庭经济", "Economics"),
    ("five_clear", "五清", "Five clears"),
    ("filing", "建档与帮扶", "Filing and help"),
    ("contacts", "知情人与银行", "Informants and bank"),
)


@dataclass(frozen=True)
class FieldSpec:
    """One field of the household file or of a household member."""

    name: str  # machine name: the input key (money in yuan), the CLI key, the roster key
    kind: Kind
    zh: str
    en: str
    enum: type[E.LabeledEnum] | None = None
    max_len: int | None = None  # text: characters; multi_enum: items
    required: bool = False  # on create
    column: str | None = None  # model column (default: `name`, money: `name_fen`)
    group: str = "basic"  # the editor's tab (GROUPS)
    section: Section | None = None  # the five-clear section it feeds
    sensitive: bool = False  # masked wherever the full value is not needed
    roster: tuple[str, ...] = ()  # roster header first, then the other headers accepted for it
    check: str | None = None  # a special check of file_input.py (name, id_number, phone, account, region, area)
    minimum: int | None = None  # int: bounds
    maximum: int | None = None
    derived: bool = False  # computed from another field (sex and birth date from the ID number)
    open_enum: bool = False  # an unknown stored text is kept and shown as written (older files)
    dated_by: str | None = None  # the date field that says since when this value holds
    since_of: str | None = None  # for that date field: the field it dates
    long: bool = False  # a long text (several lines in the editor)
    added: str = "0001"  # the migration that brought the column
    in_list: bool = False  # a column of `file list --json`
    nullable: bool = False  # money: a blank is "not given" (None), not 0
    part_of: str | None = None  # money: the total this amount is a part of (the total is their sum)

    @property
    def model_column(self) -> str:
        if self.column:
            return self.column
        return f"{self.name}_fen" if self.kind == "money" else self.name

    @property
    def header(self) -> str | None:
        return self.roster[0] if self.roster else None

    def label(self, lang: str = "zh") -> str:
        return self.en if lang.startswith("en") else self.zh


F = FieldSpec

#: the household file's fields, in the order of the form (and of the roster)
FILE_FIELDS: tuple[FieldSpec, ...] = (
    # identity and contact
    F("name", "text", "姓名", "Name", max_len=50, required=True, check="name", roster=("姓名", "职工姓名"),
      in_list=True),
    F("id_number", "text", "身份证号", "ID number", max_len=18, required=True, check="id_number", sensitive=True,
      roster=("身份证号", "身份证号码", "公民身份号码"), in_list=True),
    F("sex", "enum", "性别", "Sex", enum=E.Sex, derived=True, roster=("性别",)),
    F("birth_date", "date", "出生日期", "Birth date", derived=True),
    F("ethnicity", "text", "民族", "Ethnicity", max_len=20, roster=("民族",)),
    F("phone", "text", "手机号码", "Phone", max_len=32, check="phone", sensitive=True,
      roster=("手机号码", "联系电话", "电话")),
    F("district", "text", "所属区县", "District", max_len=50, roster=("所属区县", "区县", "所在区县")),
    F("hukou_region_code", "text", "户籍所在地", "Household registration place (division code)", max_len=6,
      check="region", roster=("户籍所在地", "户籍地代码", "户籍所在地代码"), added="0002"),
    F("address", "text", "家庭住址", "Address", max_len=200, roster=("家庭住址", "住址", "现住址")),
    F("marital_status", "enum", "婚姻状况", "Marital status", enum=E.MaritalStatus, roster=("婚姻状况",)),
    F("hukou_type", "enum", "户口类型", "Household registration", enum=E.HukouType,
      roster=("户口类型", "户籍性质", "户口性质")),
    F("political_status", "enum", "政治面貌", "Political status", enum=E.PoliticalStatus, roster=("政治面貌",)),
    F("model_worker_rank", "enum", "劳模级别", "Model-worker rank", enum=E.ModelWorkerRank,
      roster=("劳模级别", "劳模荣誉")),
    F("special_groups", "multi_enum", "特殊群体", "Special groups", enum=E.SpecialGroup, roster=("特殊群体",)),
    # work and health
    F("employer", "text", "工作单位", "Employer", max_len=100, roster=("工作单位", "所在单位", "单位名称"),
      group="work", in_list=True),
    F("employer_type", "enum", "单位性质", "Employer type", enum=E.EmployerType, roster=("单位性质", "企业性质"),
      group="work"),
    F("employer_state", "enum", "企业状况", "Employer's state", enum=E.EmployerState,
      roster=("企业状况", "企业经营状况"), group="work", added="0002"),
    F("industry", "enum", "所属行业", "Industry", enum=E.Industry, roster=("所属行业", "行业"), group="work"),
    F("work_status", "enum", "工作状态", "Work status", enum=E.WorkStatus, required=True,
      roster=("工作状态", "就业状态", "职工身份"), group="work"),
    F("work_start_date", "date", "参加工作时间", "Started work on", roster=("参加工作时间", "参加工作日期"),
      group="work", added="0002"),
    F("labour_contract_start", "date", "劳动合同起始日期", "Labour contract start",
      roster=("劳动合同起始日期", "劳动合同签订日期"), group="work", added="0002"),
    F("labour_contract_term_months", "int", "劳动合同期限（月）", "Labour contract term (months)", minimum=0,
      maximum=600, roster=("劳动合同期限", "合同期限（月）"), group="work", added="0002"),
    F("union_member", "bool", "是否工会会员", "Union member", roster=("是否工会会员", "工会会员"), group="work",
      added="0002"),
    F("education", "enum", "文化程度", "Education", enum=E.Education, open_enum=True, max_len=50,
      roster=("文化程度", "学历"), group="work", section="skills"),
    F("able_to_work", "bool", "有无劳动能力", "Able to work", roster=("有无劳动能力", "劳动能力"), group="work",
      section="employment"),
    F("self_help_ability", "bool", "是否有一定自救能力", "Some ability to help themselves",
      roster=("是否有一定自救能力", "自救能力"), group="work", added="0002"),
    F("health", "enum", "健康状况", "Health", enum=E.Health, roster=("健康状况",), group="work"),
    F("medical_insurance", "enum", "医保状况", "Medical insurance", enum=E.MedicalInsurance,
      roster=("医保状况", "医疗保险", "参加医保情况"), group="work", added="0002"),
    F("serious_illnesses", "multi_enum", "所患重大疾病", "Serious illnesses", enum=E.SeriousIllness,
      roster=("所患重大疾病", "重大疾病", "大病类型"), group="work", added="0002"),
    F("illness", "text", "所患疾病", "Illness", max_len=100, roster=("所患疾病", "疾病名称"), group="work"),
    F("disability_type", "enum", "残疾类别", "Disability type", enum=E.DisabilityType, roster=("残疾类别",),
      group="work"),
    F("disability_grade", "int", "残疾等级", "Disability grade", minimum=1, maximum=4, roster=("残疾等级",),
      group="work"),
    # economics
    F("household_size", "int", "家庭人口", "Household size", required=True, minimum=1, maximum=30,
      roster=("家庭人口", "家庭人口数", "家庭人数"), group="economy", section="family"),
    F("household_annual_income", "money", "家庭年总收入", "Household annual income", required=True,
      roster=("家庭年总收入", "家庭年收入"), group="economy", section="family"),
    # the components of the annual income (revision 0009): when any is given, the total is their sum
    F("income_wages", "money", "工资性收入（年）", "Wages (yearly)", nullable=True,
      part_of="household_annual_income", roster=("工资性收入", "工资收入", "全年工资性收入"), group="economy",
      added="0009"),
    F("income_pensions", "money", "养老金收入（年）", "Pensions (yearly)", nullable=True,
      part_of="household_annual_income", roster=("养老金收入", "离退休金", "养老金"), group="economy",
      added="0009"),
    F("income_dibao", "money", "低保金收入（年）", "Dibao received (yearly)", nullable=True,
      part_of="household_annual_income", roster=("低保金收入", "全年低保金"), group="economy", added="0009"),
    F("income_transfers", "money", "其他转移性收入（年）", "Other transfers (yearly)", nullable=True,
      part_of="household_annual_income", roster=("其他转移性收入", "转移性收入"), group="economy",
      added="0009"),
    F("income_business", "money", "经营性收入（年）", "Business income (yearly)", nullable=True,
      part_of="household_annual_income", roster=("经营性收入", "经营收入"), group="economy", added="0009"),
    F("own_monthly_income", "money", "本人月收入", "Own monthly income", roster=("本人月收入",), group="economy"),
    F("unavoidable_spending", "money", "年度刚性支出", "Annual unavoidable spending",
      roster=("年度刚性支出", "刚性支出"), group="economy"),
    # the categories of the unavoidable spending (revision 0009): when any is given, the total is their sum
    F("spending_medical", "money", "医疗支出（年）", "Medical spending (yearly)", nullable=True,
      part_of="unavoidable_spending", roster=("医疗支出", "医疗刚性支出"), group="economy", added="0009"),
    F("spending_schooling", "money", "教育支出（年）", "Schooling spending (yearly)", nullable=True,
      part_of="unavoidable_spending", roster=("教育支出", "就学支出", "子女教育支出"), group="economy",
      added="0009"),
    F("spending_other", "money", "其他刚性支出（年）", "Other unavoidable spending (yearly)", nullable=True,
      part_of="unavoidable_spending", roster=("其他刚性支出",), group="economy", added="0009"),
    F("dibao_monthly", "money", "低保金额", "Dibao received (monthly)", roster=("低保金额", "低保金"),
      group="economy"),
    F("housing_type", "enum", "住房类型", "Housing type", enum=E.HousingType, roster=("住房类型", "住房情况"),
      group="economy"),
    F("housing_area", "float", "住房面积", "Housing area", column="housing_area_m2", check="area",
      roster=("住房面积",), group="economy"),
    F("accident_date", "date", "意外事件日期", "Accident date", roster=("意外事件日期",), group="economy"),
    F("accident_note", "text", "意外事件说明", "Accident", max_len=500, roster=("意外事件说明",), group="economy"),
    F("hardship_costs", "money", "年度致困支出", "Hardship costs this year", roster=("年度致困支出",),
      group="economy"),
    F("owns_multiple_homes", "bool", "拥有两套以上住房", "Owns two or more homes", roster=("拥有两套以上住房",),
      group="economy"),
    F("business_with_employees", "bool", "经营雇工企业", "Runs a business with employees",
      roster=("经营雇工企业",), group="economy"),
    F("costly_private_schooling", "bool", "高收费择校或自费留学", "Costly private schooling",
      roster=("高收费择校或自费留学",), group="economy"),
    F("private_car", "bool", "拥有经常使用的私家车", "Private car in regular use", roster=("拥有经常使用的私家车",),
      group="economy"),
    # the five clears
    F("family_situation", "text", "家庭情况", "Family situation", max_len=2000, long=True,
      roster=("家庭情况", "家庭状况"), group="five_clear", section="family"),
    F("main_cause", "enum", "主要致困原因", "Main cause", enum=E.Cause, roster=("主要致困原因", "致困原因"),
      group="five_clear", section="cause"),
    F("secondary_causes", "multi_enum", "次要致困原因", "Secondary causes", enum=E.Cause, max_len=3,
      roster=("次要致困原因",), group="five_clear", section="cause"),
    F("cause_account", "text", "致困情况说明", "Account of the cause", max_len=2000, long=True,
      roster=("致困情况说明",), group="five_clear", section="cause"),
    F("skills", "text", "技术特长", "Skills", max_len=2000, long=True, roster=("技术特长",), group="five_clear",
      section="skills"),
    F("employment_wishes", "text", "就业意愿", "Employment wishes", max_len=2000, long=True,
      roster=("就业意愿", "就业要求"), group="five_clear", section="employment"),
    F("state_of_mind", "text", "思想状况", "State of mind", max_len=2000, long=True, roster=("思想状况",),
      group="five_clear", section="mind"),
    F("last_visit_date", "date", "走访日期", "Visit date", roster=("走访日期",), group="five_clear",
      section="mind"),
    # filing and help
    F("filed_by", "text", "建档人", "Filed by", max_len=50, roster=("建档人",), group="filing", added="0002"),
    F("entered_by", "text", "录入人", "Entered by", max_len=50, roster=("录入人",), group="filing", added="0002"),
    F("reviewed_by", "text", "审核人", "Reviewed by", max_len=50, roster=("审核人",), group="filing", added="0002"),
    F("relief_target", "bool", "解困脱困对象", "Relief target", roster=("解困脱困对象", "是否解困脱困对象"),
      group="filing", added="0002"),
    F("key_group", "enum", "五类重点群体", "Key group", enum=E.KeyGroup, dated_by="key_group_since",
      roster=("五类重点群体", "重点群体"), group="filing", added="0002"),
    F("key_group_since", "date", "重点群体认定日期", "Key group since", since_of="key_group",
      roster=("重点群体认定日期",), group="filing", added="0002"),
    F("relief_path", "enum", "四个一批", "Relief path", enum=E.ReliefPath, dated_by="relief_path_since",
      roster=("四个一批", "脱困路径"), group="filing", added="0002"),
    F("relief_path_since", "date", "四个一批确定日期", "Relief path since", since_of="relief_path",
      roster=("四个一批确定日期",), group="filing", added="0002"),
    F("assistance_request_type", "enum", "救助类型", "Assistance request", enum=E.AssistanceRequestType,
      roster=("救助类型",), group="filing", added="0002"),
    # who found the case, bank, note
    F("first_informant", "text", "第一知情人", "First informant", max_len=50, roster=("第一知情人",),
      group="contacts"),
    F("first_reporter", "text", "第一报告人", "First reporter", max_len=50, roster=("第一报告人",),
      group="contacts"),
    F("first_helper", "text", "第一帮助人", "First helper", max_len=50, roster=("第一帮助人",), group="contacts"),
    F("bank_name", "text", "开户银行", "Bank", max_len=100, roster=("开户银行",), group="contacts"),
    F("bank_account", "text", "银行账号", "Bank account", max_len=40, check="account", sensitive=True,
      roster=("银行账号", "银行卡号"), group="contacts"),
    F("note", "text", "备注", "Note", max_len=2000, long=True, roster=("备注",), group="contacts"),
)

#: a household member's fields (the worker is the file itself)
MEMBER_FIELDS: tuple[FieldSpec, ...] = (
    F("name", "text", "姓名", "Name", max_len=50, required=True, check="name", roster=("姓名",)),
    F("relation", "enum", "关系", "Relation", enum=E.Relation, required=True, roster=("关系", "与户主关系")),
    F("id_number", "text", "身份证号", "ID number", max_len=18, check="id_number", sensitive=True,
      roster=("身份证号",)),
    F("birth_date", "date", "出生日期", "Birth date", roster=("出生日期",)),
    F("sex", "enum", "性别", "Sex", enum=E.Sex, roster=("性别",)),
    F("health", "enum", "健康状况", "Health", enum=E.Health, roster=("健康状况",)),
    F("disability", "text", "残疾情况", "Disability", max_len=50, roster=("残疾情况",)),
    F("status", "enum", "人员身份", "Status", enum=E.MemberStatus, roster=("人员身份", "身份")),
    F("school", "text", "就读学校", "School", max_len=100, roster=("就读学校",)),
    F("school_year", "text", "年级", "School year", max_len=20, roster=("年级",)),
    F("monthly_income", "money", "月收入", "Monthly income", roster=("月收入",)),
    F("able_to_work", "bool", "有劳动能力", "Able to work", roster=("有无劳动能力", "有劳动能力")),
    F("insurance", "text", "参保情况", "Insurance", max_len=100, roster=("参保情况",)),
)

FILE_FIELD = {f.name: f for f in FILE_FIELDS}
MEMBER_FIELD = {f.name: f for f in MEMBER_FIELDS}


def fields_of(kind: Kind, fields: Iterable[FieldSpec] = FILE_FIELDS) -> tuple[FieldSpec, ...]:
    return tuple(f for f in fields if f.kind == kind)


def parts_of(total: str) -> tuple[FieldSpec, ...]:
    """The money fields that add up to the total `total` (a field name), in the form's order."""
    return tuple(f for f in FILE_FIELDS if f.part_of == total)


#: the totals that have parts (household_annual_income, unavoidable_spending), in the form's order
TOTALS: tuple[str, ...] = tuple(dict.fromkeys(f.part_of for f in FILE_FIELDS if f.part_of))


def group_fields(group: str) -> tuple[FieldSpec, ...]:
    """The file fields on one tab of the editor, in order."""
    return tuple(f for f in FILE_FIELDS if f.group == group)


def roster_columns(fields: Iterable[FieldSpec] = FILE_FIELDS) -> dict[str, FieldSpec]:
    """Roster header → field, in order: the main header of each field that has one, then its other headers."""
    out: dict[str, FieldSpec] = {}
    specs = [f for f in fields if f.roster]
    for f in specs:
        out.setdefault(f.roster[0], f)
    for f in specs:
        for alias in f.roster[1:]:
            out.setdefault(alias, f)
    return out


def roster_headers(fields: Iterable[FieldSpec] = FILE_FIELDS) -> tuple[str, ...]:
    """The main header of each field, in order: a roster template's first row."""
    return tuple(f.roster[0] for f in fields if f.roster)


def list_fields() -> tuple[FieldSpec, ...]:
    """The registry fields that are columns of the file list (`file list --json`)."""
    return tuple(f for f in FILE_FIELDS if f.in_list)


def list_values(row: object, *, mask: Callable[[str | None], str]) -> dict[str, str | None]:
    """The file-list columns of a row: each list field by its name, a sensitive one masked as `<name>_masked`."""
    out: dict[str, str | None] = {}
    for f in list_fields():
        value = getattr(row, f.model_column, None)
        if f.sensitive:
            out[f"{f.name}_masked"] = mask(value)
        else:
            out[f.name] = value
    return out


# labels of keys that are not household fields (assistance, unions, standards, packages…)
_OTHER_LABELS: dict[str, tuple[str, str]] = {
    "as_of": ("数据日期", "As of"),
    "amount": ("金额", "Amount"),
    "given_on": ("帮扶日期", "Date"),
    "kind": ("帮扶类型", "Kind"),
    "fund_source": ("资金来源", "Fund source"),
    "union_code": ("工会代码", "Union code"),
    "union_name": ("工会名称", "Union name"),
    "level": ("工会级别", "Union level"),
    "parent_code": ("上级工会代码", "Parent union code"),
    "contact_phone": ("联系电话", "Contact phone"),
    "union_address": ("工会地址", "Union address"),
    "receiver": ("接收方工会代码", "Receiving union code"),
    "lb": ("低保标准", "Dibao standard"),
    "mw": ("最低工资标准", "Minimum wage"),
    "effective": ("生效日期", "Effective date"),
    "exit_multiple": ("脱困线倍数", "Exit-line multiple"),
    "relative_multiple": ("相对困难线倍数", "Relative-hardship multiple"),
    "files": ("档案数", "Number of files"),
    "file_no": ("档案编号", "File number"),
    "person": ("责任人", "Responsible person"),
    "reason": ("原因", "Reason"),
    "date": ("日期", "Date"),
    "members": ("家庭成员", "Household members"),
    "manifest": ("清单", "Manifest"),
    "package": ("数据包", "Package"),
}

FIELD_LABELS: dict[str, tuple[str, str]] = {
    **{f.name: (f.zh, f.en) for f in MEMBER_FIELDS},
    **{f.name: (f.zh, f.en) for f in FILE_FIELDS},
    **_OTHER_LABELS,
}


def field_label(field: str, lang: str = "zh") -> str:
    zh, en = FIELD_LABELS.get(field, (field, field))
    return en if lang.startswith("en") else zh


__all__ = [
    "FIELD_LABELS", "FILE_FIELD", "FILE_FIELDS", "GROUPS", "MEMBER_FIELD", "MEMBER_FIELDS", "FieldSpec", "Kind",
    "Section", "TOTALS", "field_label", "fields_of", "group_fields", "list_fields", "list_values", "parts_of",
    "roster_columns", "roster_headers",
]
