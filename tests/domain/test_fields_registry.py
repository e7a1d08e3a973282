"""The field registry is the one declaration: every field shows up in the editor, the detail pane, the printed
sheet, the package row schema, the roster columns and docs/data-model.md; and input → clean → store →
file_to_input → clean gives the same values for every field."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assist_desktop.db.models import HardshipFile, HouseholdMember
from assist_desktop.domain import enums as E
from assist_desktop.domain.fields import FILE_FIELDS, MEMBER_FIELDS, FieldSpec, roster_columns, roster_headers
from assist_desktop.domain.file_input import (
    ENUM_FIELDS,
    KNOWN_FIELDS,
    MONEY_FIELDS,
    REQUIRED_ON_CREATE,
    clean_file_input,
    clean_member_input,
    file_to_input,
    member_to_input,
)
from assist_desktop.domain.validation import id_check_digit
from tests.conftest import TODAY

DOCS = Path(__file__).parents[2] / "docs" / "data-model.md"
INPUT_FIELDS = [f for f in FILE_FIELDS if not f.derived]


def full_input() -> dict[str, Any]:
    """A household with every registry field filled (labels where people write labels)."""
    data: dict[str, Any] = {
        "name": "张建国", "id_number": "230102197003151238", "ethnicity": "满族", "phone": "13945678901",
        "district": "南岗区", "hukou_region_code": "230102", "address": "哈尔滨市南岗区学府路1号",
        "marital_status": "已婚", "hukou_type": "城镇", "political_status": "群众", "model_worker_rank": "市级劳模",
        "special_groups": "4050人员,单亲家庭", "employer": "哈尔滨锅炉厂", "employer_type": "国有企业",
        "employer_state": "停产半停产", "industry": "制造业", "work_status": "下岗", "work_start_date": "1990-07-01",
        "labour_contract_start": "2024-03-01", "labour_contract_term_months": "36", "union_member": "是",
        "education": "高中", "able_to_work": "是", "self_help_ability": "否", "health": "患重病",
        "medical_insurance": "职工医保", "serious_illnesses": "尿毒症,恶性肿瘤", "illness": "慢性肾衰竭",
        "disability_type": "肢体残疾", "disability_grade": "3", "household_size": "3",
        "household_annual_income": "18000.50", "income_wages": "11000.50", "income_pensions": "2400",
        "income_dibao": "3600", "income_transfers": "600", "income_business": "400",
        "own_monthly_income": "600", "unavoidable_spending": "2400", "spending_medical": "1200",
        "spending_schooling": "800", "spending_other": "400",
        "dibao_monthly": "300", "housing_type": "公租房", "housing_area": "42.5", "accident_date": "2026-03-02",
        "accident_note": "工伤", "hardship_costs": "5000", "owns_multiple_homes": "否",
        "business_with_employees": "否", "costly_private_schooling": "否", "private_car": "否",
        "family_situation": "夫妻二人，一子在读高中", "main_cause": "下岗失业", "secondary_causes": "子女上学",
        "cause_account": "企业改制后下岗", "skills": "车工", "employment_wishes": "希望从事保安工作",
        "state_of_mind": "情绪稳定", "last_visit_date": "2026-10-15", "filed_by": "王会计", "entered_by": "李录入",
        "reviewed_by": "赵主席", "relief_target": "是", "key_group": "患重病困难职工", "key_group_since": "2026-01-05",
        "relief_path": "社保兜底一批", "relief_path_since": "2026-02-01", "assistance_request_type": "临时救助",
        "first_informant": "周红", "first_reporter": "吴刚", "first_helper": "郑丽", "bank_name": "中国工商银行",
        "bank_account": "6222020200112233445", "note": "按时走访",
    }
    return data


def test_full_input_covers_every_field_and_is_clean():
    assert set(full_input()) == {f.name for f in INPUT_FIELDS} - {"sex"}
    values, errors = clean_file_input(full_input(), today=TODAY)
    assert errors == []
    for spec in FILE_FIELDS:
        assert values.get(spec.model_column) not in (None, ""), spec.name


def test_derived_lists_come_from_the_registry():
    assert set(ENUM_FIELDS) == {f.name for f in FILE_FIELDS if f.kind == "enum" and not f.derived} | {"sex"}
    assert MONEY_FIELDS["household_annual_income"] == "household_annual_income_fen"
    assert set(REQUIRED_ON_CREATE) == {"name", "id_number", "work_status", "household_size", "household_annual_income"}
    assert {f.name for f in FILE_FIELDS} - {"birth_date"} == KNOWN_FIELDS
    columns = set(HardshipFile.model_fields)
    assert [f.name for f in FILE_FIELDS if f.model_column not in columns] == []
    assert [f.name for f in MEMBER_FIELDS if f.model_column not in set(HouseholdMember.model_fields)] == []
    assert len({f.name for f in FILE_FIELDS}) == len(FILE_FIELDS)


def test_every_field_is_in_the_row_schema():
    from assist_desktop.exchange.entities import OPTIONAL_COLUMNS, registry_problems
    from assist_desktop.exchange.package import load_schema

    assert registry_problems() == []
    defs = load_schema("rows.schema.json")["$defs"]
    for entity, specs in (("hardship_file", FILE_FIELDS), ("household_member", MEMBER_FIELDS)):
        props = defs[entity]["properties"]
        for spec in specs:
            assert spec.model_column in props, (entity, spec.name)
            if spec.kind == "enum" and spec.enum is not None and not spec.open_enum:
                assert set(props[spec.model_column]["enum"]) - {None} == {m.value for m in spec.enum}, spec.name
            if spec.added != "0001":
                assert spec.model_column not in defs[entity]["required"], spec.name
    assert "employer_state" in OPTIONAL_COLUMNS["hardship_file"]
    assert "name" in defs["hardship_file"]["required"]


def test_every_input_field_has_roster_columns():
    columns = roster_columns()
    headers = roster_headers()
    assert len(set(headers)) == len(headers), "two fields share a roster header"
    for spec in INPUT_FIELDS:
        assert spec.header is not None, spec.name
        assert columns[spec.header] is spec
        for alias in spec.roster[1:]:
            assert columns[alias] is spec, (spec.name, alias)
    assert list(columns)[: len(headers)] == list(headers)
    member_columns = roster_columns(MEMBER_FIELDS)
    assert {f.name for f in member_columns.values()} == {f.name for f in MEMBER_FIELDS}


def test_every_field_is_documented():
    text = DOCS.read_text(encoding="utf-8")
    for spec in (*FILE_FIELDS, *MEMBER_FIELDS):
        assert f"`{spec.name}`" in text, spec.name
        assert spec.zh in text, spec.name
    for enum in (E.EmployerState, E.MedicalInsurance, E.Education, E.KeyGroup, E.ReliefPath,
                 E.AssistanceRequestType, E.SeriousIllness):
        for member in enum:
            assert member.label in text, (enum.__name__, member.label)


@pytest.fixture
def full_file(db):
    from assist_desktop.services.files import create_file

    members = [{"name": "刘强", "relation": "配偶", "status": "在职", "monthly_income": "1000", "sex": "男",
                "birth_date": "1972-01-01", "health": "良好", "disability": "无", "school": "", "school_year": "",
                "able_to_work": "是", "insurance": "职工医保"}]
    return create_file(db, data=full_input(), members=members, as_of=TODAY, actor="tester")


def test_the_editor_has_a_widget_for_every_field_and_loads_it(qtbot, db, full_file):
    from assist_desktop.ui.file_dialog import MEMBER_COLS, FileDialog

    dlg = FileDialog(db, today=TODAY, actor="tester", file_no=full_file.file.file_no)
    qtbot.addWidget(dlg)
    for spec in FILE_FIELDS:
        assert dlg.widget_for(spec.name) is not None, spec.name
    assert set(MEMBER_COLS) == {f.name for f in MEMBER_FIELDS}
    values = dlg.values()
    cleaned, errors = clean_file_input(values, today=TODAY, creating=False)
    assert errors == []
    expected, _ = clean_file_input(full_input(), today=TODAY)
    for spec in INPUT_FIELDS:
        if spec.name == "sex":
            continue
        if spec.kind == "multi_enum":  # the check list gives the enumeration's order
            assert set(cleaned[spec.model_column].split(",")) == set(expected[spec.model_column].split(","))
            continue
        assert cleaned[spec.model_column] == expected[spec.model_column], spec.name


def test_the_detail_pane_lists_every_field(qtbot, db, full_file):
    from assist_desktop.ui.detail_pane import DetailPane

    pane = DetailPane(db, today=TODAY)
    qtbot.addWidget(pane)
    pane.show_file(full_file.file.file_no)
    text = pane.overview.toPlainText()
    for spec in FILE_FIELDS:
        assert spec.zh in text, spec.name
    for shown in ("停产半停产", "尿毒症、恶性肿瘤", "患重病困难职工", "社保兜底一批", "临时救助", "230102"):
        assert shown in text
    assert "6222020200112233445" not in text and "3445" in text  # the bank account masked


def test_the_sheet_prints_every_field(db, full_file, tmp_path):
    from assist_desktop.services.files import get_file
    from assist_desktop.services.prints import file_sheets, sheet_for

    sheet = sheet_for(get_file(db, file_no=full_file.file.file_no), on=TODAY, full_id=False)
    rows = {label: value for _title, section in sheet.sections for label, value in section}
    for spec in FILE_FIELDS:
        assert rows.get(spec.zh), spec.name
    assert rows["身份证号"] == "2301**********1238" and rows["银行账号"].endswith("3445")
    assert "6222020200112233445" not in rows["银行账号"]
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils not installed")
    out = tmp_path / "sheet.pdf"
    file_sheets(db, file_nos=[full_file.file.file_no], on=TODAY, out=out)
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    flat = "".join(text.split())
    for spec in FILE_FIELDS:
        assert "".join(spec.zh.split()) in flat, spec.name
    assert "停产半停产" in flat and "2301**********1238" in flat


def test_round_trip_through_the_database(db, full_file):
    from assist_desktop.services.files import get_file

    detail = get_file(db, file_no=full_file.file.file_no)
    first, _ = clean_file_input(full_input(), today=TODAY)
    again, errors = clean_file_input(file_to_input(detail.file), today=TODAY)
    assert errors == []
    assert again == first
    member, errors = clean_member_input(member_to_input(detail.members[0]), today=TODAY)
    assert errors == []
    assert member["monthly_income_fen"] == 100000 and member["able_to_work"] is True and member["sex"] == "male"


def test_old_free_text_education_is_kept_and_shown():
    values, errors = clean_file_input({"education": "私塾三年"}, today=TODAY, creating=False)
    assert errors == [] and values["education"] == "私塾三年"
    values, _ = clean_file_input({"education": "初中毕业"}, today=TODAY, creating=False)
    assert values["education"] == "junior"
    from assist_desktop.domain.field_display import display_value
    from assist_desktop.domain.fields import FILE_FIELD

    assert display_value(FILE_FIELD["education"], "私塾三年") == "私塾三年"
    assert display_value(FILE_FIELD["education"], "junior") == "初中"


def test_dated_enumerations_take_today_and_clear_together():
    values, _ = clean_file_input({"key_group": "困难农民工"}, today=TODAY, creating=False)
    assert values["key_group"] == "migrant_worker" and values["key_group_since"] == TODAY
    values, _ = clean_file_input({"key_group": "", "key_group_since": "2026-01-01"}, today=TODAY, creating=False)
    assert values["key_group"] is None and values["key_group_since"] is None


def test_region_code_must_be_six_digits():
    for bad in ("23010", "2301020", "00aa11", "000000"):
        _, errors = clean_file_input({"hukou_region_code": bad}, today=TODAY, creating=False)
        assert [e.field for e in errors] == ["hukou_region_code"], bad


# --- every field through clean → store → file_to_input → clean, generated ------------------------------

_HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)


def _id_numbers() -> st.SearchStrategy[str]:
    def make(born: dt.date, seq: int) -> str:
        first17 = f"230102{born:%Y%m%d}{seq:03d}"
        return first17 + id_check_digit(first17)

    return st.builds(make, st.dates(dt.date(1940, 1, 1), dt.date(2005, 12, 31)), st.integers(0, 999))


def _value(spec: FieldSpec) -> st.SearchStrategy[Any]:
    if spec.check == "name":
        return st.text(_HAN, min_size=2, max_size=4)
    if spec.check == "id_number":
        return _id_numbers()
    if spec.check == "phone":
        return st.integers(0, 10**9 - 1).map(lambda n: f"13{n:09d}")
    if spec.check == "account":
        return st.integers(10**9, 10**19).map(str)
    if spec.check == "region":
        return st.integers(110000, 659999).map(str)
    if spec.check == "area":
        return st.integers(0, 99999).map(lambda n: f"{n / 10:g}")
    if spec.kind == "text":
        return st.text(_HAN, min_size=1, max_size=min(spec.max_len or 20, 20))
    if spec.kind == "money":
        return st.integers(0, 10**9).map(lambda fen: f"{fen // 100}.{fen % 100:02d}")
    if spec.kind == "date":
        return st.dates(dt.date(1950, 1, 1), TODAY).map(dt.date.isoformat)
    if spec.kind == "bool":
        return st.booleans()
    if spec.kind == "int":
        return st.integers(spec.minimum or 0, spec.maximum or 99).map(str)
    assert spec.enum is not None
    names = [m.value for m in spec.enum]
    labels = [m.label for m in spec.enum]
    if spec.kind == "multi_enum":
        return st.lists(st.sampled_from(names), unique=True, max_size=spec.max_len or len(names)).map(",".join)
    one = st.sampled_from(names) | st.sampled_from(labels)
    return one | st.text(_HAN, min_size=5, max_size=8) if spec.open_enum else one


@st.composite
def households(draw: st.DrawFn) -> dict[str, Any]:
    raw = {spec.name: draw(_value(spec)) for spec in INPUT_FIELDS if spec.name != "sex"}
    causes = [c for c in raw["secondary_causes"].split(",") if c and c != E.Cause.parse(raw["main_cause"])]
    raw["secondary_causes"] = ",".join(causes)
    return raw


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(households())
def test_every_field_round_trips(raw):
    first, errors = clean_file_input(raw, today=TODAY)
    assert errors == []
    stored = HardshipFile(**first)  # the columns as the model holds them
    again, errors = clean_file_input(file_to_input(stored), today=TODAY)
    assert errors == []
    assert again == first
