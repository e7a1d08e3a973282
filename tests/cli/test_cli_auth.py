"""With accounts, the command line authenticates: every write needs --user and the password, roles hold."""

from __future__ import annotations

import io
import json
import sqlite3

import pytest

from assist_desktop.cli.core import main
from tests.conftest import complete_file_data


def run(capsys, db_path, *args, password=None, monkeypatch=None):
    if monkeypatch is not None:
        if password is None:
            monkeypatch.delenv("ASSIST_PASSWORD", raising=False)
        else:
            monkeypatch.setenv("ASSIST_PASSWORD", password)
    rc = main(["--db", str(db_path), "--as-of", "2026-11-20", *args])
    out, err = capsys.readouterr()
    return rc, out, err


def records(db_path):
    """Every table but the audit log (a refused sign-in is itself audited) and the search index."""
    with sqlite3.connect(db_path) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
                  if r[0] != "audit_log" and not r[0].startswith("search_")]
        return {t: sorted(map(repr, conn.execute(f'SELECT * FROM "{t}"'))) for t in tables}


def audit(db_path, *actions):
    with sqlite3.connect(db_path) as conn:
        marks = ",".join("?" * len(actions))
        return conn.execute(f"SELECT action, actor, reason FROM audit_log WHERE action IN ({marks}) ORDER BY id",
                            actions).fetchall()


FILE_ARGS = [f"{k}={v}" for k, v in complete_file_data().items()]


@pytest.fixture
def dbfile(tmp_path, capsys, monkeypatch):
    path = tmp_path / "cli.sqlite3"
    rc, _, err = run(capsys, path, "init", "--union-code", "230102001", "--union-name", "锅炉厂工会",
                     "--level", "grassroots", monkeypatch=monkeypatch)
    assert rc == 0, err
    rc, _, err = run(capsys, path, "standards", "set", "--lb", "720", "--mw", "2080", "--effective", "2025-01-01")
    assert rc == 0, err
    rc, _, err = run(capsys, path, "file", "add", *FILE_ARGS)
    assert rc == 0, err
    return path


def add_user(capsys, monkeypatch, path, username, role, password, *, as_user=None, as_password=None):
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    extra = ["--user", as_user] if as_user else []
    return run(capsys, path, *extra, "user", "add", "--username", username, "--name", "王芳", "--role", role,
               "--password-stdin", password=as_password, monkeypatch=monkeypatch)


@pytest.fixture
def accounts(dbfile, capsys, monkeypatch):
    rc, _, err = add_user(capsys, monkeypatch, dbfile, "boss", "admin", "admin12345")
    assert rc == 0, err
    rc, _, err = add_user(capsys, monkeypatch, dbfile, "clerk1", "clerk", "clerk12345",
                          as_user="boss", as_password="admin12345")
    assert rc == 0, err
    return dbfile


def test_stats_says_whether_there_are_accounts(dbfile, capsys, monkeypatch):
    rc, out, _ = run(capsys, dbfile, "stats", "--json", monkeypatch=monkeypatch)
    assert rc == 0 and json.loads(out)["accounts"] is False
    # without accounts the single-user behaviour stays: --user is just the name in the history
    rc, _, err = run(capsys, dbfile, "--user", "张会计", "file", "update", "230102001-000001", "phone=13800000001")
    assert rc == 0, err
    assert add_user(capsys, monkeypatch, dbfile, "boss", "admin", "admin12345")[0] == 0
    rc, out, _ = run(capsys, dbfile, "stats", "--json")
    assert rc == 0 and json.loads(out)["accounts"] is True


WRITES = [
    ["file", "update", "230102001-000001", "bank_account=6222000000000000001"],
    ["close", "230102001-000001", "--reason", "cancelled", "--detail", "death", "--note", "本人去世"],
    ["override", "230102001-000001", "--status", "ineligible", "--reason", "复核"],
    ["standards", "set", "--lb", "900", "--mw", "2300", "--effective", "2026-01-01"],
    ["reevaluate"],
    ["print", "sheet", "230102001-000001", "--full-id", "--out", "sheet.pdf"],
]


@pytest.mark.parametrize("verb", WRITES, ids=lambda v: " ".join(v[:2]))
def test_every_write_needs_valid_credentials(accounts, capsys, monkeypatch, tmp_path, verb):
    monkeypatch.chdir(tmp_path)
    before = records(accounts)
    rc, _, err = run(capsys, accounts, *verb, monkeypatch=monkeypatch)
    assert rc == 2 and "--user" in err
    rc, _, err = run(capsys, accounts, "--user", "boss", *verb, password="wrong-pass", monkeypatch=monkeypatch)
    assert rc == 2 and "用户名或密码不正确" in err
    rc, _, err = run(capsys, accounts, "--user", "nobody", *verb, password="admin12345", monkeypatch=monkeypatch)
    assert rc == 2 and "用户名或密码不正确" in err
    rc, _, err = run(capsys, accounts, "--user", "boss", *verb, monkeypatch=monkeypatch)  # no password, no tty
    assert rc == 2 and "ASSIST_PASSWORD" in err
    after = records(accounts)
    # only the failure count of the account moved (user_account); nothing else was written
    assert {t: v for t, v in after.items() if t != "user_account"} == {
        t: v for t, v in before.items() if t != "user_account"}
    assert audit(accounts, "signfail")[-2:] == [("signfail", "boss", "wrong password"),
                                                ("signfail", "nobody", "wrong password")]


def test_roles_hold_through_the_command_line(accounts, capsys, monkeypatch, tmp_path):
    assert add_user(capsys, monkeypatch, accounts, "view1", "viewer", "view12345", as_user="boss",
                    as_password="admin12345")[0] == 0
    before = records(accounts)
    as_clerk = ["--user", "clerk1"]
    for verb, message in [
        (["override", "230102001-000001", "--status", "ineligible", "--reason", "复核"], "无权人工改定状态"),
        (["standards", "set", "--lb", "900", "--mw", "2300", "--effective", "2026-01-01"], "无权设定标准"),
    ]:
        rc, _, err = run(capsys, accounts, *as_clerk, *verb, password="clerk12345", monkeypatch=monkeypatch)
        assert rc == 2 and message in err, err
    rc, _, err = run(capsys, accounts, "--user", "view1", "export", "--out", str(tmp_path / "x.zip"), "--to",
                     "230102", password="view12345", monkeypatch=monkeypatch)
    assert rc == 2 and "无权导出" in err and not (tmp_path / "x.zip").exists()
    rc, _, err = run(capsys, accounts, "--user", "view1", "file", "update", "230102001-000001", "phone=13800000003",
                     password="view12345", monkeypatch=monkeypatch)
    assert rc == 2 and "无权修改档案" in err
    rc, _, err = add_user(capsys, monkeypatch, accounts, "eve", "admin", "evil12345", as_user="clerk1",
                          as_password="clerk12345")
    assert rc == 2 and "无权管理账号" in err
    monkeypatch.setattr("sys.stdin", io.StringIO("taken0ver99\n"))
    rc, _, err = run(capsys, accounts, *as_clerk, "user", "passwd", "--username", "boss", "--password-stdin",
                     password="clerk12345", monkeypatch=monkeypatch)
    assert rc == 2 and "无权管理账号" in err
    after = records(accounts)
    assert {t: v for t, v in after.items() if t != "user_account"} == {
        t: v for t, v in before.items() if t != "user_account"}


def test_history_records_the_authenticated_account(accounts, capsys, monkeypatch):
    rc, _, err = run(capsys, accounts, "--user", "clerk1", "file", "update", "230102001-000001",
                     "bank_account=6222000000000000001", password="clerk12345", monkeypatch=monkeypatch)
    assert rc == 0, err
    with sqlite3.connect(accounts) as conn:
        rows = conn.execute("SELECT actor, new_value FROM audit_log WHERE field = 'bank_account'").fetchall()
    assert rows == [("clerk1", "6222000000000000001")]
    assert audit(accounts, "signin")[-1] == ("signin", "clerk1", None)


def test_read_only_verbs_need_no_credentials(accounts, capsys, monkeypatch):
    rc, out, err = run(capsys, accounts, "file", "list", "--json", monkeypatch=monkeypatch)
    assert rc == 0, err
    assert json.loads(out)["total"] == 1
    rc, _, err = run(capsys, accounts, "verify", monkeypatch=monkeypatch)
    assert rc == 0, err


def test_lock_out_on_the_command_line(accounts, capsys, monkeypatch):
    verb = ["file", "update", "230102001-000001", "phone=13800000002"]
    for _ in range(5):
        rc, _, err = run(capsys, accounts, "--user", "clerk1", *verb, password="nope-nope1", monkeypatch=monkeypatch)
        assert rc == 2
    rc, _, err = run(capsys, accounts, "--user", "clerk1", *verb, password="clerk12345", monkeypatch=monkeypatch)
    assert rc == 2 and "已锁定" in err
    assert audit(accounts, "lockout") == [("lockout", "clerk1", "5 failures: locked 15 min")]
