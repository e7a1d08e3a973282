"""Issue 8 item 4: refused rows come back as .xlsx that, fixed and imported, completes the roll; text dates."""

from __future__ import annotations

import datetime as dt

import openpyxl
from sqlalchemy import select

from assist_desktop.db.models import HardshipFile, HouseholdMember
from assist_desktop.exchange.roster import COLUMNS, ERROR_COLUMN, MAIN_SHEET, MEMBER_COLUMNS, MEMBER_SHEET
from assist_desktop.services.roster import import_roster, preview_roster
from tests.conftest import TODAY, valid_id

HEAD = ["姓名", "身份证号", "工作状态", "家庭年总收入", "家庭人口", "主要致困原因", "家庭情况", "技术特长", "就业意愿",
        "思想状况", "走访日期", "低保金额", "残疾等级", "住房类型"]
GOOD, BAD_SIZE, BAD_ID_FIXED, DATED = (valid_id(f"2301021975050{i}123") for i in range(1, 5))
BAD_ID = BAD_ID_FIXED[:-1] + ("0" if BAD_ID_FIXED[-1] != "0" else "1")


def _row(name, number, size="3", visit=dt.date(2026, 10, 15), **more):
    cells = [name, number, "下岗", 18000, size, "下岗失业", "夫妻二人，一子读高中", "车工", "希望做保安", "情绪稳定",
             visit, more.get("dibao"), more.get("grade"), more.get("housing")]
    return cells


def _files(db):
    with db.reader() as s:
        return {f.id_number: f for f in s.scalars(select(HardshipFile))}


def test_refused_rows_come_back_and_fixed_they_complete_the_roll(db, tmp_path):
    path = tmp_path / "roster.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = MAIN_SHEET
    ws.append(HEAD)
    ws.append(_row("张好", GOOD))
    ws.append(_row("李错", BAD_SIZE, size="三口"))
    ws.append(_row("王号", BAD_ID))
    ws.append(_row("赵日", DATED, visit="2026年1月5日", dibao="-", grade="无", housing="无"))
    ms = wb.create_sheet(MEMBER_SHEET)
    ms.append(["户主身份证号", "姓名", "关系"])
    ms.append([BAD_SIZE, "李小错", "儿子"])
    ms.append([GOOD, "张小好", "女儿"])
    wb.save(path)
    errors = tmp_path / "errors.xlsx"
    report = import_roster(db, path=path, today=TODAY, accept_valid=True, errors_out=errors)
    assert len(report.created) == 2 and report.refused_rows == 2
    assert report.to_json()["errors_out"] == str(errors)
    dated = _files(db)[DATED]
    assert dated.last_visit_date == dt.date(2026, 1, 5) and dated.dibao_monthly_fen == 0  # "-": blank, the default
    assert dated.disability_grade is None and dated.housing_type is None  # "-" / "无" in optional cells: blank

    back = openpyxl.load_workbook(errors)
    main, members = back[MAIN_SHEET], back[MEMBER_SHEET]
    headers = [c.value for c in main[1]]
    assert headers == [h for h, _ in COLUMNS] + [ERROR_COLUMN]
    got = [{h: c.value for h, c in zip(headers, r, strict=True)} for r in main.iter_rows(min_row=2)]
    assert [(g["姓名"], g["身份证号"]) for g in got] == [("李错", BAD_SIZE), ("王号", BAD_ID)]
    assert "家庭人口" in got[0][ERROR_COLUMN] and "身份证号" in got[1][ERROR_COLUMN]
    assert got[0]["走访日期"] == dt.datetime(2026, 10, 15)  # a date stays a date
    assert main.cell(row=2, column=headers.index("走访日期") + 1).number_format == "yyyy-mm-dd"
    assert main.cell(row=2, column=headers.index("身份证号") + 1).data_type == "s"
    member_headers = [c.value for c in members[1]]
    assert member_headers == [h for h, _ in MEMBER_COLUMNS] + [ERROR_COLUMN]
    assert [(r[0].value, r[1].value) for r in members.iter_rows(min_row=2)] == [(BAD_SIZE, "李小错")]

    # the clerk fixes the two rows in Excel and imports the same file again
    main.cell(row=2, column=headers.index("家庭人口") + 1, value=3)
    main.cell(row=3, column=headers.index("身份证号") + 1, value=BAD_ID_FIXED)
    back.save(errors)
    again = import_roster(db, path=errors, today=TODAY)
    assert not again.issues and len(again.created) == 2
    assert set(_files(db)) == {GOOD, BAD_SIZE, BAD_ID_FIXED, DATED}  # the roll is complete
    with db.reader() as s:
        names = set(s.scalars(select(HouseholdMember.name)))
    assert names == {"李小错", "张小好"}


def test_none_in_a_yes_no_column_is_an_answer(db, tmp_path):
    header = [*HEAD, "有无劳动能力", "致困情况说明"]
    number = valid_id("23010219650707123")
    line = ["孙某", number, "下岗", "18000", "3", "下岗失业", "夫妻二人", "车工", "不适用", "稳定", "2026-10-15", "-", "无",
            "", "无", "企业破产"]
    path = tmp_path / "yesno.csv"
    path.write_text(",".join(header) + "\n" + ",".join(line) + "\n", encoding="utf-8")
    import_roster(db, path=path, today=TODAY)
    f = _files(db)[number]
    assert f.able_to_work is False and f.disability_grade is None and f.status == "registered"


def test_text_dates_in_a_csv(db, tmp_path):
    ids = [valid_id(f"2301021960060{i}123") for i in range(1, 4)]
    lines = [",".join(HEAD)]
    for number, day in zip(ids, ["2026-1-5", "2026/01/05", "2026年1月5日"], strict=True):
        lines.append(",".join(["刘某", number, "下岗", "18000", "3", "下岗失业", "夫妻二人", "车工", "保安", "稳定", day,
                               "无", "-", ""]))
    path = tmp_path / "dates.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    errors = tmp_path / "none.xlsx"
    report = preview_roster(db, path=path, today=TODAY, errors_out=errors)
    assert not report.issues and report.refused_rows == 0 and errors.exists()
    import_roster(db, path=path, today=TODAY)
    assert {f.last_visit_date for f in _files(db).values()} == {dt.date(2026, 1, 5)}
