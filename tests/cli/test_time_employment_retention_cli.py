"""The command line: verbs that read status catch up first; `employment add|list|update`; `retention list|delete`."""

from __future__ import annotations

import io
import json
import sqlite3

import pytest

from assist_desktop.cli import main
from tests.conftest import complete_file_data

FILE = "230102001-000001"


@pytest.fixture
def cli(tmp_path, capsys, monkeypatch):
    path = tmp_path / "cli.sqlite3"

    def run(*args, as_of="2026-01-05", user="clerk", password=None):
        if password is None:
            monkeypatch.delenv("ASSIST_PASSWORD", raising=False)
        else:
            monkeypatch.setenv("ASSIST_PASSWORD", password)
        capsys.readouterr()
        extra = ["--user", user] if user else []
        code = main(["--db", str(path), "--as-of", as_of, *extra, *args])
        out = capsys.readouterr()
        return code, out.out, out.err

    run.path = path
    assert run("init", "--union-code", "230102001", "--union-name", "锅炉厂工会", "--level", "grassroots")[0] == 0
    assert run("standards", "set", "--lb", "720", "--mw", "2080", "--effective", "2025-01-01")[0] == 0
    fields = complete_file_data(last_visit_date="2026-01-02")
    assert run("file", "add", *[f"{k}={v}" for k, v in fields.items()])[0] == 0
    return run


def sql(path, query, *args):
    with sqlite3.connect(path) as conn:
        return conn.execute(query, args).fetchall()


def in_exit_notice(cli) -> str:
    assert cli("file", "update", FILE, "household_annual_income=60000", as_of="2026-02-02")[0] == 0
    code, out, _ = cli("reevaluate", "--json", as_of="2026-08-03")
    assert code == 0 and json.loads(out)["summary"]["exit_notice"] == 1
    (until,), = sql(cli.path, "SELECT notice_until FROM hardship_file")
    return until


def test_status_closes_a_notice_that_ended_yesterday_without_reevaluate(cli):
    import datetime as dt

    until = in_exit_notice(cli)
    day = (dt.date.fromisoformat(until) + dt.timedelta(days=1)).isoformat()
    code, out, err = cli("status", FILE, "--json", as_of=day)
    assert code == 0
    data = json.loads(out)  # stdout is the verb's JSON alone
    assert data["status"] == "closed" and data["close_reason"] == "out_of_hardship"
    assert data["history"][0]["kind"] == "closed" and data["history"][0]["actor"] == "system:catch-up"
    assert "退档：1 份" in err
    code, out, err = cli("status", FILE, as_of=day)
    assert code == 0 and err == ""  # once a day
    assert "（系统（到期自动））" in out
    assert sql(cli.path, "SELECT value FROM app_setting WHERE key = 'state.catch_up_on'") == [(day,)]
    assert sql(cli.path, "SELECT count(*) FROM status_event WHERE kind = 'closed'") == [(1,)]


def test_reading_verbs_catch_up_and_others_do_not(cli):
    in_exit_notice(cli)
    assert cli("verify", "--json", as_of="2026-09-01")[0] == 0
    assert cli("assist", "list", FILE, "--json", as_of="2026-09-01")[0] == 0
    assert sql(cli.path, "SELECT status FROM hardship_file") == [("exit_notice",)]
    code, out, err = cli("due", "--json", as_of="2026-09-01")
    assert code == 0 and json.loads(out)["as_of"] == "2026-09-01" and "退档" in err
    assert sql(cli.path, "SELECT status FROM hardship_file") == [("closed",)]


def test_with_accounts_the_catch_up_needs_no_credentials(cli, monkeypatch):
    in_exit_notice(cli)
    monkeypatch.setattr("sys.stdin", io.StringIO("admin12345\n"))
    assert cli("user", "add", "--username", "boss", "--name", "王芳", "--role", "admin", "--password-stdin",
               user=None)[0] == 0
    code, out, err = cli("stats", "--json", as_of="2026-09-01", user=None)
    assert code == 0, err
    assert json.loads(out)["by_status"].get("closed") == 1


def test_employment_add_list_update(cli):
    code, out, _ = cli("employment", "add", FILE, "--kind", "training", "--on", "2026-01-04", "--detail", "电工培训",
                       "--certificate", "电工证", "--json")
    assert code == 0
    training = json.loads(out)["record"]
    assert training["kind"] == "training" and training["found_work"] is None and training["certificate"] == "电工证"
    code, out, _ = cli("employment", "add", FILE, "--kind", "安置就业", "--detail", "物业保安", "--json")
    added = json.loads(out)
    assert code == 0 and added["record"]["kind"] == "placement" and added["record"]["found_work"] is True
    assert added["status"] == "registered" and added["events"] == []
    code, out, _ = cli("employment", "add", FILE, "--kind", "loan", "--amount", "30000", "--lender", "农商行",
                       "--term-months", "24", "--found-work", "no")
    assert code == 0 and "小额担保贷款" in out
    code, out, _ = cli("employment", "list", FILE, "--json")
    data = json.loads(out)
    assert [r["kind"] for r in data["records"]] == ["training", "placement", "loan"]
    assert data["records"][2]["amount_fen"] == 3_000_000 and data["records"][2]["found_work"] is False
    assert data["trainings"][0]["found_work"] is True and data["trainings"][0]["job"]["kind"] == "placement"
    code, out, _ = cli("employment", "update", training["id"][:8], "--found-work", "yes", "--outcome", "已上岗",
                       "--json")
    assert code == 0 and json.loads(out)["record"]["outcome"] == "已上岗"
    assert json.loads(cli("employment", "list", FILE, "--json")[1])["trainings"][0]["recorded_found_work"] is True
    code, out, _ = cli("employment", "list", FILE)
    assert "培训 1 次，其后就业 1 次" in out
    assert cli("employment", "add", FILE, "--kind", "nonsense")[0] == 2
    assert cli("employment", "update", "ffffffff", "--outcome", "x")[0] == 2
    with pytest.raises(SystemExit) as bad:  # argparse: usage and the reason on stderr, exit 2
        cli("employment", "add", FILE, "--kind", "training", "--found-work", "maybe")
    assert bad.value.code == 2


def _accounts(cli, monkeypatch):
    for name, role, password, by in (("boss", "admin", "admin12345", None), ("clerk1", "clerk", "clerk12345", "boss"),
                                     ("rev1", "reviewer", "review12345", "boss")):
        monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
        code, _, err = cli("user", "add", "--username", name, "--name", "王芳", "--role", role, "--password-stdin",
                           user=by, password="admin12345" if by else None)
        assert code == 0, err


def test_retention_list_and_delete_by_role(cli, monkeypatch):
    sql(cli.path, "UPDATE hardship_file SET status='closed', closed_on='2016-03-01', close_reason='relieved'")
    _accounts(cli, monkeypatch)
    code, out, _ = cli("retention", "list", "--json", as_of="2026-11-20", user=None)
    assert code == 0
    assert [(f["file_no"], f["kept_until"]) for f in json.loads(out)["files"]] == [(FILE, "2026-03-01")]
    code, out, _ = cli("due", "--kind", "retention_due", "--json", as_of="2026-11-20", user=None)
    assert [i["label"] for i in json.loads(out)["items"]] == ["档案保存期满，待审核删除"]
    code, _, err = cli("retention", "delete", FILE, "--reason", "保存期满", as_of="2026-11-20", user="clerk1",
                       password="clerk12345")
    assert code == 2 and "无权审核" in err
    assert sql(cli.path, "SELECT count(*) FROM hardship_file") == [(1,)]
    code, out, err = cli("retention", "delete", FILE, "--reason", "保存期满十年", "--json", as_of="2026-11-20",
                         user="rev1", password="review12345")
    assert code == 0, err
    assert json.loads(out)["stub"]["approved_by"] == "rev1"
    assert sql(cli.path, "SELECT count(*) FROM hardship_file") == [(0,)]
    assert sql(cli.path, "SELECT file_no, approved_by, reason FROM file_stub") == [(FILE, "rev1", "保存期满十年")]
    assert sql(cli.path, "SELECT actor FROM audit_log WHERE table_name = 'hardship_file' AND action = 'delete'") == [
        ("rev1",)]
    code, _, err = cli("status", FILE, as_of="2026-11-21", user=None)
    assert code == 2 and "已于 2026-11-20 按保存期满删除" in err
    code, out, _ = cli("retention", "list", as_of="2026-11-21", user=None)
    assert "已删除（保留存根）1 份" in out and "张*国" in out
