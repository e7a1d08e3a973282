"""Item 6 of issue 8: matching a roster's rows to files; households twice, members who are heads: reported."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from assist_desktop.db.models import HardshipFile, HouseholdMember
from assist_desktop.services.common import set_option
from assist_desktop.services.files import create_file
from assist_desktop.services.roster import import_roster, preview_roster
from tests.conftest import TODAY, complete_file_data, valid_id
from tests.exchange.conftest import write_roster

HEAD = ["姓名", "身份证号", "工作状态", "家庭年总收入", "家庭人口", "主要致困原因", "出生日期"]
ID1 = "230102197003151238"
ID2 = valid_id("23010219800101124")
ID3 = valid_id("23010219750505123")
ID4 = valid_id("23010219900202123")


def roster(path, rows, members=()):
    return write_roster(path, HEAD, rows, member_head=["户主身份证号", "姓名", "关系", "身份证号"] if members else None,
                        members=members)


def count(db):
    with db.reader() as s:
        return s.scalar(select(func.count()).select_from(HardshipFile))


def test_the_same_household_twice_is_reported_and_read_once(db, tmp_path):
    path = roster(tmp_path / "r.xlsx", [["王芳", ID2, "下岗", 9000, 2, "因病", None],
                                        ["李四", ID3, "下岗", 9000, 2, "因病", None],
                                        ["王芳", ID2, "下岗", 9000, 2, "因病", None]])
    report = import_roster(db, path=path, today=TODAY)
    assert not report.issues and len(report.created) == 2 and count(db) == 2
    dup = report.to_json()["duplicates"]
    assert dup == [{"kind": "same_household", "row": 4, "other_row": 2, "file_no": None, "name": "王芳",
                    "id_number": ID2, "identical": True}]
    assert "第4行 王芳：与第2行完全相同（同一身份证号），只导入一次" in report.summary()


def test_a_member_already_head_of_a_file_is_reported_with_the_file_and_the_row(db, tmp_path):
    on_file = create_file(db, data=complete_file_data(), as_of=TODAY).file
    path = roster(tmp_path / "r.xlsx", [["王芳", ID2, "下岗", 9000, 3, "因病", None],
                                        ["李四", ID3, "下岗", 9000, 2, "因病", None]],
                  members=[[ID2, "张建国", "配偶", ID1], [ID2, "李四", "子女", ID3]])
    report = preview_roster(db, path=path, today=TODAY)
    found = {(d["kind"], d["row"], d["other_row"], d["file_no"], d["id_number"])
             for d in report.to_json()["duplicates"]}
    assert found == {("member_is_head", 2, None, on_file.file_no, ID1), ("member_is_head", 2, 3, None, ID3)}
    assert count(db) == 1


def test_a_head_already_member_of_another_file_is_reported(db, tmp_path):
    other = create_file(db, data=complete_file_data(), as_of=TODAY,
                        members=[{"name": "王芳", "relation": "配偶", "id_number": ID2}]).file
    path = roster(tmp_path / "r.xlsx", [["王芳", ID2, "下岗", 9000, 1, "因病", None]])
    report = import_roster(db, path=path, today=TODAY)
    assert [(d.kind, d.row, d.file_no) for d in report.duplicates] == [("head_is_member", 2, other.file_no)]
    assert len(report.created) == 1  # reported, not refused: the clerk decides


def test_name_and_birth_date_match_only_with_the_union_setting(db, tmp_path):
    existing = create_file(db, data=complete_file_data(), as_of=TODAY).file  # 张建国, born 1970-03-15
    path = roster(tmp_path / "r.xlsx", [["张建国", None, "下岗", 6000, 3, "下岗失业", "1970-03-15"]])
    off = preview_roster(db, path=path, today=TODAY)
    assert [(i.row, i.column, i.zh) for i in off.issues] == [(2, "身份证号", "必须填写")]
    with db.transaction() as s:
        set_option(s, "roster_match_name_birth", 1)
    on = import_roster(db, path=path, today=TODAY)
    assert not on.issues and on.updated == [existing.file_no] and on.to_update == 1
    assert [(d.kind, d.file_no) for d in on.duplicates] == [("matched_by_name", existing.file_no)]
    with db.reader() as s:
        f = s.scalars(select(HardshipFile)).one()
        assert f.household_annual_income_fen == 600000 and f.id_number == ID1
    assert count(db) == 1


def test_with_the_setting_two_rows_for_one_person_are_refused_not_duplicated(db, tmp_path):
    with db.transaction() as s:
        set_option(s, "roster_match_name_birth", 1)
    # a typo in the second ID number: same name, same birth date
    typo = valid_id("23010319800101124")
    path = roster(tmp_path / "r.xlsx", [["王芳", ID2, "下岗", 9000, 2, "因病", None],
                                        ["王芳", typo, "下岗", 9000, 2, "因病", None]])
    report = import_roster(db, path=path, today=TODAY, accept_valid=True)
    assert [(i.row, i.column) for i in report.issues] == [(3, "姓名")]
    assert [(d.kind, d.row, d.other_row) for d in report.duplicates] == [("same_household", 3, 2)]
    assert count(db) == 1
    with db.reader() as s:
        assert s.scalar(select(func.count()).select_from(HouseholdMember)) == 0
    assert json.dumps(report.to_json(), ensure_ascii=False)
