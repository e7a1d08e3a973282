"""The exchange verbs: export, import, review, roster; bad input exits 2 and changes nothing."""

from __future__ import annotations

import json

import openpyxl
import pytest

from assist_desktop.cli import main
from tests.conftest import valid_id


def run(capsys, db_path, *args):
    rc = main(["--db", str(db_path), "--as-of", "2026-11-20", "--user", "tester", *args])
    out, err = capsys.readouterr()
    return rc, out, err


def dump(db_path):
    import sqlite3

    with sqlite3.connect(db_path) as conn:
        tables = [
            r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
        ]
        return {t: sorted(map(repr, conn.execute(f'SELECT * FROM "{t}"'))) for t in tables}


def init(capsys, path, code, name, level, parent=None):
    args = ["init", "--union-code", code, "--union-name", name, "--level", level]
    if parent:
        args += ["--parent-code", parent]
    rc, _, err = run(capsys, path, *args)
    assert rc == 0, err
    rc, _, err = run(
        capsys, path, "standards", "set", "--lb", "720", "--mw", "2080", "--effective", "2025-01-01"
    )
    assert rc == 0, err
    return path


@pytest.fixture
def grassroots(tmp_path, capsys):
    path = init(capsys, tmp_path / "g.sqlite3", "230102001", "锅炉厂工会", "grassroots", "230102")
    rc, _, err = run(capsys, path, "demo", "--files", "12", "--seed", "2")
    assert rc == 0, err
    return path


@pytest.fixture
def county(tmp_path, capsys):
    return init(capsys, tmp_path / "c.sqlite3", "230102", "南岗区总工会", "county", "2301")


def test_export_import_review_round_trip(grassroots, county, tmp_path, capsys):
    pkg = tmp_path / "up.zip"
    rc, out, err = run(capsys, grassroots, "export", "--out", str(pkg), "--json")
    assert rc == 0, err
    data = json.loads(out)
    assert data["full"] and data["receiver"] == "230102" and data["counts"]["hardship_file"] == 12

    # the first package of a sender: refused until its fingerprint is confirmed (exit 2, nothing written)
    before_first = dump(county)
    rc, out, err = run(capsys, county, "import", str(pkg), "--json")
    assert rc == 2 and "--trust-sender" in err
    fingerprint = json.loads(out)["unknown_sender"]["fingerprint"]
    rc, out, _ = run(capsys, grassroots, "union", "key", "show", "--json")
    assert rc == 0 and json.loads(out)["fingerprint"] == fingerprint
    assert dump(county) == before_first
    rc, out, err = run(capsys, county, "import", str(pkg), "--dry-run", "--json", "--trust-sender", fingerprint)
    assert rc == 0, err
    preview = json.loads(out)
    assert preview["new"] == 12 and not preview["applied"]
    rc, out, err = run(capsys, county, "import", str(pkg), "--trust-sender", fingerprint)
    assert rc == 0, err
    assert "新增 12 份" in out
    before = dump(county)
    rc, out, _ = run(capsys, county, "import", str(pkg), "--json")
    assert rc == 0 and json.loads(out)["unchanged"] == 12
    after = dump(county)
    assert after == before

    rc, out, err = run(capsys, county, "review", "approve", "230102001-000001", "230102001-000002")
    assert rc == 0 and "审核通过：2 份" in out, err
    rc, _, err = run(capsys, county, "review", "return", "230102001-000003")
    assert rc == 2 and "原因" in err
    rc, out, err = run(capsys, county, "review", "return", "230102001-000003", "--reason", "收入证明缺失")
    assert rc == 0, err
    down = tmp_path / "down.zip"
    rc, out, err = run(capsys, county, "review", "export", "--out", str(down), "--to", "230102001", "--json")
    assert rc == 0 and len(json.loads(out)["changed"]) == 3, err
    rc, out, err = run(capsys, grassroots, "review", "import", str(down), "--json")
    assert rc == 2 and "--trust-sender" in err  # the parent's key is not known yet
    parent = json.loads(out)["unknown_sender"]["fingerprint"]
    rc, out, err = run(capsys, grassroots, "review", "import", str(down), "--json", "--trust-sender", parent)
    assert rc == 0 and len(json.loads(out)["changed"]) == 3, err
    rc, out, err = run(capsys, grassroots, "file", "list", "230102001-", "--json")
    assert rc == 0, err
    states = {f["file_no"]: f.get("review_state") for f in json.loads(out)["files"]}
    assert states["230102001-000003"] == "returned" and states["230102001-000001"] == "approved"


def test_hostile_package_exits_2_and_changes_nothing(county, tmp_path, capsys):
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"PK\x03\x04 truncated")
    before = dump(county)
    rc, out, err = run(capsys, county, "import", str(bad))
    assert rc == 2 and "不是完整的数据包" in err and err.count("\n") == 1
    assert dump(county) == before


def test_export_without_receiver_is_refused(tmp_path, capsys):
    path = init(capsys, tmp_path / "p.sqlite3", "23", "省总工会", "province")
    rc, _, err = run(capsys, path, "export", "--out", str(tmp_path / "x.zip"))
    assert rc == 2 and "--to" in err


def test_roster_template_import_and_export(county, tmp_path, capsys):
    template = tmp_path / "t.xlsx"
    rc, out, err = run(capsys, county, "roster", "template", "--out", str(template))
    assert rc == 0 and template.exists(), err
    wb = openpyxl.load_workbook(template)
    ws = wb.active
    ws.append(
        [
            "张建国",
            "230102197003151238",
            "男",
            "汉族",
            "13945678901",
            "南岗区学府路1号",
            "锅炉厂",
            "国有企业",
            "制造业",
            "下岗",
            "良好",
            None,
            None,
            "已婚",
            "城镇",
            0,
            18000,
            3,
            0,
            0,
            "自有住房",
            "下岗失业",
            "子女上学",
            "夫妻二人，一子读高中",
            "车工",
            "希望做保安",
            "情绪稳定",
            "2026-10-15",
            "刘干部",
            "13800000000",
            None,
            "邻居",
            None,
        ]
    )
    wb.save(template)
    rc, out, err = run(capsys, county, "roster", "import", str(template), "--dry-run", "--json")
    assert rc == 0 and json.loads(out)["to_create"] == 1, err
    rc, out, err = run(capsys, county, "roster", "import", str(template), "--json")
    assert rc == 0, err
    assert json.loads(out)["created"] == ["230102-000001"]
    roll = tmp_path / "roll.xlsx"
    rc, out, err = run(capsys, county, "roster", "export", "--out", str(roll))
    assert rc == 0 and "档案 1 份" in out, err
    assert openpyxl.load_workbook(roll).active["B2"].value == "230102197003151238"


def test_roster_with_bad_rows_lists_every_one_and_exits_2(county, tmp_path, capsys):
    header = "姓名,身份证号,工作状态,家庭年总收入,家庭人口,主要致困原因\n"
    rows = [
        f"张三,{valid_id('23010219700101001')},下岗,1000,2,其他",
        "李四,230102197003151234,下岗,1000,2,其他",
        f"王五,{valid_id('23010219700101002')},下岗,很多,2,其他",
        f"赵六,{valid_id('23010219700101003')},不知道,1000,2,其他",
    ]
    path = tmp_path / "r.csv"
    path.write_bytes((header + "\n".join(rows) + "\n").encode("gbk"))
    before = dump(county)
    rc, out, err = run(capsys, county, "roster", "import", str(path))
    assert rc == 2
    assert (
        "r.csv 第3行 身份证号" in out and "r.csv 第4行 家庭年总收入" in out and "r.csv 第5行 工作状态" in out
    )
    assert "全部未导入" in err and "3 行有误" in err and err.count("\n") == 1
    assert dump(county) == before
    rc, out, err = run(capsys, county, "roster", "import", str(path), "--json")
    assert rc == 2 and len(json.loads(out)["errors"]) == 3
    rc, out, err = run(capsys, county, "roster", "import", str(path), "--accept-valid", "--json")
    assert rc == 0, err
    assert json.loads(out)["created"] == ["230102-000001"]
