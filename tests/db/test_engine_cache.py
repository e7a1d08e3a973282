"""SQLite's page cache: a daily size on every connection, a large one for the length of a bulk write."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from assist_desktop.db.engine import BULK_CACHE_KIB, CACHE_KIB, Database, bulk_cache


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
