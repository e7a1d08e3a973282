"""Database errors are classified by the driver's code: the environment's kinds, and bugs (None)."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, OperationalError

from assist_desktop.db import engine as engine_mod
from assist_desktop.db.engine import Database
from assist_desktop.db.errors import (
    DatabaseCorrupt,
    DatabaseLocked,
    DatabaseReadOnly,
    DiskFull,
    StorageError,
    StorageKind,
    classify,
    short_reason,
    storage_error,
)


def sqlite_error(sql: str, conn: sqlite3.Connection) -> sqlite3.Error:
    with pytest.raises(sqlite3.Error) as info:
        conn.execute(sql)
    return info.value


def test_sqlite_codes_not_words(tmp_path):
    conn = sqlite3.connect(tmp_path / "x.sqlite3")
    conn.execute("CREATE TABLE t (a INTEGER PRIMARY KEY)")
    missing = sqlite_error("SELECT b FROM t", conn)
    assert missing.sqlite_errorname == "SQLITE_ERROR" and classify(missing) is None
    conn.execute("INSERT INTO t VALUES (1)")
    dup = sqlite_error("INSERT INTO t VALUES (1)", conn)
    assert classify(dup) is None  # a broken constraint is ours to handle, not the environment's

    # the same words with another code is not a storage error, and a code with any words is one
    class Fake(sqlite3.OperationalError):
        pass

    worded = Fake("database is locked, disk full, readonly")
    worded.sqlite_errorcode, worded.sqlite_errorname = 1, "SQLITE_ERROR"
    assert classify(worded) is None
    for code, kind in ((5, StorageKind.LOCKED), (6, StorageKind.LOCKED), (8, StorageKind.READ_ONLY),
                       (13, StorageKind.FULL), (11, StorageKind.CORRUPT), (26, StorageKind.CORRUPT),
                       (14, StorageKind.CANNOT_OPEN), (3, StorageKind.PERMISSION), (10, StorageKind.IO),
                       (8 | (1 << 8), StorageKind.READ_ONLY), (5 | (2 << 8), StorageKind.LOCKED)):
        err = Fake("some words")
        err.sqlite_errorcode, err.sqlite_errorname = code, "X"
        assert classify(err) is kind, code


def test_postgresql_sqlstates():
    psycopg = pytest.importorskip("psycopg")
    from psycopg import errors

    cases = {
        "25006": StorageKind.READ_ONLY, "55P03": StorageKind.LOCKED, "40P01": StorageKind.LOCKED,
        "57P03": StorageKind.UNREACHABLE, "08006": StorageKind.UNREACHABLE, "53100": StorageKind.FULL,
        "53300": StorageKind.FULL, "XX001": StorageKind.CORRUPT, "XX002": StorageKind.CORRUPT,
        "28P01": StorageKind.PERMISSION, "42703": None, "42P01": None, "23505": None,
    }
    for sqlstate, kind in cases.items():
        exc = errors.lookup(sqlstate)("words")
        assert exc.sqlstate == sqlstate
        assert classify(exc) is kind, sqlstate
        wrapped = OperationalError("SELECT 1", {}, exc)
        assert classify(wrapped) is kind, sqlstate
    # a connection refused by the client library has no SQLSTATE
    assert classify(psycopg.OperationalError("connection failed")) is StorageKind.UNREACHABLE
    assert classify(psycopg.ProgrammingError("no")) is None


def test_short_reason_keeps_the_first_line_only():
    psycopg = pytest.importorskip("psycopg")
    exc = psycopg.errors.lookup("23505")(
        'duplicate key value violates unique constraint "uq_id"\nDETAIL:  Key (id_number)=(230102197003151238)')
    wrapped = IntegrityError("INSERT ...", {"id_number": "230102197003151238"}, exc)
    reason = short_reason(wrapped)
    assert reason.startswith("23505: duplicate key") and "230102197003151238" not in reason


def test_os_errors_and_subclasses():
    assert classify(PermissionError(13, "denied")) is StorageKind.PERMISSION
    assert classify(FileNotFoundError(2, "missing")) is StorageKind.CANNOT_OPEN
    assert classify(ValueError("x")) is None
    err = storage_error(PermissionError(13, "denied"))
    assert isinstance(err, StorageError) and err.kind is StorageKind.PERMISSION
    assert "没有访问数据库的权限" in str(err) and "permission" in err.message("en")
    legacy = StorageError("数据库正被其他程序占用")
    assert legacy.kind is StorageKind.UNAVAILABLE and "数据库正被其他程序占用" in str(legacy)
    assert DiskFull().kind is StorageKind.FULL and DatabaseCorrupt().kind is StorageKind.CORRUPT


def test_transaction_raises_the_kind_and_leaves_bugs_alone(tmp_path, monkeypatch):
    monkeypatch.setattr(engine_mod, "BUSY_TIMEOUT_MS", 100)
    path = tmp_path / "t.sqlite3"
    db = Database(f"sqlite:///{path}")
    try:
        with db.transaction() as s:
            s.execute(text("CREATE TABLE t (a INTEGER PRIMARY KEY)"))
        holder = sqlite3.connect(path, isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")
        try:
            with pytest.raises(DatabaseLocked) as info, db.transaction() as s:
                s.execute(text("INSERT INTO t VALUES (1)"))
        finally:
            holder.rollback()
            holder.close()
        assert info.value.kind is StorageKind.LOCKED and "SQLITE_BUSY" in info.value.detail
        with pytest.raises(OperationalError) as bug, db.reader() as s:
            s.execute(text("SELECT nothing FROM t"))
        assert not isinstance(bug.value, StorageError)
        with pytest.raises(IntegrityError), db.transaction() as s:
            s.execute(text("INSERT INTO t VALUES (1)"))
            s.execute(text("INSERT INTO t VALUES (1)"))
        with db.reader() as s:
            assert s.execute(text("SELECT count(*) FROM t")).scalar() == 0  # rolled back as a whole
    finally:
        db.dispose()
    ro = Database(f"sqlite:///file:{path}?mode=ro&uri=true")
    try:
        assert ro.sqlite_file == path
        with pytest.raises(DatabaseReadOnly), ro.transaction() as s:
            s.execute(text("INSERT INTO t VALUES (2)"))
    finally:
        ro.dispose()
