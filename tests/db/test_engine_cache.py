"""SQLite's page cache: a daily size on every connection, a large one for the length of a bulk write."""

from __future__ import annotations

import ctypes
import ctypes.util
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from assist_desktop.db import engine
from assist_desktop.db.engine import BULK_CACHE_KIB, CACHE_KIB, HEAP_LIMIT_KIB, Database, bulk_cache


def _cache_size(s: Session) -> int:
    return int(s.connection().exec_driver_sql("PRAGMA cache_size").scalar())


def test_connections_get_the_daily_cache_and_bulk_writes_the_large_one(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    with db.transaction() as s:
        assert _cache_size(s) == -CACHE_KIB  # not SQLite's 2 MB default
        with bulk_cache(s):
            assert _cache_size(s) == -BULK_CACHE_KIB
            s.connection().exec_driver_sql("CREATE TABLE t (x INTEGER)")
            s.connection().exec_driver_sql("INSERT INTO t VALUES (1)")
        assert _cache_size(s) == -CACHE_KIB  # given back when the block ends
    with db.reader() as s:
        assert s.connection().exec_driver_sql("SELECT x FROM t").scalar() == 1  # the write committed
    db.dispose()


def test_the_cache_is_given_back_when_the_bulk_write_fails(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    with db.transaction() as s:
        s.connection().exec_driver_sql("CREATE TABLE t (x INTEGER)")
    try:
        with db.transaction() as s, bulk_cache(s):
            s.connection().exec_driver_sql("INSERT INTO t VALUES (1)")
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    with db.reader() as s:
        assert _cache_size(s) == -CACHE_KIB
        assert s.connection().exec_driver_sql("SELECT count(*) FROM t").scalar() == 0
    db.dispose()


def test_the_cache_is_given_back_after_a_rollback_inside_the_block(tmp_path: Path) -> None:
    """A dry run rolls back inside the block (services/roster.py): the connection is back in the pool by its end."""
    db = Database(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    with db.transaction() as s:
        s.connection().exec_driver_sql("CREATE TABLE t (x INTEGER)")
    with db.transaction() as s, bulk_cache(s):
        s.connection().exec_driver_sql("INSERT INTO t VALUES (1)")
        s.rollback()
    with db.reader() as s:
        assert _cache_size(s) == -CACHE_KIB
        assert s.connection().exec_driver_sql("SELECT count(*) FROM t").scalar() == 0
    db.dispose()


def _heap_limit(s: Session) -> int:
    return int(s.connection().exec_driver_sql("PRAGMA soft_heap_limit").scalar())


def test_the_process_heap_limit_bounds_all_connections_and_bulk_writes_raise_it(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    with db.transaction() as s:
        assert _heap_limit(s) == HEAP_LIMIT_KIB * 1024
        with bulk_cache(s):
            assert _heap_limit(s) == (HEAP_LIMIT_KIB + BULK_CACHE_KIB) * 1024
            with db.reader() as other:  # process-wide: every connection sees it
                assert _heap_limit(other) == (HEAP_LIMIT_KIB + BULK_CACHE_KIB) * 1024
        assert _heap_limit(s) == HEAP_LIMIT_KIB * 1024
    try:
        with db.transaction() as s, bulk_cache(s):
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    with db.reader() as s:
        assert _heap_limit(s) == HEAP_LIMIT_KIB * 1024  # lowered again after a failed bulk write
    db.dispose()


def _sqlite_memory_used() -> Callable[[], int] | None:
    """SQLite's own count of the heap it holds, when the driver uses the system's shared library."""
    try:
        lib = ctypes.CDLL(ctypes.util.find_library("sqlite3") or "libsqlite3.so.0")
        fn = lib.sqlite3_memory_used
    except (OSError, AttributeError):
        return None
    fn.restype = ctypes.c_int64
    probe = sqlite3.connect(":memory:")
    before = fn()
    probe.execute("CREATE TABLE t (x)")
    probe.executemany("INSERT INTO t VALUES (?)", [("x" * 1000,)] * 2000)
    grew = fn() > before  # the count moves with this driver's connections: it is the same library
    probe.close()
    return (lambda: int(fn())) if grew else None


def test_the_caches_of_many_connections_stay_within_the_heap_limit(tmp_path: Path, monkeypatch: Any) -> None:
    used = _sqlite_memory_used()
    if used is None:
        pytest.skip("the sqlite3 driver does not use a shared SQLite library here")
    path = tmp_path / "big.sqlite3"
    with sqlite3.connect(path) as conn:  # about 12 MB of pages
        conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
        conn.executemany("INSERT INTO t (v) VALUES (?)", [(f"{i:08d}" + "x" * 1000,) for i in range(12000)])
    monkeypatch.setattr(engine, "HEAP_LIMIT_KIB", 4 * 1024)  # 4 MiB for all connections together
    db = Database(f"sqlite:///{path}")
    readers = []
    for _ in range(4):  # four connections held at once, each reading every page through its 32 MiB cache
        cm = db.reader()
        s = cm.__enter__()
        readers.append(cm)
        assert s.connection().exec_driver_sql("SELECT count(*), sum(length(v)) FROM t").one()[0] == 12000
    assert used() < 8 * 1024 * 1024  # without the limit: about 4 × 12 MB
    for cm in readers:
        cm.__exit__(None, None, None)
    db.dispose()
