"""Issue 8 item 1: descriptive words mapped by synonyms and the union's own mapping; unknown words never refuse."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from assist_desktop.cli import main
from assist_desktop.db.models import HardshipFile, HouseholdMember
from assist_desktop.domain.errors import NotFound, ValidationFailed
from assist_desktop.services.roster import RosterRefused, import_roster, preview_roster
from assist_desktop.services.roster_map import list_value_maps, remove_value_map, set_value_map
from tests.conftest import TODAY, valid_id

HEAD = ["姓名", "身份证号", "工作状态", "家庭年总收入", "家庭人口", "主要致困原因", "家庭情况", "技术特长", "就业意愿",
        "思想状况", "走访日期", "所属行业", "住房类型", "健康状况", "婚姻状况", "单位性质", "次要致困原因"]
IDS = [valid_id(f"2301021970010{i}123") for i in range(1, 6)]


def _row(i, industry, housing, health, marriage, employer_type, secondary="", cause="下岗失业"):
    return [f"职工{'甲乙丙丁戊'[i]}", IDS[i], "下岗", "18000", "3", cause, "夫妻二人，一子读高中", "车工", "希望做保安",
            "情绪稳定", "2026-10-15", industry, housing, health, marriage, employer_type, secondary]


def _csv(path, rows, header=HEAD):
    path.write_text("\r\n".join(",".join(r) for r in [header, *rows]) + "\r\n", encoding="utf-8")
    return path


def _files(db):
    with db.reader() as s:
        return {f.id_number: f for f in s.scalars(select(HardshipFile))}


@pytest.fixture
def local_words(tmp_path):
    return _csv(tmp_path / "local.csv", [
        _row(0, "纺织", "单位房", "高血压", "再婚", "国企", "因病"),
        _row(1, "煤炭", "廉租房", "糖尿病", "已婚", "集体"),
        _row(2, "锅炉安装", "棚户区", "腰腿不好", "离异", "个体"),
        _row(3, "锅炉安装", "棚户区", "良好", "未婚", "挂靠单位"),
    ])


def test_local_words_import_every_row_and_unknown_ones_are_listed_once(db, local_words):
    report = import_roster(db, path=local_words, today=TODAY)
    assert not report.issues and len(report.created) == 4
    got = _files(db)
    first = got[IDS[0]]
    assert (first.industry, first.housing_type, first.health, first.marital_status, first.employer_type) == (
        "manufacturing", "public_rental", "ill", "married", "state_owned")
    assert first.secondary_causes == "illness_self" and first.raw_values is None
    assert (got[IDS[1]].industry, got[IDS[1]].housing_type, got[IDS[1]].employer_type) == (
        "mining", "public_rental", "collective")
    third = got[IDS[2]]
    assert third.industry == "other" and third.housing_type is None and third.health is None
    assert third.employer_type == "private"  # 个体 is a synonym
    assert json.loads(third.raw_values) == {"industry": "锅炉安装", "housing_type": "棚户区", "health": "腰腿不好"}
    unknown = {(u.column, u.value): (u.count, u.rows) for u in report.unknown_values}
    assert unknown == {
        ("所属行业", "锅炉安装"): (2, [4, 5]),
        ("住房类型", "棚户区"): (2, [4, 5]),
        ("健康状况", "腰腿不好"): (1, [4]),
        ("单位性质", "挂靠单位"): (1, [5]),
    }
    first_json = report.to_json()["unknown_values"][0]
    assert set(first_json) >= {"column", "value", "count", "rows"}


def test_after_mapping_importing_again_maps_the_words(db, local_words):
    preview = preview_roster(db, path=local_words, today=TODAY)
    assert len(preview.unknown_values) == 4 and not _files(db)  # the dry run lists them and writes nothing
    set_value_map(db, column="所属行业", value="锅炉安装", target="制造业")
    set_value_map(db, column="housing_type", value="棚户区", target="private_rental")
    set_value_map(db, column="健康状况", value="腰腿不好", target="一般疾病")
    import_roster(db, path=local_words, today=TODAY)
    set_value_map(db, column="单位性质", value="挂靠单位", target="其他")
    again = import_roster(db, path=local_words, today=TODAY)
    assert again.unknown_values == []
    third, fourth = _files(db)[IDS[2]], _files(db)[IDS[3]]
    assert (third.industry, third.housing_type, third.health) == ("manufacturing", "private_rental", "ill")
    assert third.raw_values is None  # the kept words go once the column is known
    assert fourth.employer_type == "other" and fourth.raw_values is None
    assert {(m.column, m.value, m.target) for m in list_value_maps(db)} >= {("所属行业", "锅炉安装", "manufacturing")}


def test_decisive_columns_stay_strict(db, tmp_path):
    path = _csv(tmp_path / "strict.csv", [_row(0, "纺织", "", "", "", "", cause="穷"), _row(1, "", "", "", "", "")])
    with pytest.raises(RosterRefused) as info:
        import_roster(db, path=path, today=TODAY)
    assert {(i.row, i.column) for i in info.value.report.issues} == {(2, "主要致困原因")}
    with pytest.raises(ValidationFailed, match="决定性"):
        set_value_map(db, column="主要致困原因", value="穷", target="其他")
    with pytest.raises(ValidationFailed, match="不是“所属行业”的可选值"):
        set_value_map(db, column="所属行业", value="纺织", target="纺织品")
    with pytest.raises(ValidationFailed, match="没有名为"):
        set_value_map(db, column="不存在的列", value="x", target="其他")


def test_member_words_are_mapped_and_kept(db, tmp_path):
    import openpyxl

    path = tmp_path / "m.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "困难职工花名册"
    ws.append(HEAD)
    ws.append(_row(0, "纺织", "", "", "", ""))
    ms = wb.create_sheet("家庭成员")
    ms.append(["户主身份证号", "姓名", "关系", "健康状况"])
    ms.append([IDS[0], "职工小甲", "干儿子", "高血压"])
    wb.save(path)
    report = import_roster(db, path=path, today=TODAY)
    assert not report.issues
    assert [(u.column, u.value) for u in report.unknown_values] == [("关系", "干儿子")]
    f = _files(db)[IDS[0]]
    assert json.loads(f.raw_values) == {"members[1].relation": "干儿子"}
    with db.reader() as s:
        (m,) = s.scalars(select(HouseholdMember).where(HouseholdMember.file_id == f.id))
        assert (m.relation, m.health) == ("other", "ill")
    set_value_map(db, column="家庭成员.关系", value="干儿子", target="儿子")
    import_roster(db, path=path, today=TODAY)
    with db.reader() as s:
        (m,) = s.scalars(select(HouseholdMember).where(HouseholdMember.file_id == f.id))
        assert m.relation == "son"
    assert _files(db)[IDS[0]].raw_values is None


def test_roster_map_verbs(tmp_path, capsys):
    path = tmp_path / "u.sqlite3"

    def run(*args):
        rc = main(["--db", str(path), "--as-of", "2026-11-20", "--user", "tester", *args])
        out, err = capsys.readouterr()
        return rc, out, err

    assert run("init", "--union-code", "230102001", "--union-name", "锅炉厂工会", "--level", "grassroots")[0] == 0
    rc, out, err = run("roster", "map", "set", "所属行业", "锅炉安装", "制造业", "--json")
    assert rc == 0, err
    assert json.loads(out)["target"] == "manufacturing"
    rc, out, _ = run("roster", "map", "list", "--json")
    assert json.loads(out)["mappings"] == [{"field": "industry", "column": "所属行业", "value": "锅炉安装",
                                             "target": "manufacturing", "target_label": "制造业"}]
    rc, out, err = run("roster", "map", "set", "姓名", "x", "y")
    assert rc == 2 and "不能映射" in err
    assert run("roster", "map", "remove", "所属行业", "锅炉安装")[0] == 0
    assert json.loads(run("roster", "map", "list", "--json")[1])["mappings"] == []


def test_remove_of_a_missing_mapping_says_so(db):
    with pytest.raises(NotFound):
        remove_value_map(db, column="所属行业", value="没有的")
