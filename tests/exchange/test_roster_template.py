"""Issue 8 item 5: the template has a sample row (skipped on import), required columns marked, drop-downs where
enumerated, and a 填表说明 sheet listing every column with its allowed values and synonyms."""

from __future__ import annotations

import datetime as dt

import openpyxl

from assist_desktop.exchange.roster import (
    COLUMNS,
    MAIN_SHEET,
    MEMBER_COLUMNS,
    MEMBER_SHEET,
    REQUIRED,
    write_template,
)
from assist_desktop.exchange.roster_columns import ENUM_COLUMNS
from assist_desktop.services.roster import import_roster, preview_roster
from tests.conftest import TODAY, valid_id


def test_the_template_explains_itself(tmp_path):
    wb = openpyxl.load_workbook(write_template(tmp_path / "t.xlsx"))
    assert wb.sheetnames[:3] == [MAIN_SHEET, MEMBER_SHEET, "填表说明"]
    ws = wb[MAIN_SHEET]
    headers = [c.value for c in ws[1]]
    for cell in ws[1]:
        red = cell.font.color is not None and cell.font.color.rgb.endswith("C00000")
        assert red == (cell.value in REQUIRED), cell.value
        assert (cell.comment is not None) == (cell.value in REQUIRED)
    sample = {h: c.value for h, c in zip(headers, ws[2], strict=True)}
    assert sample["姓名"].startswith("示例") and sample["走访日期"] == dt.datetime(2026, 10, 15)
    validated = {str(dv.sqref).split(":")[0].rstrip("0123456789") for dv in ws.data_validations.dataValidation}
    letters = {h: openpyxl.utils.get_column_letter(i) for i, h in enumerate(headers, start=1)}
    assert all(letters[h] in validated for h in ENUM_COLUMNS)
    guide = wb["填表说明"]
    rows = [[c.value for c in r] for r in guide.iter_rows(min_row=2) if r[1].value]
    listed = {(r[0], r[1]) for r in rows}
    assert {(MAIN_SHEET, h) for h, _ in COLUMNS} | {(MEMBER_SHEET, h) for h, _ in MEMBER_COLUMNS} <= listed
    by = {(r[0], r[1]): r for r in rows}
    industry = by[(MAIN_SHEET, "所属行业")]
    assert "制造业" in industry[4] and "纺织" in industry[5] and "煤炭" in industry[5]
    assert by[(MAIN_SHEET, "身份证号")][2] == "是" and by[(MAIN_SHEET, "所属行业")][2] in (None, "")
    assert "单位房" in by[(MAIN_SHEET, "住房类型")][5] and "再婚" in by[(MAIN_SHEET, "婚姻状况")][5]
    assert "整行不导入" in by[(MAIN_SHEET, "主要致困原因")][6]


def test_the_sample_rows_are_never_imported(db, tmp_path):
    path = write_template(tmp_path / "t.xlsx")
    report = preview_roster(db, path=path, today=TODAY)
    assert report.rows == 0 and not report.issues
    wb = openpyxl.load_workbook(path)
    ws = wb[MAIN_SHEET]
    headers = [c.value for c in ws[1]]
    row = dict.fromkeys(headers)
    row.update({"姓名": "王芳", "身份证号": valid_id("23010219800101124"), "工作状态": "下岗", "家庭年总收入": 18000, "家庭人口": 1,
                "主要致困原因": "下岗失业"})
    ws.append([row[h] for h in headers])
    wb.save(path)
    report = import_roster(db, path=path, today=TODAY)
    assert report.rows == 1 and len(report.created) == 1
