"""Item 2 of issue 8: the columns a roster has, recognised or not; unknown ones kept as a note only when asked."""

from __future__ import annotations

import json

from sqlalchemy import select

from assist_desktop.db.models import HardshipFile
from assist_desktop.services.roster import import_roster, preview_roster
from tests.conftest import TODAY

HEAD = ["姓名", "身份证号", "工作状态", "家庭年总收入", "家庭人口", "主要致困原因", "所属区县", "学历", "户籍派出所",
        "街道", "错误原因"]
ROW = ["张建国", "230102197003151238", "下岗", "18000", "3", "下岗失业", "南岗区", "高中", "和兴派出所", "", "旧的原因"]


def _csv(tmp_path, rows=(ROW,)):
    path = tmp_path / "r.csv"
    path.write_text("\n".join(",".join(r) for r in [HEAD, *rows]) + "\n", encoding="utf-8")
    return path


def test_dry_run_lists_recognised_and_unrecognised_columns(db, tmp_path):
    report = preview_roster(db, path=_csv(tmp_path), today=TODAY)
    cols = report.to_json()["columns"]
    # 学历 is another header of 文化程度 and is listed by the template's name; 错误原因 is the errors-out column
    assert cols["recognised"] == ["姓名", "身份证号", "工作状态", "家庭年总收入", "家庭人口", "主要致困原因",
                                  "所属区县", "文化程度"]
    assert cols["unrecognised"] == ["户籍派出所", "街道"]
    assert cols["kept_as_note"] is False and cols["member_sheet"] is None
    assert "未识别的列（未导入；要作为备注保留请加 --keep-unknown-columns）：户籍派出所、街道" in report.summary()


def test_known_columns_go_to_their_fields_and_unknown_ones_are_dropped_unless_asked(db, tmp_path):
    import_roster(db, path=_csv(tmp_path), today=TODAY)
    with db.reader() as s:
        f = s.scalars(select(HardshipFile)).one()
        assert (f.district, f.education, f.note) == ("南岗区", "senior", None)


def test_keep_unknown_columns_keeps_them_as_a_note_once(db, tmp_path):
    path = _csv(tmp_path)
    report = import_roster(db, path=path, today=TODAY, keep_unknown_columns=True)
    assert report.to_json()["columns"]["kept_as_note"] is True
    with db.reader() as s:
        f = s.scalars(select(HardshipFile)).one()
        assert f.note == "花名册其他列：户籍派出所：和兴派出所"  # the blank 街道 cell adds nothing
    again = import_roster(db, path=path, today=TODAY, keep_unknown_columns=True)
    assert again.unchanged == [f.file_no]
    with db.reader() as s:
        assert s.scalars(select(HardshipFile)).one().note == "花名册其他列：户籍派出所：和兴派出所"


def test_cli_dry_run_json_has_the_columns(tmp_path, capsys):
    from assist_desktop.cli import main

    db_path = tmp_path / "c.sqlite3"
    base = ["--db", str(db_path), "--as-of", TODAY.isoformat(), "--user", "tester"]
    assert main([*base, "init", "--union-code", "230102001", "--union-name", "锅炉厂工会", "--level",
                 "grassroots"]) == 0
    capsys.readouterr()
    assert main([*base, "roster", "import", str(_csv(tmp_path)), "--dry-run", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["columns"]["unrecognised"] == ["户籍派出所", "街道"] and out["applied"] is False
    assert main([*base, "roster", "import", str(_csv(tmp_path)), "--keep-unknown-columns", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["applied"] is True and out["columns"]["kept_as_note"] is True


def test_streamed_roll_of_a_few_thousand_files_is_complete_and_imports_back_unchanged(db, tmp_path):
    """The roll is written row by row (write-only) from streaming queries: every file and member, in order."""
    import openpyxl

    from assist_desktop.exchange.roster_columns import COLUMNS, MAIN_SHEET, MEMBER_SHEET
    from assist_desktop.services.roster import export_roster
    from tests.conftest import valid_id

    n = 2500
    rows = [["姓名", "身份证号", "工作状态", "家庭年总收入", "家庭人口", "主要致困原因"]]
    import datetime as dt

    numbers = [valid_id(f"230102{dt.date(1960, 1, 1) + dt.timedelta(days=k):%Y%m%d}{k % 1000:03d}") for k in range(n)]
    for k, number in enumerate(numbers):
        rows.append([f"王{'芳建国'[k % 3]}", number, "下岗", str(9000 + k), "2", "下岗失业"])
    path = tmp_path / "big.csv"
    path.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    imported = import_roster(db, path=path, today=TODAY)
    assert len(imported.created) == len(numbers) > 2000
    out = tmp_path / "roll.xlsx"
    seen: list[tuple[int, int]] = []
    result = export_roster(db, out=out, progress=lambda d, t: seen.append((d, t)))
    assert (result.files, result.members) == (len(numbers), 0)
    assert seen[-1] == (len(numbers), len(numbers)) and (1000, len(numbers)) in seen
    wb = openpyxl.load_workbook(out, read_only=True)
    ws = wb[MAIN_SHEET]
    got = list(ws.iter_rows(values_only=True))
    assert list(got[0]) == [h for h, _ in COLUMNS] and len(got) == len(numbers) + 1
    idx = [h for h, _ in COLUMNS].index("身份证号")
    with db.reader() as s:
        by_no = dict(s.execute(select(HardshipFile.file_no, HardshipFile.id_number)).all())
    assert [r[idx] for r in got[1:]] == [by_no[k] for k in sorted(by_no)]
    assert wb.sheetnames[:2] == [MAIN_SHEET, MEMBER_SHEET]
    again = import_roster(db, path=out, today=TODAY)
    assert len(again.unchanged) == len(numbers) and not again.created and not again.issues


def _with_members(tmp_path):
    import openpyxl

    from assist_desktop.exchange.roster import MAIN_SHEET, MEMBER_SHEET

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = MAIN_SHEET
    ws.append(HEAD[:6])
    ws.append(ROW[:6])
    ms = wb.create_sheet(MEMBER_SHEET)
    ms.append(["户主身份证号", "姓名", "关系", "工作单位", "联系方式"])
    ms.append([ROW[1], "李丽", "配偶", "哈尔滨纺织厂", ""])
    ms.append([ROW[1], "张小明", "子女", "", ""])
    path = tmp_path / "m.xlsx"
    wb.save(path)
    return path


def test_unknown_member_columns_are_kept_in_the_files_note_when_asked(db, tmp_path):
    path = _with_members(tmp_path)
    report = preview_roster(db, path=path, today=TODAY)
    assert report.to_json()["columns"]["member_sheet"]["unrecognised"] == ["工作单位", "联系方式"]
    assert report.has_unrecognised and report.to_json()["columns"]["kept_as_note"] is False
    import_roster(db, path=path, today=TODAY)
    with db.reader() as s:
        assert s.scalars(select(HardshipFile)).one().note is None  # not asked: listed, not kept
    again = import_roster(db, path=path, today=TODAY, keep_unknown_columns=True)
    assert again.to_json()["columns"]["kept_as_note"] is True and len(again.updated) == 1
    with db.reader() as s:
        # a member whose unknown cells are blank adds nothing; a household member has no 备注 of its own
        assert s.scalars(select(HardshipFile)).one().note == "花名册家庭成员其他列：李丽：工作单位：哈尔滨纺织厂"
    third = import_roster(db, path=path, today=TODAY, keep_unknown_columns=True)
    assert len(third.unchanged) == 1  # kept once: importing again changes nothing


def test_unknown_member_columns_of_a_new_household_are_kept_in_the_bulk_path(db, tmp_path):
    path = _with_members(tmp_path)
    wb_rows = [*HEAD[:6], "户籍派出所"], [*ROW[:6], "和兴派出所"]
    import openpyxl

    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    ws.delete_rows(1, 2)
    for r in wb_rows:
        ws.append(r)
    wb.save(path)
    report = import_roster(db, path=path, today=TODAY, keep_unknown_columns=True)
    assert len(report.created) == 1
    with db.reader() as s:
        assert s.scalars(select(HardshipFile)).one().note == (
            "花名册其他列：户籍派出所：和兴派出所\n花名册家庭成员其他列：李丽：工作单位：哈尔滨纺织厂")
