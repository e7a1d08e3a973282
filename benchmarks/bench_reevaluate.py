"""Re-evaluating every file against a bare SQL pass that reads the same columns.

    .venv/bin/python benchmarks/bench_reevaluate.py --files 1000000 [--db /tmp/bench-1m.sqlite3]

Builds a demo database (unevaluated `found` files) unless --db names an existing one, then times:
the first re-evaluation (most files register), a second one with nothing changed, a re-evaluation after
raising LB (many adjustments), and the bare pass: sqlite3 reading the very columns `reevaluate_all`
reads (files, dated facts, members) in the same keyset batches, with no rules applied. Benchmarks are
not tests: nothing here asserts a time. Prints a Markdown table to paste into docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assist_desktop.db import migrate  # noqa: E402
from assist_desktop.db.engine import Database  # noqa: E402
from assist_desktop.services import lifecycle  # noqa: E402

AS_OF = dt.date(2026, 11, 20)


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
    """sqlite3 reading the columns reevaluate_all reads, in the same keyset batches; touches every value."""
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
        last = hi
    conn.close()
    return n


def timed(label: str, fn, rows: list[tuple[str, float, float]]):  # type: ignore[no-untyped-def]
    """Wall and CPU time of `fn` (on a shared machine the CPU time is the steadier of the two)."""
    t0, c0 = time.perf_counter(), time.process_time()
    value = fn()
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    rows.append((label, seconds, cpu))
    counts = getattr(value, "counts", value)
    print(f"  {label:<46} {seconds:8.2f} s  cpu {cpu:8.2f} s  {counts if isinstance(counts, dict) else ''}",
          flush=True)
    return value


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=100_000)
    parser.add_argument("--db", help="an existing demo database to reuse (or where to build one)")
    args = parser.parse_args()
    path = Path(args.db or f"/tmp/bench-reevaluate-{args.files}.sqlite3")
    db = Database(f"sqlite:///{path}") if path.exists() else build(path, args.files)
    rows: list[tuple[str, float, float]] = []
    timed("bare SQL pass over the same columns", lambda: bare_pass(path), rows)
    timed("reevaluate_all, first pass", lambda: lifecycle.reevaluate_all(db, as_of=AS_OF), rows)
    timed("reevaluate_all, nothing changed", lambda: lifecycle.reevaluate_all(db, as_of=AS_OF), rows)
    from assist_desktop.services.standards import set_standard

    set_standard(db, lb="800", mw="2200", effective="2026-11-01", today=AS_OF)
    timed("reevaluate_all after raising LB to 800", lambda: lifecycle.reevaluate_all(db, as_of=AS_OF), rows)
    timed("bare SQL pass again (warm cache)", lambda: bare_pass(path), rows)
    bare = min(rows[0][1], rows[-1][1])
    bare_cpu = min(rows[0][2], rows[-1][2])
    print("\n| what | seconds | × bare pass | CPU seconds | × bare (CPU) |\n|---|---:|---:|---:|---:|")
    for label, seconds, cpu in rows:
        print(f"| {label} ({args.files:,} files) | {seconds:.2f} | {seconds / bare:.1f}× | {cpu:.2f} | "
              f"{cpu / bare_cpu:.1f}× |")
    db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
