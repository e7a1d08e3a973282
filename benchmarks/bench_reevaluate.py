"""Re-evaluating every file against a bare SQL pass that reads the same columns.

    .venv/bin/python benchmarks/bench_reevaluate.py --files 1000000 [--db /tmp/bench-1m.sqlite3]
    .venv/bin/python benchmarks/bench_reevaluate.py --db /tmp/copy-of-1m.sqlite3 --cases same,lb

Builds a demo database (unevaluated `found` files) unless --db names an existing one, then times the cases
asked for (all three by default): `first`, the first re-evaluation (most files register); `same`, one with
nothing changed; `lb`, one after raising LB (many adjustments; this writes the new standard into the
database, so run it on a copy); beside the bare pass: sqlite3 reading the very columns `reevaluate_all`
reads (files, dated facts, members, visits, employment starts, procedure steps) in the same keyset batches,
with no rules applied, before and after the cases. On an existing database that is evaluated already, leave
`first` out (it would be a second `same`). Wall and CPU time of each case are printed, and the CPU time of the
re-evaluation's phases (reading, decisions, writing) measured by timing its functions. Benchmarks are not tests:
nothing here asserts a time. Prints a Markdown table to paste into docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sqlite3
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assist_desktop.db import engine as _engine  # noqa: E402
from assist_desktop.db import migrate  # noqa: E402
from assist_desktop.db.engine import Database  # noqa: E402
from assist_desktop.db.models import new_time_id as _new_id  # noqa: E402
from assist_desktop.services import lifecycle  # noqa: E402

AS_OF = dt.date(2026, 11, 20)
_DEFAULT_CACHE = _engine.CACHE_KIB


def build(path: Path, files: int) -> Database:
    from assist_desktop.services.demo import build_demo
    from assist_desktop.services.standards import set_standard
    from assist_desktop.services.unions import init_union

    db = Database(f"sqlite:///{path}")
    migrate.upgrade(db)
    init_union(db, code="230102", name="南岗区总工会", level="county", parent_code="2301")
    set_standard(db, lb="720", mw="2080", effective="2025-01-01", today=AS_OF)
    t0 = time.perf_counter()
    build_demo(db, files=files, seed=1, as_of=AS_OF, evaluate=False, batch=10000)
    print(f"built {files:,} files in {time.perf_counter() - t0:.1f} s", flush=True)
    return db


def bare_pass(path: Path, batch: int = 2000) -> int:
    """sqlite3 reading the columns reevaluate_all reads, in the same keyset batches; touches every value.

    The files' rule and lifecycle columns, their dated income facts, members, home visits, the employment
    starts that begin a watch and the procedure steps: everything the rules are given."""
    file_cols = ", ".join(("id", "row_version") + lifecycle._RULE_COLUMNS + lifecycle._STATE_COLUMNS)
    fact_cols = ", ".join(("file_id",) + lifecycle._FACT_COLUMNS)
    member_cols = ", ".join(("file_id",) + lifecycle._MEMBER_COLUMNS)
    conn = sqlite3.connect(path)
    last, n = "", 0
    while True:
        rows = conn.execute(
            f"SELECT {file_cols} FROM hardship_file WHERE id > ? ORDER BY id LIMIT ?", (last, batch)
        ).fetchall()
        if not rows:
            break
        lo, hi = rows[0][0], rows[-1][0]
        n += sum(len(r) for r in rows)
        for r in conn.execute(
            f"SELECT {fact_cols} FROM income_fact WHERE file_id >= ? AND file_id <= ? "
            "ORDER BY file_id, as_of, recorded_at",
            (lo, hi),
        ):
            n += len(r)
        for r in conn.execute(
            f"SELECT {member_cols} FROM household_member WHERE file_id >= ? AND file_id <= ? "
            "ORDER BY file_id, sort_order",
            (lo, hi),
        ):
            n += len(r)
        for sql in _DATED:
            for r in conn.execute(sql, (lo, hi)):
                n += len(r)
        last = hi
    conn.close()
    return n


def bare_stored_pass(path: Path, batch: int = 2000) -> int:
    """The same columns read the best bare way on SQLite: files in storage (rowid) order, the related rows by
    the batch's ids (json_each), as the SQLite path of reevaluate_all reads them."""
    file_cols = ", ".join(("id", "row_version") + lifecycle._RULE_COLUMNS + lifecycle._STATE_COLUMNS)
    conn = sqlite3.connect(path)
    # as reevaluate_all: near the process's SQLite heap limit (set by the program's connections, process-wide) the
    # ORDER BYs' sorters would otherwise be written out to temporary files
    conn.execute("PRAGMA temp_store=MEMORY")
    last, n = 0, 0
    related = [read.by_ids_sql for read in lifecycle.RELATED_READS]
    while True:
        rows = conn.execute(
            f"SELECT {file_cols}, rowid FROM hardship_file WHERE rowid > ? ORDER BY rowid LIMIT ?", (last, batch)
        ).fetchall()
        if not rows:
            break
        n += sum(len(r) for r in rows)
        ids = (json.dumps([r[0] for r in rows]),)
        for sql in related:
            for r in conn.execute(sql, ids):
                n += len(r)
        last = rows[-1][-1]
    conn.close()
    return n


class Boundaries:
    """The pass's batches as it made them: the last rowid of each (by wrapping lifecycle._reevaluate_batch), so that
    the bare replay of its writes commits the same files together."""

    def __init__(self) -> None:
        self.last: list[int] = []
        self._fn = lifecycle._reevaluate_batch

    def __enter__(self) -> Boundaries:
        fn, last = self._fn, self.last

        def recorded(db, last_key, batch, *args):  # type: ignore[no-untyped-def]
            n, key, counts = fn(db, last_key, batch, *args)
            if n and isinstance(key, int):
                last.append(key)
            return n, key, counts

        lifecycle._reevaluate_batch = recorded  # type: ignore[assignment]
        return self

    def __exit__(self, *exc: object) -> None:
        lifecycle._reevaluate_batch = self._fn  # type: ignore[assignment]


@dataclass
class BatchWrites:
    """One batch's writes: UPDATE parameters by the set of columns changed, history entries, audit rows."""

    updates: dict[tuple[str, ...], list[tuple[Any, ...]]] = field(default_factory=dict)
    events: list[tuple[Any, ...]] = field(default_factory=list)
    audits: list[tuple[Any, ...]] = field(default_factory=list)


#: what the pass writes into each changed file besides its changed lifecycle columns (services/lifecycle.py)
_TAIL = ("evaluated_on", "updated_at", "updated_by", "change_seq", "row_version")


def the_pass_writes(done: Path, before: Path, last: list[int]) -> list[BatchWrites]:
    """Every row the pass wrote into `done` (a copy of `before` when the pass began), per batch of its: the
    changed files' changed lifecycle columns and tail (by rowid, grouped by the set of columns changed, as the
    pass groups its UPDATEs), the new history entries and the new audit rows (all their columns, in the order of
    their ids). Read once, before the timing."""
    state = lifecycle._STATE_COLUMNS
    conn = sqlite3.connect(done)
    conn.execute("ATTACH DATABASE ? AS b", (f"file:{before}?mode=ro",))
    cols = ", ".join(f"d.{c}" for c in (*state, *_TAIL))
    old = ", ".join(f"o.{c}" for c in state)
    rowid_of: dict[str, int] = {}
    batches = [BatchWrites() for _ in last]

    def batch_of(rowid: int) -> BatchWrites:
        import bisect

        return batches[min(bisect.bisect_left(last, rowid), len(last) - 1)]

    for row in conn.execute(f"SELECT d.rowid, d.id, {cols}, {old} FROM hardship_file d JOIN b.hardship_file o "
                            "ON o.rowid = d.rowid WHERE d.row_version <> o.row_version"):
        rowid, fid, new, was = row[0], row[1], row[2:2 + len(state) + len(_TAIL)], row[2 + len(state) + len(_TAIL):]
        rowid_of[fid] = rowid
        keys = tuple(c for c, a, b in zip(state, new, was, strict=False) if a != b)
        values = tuple(v for c, v in zip(state, new, strict=False) if c in keys) + tuple(new[len(state):])
        batch_of(rowid).updates.setdefault(keys, []).append((*values, rowid))
    for row in conn.execute("SELECT * FROM status_event e WHERE NOT EXISTS "
                            "(SELECT 1 FROM b.status_event o WHERE o.id = e.id) ORDER BY e.id"):
        batch_of(rowid_of[row[1]]).events.append(row)
    top = conn.execute("SELECT coalesce(max(id), 0) FROM b.audit_log").fetchone()[0]
    # the files' audit rows (the new standard a case sets before the pass has its own: not the pass's work)
    for row in conn.execute("SELECT * FROM audit_log WHERE id > ? AND table_name = 'hardship_file' ORDER BY id",
                            (top,)):
        batch_of(rowid_of[row[5]]).audits.append(row)
    conn.close()
    return batches


def bare_same_work(path: Path, last: list[int], writes: list[BatchWrites], wal_pages: int) -> int:
    """The best bare way to do the pass's work short of deciding: in the pass's own batches (one transaction
    each, in storage order), read the same columns as `bare_stored_pass`, then write the rows the pass wrote
    (given: `the_pass_writes`) with executemany — the UPDATEs by rowid, setting only the columns that changed, the
    history entries and the audit rows as they are — and take the transaction's change number as the pass does;
    the connection set as the program's (WAL, synchronous NORMAL, its page cache and checkpoint threshold), the
    WAL truncated at the end."""
    file_cols = ", ".join(("id", "row_version") + lifecycle._RULE_COLUMNS + lifecycle._STATE_COLUMNS)
    related = [read.by_ids_sql for read in lifecycle.RELATED_READS]
    conn = sqlite3.connect(path, isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=NORMAL", f"cache_size=-{_engine.CACHE_KIB}",
                   "temp_store=MEMORY", f"wal_autocheckpoint={wal_pages}"):
        conn.execute(f"PRAGMA {pragma}")
    event_sql = audit_sql = ""
    for w in writes:
        if w.events and not event_sql:
            event_sql = f"INSERT INTO status_event VALUES ({', '.join('?' * len(w.events[0]))})"
        if w.audits and not audit_sql:
            audit_sql = f"INSERT INTO audit_log VALUES ({', '.join('?' * len(w.audits[0]))})"
    n, low = 0, 0
    for high, w in zip(last, writes, strict=True):
        conn.execute("BEGIN IMMEDIATE")
        rows = conn.execute(f"SELECT {file_cols}, rowid FROM hardship_file WHERE rowid > ? AND rowid <= ? "
                            "ORDER BY rowid", (low, high)).fetchall()
        n += sum(len(r) for r in rows)
        ids = (json.dumps([r[0] for r in rows]),)
        for sql in related:
            for r in conn.execute(sql, ids):
                n += len(r)
        conn.execute("UPDATE sequence SET next_value = next_value + 1 WHERE name = 'change_seq'")
        for keys, params in w.updates.items():
            sets = ", ".join(f"{c} = ?" for c in (*keys, *_TAIL))
            conn.executemany(f"UPDATE hardship_file SET {sets} WHERE rowid = ?", params)
        if w.events:
            conn.executemany(event_sql, w.events)
        if w.audits:
            conn.executemany(audit_sql, w.audits)
        conn.execute("COMMIT")
        low = high
    conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return n


_DATED = (
    "SELECT file_id, visited_on FROM home_visit WHERE file_id >= ? AND file_id <= ? ORDER BY file_id, visited_on",
    "SELECT file_id, started_on FROM employment_support WHERE file_id >= ? AND file_id <= ? AND kind IN "
    f"({', '.join(repr(k) for k in sorted(lifecycle.WATCH_START_KINDS))}) ORDER BY file_id, started_on",
    "SELECT file_id, procedure, step, done_on, result, notice_end, level FROM procedure_step "
    "WHERE file_id >= ? AND file_id <= ? ORDER BY file_id, done_on, recorded_at",
)


class Phases:
    """CPU time spent in the re-evaluation's functions (reading, decisions, writing, commit), by wrapping them."""

    NAMES = {"_plain_rows": "reading", "_read_stored": "reading", "decide": "decisions", "_write_batch": "writing"}

    def __init__(self) -> None:
        self.cpu: dict[str, float] = {}
        self._saved: list[tuple[object, str, object]] = []

    def __enter__(self) -> Phases:
        from sqlalchemy.orm import Session

        for name, label in self.NAMES.items():
            if hasattr(lifecycle, name):
                self._wrap(lifecycle, name, label)
        self._wrap(Session, "commit", "commit")
        return self

    def _wrap(self, owner: object, name: str, label: str) -> None:
        fn = getattr(owner, name)
        cpu = self.cpu

        def timed_fn(*args, **kwargs):  # type: ignore[no-untyped-def]
            c0 = time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                cpu[label] = cpu.get(label, 0.0) + time.process_time() - c0

        self._saved.append((owner, name, fn))
        setattr(owner, name, timed_fn)

    def __exit__(self, *exc: object) -> None:
        for owner, name, fn in reversed(self._saved):
            setattr(owner, name, fn)


#: bytes passed to write calls by each timed step (/proc/self/io wchar), by label
WRITTEN: dict[str, int] = {}


def timed(label: str, fn, rows: list[tuple[str, float, float]]):  # type: ignore[no-untyped-def]
    """Wall and CPU time of `fn` (on a shared machine the CPU time is the steadier of the two), bytes written."""
    w0, t0, c0 = io_written("wchar"), time.perf_counter(), time.process_time()
    value = fn()
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    written = io_written("wchar") - w0
    rows.append((label, seconds, cpu))
    counts = getattr(value, "counts", value)
    if isinstance(counts, dict) and "changed" in counts:  # say what the pass did: a "same" pass may change files
        rows[-1] = (f"{label} ({counts['changed']:,} change)", seconds, cpu)
    WRITTEN[rows[-1][0]] = written
    print(f"  {label:<46} {seconds:8.2f} s  cpu {cpu:8.2f} s  written {written / 1e6:,.0f} MB  "
          f"peak RSS {rss_peak_mb():.0f} MB  {counts if isinstance(counts, dict) else ''}", flush=True)
    return value


def io_written(key: str = "write_bytes") -> int:
    """Bytes this process has written so far (/proc/self/io; 0 where there is none): `write_bytes`, what it sent
    to storage (counted when a page of the page cache turns dirty: a page rewritten before the kernel wrote it
    out counts once), or `wchar`, what it passed to write calls (every WAL frame and checkpointed page)."""
    try:
        with open("/proc/self/io") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def rss_peak_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class PartPass:
    """Limits reevaluate_all to `batches` batches starting at fraction `start` of the keys (rowid or id), and
    records the WAL's largest size after each batch (by wrapping lifecycle._reevaluate_batch)."""

    def __init__(self, path: Path, batches: int | None, start: float) -> None:
        self.path, self.batches, self.start = path, batches, start
        self.calls = 0
        self.wal_max = 0
        self.files = 0
        self._fn = lifecycle._reevaluate_batch

    def __enter__(self) -> PartPass:
        fn = self._fn
        wal = Path(f"{self.path}-wal")
        with sqlite3.connect(self.path) as conn:
            top = int(conn.execute("SELECT max(rowid) FROM hardship_file").fetchone()[0] or 0)

        def limited(db, last_key, batch, *args):  # type: ignore[no-untyped-def]
            if self.batches is not None and self.calls >= self.batches:
                return 0, last_key, {}
            if self.calls == 0 and self.start:
                last_key = int(self.start * top) if isinstance(last_key, int) else f"{int(self.start * 16**8):08x}"
            self.calls += 1
            n, last, counts = fn(db, last_key, batch, *args)
            self.files += n
            self.wal_max = max(self.wal_max, wal.stat().st_size if wal.exists() else 0)
            return n, last, counts

        lifecycle._reevaluate_batch = limited  # type: ignore[assignment]
        return self

    def __exit__(self, *exc: object) -> None:
        lifecycle._reevaluate_batch = self._fn  # type: ignore[assignment]


def part_passes(db: Database, path: Path, spec: str, batches: int | None, start: float, step: float) -> None:
    """The `lb` pass (LB raised first) in parts, one per variant of `spec` ("order=rowid,wal=20000,batch=2000,
    seconds=1;order=id"), each on its own slice of the files (`batches` batches from fraction start + i*step):
    wall, CPU, bytes written (/proc/self/io) and the WAL's largest size, per changed file."""
    from assist_desktop.services.standards import set_standard

    set_standard(db, lb="800", mw="2200", effective="2026-11-01", today=AS_OF)
    print("| variant | files | changed | wall s | CPU s | written MB (write calls) | to storage MB | WAL max MB | "
          "KB written / changed file (write calls) | to storage | batches | peak RSS MB |\n"
          "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|", flush=True)
    for i, variant in enumerate(v for v in spec.split(";") if v.strip()):
        opts = dict(kv.split("=") for kv in variant.split(",") if kv.strip())
        lifecycle.STORAGE_ORDER = opts.get("order", "rowid") == "rowid"
        lifecycle.PASS_WAL_PAGES = int(opts.get("wal", 1000))
        # rowid=0: the UPDATEs find the files by id (the primary key's index), not by the rowids read
        lifecycle.UPDATE_BY_ROWID = opts.get("rowid", "1") != "0"
        # ids=4: random ids (version 4) for the history entries instead of time-ordered ones
        lifecycle.new_time_id = (lambda: str(uuid.uuid4())) if opts.get("ids") == "4" else _new_id  # type: ignore
        # cache=KiB: every connection's page cache (and the heap limit raised by as much), from new connections
        _set_cache(db, int(opts.get("cache", _DEFAULT_CACHE)))
        seconds = float(opts["seconds"]) if "seconds" in opts else None
        size = int(opts.get("batch", 2000))
        s0, w0, t0, c0 = io_written(), io_written("wchar"), time.perf_counter(), time.process_time()
        with PartPass(path, batches, start + i * step) as part:
            result = lifecycle.reevaluate_all(db, as_of=AS_OF, batch=size, batch_seconds=seconds,
                                              max_batch=int(opts.get("max", 10_000)))
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        written, stored = io_written("wchar") - w0, io_written() - s0
        changed = max(int(result.counts["changed"]), 1)
        print(f"| {variant} | {part.files:,} | {changed:,} | {wall:.1f} | {cpu:.1f} | {written / 1e6:,.0f} | "
              f"{stored / 1e6:,.0f} | {part.wal_max / 1e6:,.0f} | {written / 1e3 / changed:.1f} | "
              f"{stored / 1e3 / changed:.1f} | {part.calls} | {rss_peak_mb():.0f} |", flush=True)
    lifecycle.STORAGE_ORDER, lifecycle.PASS_WAL_PAGES = True, 1000
    lifecycle.new_time_id, lifecycle.UPDATE_BY_ROWID = _new_id, True  # type: ignore[assignment]
    _set_cache(db, _DEFAULT_CACHE)


def _set_cache(db: Database, kib: int) -> None:
    """SQLite's page cache per connection (KiB) from the next connection on, the heap limit raised by as much."""
    from assist_desktop.db import engine as engine_mod

    if kib == engine_mod.CACHE_KIB:
        return
    engine_mod.HEAP_LIMIT_KIB += kib - engine_mod.CACHE_KIB
    engine_mod.CACHE_KIB = kib
    db.dispose()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=100_000)
    parser.add_argument("--db", help="an existing demo database to reuse (or where to build one)")
    parser.add_argument("--cases", default="first,same,lb",
                        help="which passes, in this order: first, same, lb (comma-separated; default all three)")
    parser.add_argument("--phases", action="store_true",
                        help="also time the phases of each pass (wraps the functions: adds ~5%% of CPU)")
    parser.add_argument("--parts", help="instead of the cases: the lb pass in parts, one per variant "
                        "(e.g. 'order=id;order=rowid;order=rowid,wal=20000;order=rowid,seconds=1'; also ids=4: random "
                        "ids for the history, cache=KiB: the page cache, max=N: the largest batch, rowid=0: "
                        "UPDATEs by id), each on its own "
                        "slice of the files; see --max-batches, --start, --step")
    parser.add_argument("--max-batches", type=int, default=None, help="with --parts: batches per part")
    parser.add_argument("--start", type=float, default=0.0, help="with --parts: where the first part starts "
                        "(a fraction of the keys)")
    parser.add_argument("--step", type=float, default=0.1, help="with --parts: the next part's start, further on")
    parser.add_argument("--order", choices=("rowid", "id"), default="rowid",
                        help="the cases' batches in storage (rowid) order, plain SQL (the default on SQLite) or in "
                        "id order through Core (PostgreSQL's way)")
    parser.add_argument("--wal-pages", type=int, default=None,
                        help="the WAL's checkpoint threshold for the cases' passes (default: the module's)")
    parser.add_argument("--batch-seconds", type=float, default=None, help="the cases' batches sized by time")
    parser.add_argument("--cache-kib", type=int, default=None,
                        help="SQLite's page cache per connection (and the heap limit raised by as much), in KiB")
    parser.add_argument("--bare-writes", metavar="PRISTINE",
                        help="with one case in storage order: a second copy of --db as it was before the case; "
                        "after the case, the same reads and the very rows the pass wrote are done there the bare "
                        "way (sqlite3 executemany, the pass's own batches) and timed beside it")
    args = parser.parse_args()
    lifecycle.STORAGE_ORDER = args.order == "rowid"
    if args.cache_kib:
        from assist_desktop.db import engine as engine_mod

        engine_mod.HEAP_LIMIT_KIB += args.cache_kib - engine_mod.CACHE_KIB
        engine_mod.CACHE_KIB = args.cache_kib
    cases = [c.strip() for c in args.cases.split(",") if c.strip()]
    unknown = set(cases) - {"first", "same", "lb"}
    if unknown:
        parser.error(f"unknown cases: {', '.join(sorted(unknown))}")
    path = Path(args.db or f"/tmp/bench-reevaluate-{args.files}.sqlite3")
    db = Database(f"sqlite:///{path}") if path.exists() else build(path, args.files)
    with sqlite3.connect(path) as conn:
        files = int(conn.execute("SELECT count(*) FROM hardship_file").fetchone()[0])
    if args.parts:
        part_passes(db, path, args.parts, args.max_batches, args.start, args.step)
        db.dispose()
        return 0
    rows: list[tuple[str, float, float]] = []
    bare_fn = bare_stored_pass if args.order == "rowid" else bare_pass
    timed("bare SQL pass over the same columns", lambda: bare_fn(path), rows)
    labels = {"first": "reevaluate_all, first pass", "same": "reevaluate_all, nothing changed",
              "lb": "reevaluate_all after raising LB to 800"}
    phases: dict[str, dict[str, float]] = {}
    if args.bare_writes and (len(cases) != 1 or args.order != "rowid"):
        parser.error("--bare-writes: one case, in storage order")
    bounds = Boundaries()
    for case in cases:
        if case == "lb":
            from assist_desktop.services.standards import set_standard

            set_standard(db, lb="800", mw="2200", effective="2026-11-01", today=AS_OF)
        if args.phases:
            with Phases() as p, bounds:
                timed(labels[case], lambda: lifecycle.reevaluate_all(db, as_of=AS_OF, wal_pages=args.wal_pages,
                                                              batch_seconds=args.batch_seconds), rows)
            phases[labels[case]] = p.cpu
            print("    CPU by phase: " + ", ".join(f"{k} {v:.2f} s" for k, v in p.cpu.items()), flush=True)
        else:
            with bounds:
                timed(labels[case], lambda: lifecycle.reevaluate_all(db, as_of=AS_OF, wal_pages=args.wal_pages,
                                                                  batch_seconds=args.batch_seconds), rows)
    timed("bare SQL pass again (warm cache)", lambda: bare_fn(path), rows)
    if args.bare_writes:
        pristine = Path(args.bare_writes)
        writes = the_pass_writes(path, pristine, bounds.last)
        changed = sum(len(p) for w in writes for p in w.updates.values())
        print(f"  the pass wrote {changed:,} files, {sum(len(w.events) for w in writes):,} history entries, "
              f"{sum(len(w.audits) for w in writes):,} audit rows in {len(writes)} batches", flush=True)
        wal = args.wal_pages or lifecycle.PASS_WAL_PAGES
        timed("bare: the same reads and the pass's own writes, its batches", lambda: bare_same_work(
            pristine, bounds.last, writes, wal), rows)
    reads = [r for r in rows if r[0].startswith("bare SQL pass")]
    bare = min(r[1] for r in reads)
    bare_cpu = min(r[2] for r in reads)
    if args.bare_writes:
        same, done = rows[-1], rows[-3]
        print(f"\n  the pass beside the bare same work: {done[1] / same[1]:.2f}× wall, {done[2] / same[2]:.2f}× CPU; "
              f"the bare same work beside the bare read pass: {same[2] / bare_cpu:.2f}× CPU")
    print("\n| what | seconds | × bare pass | CPU seconds | × bare (CPU) | written MB |\n"
          "|---|---:|---:|---:|---:|---:|")
    for label, seconds, cpu in rows:
        print(f"| {label} ({files:,} files) | {seconds:.2f} | {seconds / bare:.1f}× | {cpu:.2f} | "
              f"{cpu / bare_cpu:.1f}× | {WRITTEN.get(label, 0) / 1e6:,.0f} |")
    db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
