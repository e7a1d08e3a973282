"""The foundation verbs: init, standards, demo, stats, file add/list; bad input exits 2 and changes nothing."""

from __future__ import annotations

import json

import pytest

from assist_desktop.cli import main


def run(capsys, db_path, *args):
    rc = main(["--db", str(db_path), "--as-of", "2026-11-20", *args])
    out, err = capsys.readouterr()
    return rc, out, err


def dump(db_path):
    """Every row of every table (except the audit log's time stamps), to compare before and after."""
    import sqlite3

    with sqlite3.connect(db_path) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return {t: sorted(map(repr, conn.execute(f'SELECT * FROM "{t}"'))) for t in tables}


@pytest.fixture
def dbfile(tmp_path, capsys):
    path = tmp_path / "cli.sqlite3"
    rc, _, err = run(capsys, path, "init", "--union-code", "230102", "--union-name", "南岗区总工会",
                     "--level", "county", "--parent-code", "2301")
    assert rc == 0, err
    rc, _, err = run(capsys, path, "standards", "set", "--lb", "720", "--mw", "2080", "--effective", "2025-01-01")
    assert rc == 0, err
    return path


def test_init_demo_stats(dbfile, capsys):
    rc, out, err = run(capsys, dbfile, "demo", "--files", "500", "--seed", "7", "--json")
    assert rc == 0, err
    assert json.loads(out)["files"] == 500
    rc, out, _ = run(capsys, dbfile, "stats", "--json")
    data = json.loads(out)
    assert data["files"] == 500
    assert set(data["by_status"]) == {"found", "ineligible", "registered", "watch", "exit_notice", "closed"}
    assert sum(data["by_status"].values()) == 500
    assert set(data["by_category"]) == {"deep", "relative", "accident"}


def test_demo_is_deterministic_for_a_seed(tmp_path, capsys):
    names = []
    for k in range(2):
        path = tmp_path / f"d{k}.sqlite3"
        run(capsys, path, "init", "--union-code", "230102001", "--union-name", "工会", "--level", "grassroots")
        rc, _, err = run(capsys, path, "demo", "--files", "50", "--seed", "3")
        assert rc == 0, err
        rc, out, _ = run(capsys, path, "file", "list", "--limit", "50", "--json")
        names.append([(f["file_no"], f["name"], f["id_number_masked"]) for f in json.loads(out)["files"]])
    assert names[0] == names[1] and len(names[0]) == 50


@pytest.mark.parametrize("args, needle", [
    (["init", "--union-code", "230102", "--union-name", "x", "--level", "village"], "工会级别"),
    (["init", "--union-code", "999", "--union-name", "另一个", "--level", "county"], "已属于工会"),
    (["standards", "set", "--lb", "-720", "--mw", "2080", "--effective", "2026-01-01"], "低保标准：不能为负数"),
    (["file", "add", "name=张三", "id_number=230102197003151234", "work_status=下岗", "household_size=3",
      "household_annual_income=18000"], "校验位"),
    (["file", "add", "name=张三", "id_number=230102197003151238", "work_status=下岗", "household_size=3",
      "household_annual_income=-1"], "家庭年总收入：不能为负数"),
    (["demo", "--files", "0"], "档案数"),
])
def test_bad_input_exits_2_and_changes_nothing(dbfile, capsys, args, needle):
    before = dump(dbfile)
    rc, _, err = run(capsys, dbfile, *args)
    assert rc == 2
    assert needle in err and err.count("\n") == 1
    assert dump(dbfile) == before


def test_file_add_and_search(dbfile, capsys):
    rc, out, err = run(capsys, dbfile, "file", "add", "name=单雄信", "id_number=230102197003151238",
                       "work_status=下岗", "household_size=3", "household_annual_income=18000", "--json")
    assert rc == 0, err
    file_no = json.loads(out)["file_no"]
    assert file_no == "230102-000001"
    for query in ("sxx", "单雄", "1238", "230102197", "230102-0"):
        rc, out, _ = run(capsys, dbfile, "file", "list", query, "--json")
        assert [f["file_no"] for f in json.loads(out)["files"]] == [file_no], query
    rc, out, _ = run(capsys, dbfile, "file", "list", "zzz", "--json")
    assert json.loads(out)["total"] == 0


def test_user_add_reads_password_from_stdin(dbfile, capsys, monkeypatch):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("gonghui2026\n"))
    rc, out, err = run(capsys, dbfile, "user", "add", "--username", "lf", "--name", "刘芳", "--role", "admin",
                       "--password-stdin", "--json")
    assert rc == 0, err
    assert json.loads(out) == {"ok": True, "username": "lf", "role": "admin"}
    # with an account, the next one is added by a signed-in administrator (issue 9)
    monkeypatch.setenv("ASSIST_PASSWORD", "gonghui2026")
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    rc, _, err = run(capsys, dbfile, "--user", "lf", "user", "add", "--username", "x2", "--name", "张三",
                     "--password-stdin")
    assert rc == 2 and "至少8位" in err
    rc, out, _ = run(capsys, dbfile, "user", "list", "--json")
    assert [u["username"] for u in json.loads(out)["users"]] == ["lf"]


def test_json_errors_are_always_json(dbfile, capsys, tmp_path):
    rc, out, err = run(capsys, dbfile, "status", "NOSUCH", "--json")
    assert rc == 2 and err.count("\n") == 1
    assert json.loads(out) == {"ok": False, "errors": [{"field": None, "row": None, "source": None,
                                                        "message": "没有档案编号为 NOSUCH 的档案",
                                                        "message_en": "no file numbered NOSUCH", "warning": False}]}


def test_malformed_from_json_and_unknown_fields_exit_2(dbfile, capsys, tmp_path):
    bad = tmp_path / "bad.json"
    for content in ('{"fields": [1, 2]}', '{"fields": {}, "members": ["abc"]}', "not json"):
        bad.write_text(content, encoding="utf-8")
        rc, _, err = run(capsys, dbfile, "file", "add", "--from-json", str(bad))
        assert rc == 2 and err.startswith("错误："), content
    rc, _, err = run(capsys, dbfile, "file", "add", "name=张三", "id_number=230102197003151238", "work_status=下岗",
                     "household_size=3", "household_annual_income=18000", "statuss=closed")
    assert rc == 2 and "statuss" in err


def test_unreachable_database_is_the_environment(capsys, tmp_path):
    rc = main(["--db", "postgresql://nobody@127.0.0.1:1/none", "stats"])
    err = capsys.readouterr().err
    assert rc == 3 and "无法打开或升级数据库" in err
