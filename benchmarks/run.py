"""Benchmarks: build demo databases of 10k, 100k and 1M files and time the hot paths, each beside its limit.

The limit is the same work done the barest way on the same file in the same run (sqlite3 executemany,
a bare SELECT), so the ratio says how much the program's layers cost. Results go to docs/benchmarks.md.
Benchmarks are not tests: nothing here asserts a time.

    .venv/bin/python benchmarks/run.py --sizes 10000 100000 1000000
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import os
import platform
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assist_desktop.db import migrate  # noqa: E402
from assist_desktop.db.engine import Database  # noqa: E402

AS_OF = dt.date(2026, 11, 20)
Result = dict[str, Any]
SIZES_RUN: list[int] = [10_000]  # the sizes of this run (main() sets them)


def timed(fn: Callable[[], Any], repeat: int = 1) -> tuple[float, Any]:
    best = float("inf")
    value = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        value = fn()
        best = min(best, time.perf_counter() - t0)
    return best, value


def add(report: list[Result], name: str, seconds: float, limit_name: str, limit_seconds: float | None,
        rows: int) -> None:
    report.append({"name": name, "seconds": seconds, "limit_name": limit_name, "limit_seconds": limit_seconds,
                   "rows": rows})
    ratio = f"{seconds / limit_seconds:5.1f}x" if limit_seconds else "   - "
    print(f"  {name:<48} {seconds:9.3f} s   limit {limit_seconds or 0:9.3f} s  {ratio}  ({limit_name})", flush=True)


def build(path: Path, files: int) -> tuple[Database, float, float]:
    from assist_desktop.services.demo import build_demo
    from assist_desktop.services.standards import set_standard
    from assist_desktop.services.unions import init_union

    db = Database(f"sqlite:///{path}")
    migrate.upgrade(db)
    init_union(db, code="230102", name="南岗区总工会", level="county", parent_code="2301")
    set_standard(db, lb="720", mw="2080", effective="2025-01-01", today=AS_OF)
    t_build, _ = timed(lambda: build_demo(db, files=files, seed=1, as_of=AS_OF, evaluate=False, batch=10000))
    return db, t_build, 0.0


def bare_insert_limit(src: Path, table: str) -> tuple[float, int]:
    """sqlite3 executemany of the same rows into an empty copy of the table (no layers, one transaction)."""
    with sqlite3.connect(src) as conn:
        schema = conn.execute("SELECT sql FROM sqlite_master WHERE name=?", (table,)).fetchone()[0]
        rows = conn.execute(f"SELECT * FROM {table}").fetchall()
    with tempfile.TemporaryDirectory() as tmp:
        dest = sqlite3.connect(Path(tmp) / "bare.sqlite3")
        dest.execute("PRAGMA journal_mode=WAL")
        dest.execute(schema)
        marks = ",".join("?" * len(rows[0]))
        t0 = time.perf_counter()
        dest.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
        dest.commit()
        seconds = time.perf_counter() - t0
        dest.close()
    return seconds, len(rows)


def total_rows(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return sum(conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables)


def bench_size(files: int, folder: Path, report: list[Result]) -> None:
    from assist_desktop.services import lifecycle, stats

    print(f"\n== {files:,} files", flush=True)
    path = folder / f"bench-{files}.sqlite3"
    db, t_build, _ = build(path, files)
    rows_written = total_rows(path)
    # the limit: every row the demo wrote, inserted bare with executemany, table by table
    limit = 0.0
    with sqlite3.connect(path) as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name != 'alembic_version'")]
        nonempty = [t for t in tables if conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]]
    for table in nonempty:
        limit += bare_insert_limit(path, table)[0]
    add(report, f"demo build ({files:,} files, {rows_written:,} rows)", t_build,
        "sqlite3 executemany of the same rows", limit, rows_written)

    from benchmarks.bench_reevaluate import bare_pass

    t_bare_eval, _ = timed(lambda: bare_pass(path))
    t_eval, summary = timed(lambda: lifecycle.reevaluate_all(db, as_of=AS_OF, actor="bench"))
    add(report, f"reevaluate all, first pass ({files:,}, every file changes)", t_eval,
        "bare SQL pass over the same columns", t_bare_eval, files)
    t_eval2, _ = timed(lambda: lifecycle.reevaluate_all(db, as_of=AS_OF, actor="bench"))
    add(report, f"reevaluate all, nothing changed ({files:,})", t_eval2, "bare SQL pass over the same columns",
        t_bare_eval, files)
    from assist_desktop.services.standards import set_standard

    set_standard(db, lb="800", mw="2080", effective="2026-07-01", today=AS_OF)
    t_eval3, summary3 = timed(lambda: lifecycle.reevaluate_all(db, as_of=AS_OF, actor="bench"))
    add(report, f"reevaluate all after raising LB to 800 ({files:,}, {summary3.get('changed', 0):,} change)",
        t_eval3, "bare SQL pass over the same columns", t_bare_eval, files)

    t_stats, _ = timed(lambda: stats.stats(db), repeat=3)
    t_bare_stats, _ = timed(lambda: _bare_stats(path), repeat=3)
    add(report, f"stats ({files:,})", t_stats, "bare GROUP BY status / category", t_bare_stats, files)

    bench_search(db, path, files, report)

    for name in ("bench_exchange", "bench_print"):
        if files > 100_000:
            continue
        if name == "bench_print" and files != min(SIZES_RUN):
            continue  # 1,000 cards and sheets: once, on the first database
        try:
            module = importlib.import_module(f"benchmarks.{name}")
        except ModuleNotFoundError:
            continue
        before = len(report)
        module.run(str(path), report)
        for r in report[before:]:
            ratio = f"{r['seconds'] / r['limit_seconds']:5.1f}x" if r.get("limit_seconds") else "-"
            print(f"  {r['name']:<48} {r['seconds']:9.3f} s   limit {r.get('limit_seconds') or 0:9.3f} s  {ratio}",
                  flush=True)
    db.dispose()
    print(f"  (summary of the first re-evaluation: {getattr(summary, 'counts', summary)})", flush=True)
    if files <= 100_000:  # a roster of as many rows, imported into an empty database (benchmarks/bench_roster.py)
        from benchmarks import bench_roster

        roster_folder = folder / f"roster-{files}"
        roster_folder.mkdir(parents=True, exist_ok=True)
        bench_roster.run(files, roster_folder, report)


def bench_search(db: Database, path: Path, files: int, report: list[Result]) -> None:
    """The search box's service (first page + estimated count) for each kind of query, beside the best bare
    SQLite query for it on the same file (the right index, not a scan): see benchmarks/bench_search.py."""
    from benchmarks import bench_search as bs

    for r in bs.run(path):
        add(report, f"search {r['kind']} ({files:,})", r["service"], f"bare: {r['bare_what']} (+ capped count)",
            r["bare_keystroke"], r["rows"])


def _bare_stats(path: Path) -> list[Any]:
    conn = sqlite3.connect(path)
    out = conn.execute("SELECT status, count(*) FROM hardship_file GROUP BY status").fetchall()
    out += conn.execute("SELECT category, count(*) FROM hardship_file WHERE status IN "
                        "('registered','watch','exit_notice') GROUP BY category").fetchall()
    conn.close()
    return out


def write_markdown(report: list[Result], out: Path) -> None:
    lines = [
        "# Benchmarks",
        "",
        f"Measured {dt.datetime.now():%Y-%m-%d %H:%M} on {platform.machine()} with {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, by `benchmarks/run.py`.",
        "Each figure stands beside its *limit*: the same work done the barest way on the same database file in the",
        "same run (sqlite3 `executemany`, a bare `SELECT`), so the ratio is what the program's layers cost.",
        "Searches are best of three; the window shows the first 200 rows and pages in the rest on scroll.",
        "",
        "| what | seconds | limit | limit seconds | ratio | rows |",
        "|---|---:|---|---:|---:|---:|",
    ]
    for r in report:
        lim = r.get("limit_seconds")
        ratio = f"{r['seconds'] / lim:.1f}×" if lim else "–"
        lines.append(f"| {r['name']} | {r['seconds']:.3f} | {r['limit_name']} | "
                     f"{lim:.3f} | {ratio} | {r['rows']:,} |" if lim is not None else
                     f"| {r['name']} | {r['seconds']:.3f} | {r['limit_name']} | – | – | {r['rows']:,} |")
    out.write_text("\n".join(lines) + "\n" + NOTES, encoding="utf-8")


NOTES = """
## Reading the figures
- *demo build* writes every table a real union fills (files, members, dated facts, history, pairing, visits,
  assistance, audit log) with SQLAlchemy Core bulk inserts in one transaction; the limit inserts the very same rows
  with `sqlite3.executemany`, table by table.
- *reevaluate all* applies every lifecycle rule to every file in batches (keyset pagination), writing only the files
  whose status or category changes; the goal is to stay within 3× a bare pass that reads the same columns in the
  same batches (`benchmarks/bench_reevaluate.py`). The daily case (nothing or little changes) meets it; passes that
  change most files also write an update, a history entry and audit rows per file, and cost more (see
  [benchmarks-reevaluate.md](benchmarks-reevaluate.md) for where the time goes).
- *export / import* (100k only) are the exchange package round trip beside a bare JSON-Lines dump and a bare
  `executemany` of the same rows (`benchmarks/bench_exchange.py`, details in
  [exchange-format.md](exchange-format.md)).
- *roster* (10k and 100k) writes a roster of as many rows with openpyxl and times python-calamine parsing it, the
  dry run, the import into an empty database and the streamed roll export, each step in a process of its own
  whose peak resident memory is reported (`benchmarks/bench_roster.py`; the roster section below).
- *search* is the service behind the search box (the first page of 200 rows plus the estimated count the window
  shows at once), each kind of query beside the best bare SQLite query for it on the same file — the index that
  answers it, used by hand (FTS5 MATCH, the gram table, the reversed-ID index…), never a scan unless that is the
  fastest way (`benchmarks/bench_search.py`; the search section of this file has the details).
- *print* (first size only) is 1,000 green cards and 1,000 file sheets by the service the window and `print`
  call, beside bare ReportLab drawing the very same strings with `drawString` in the same embedded font in the
  same run (`benchmarks/bench_print.py`; the printing section of this file has the details).
"""


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", nargs="+", type=int, default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--folder", default=None, help="where the databases go (default: a temp folder)")
    parser.add_argument("--out", default=str(ROOT / "docs" / "benchmarks.md"))
    parser.add_argument("--search-only", metavar="DB", help="only the search figures, on an existing database file")
    args = parser.parse_args()
    report: list[Result] = []
    SIZES_RUN[:] = args.sizes
    if args.search_only:
        path = Path(args.search_only)
        db = Database(f"sqlite:///{path}")
        with sqlite3.connect(path) as conn:
            files = conn.execute("SELECT count(*) FROM hardship_file").fetchone()[0]
        bench_search(db, path, files, report)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.folder or tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for size in args.sizes:
            bench_size(size, folder, report)
            write_markdown(report, Path(args.out))
    print(f"\nwrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
