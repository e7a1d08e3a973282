"""reevaluate_all's ways of writing less (issue 12, item 6): batches read and written in storage order on SQLite
(rowid keyset) write what id order writes; the WAL's checkpoint threshold raised for a pass is given back on every
connection it was raised on, also when the pass fails, and the WAL is truncated after it; batches sized by time
grow and shrink within their bounds and evaluate every file once."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select

from assist_desktop.db import engine as engine_mod
from assist_desktop.db.models import HardshipFile
from assist_desktop.services import lifecycle
from assist_desktop.services.demo import build_demo
from assist_desktop.services.lifecycle import next_batch_size, reevaluate_all
from assist_desktop.services.standards import set_standard
from tests.services.test_reevaluate_matches_services import _compare_one_pass

AS_OF = dt.date(2026, 11, 20)


def _rowids_not_in_id_order(db: Any) -> None:
    """The demo's files are stored in an order other than their ids' (random UUIDs): what the test relies on."""
    with db.raw_reader() as conn:
        by_rowid = [r[0] for r in conn.execute("SELECT id FROM hardship_file ORDER BY rowid")]
    assert by_rowid != sorted(by_rowid) and len(by_rowid) > 20


@pytest.mark.parametrize("storage_order", [True, False])
def test_storage_order_writes_what_the_service_path_writes(db, monkeypatch, storage_order):
    """Either order, batches that split the files anywhere: the files' lifecycle, the history entries and the
    audit rows are exactly what evaluate_in writes file by file (first pass, then after a rise of LB)."""
    monkeypatch.setattr(lifecycle, "STORAGE_ORDER", storage_order)
    build_demo(db, files=60, seed=31, as_of=AS_OF, evaluate=False)
    keys: list[Any] = []
    batch_fn = lifecycle._reevaluate_batch

    def spy(db_: Any, last_key: Any, *args: Any) -> Any:
        keys.append(last_key)
        return batch_fn(db_, last_key, *args)

    monkeypatch.setattr(lifecycle, "_reevaluate_batch", spy)
    first = _compare_one_pass(db, batch=11)
    assert first["changed"] == 60
    if db.is_sqlite:
        _rowids_not_in_id_order(db)
        expected_type = int if storage_order else str
        assert {type(k) for k in keys} == {expected_type}
        assert keys == sorted(keys) and len(keys) == 7  # 6 batches of files and the empty one that ends the pass
    else:
        assert {type(k) for k in keys} == {str}  # PostgreSQL keeps the id order
    set_standard(db, lb="800", mw="2200", effective="2026-11-01", today=AS_OF)
    rise = _compare_one_pass(db, batch=9)
    assert rise["changed"] > 5


def test_storage_order_and_id_order_decide_alike_on_the_same_rows(db, monkeypatch):
    """The rows the SQLite storage-order reader gives the rules (files, facts, members, visits, starts, steps)
    are the Core reader's, value for value and type for type."""
    if not db.is_sqlite:
        pytest.skip("the storage-order reader is SQLite's")
    build_demo(db, files=40, seed=9, as_of=AS_OF, evaluate=True)
    t = lifecycle.table_of(HardshipFile)
    with db.reader() as s:
        conn = s.connection()
        stored, last, related = lifecycle._read_stored(conn, 0, 1000, None)
        core = lifecycle._plain_rows(conn, select(*[t.c[k] for k in lifecycle._FILE_KEYS]).order_by(t.c.id))
        by_id = {r.id: r for r in stored}
        assert len(stored) == len(core) == 40 and last == max(
            conn.exec_driver_sql("SELECT rowid FROM hardship_file").scalars()
        )
        rowid_of = dict(conn.exec_driver_sql("SELECT id, rowid FROM hardship_file").all())
        n = len(lifecycle._FILE_KEYS)
        for row in core:
            mine = by_id[row.id]  # the file's columns, then its rowid
            assert tuple(mine[:n]) == tuple(row) and [type(v) for v in mine[:n]] == [type(v) for v in row]
            assert mine.rowid == rowid_of[row.id] and len(mine) == n + 1
        lo, hi = core[0].id, core[-1].id
        ids = set(by_id)
        facts = lifecycle.RELATED_READS[0].by_file(lifecycle._plain_rows(conn, (
            select(lifecycle.table_of(lifecycle.IncomeFact).c.file_id,
                   *[lifecycle.table_of(lifecycle.IncomeFact).c[c] for c in lifecycle._FACT_COLUMNS])
            .where(lifecycle.table_of(lifecycle.IncomeFact).c.file_id.between(lo, hi))
            .order_by(lifecycle.table_of(lifecycle.IncomeFact).c.file_id,
                      lifecycle.table_of(lifecycle.IncomeFact).c.as_of,
                      lifecycle.table_of(lifecycle.IncomeFact).c.recorded_at)
        )), ids)
        assert {k: [tuple(r) for r in v] for k, v in related[0].items()} == {
            k: [tuple(r) for r in v] for k, v in facts.items()
        } and facts
        _, _, visits, starts, steps = lifecycle._related_in_range(conn, lo, hi, ids)
        assert related[2] == visits and related[3] == starts and visits
        assert {type(d) for days in visits.values() for d in days} == {dt.date}
        assert {k: [tuple(r) for r in v] for k, v in related[4].items()} == {
            k: [tuple(r) for r in v] for k, v in steps.items()
        }
        assert lifecycle._read_stored(conn, last, 1000, None)[0] == []
        # the sorters were kept in memory for the reads only: the connection's own setting is back
        raw = conn.connection.driver_connection
        assert int(raw.execute("PRAGMA temp_store").fetchone()[0]) == 0


def _checkpoint_pages(raw: Any) -> int:
    return int(raw.execute("PRAGMA wal_autocheckpoint").fetchone()[0])


def _pages_of_a_session(db: Any) -> int:
    """The threshold of a connection the pool hands out now (what a clerk's save would commit with)."""
    with db.transaction() as s:
        return _checkpoint_pages(s.connection().connection.driver_connection)


def _wal_size(db: Any) -> int:
    wal = db.sqlite_file.with_name(db.sqlite_file.name + "-wal")
    return wal.stat().st_size if wal.exists() else 0


def _spy_batches(monkeypatch: pytest.MonkeyPatch, db: Any) -> list[int]:
    """The threshold of the pass's own connection inside each batch, and of another session opened meanwhile."""
    seen: list[int] = []
    read_stored = lifecycle._read_stored

    def spy(conn: Any, *args: Any) -> Any:  # each batch's first read, on the connection of its transaction
        seen.append(_checkpoint_pages(conn.connection.driver_connection))
        return read_stored(conn, *args)

    monkeypatch.setattr(lifecycle, "_read_stored", spy)
    return seen


def test_the_checkpoint_threshold_is_raised_for_the_pass_and_given_back(db, monkeypatch):
    if not db.is_sqlite:
        pytest.skip("the WAL is SQLite's")
    build_demo(db, files=30, seed=4, as_of=AS_OF, evaluate=False)
    assert _pages_of_a_session(db) == engine_mod.WAL_PAGES_DEFAULT
    seen = _spy_batches(monkeypatch, db)
    during: list[int] = []
    summary = reevaluate_all(
        db, as_of=AS_OF, batch=8, wal_pages=7000, progress=lambda *_: during.append(_pages_of_a_session(db))
    )
    assert summary["changed"] == 30
    assert seen and set(seen) == {7000}  # the pass's connection, inside every batch (its commit included)
    # and any other connection handed out meanwhile (a clerk's save); the first report comes before the batches
    assert during[0] == 1000 and set(during[1:]) == {7000}
    assert _pages_of_a_session(db) == engine_mod.WAL_PAGES_DEFAULT  # given back
    assert _wal_size(db) == 0  # the WAL truncated after the pass
    with db.reader() as s:  # and everything is in the database
        assert s.scalar(select(HardshipFile.status).where(HardshipFile.status != "found").limit(1)) is not None
    # the module's setting is the default of the pass
    monkeypatch.setattr(lifecycle, "PASS_WAL_PAGES", 3000)
    seen.clear()
    set_standard(db, lb="800", mw="2200", effective="2026-11-01", today=AS_OF)
    reevaluate_all(db, as_of=AS_OF, batch=8)
    assert set(seen) == {3000} and _pages_of_a_session(db) == engine_mod.WAL_PAGES_DEFAULT


def test_the_checkpoint_threshold_is_given_back_after_a_failing_pass(db, monkeypatch):
    if not db.is_sqlite:
        pytest.skip("the WAL is SQLite's")
    build_demo(db, files=30, seed=4, as_of=AS_OF, evaluate=False)
    seen = _spy_batches(monkeypatch, db)
    real_write = lifecycle._write_batch
    calls = []

    def failing(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk gone")
        return real_write(*args, **kwargs)

    monkeypatch.setattr(lifecycle, "_write_batch", failing)
    with pytest.raises(RuntimeError, match="disk gone"):
        reevaluate_all(db, as_of=AS_OF, batch=8, wal_pages=7000)
    assert seen == [7000, 7000]
    assert _pages_of_a_session(db) == engine_mod.WAL_PAGES_DEFAULT
    assert _wal_size(db) == 0
    with db.reader() as s:  # the first batch is in, the failed one rolled back as a whole
        statuses = list(s.scalars(select(HardshipFile.evaluated_on)))
    assert sum(1 for d in statuses if d is not None) == 8


def test_wal_checkpoints_off_sqlite_and_at_the_default_change_nothing(db):
    with engine_mod.wal_checkpoints(db, engine_mod.WAL_PAGES_DEFAULT):
        if db.is_sqlite:
            assert _pages_of_a_session(db) == engine_mod.WAL_PAGES_DEFAULT
    with engine_mod.wal_checkpoints(db, 5000):
        if db.is_sqlite:
            assert _pages_of_a_session(db) == 5000
    if db.is_sqlite:
        assert _pages_of_a_session(db) == engine_mod.WAL_PAGES_DEFAULT
    assert engine_mod.checkpoint_truncate(db) is db.is_sqlite


def test_next_batch_size_follows_the_time_within_bounds():
    assert next_batch_size(2000, 0.25, 1.0, 2000, 50_000) == 4000  # fast: at most double
    assert next_batch_size(2000, 0.9, 1.0, 2000, 50_000) == 2222
    assert next_batch_size(8000, 4.0, 1.0, 2000, 50_000) == 4000  # slow: at most halve
    assert next_batch_size(3000, 4.0, 1.0, 2000, 50_000) == 2000  # never under the smallest
    assert next_batch_size(40_000, 0.1, 1.0, 2000, 50_000) == 50_000  # never over the largest
    assert next_batch_size(2000, 0.0, 1.0, 2000, 50_000) == 4000


def test_batches_sized_by_time_evaluate_every_file_once(db, monkeypatch):
    build_demo(db, files=50, seed=12, as_of=AS_OF, evaluate=False)
    sizes: list[int] = []
    batch_fn = lifecycle._reevaluate_batch

    def spy(db_: Any, last_key: Any, batch: int, *args: Any) -> Any:
        sizes.append(batch)
        return batch_fn(db_, last_key, batch, *args)

    monkeypatch.setattr(lifecycle, "_reevaluate_batch", spy)
    done: list[int] = []
    # a target no batch of this size reaches: each next batch doubles, up to max_batch
    summary = reevaluate_all(
        db, as_of=AS_OF, batch=3, batch_seconds=3600.0, max_batch=20, progress=lambda d, _t: done.append(d)
    )
    assert sizes[:4] == [3, 6, 12, 20]
    assert summary["evaluated"] == 50 and summary["changed"] == 50
    assert done == [0, 3, 9, 21, 41, 50]
    with db.reader() as s:
        assert all(f.evaluated_on is not None for f in s.scalars(select(HardshipFile)))
    assert reevaluate_all(db, as_of=AS_OF, batch=3, batch_seconds=3600.0, max_batch=20)["changed"] == 0


def test_updates_by_rowid_write_what_updates_by_id_write(db, monkeypatch):
    """SQLite's storage-order batches find their files by the rowids read; by id or by rowid, the same rows."""
    build_demo(db, files=40, seed=17, as_of=AS_OF, evaluate=False)
    calls: list[str] = []
    from assist_desktop.db.bulk import BulkWriter

    for name in ("update_guarded", "update_guarded_at_rowid"):
        fn = getattr(BulkWriter, name)

        def spy(self: Any, *args: Any, _fn: Any = fn, _name: str = name, **kwargs: Any) -> Any:
            calls.append(_name)
            return _fn(self, *args, **kwargs)

        monkeypatch.setattr(BulkWriter, name, spy)
    first = _compare_one_pass(db, batch=9)
    assert first["changed"] == 40
    expected = "update_guarded_at_rowid" if db.is_sqlite else "update_guarded"
    assert calls and set(calls) == {expected}
    monkeypatch.setattr(lifecycle, "UPDATE_BY_ROWID", False)
    calls.clear()
    set_standard(db, lb="800", mw="2200", effective="2026-11-01", today=AS_OF)
    rise = _compare_one_pass(db, batch=7)
    assert rise["changed"] > 3 and set(calls) == {"update_guarded"}
