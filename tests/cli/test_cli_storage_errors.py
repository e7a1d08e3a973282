"""The environment's failures exit 3 with a message naming which; a database error of ours exits 1.

Each failure is provoked for real: a second connection holding the write lock, a read-only open, a page
limit the inserts run into, garbage behind a SQLite header, a dropped column, a closed port and (with
ASSIST_TEST_PG) a read-only PostgreSQL database.
"""

from __future__ import annotations

import json
import os
import sqlite3

import pytest

from assist_desktop.cli import main
from assist_desktop.db import engine

PHONE = "13900001111"


def run(capsys, db, *args):
    rc = main(["--db", str(db), "--as-of", "2026-11-20", *args])
    out, err = capsys.readouterr()
    return rc, out, err


@pytest.fixture
def dbfile(tmp_path, capsys):
    path = tmp_path / "env.sqlite3"
    rc, _, err = run(capsys, path, "init", "--union-code", "230102", "--union-name", "南岗区总工会",
                     "--level", "county")
    assert rc == 0, err
    return path


def cadre_names(path):
    with sqlite3.connect(path) as conn:
        return [r[0] for r in conn.execute("SELECT name FROM cadre")]


def test_locked_database_exits_3_and_says_locked(dbfile, capsys, monkeypatch):
    monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", 200)
    holder = sqlite3.connect(dbfile, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        rc, out, err = run(capsys, dbfile, "cadre", "add", "--name", "李四", "--phone", PHONE, "--json")
    finally:
        holder.rollback()
        holder.close()
    assert rc == 3, err
    assert "数据库被锁定" in err and "SQLITE_BUSY" in err
    assert json.loads(out)["errors"][0]["kind"] == "locked"
    assert cadre_names(dbfile) == []


def test_read_only_database_exits_3_and_says_read_only(dbfile, capsys):
    url = f"sqlite:///file:{dbfile}?mode=ro&uri=true"
    rc, _, err = run(capsys, url, "cadre", "add", "--name", "李四", "--phone", PHONE)
    assert rc == 3, err
    assert "数据库只读" in err and "SQLITE_READONLY" in err
    assert not (dbfile.parent / "file:").exists()  # the URI form is not taken for a folder name
    rc, out, err = run(capsys, url, "cadre", "list", "--json")  # reading still works
    assert rc == 0 and json.loads(out) == {"cadres": []}
    assert cadre_names(dbfile) == []


def test_full_disk_exits_3_and_says_full(dbfile, capsys, monkeypatch):
    pragmas = engine._sqlite_pragmas

    def no_room(conn, record):
        pragmas(conn, record)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count={pages}")  # the file may not grow by a single page

    monkeypatch.setattr(engine, "_sqlite_pragmas", no_room)
    rc, _, err = run(capsys, dbfile, "standards", "set", "--lb", "720", "--mw", "2080", "--effective",
                     "2025-01-01", "--no-reevaluate")
    assert rc == 0, err  # a row that fits in a page that is already there
    rc, out, err = run(capsys, dbfile, "demo", "--files", "300", "--json")
    assert rc == 3, err
    assert "磁盘已满" in err and "SQLITE_FULL" in err
    assert json.loads(out)["errors"][0]["kind"] == "full"
    with sqlite3.connect(dbfile) as conn:
        assert conn.execute("SELECT count(*) FROM hardship_file").fetchone()[0] == 0


def test_corrupt_file_exits_3_and_says_corrupt(tmp_path, capsys):
    path = tmp_path / "garbage.sqlite3"
    path.write_bytes(b"SQLite format 3\x00" + os.urandom(8192))
    rc, out, err = run(capsys, path, "stats", "--json")
    assert rc == 3, err
    assert "已损坏" in err and ("SQLITE_NOTADB" in err or "SQLITE_CORRUPT" in err)
    assert json.loads(out)["errors"][0]["kind"] == "corrupt"


def test_english_message_names_the_kind(dbfile, capsys, monkeypatch):
    monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", 100)
    holder = sqlite3.connect(dbfile, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        rc = main(["--db", str(dbfile), "--lang", "en", "cadre", "add", "--name", "李四"])
    finally:
        holder.rollback()
        holder.close()
    err = capsys.readouterr().err
    assert rc == 3 and err.startswith("error: the database is locked")


def test_missing_column_is_a_bug_exit_1_without_record_contents(dbfile, capsys):
    with sqlite3.connect(dbfile) as conn:
        conn.execute("ALTER TABLE cadre DROP COLUMN title")
    rc, out, err = run(capsys, dbfile, "cadre", "add", "--name", "李四", "--phone", PHONE, "--json")
    assert rc == 1, err
    assert "程序错误" in err and "SQLITE_ERROR" in err and "title" in err
    assert "李四" not in out + err and PHONE not in out + err  # no record contents, no SQL parameters
    assert json.loads(out)["errors"][0]["kind"] == "bug"
    rc, _, err = run(capsys, dbfile, "cadre", "list")
    assert rc == 1 and "no such column" in err and err.count("\n") == 1


def test_unreachable_server_exits_3_and_says_unreachable(capsys):
    rc, out, err = run(capsys, "postgresql://nobody@127.0.0.1:1/none", "stats", "--json")
    assert rc == 3, err
    assert "无法打开或升级数据库" in err and "无法连接数据库服务器" in err
    assert json.loads(out)["errors"][0]["kind"] == "unreachable"


def test_read_only_postgresql_exits_3(db_url, capsys):
    if not db_url.startswith("postgresql"):
        pytest.skip("needs a PostgreSQL server (ASSIST_TEST_PG)")
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    rc, _, err = run(capsys, db_url, "init", "--union-code", "230102", "--union-name", "工会", "--level", "county")
    assert rc == 0, err
    name = make_url(db_url).database
    admin = create_engine(db_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on'))
    admin.dispose()
    rc, out, err = run(capsys, db_url, "cadre", "add", "--name", "李四", "--json")
    assert rc == 3, err
    assert "数据库只读" in err and "25006" in err
    assert json.loads(out)["errors"][0]["kind"] == "read_only"
    rc, out, _ = run(capsys, db_url, "cadre", "list", "--json")
    assert rc == 0 and json.loads(out) == {"cadres": []}


def test_wrong_postgresql_port_exits_3(db_url, capsys):
    if not db_url.startswith("postgresql"):
        pytest.skip("needs a PostgreSQL server (ASSIST_TEST_PG)")
    from sqlalchemy.engine import make_url

    wrong = make_url(db_url).set(port=1).render_as_string(hide_password=False)
    rc, out, err = run(capsys, wrong, "stats", "--json")
    assert rc == 3, err
    assert "无法连接数据库服务器" in err and json.loads(out)["errors"][0]["kind"] == "unreachable"
