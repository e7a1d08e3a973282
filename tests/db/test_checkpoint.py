"""The WAL's truncation after a pass (db.engine.checkpoint_truncate): a PASSIVE checkpoint first, which copies the
WAL into the database without the writer's lock (a clerk's save meanwhile commits at once), then the TRUNCATE."""

from __future__ import annotations

import datetime as dt
import sqlite3
import time
from typing import Any

from assist_desktop.db import engine as engine_mod
from assist_desktop.services.demo import build_demo


def _wal_size(db: Any) -> int:
    wal = db.sqlite_file.with_name(db.sqlite_file.name + "-wal")
    return wal.stat().st_size if wal.exists() else 0


class _Spy:
    """A raw connection that records its statements, and runs `during_passive` around the PASSIVE checkpoint."""

    def __init__(self, conn: Any, seen: list[str], during_passive: Any) -> None:
        self._conn, self._seen, self._during = conn, seen, during_passive

    def execute(self, sql: str, *args: Any) -> Any:
        self._seen.append(sql)
        if "wal_checkpoint(PASSIVE)" in sql and self._during is not None:
            return self._during(self._conn, sql)
        return self._conn.execute(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


def test_passive_first_then_truncated_and_a_save_meanwhile_is_not_blocked(db, monkeypatch):
    if not db.is_sqlite:
        assert engine_mod.checkpoint_truncate(db) is False
        return
    build_demo(db, files=40, seed=5, as_of=dt.date(2026, 11, 20), evaluate=False)
    with db.transaction() as s:  # a long WAL, as after a pass: the auto-checkpoint kept off for this
        raw = s.connection().connection.driver_connection
        raw.execute("PRAGMA wal_autocheckpoint=0")
        for k in range(300):
            s.connection().exec_driver_sql(
                "UPDATE hardship_file SET address = ? WHERE rowid = ?", (f"路{k}号", k % 40 + 1)
            )
    assert _wal_size(db) > 0
    seen: list[str] = []
    saved: dict[str, Any] = {}

    def save_while_passive(conn: Any, sql: str) -> Any:
        # a clerk's save holds the writer's lock while the passive checkpoint runs ...
        clerk = sqlite3.connect(db.sqlite_file, timeout=0, isolation_level=None)
        clerk.execute("BEGIN IMMEDIATE")
        clerk.execute("UPDATE hardship_file SET phone = '13900000000' WHERE rowid = 1")
        t0 = time.perf_counter()
        result = conn.execute(sql)
        row = result.fetchone()
        saved["passive_seconds"] = time.perf_counter() - t0
        saved["passive_busy"] = row[0]
        clerk.execute("COMMIT")  # ... and commits at once (no busy timeout: it would fail if it had to wait)
        clerk.close()

        class _Done:
            def fetchone(self) -> Any:
                return row

        return _Done()

    new_raw = db._new_raw
    monkeypatch.setattr(db, "_new_raw", lambda: _Spy(new_raw(), seen, save_while_passive))
    db.dispose()  # the idle raw connections made before the spy are not reused
    assert engine_mod.checkpoint_truncate(db) is True
    checkpoints = [q for q in seen if "wal_checkpoint" in q]
    assert checkpoints == ["PRAGMA wal_checkpoint(PASSIVE)", "PRAGMA wal_checkpoint(TRUNCATE)"]
    assert saved["passive_busy"] == 0  # PASSIVE never waits for the writer
    assert saved["passive_seconds"] < engine_mod.BUSY_TIMEOUT_MS / 1000 / 2
    assert _wal_size(db) == 0  # truncated, the clerk's save included
    check = sqlite3.connect(db.sqlite_file)
    try:
        assert check.execute("SELECT phone FROM hardship_file WHERE rowid = 1").fetchone() == ("13900000000",)
        assert check.execute("SELECT address FROM hardship_file WHERE rowid = 20").fetchone() == ("路299号",)
    finally:
        check.close()

