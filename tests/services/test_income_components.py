"""Income components and spending categories through the services, the command line and the roster: the
totals are their sums, dated facts carry them, and contradicting incomes are warnings (never refusals)."""

from __future__ import annotations

import json

import openpyxl
import pytest
from sqlalchemy import func, select
from sqlmodel import col

from assist_desktop.cli import main
from assist_desktop.db.models import HardshipFile, IncomeFact
from assist_desktop.domain.income import ALL_PARTS
from assist_desktop.services.files import IncomeWarnings, create_file, get_file, update_file
from assist_desktop.services.lifecycle import status_report
from assist_desktop.services.roster import import_roster, preview_roster
from tests.conftest import TODAY, complete_file_data, valid_id

WORKER_3000 = valid_id("23010219750505123")


def _facts(db, file_no):
    with db.reader() as s:
        fid = s.scalars(select(HardshipFile.id).where(col(HardshipFile.file_no) == file_no)).one()
        return list(s.scalars(select(IncomeFact).where(col(IncomeFact.file_id) == fid)
                              .order_by(col(IncomeFact.as_of))))


def _file_count(db) -> int:
    with db.reader() as s:
        return int(s.scalar(select(func.count()).select_from(HardshipFile)) or 0)


def test_components_make_the_total_and_the_fact_carries_them(db):
    data = complete_file_data(household_annual_income="", income_wages="12000", income_dibao="3600",
                              income_pensions="", spending_medical="1500", spending_schooling="900")
    detail = create_file(db, data=data, as_of=TODAY, actor="clerk")
    f = detail.file
    assert f.household_annual_income_fen == 1560000 and f.unavoidable_spending_fen == 240000
    assert (f.income_wages_fen, f.income_dibao_fen, f.income_pensions_fen) == (1200000, 360000, None)
    [fact] = _facts(db, f.file_no)
    assert fact.household_annual_income_fen == 1560000 and fact.income_wages_fen == 1200000
    assert fact.spending_medical_fen == 150000 and fact.spending_other_fen is None
    report = status_report(db, file_no=f.file_no, as_of=TODAY)
    assert report["income"]["per_capita_fen"] == (1560000 - 240000) // 36
    assert report["income"]["income_parts"] == {"income_wages": 1200000, "income_dibao": 360000}
    assert detail.warnings == []


def test_a_changed_component_recomputes_the_total_as_a_new_dated_fact(db):
    import datetime as dt

    no = create_file(db, data=complete_file_data(household_annual_income="", income_wages="12000"),
                     as_of=TODAY - dt.timedelta(days=30)).file.file_no
    detail = update_file(db, file_no=no, changes={"income_business": "2400"}, as_of=TODAY)
    assert detail.file.household_annual_income_fen == 1440000
    old, new = _facts(db, no)
    assert (old.household_annual_income_fen, old.income_business_fen) == (1200000, None)
    assert (new.household_annual_income_fen, new.income_business_fen, new.income_wages_fen) == (1440000, 240000,
                                                                                               1200000)


def test_an_older_record_with_only_a_total_is_as_before(db):
    detail = create_file(db, data=complete_file_data(), as_of=TODAY)
    [fact] = _facts(db, detail.file.file_no)
    assert fact.household_annual_income_fen == 1800000
    assert all(getattr(fact, c) is None for c in ALL_PARTS)
    report = status_report(db, file_no=detail.file.file_no, as_of=TODAY)
    assert report["income"]["per_capita_fen"] == 50000 and report["income"]["income_parts"] == {}
    assert detail.file.category == "deep"
    # a change of another field keeps the total alone
    again = update_file(db, file_no=detail.file.file_no, changes={"phone": "13900000000"}, as_of=TODAY)
    assert again.file.household_annual_income_fen == 1800000 and again.file.income_wages_fen is None


def test_the_3000_a_month_worker_beside_6000_a_year_is_saved_with_a_warning(db):
    data = complete_file_data(id_number=WORKER_3000, name="王五", household_annual_income="6000",
                              own_monthly_income="3000")
    detail = create_file(db, data=data, as_of=TODAY)
    assert [(w.field, w.warning) for w in detail.warnings] == [("own_monthly_income", True)]
    assert "家庭年总收入 6,000.00 元" in detail.warnings[0].zh
    assert get_file(db, file_no=detail.file.file_no).warnings == detail.warnings  # also when read back


def test_stop_on_warnings_writes_nothing(db):
    data = complete_file_data(id_number=WORKER_3000, name="王五", household_annual_income="6000",
                              own_monthly_income="3000")
    with pytest.raises(IncomeWarnings) as caught:
        create_file(db, data=data, as_of=TODAY, stop_on_warnings=True)
    assert [e.field for e in caught.value.errors] == ["own_monthly_income"]
    assert _file_count(db) == 0
    no = create_file(db, data=complete_file_data(), as_of=TODAY).file.file_no
    with pytest.raises(IncomeWarnings):
        update_file(db, file_no=no, changes={"own_monthly_income": "3000"}, as_of=TODAY, stop_on_warnings=True)
    assert get_file(db, file_no=no).file.own_monthly_income_fen == 0 and len(_facts(db, no)) == 1


def test_the_members_incomes_are_compared_with_the_total(db):
    members = [{"name": "李丽", "relation": "配偶", "monthly_income": "1200"},
               {"name": "张小", "relation": "儿子", "monthly_income": "500"}]
    detail = create_file(db, data=complete_file_data(own_monthly_income="200"), members=members, as_of=TODAY)
    assert [w.field for w in detail.warnings] == ["household_annual_income"]  # (1700 + 200) × 12 = 22800 > 18000
    assert "家庭成员月收入合计 1,700.00 元" in detail.warnings[0].zh
    fine = update_file(db, file_no=detail.file.file_no, changes={"household_annual_income": "22800"}, as_of=TODAY)
    assert fine.warnings == []


# --- the command line -----------------------------------------------------------------------------------


def _run(capsys, path, *args):
    rc = main(["--db", str(path), "--as-of", TODAY.isoformat(), *args])
    out, err = capsys.readouterr()
    return rc, out, err


def test_file_add_and_update_json_carry_the_warnings(tmp_path, capsys):
    path = tmp_path / "cli.sqlite3"
    assert _run(capsys, path, "init", "--union-code", "230102001", "--union-name", "工会", "--level", "grassroots")[0] == 0
    assert _run(capsys, path, "standards", "set", "--lb", "720", "--mw", "2080", "--effective", "2025-01-01")[0] == 0
    rc, out, err = _run(capsys, path, "file", "add", "name=王五", f"id_number={WORKER_3000}", "work_status=下岗",
                        "household_size=3", "household_annual_income=6000", "own_monthly_income=3000", "--json")
    assert rc == 0, err
    result = json.loads(out)
    assert result["ok"] is True
    assert [(w["field"], w["warning"]) for w in result["warnings"]] == [("own_monthly_income", True)]
    assert "家庭年总收入 6,000.00 元" in result["warnings"][0]["message"]
    rc, out, err = _run(capsys, path, "file", "update", result["file_no"], "household_annual_income=36000",
                        "--json")
    assert rc == 0, err
    assert json.loads(out)["warnings"] == []
    rc, out, _ = _run(capsys, path, "file", "update", result["file_no"], "dibao_monthly=4000")
    assert rc == 0 and "注意：低保金额：" in out


# --- the roster -----------------------------------------------------------------------------------------

HEAD = ["姓名", "身份证号", "工作状态", "家庭人口", "主要致困原因", "工资性收入", "低保金收入", "医疗支出", "本人月收入",
        "家庭年总收入"]


def test_a_roster_with_component_columns_imports_them_and_reports_warnings(db, tmp_path):
    path = tmp_path / "roster.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEAD)
    ws.append(["孙八", valid_id("23010219680808123"), "下岗", 3, "下岗失业", 12000, 3600, 1500, 800, None])
    ws.append(["王五", WORKER_3000, "下岗", 3, "下岗失业", None, None, None, 3000, 6000])
    ws.append(["赵六", valid_id("23010219690909123"), "下岗", 2, "下岗失业", 10000, None, None, None, 9000])
    wb.save(path)
    preview = preview_roster(db, path=path, today=TODAY)
    assert preview.issues == [] and preview.valid == 3
    assert [(w.row, w.column) for w in preview.warnings] == [(3, "本人月收入"), (4, "家庭年总收入")]
    report = import_roster(db, path=path, today=TODAY)
    assert report.applied and len(report.created) == 3
    as_json = report.to_json()
    assert [(w["row"], w["column"]) for w in as_json["warnings"]] == [(3, "本人月收入"), (4, "家庭年总收入")]
    assert "家庭年总收入 6,000.00 元" in as_json["warnings"][0]["message"]
    assert "收入数据互相矛盾" in report.summary()
    with db.reader() as s:
        files = {f.name: f for f in s.scalars(select(HardshipFile))}
    sun = files["孙八"]
    assert (sun.household_annual_income_fen, sun.income_wages_fen, sun.income_dibao_fen) == (1560000, 1200000, 360000)
    assert (sun.unavoidable_spending_fen, sun.spending_medical_fen) == (150000, 150000)
    [fact] = _facts(db, sun.file_no)
    assert fact.income_wages_fen == 1200000 and fact.spending_medical_fen == 150000
    wang = files["王五"]  # a roster with only the total: it stands as written
    assert wang.household_annual_income_fen == 600000 and wang.income_wages_fen is None
    zhao = files["赵六"]  # a total given beside components that do not add up: kept as given, with a warning
    assert zhao.household_annual_income_fen == 900000 and zhao.income_wages_fen == 1000000
