"""Exchange: export and import of every file in a demo database, beside the barest way to move the same rows.

    .venv/bin/python benchmarks/bench_exchange.py --files 100000 [--db /tmp/bench.sqlite3]

`run(db_path, report)` is what benchmarks/run.py calls with its demo database (a county union). It times
- the full export package of every file (with members, facts, history, pairing, visits, assistance), beside a
  bare dump: sqlite3 SELECT of the same tables written as JSON Lines into a deflated zip;
- importing that package into a fresh city database (validate, compare, one transaction of bulk inserts),
  beside sqlite3 executemany of the same rows into empty copies of the tables; the import runs in a
  process of its own, whose peak resident memory is reported;
- importing it a second time (everything compared, nothing written).
Benchmarks are not tests: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assist_desktop.db import migrate  # noqa: E402
from assist_desktop.db.engine import Database  # noqa: E402
from assist_desktop.exchange.entities import ENTITIES  # noqa: E402

AS_OF = dt.date(2026, 11, 20)
TABLES = [e.name for e in ENTITIES]


def _add(
    report: list[dict[str, Any]], name: str, seconds: float, limit_name: str, limit: float, rows: int
) -> None:
    report.append(
        {"name": name, "seconds": seconds, "limit_name": limit_name, "limit_seconds": limit, "rows": rows}
    )


def _bare_dump(src: Path, out: Path) -> int:
    rows = 0
    with (
        sqlite3.connect(src) as conn,
        zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf,
    ):
        for table in TABLES:
            cur = conn.execute(f'SELECT * FROM "{table}"')
            names = [d[0] for d in cur.description]
            with zf.open(f"{table}.jsonl", "w") as fh:
                for r in cur:
                    fh.write(
                        json.dumps(dict(zip(names, r, strict=True)), ensure_ascii=False).encode() + b"\n"
                    )
                    rows += 1
    return rows


def _bare_insert(src: Path, folder: Path) -> float:
    dest_path = folder / "bare-import.sqlite3"
    with sqlite3.connect(src) as conn:
        schemas = {
            t: conn.execute("SELECT sql FROM sqlite_master WHERE name=?", (t,)).fetchone()[0] for t in TABLES
        }
        data = {t: conn.execute(f'SELECT * FROM "{t}"').fetchall() for t in TABLES}
    dest = sqlite3.connect(dest_path)
    dest.execute("PRAGMA journal_mode=WAL")
    for t in TABLES:
        dest.execute(schemas[t])
    t0 = time.perf_counter()
    for t in TABLES:
        if data[t]:
            marks = ",".join("?" * len(data[t][0]))
            dest.executemany(f'INSERT INTO "{t}" VALUES ({marks})', data[t])
    dest.commit()
    seconds = time.perf_counter() - t0
    dest.close()
    return seconds


def _import_in_child(pkg: Path, target: Path) -> tuple[float, int, int]:
    """Import `pkg` into `target` in a new Python process: (seconds, its peak resident bytes, new files)."""
    code = (
        "import json, resource, sys, time, datetime as dt\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from assist_desktop.db.engine import Database\n"
        "from assist_desktop.services.exchange import import_package\n"
        "db = Database(sys.argv[2])\n"
        "t0 = time.perf_counter()\n"
        "r = import_package(db, path=sys.argv[1], today=dt.date.fromisoformat(sys.argv[3]), actor='bench')\n"
        "seconds = time.perf_counter() - t0\n"
        "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024\n"
        "print(json.dumps({'seconds': seconds, 'peak': peak, 'new': len(r.new)}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(pkg), f"sqlite:///{target}", AS_OF.isoformat()],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    got = json.loads(out.strip().splitlines()[-1])
    return float(got["seconds"]), int(got["peak"]), int(got["new"])


def run(db_path: str, report: list[dict[str, Any]]) -> None:
    """Time export and import of the files in an existing demo database; append the results to `report`."""
    from assist_desktop.services.exchange import export_package, import_package
    from assist_desktop.services.keys import ensure_union_key, trust_key
    from assist_desktop.services.unions import init_union

    src = Path(db_path)
    source = Database(f"sqlite:///{src}")
    with sqlite3.connect(src) as conn:
        files = conn.execute("SELECT count(*) FROM hardship_file").fetchone()[0]
        parent = conn.execute("SELECT code, parent_code FROM union_org WHERE is_home").fetchone()
    receiver = parent[1] or "RECEIVER01"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        pkg = folder / "package.zip"
        t0 = time.perf_counter()
        result = export_package(source, out=pkg, to=receiver, full=True, actor="bench")
        t_export = time.perf_counter() - t0
        rows = sum(result.counts.values())
        t0 = time.perf_counter()
        _bare_dump(src, folder / "bare.zip")
        t_dump = time.perf_counter() - t0
        _add(
            report,
            f"export package, full ({files:,} files)",
            t_export,
            "sqlite3 SELECT + json.dumps into a deflated zip",
            t_dump,
            rows,
        )

        target_path = folder / "receiver.sqlite3"
        target = Database(f"sqlite:///{target_path}")
        migrate.upgrade(target, backup=False)
        init_union(target, code=receiver, name="接收工会", level="city" if parent[1] else "province")
        sender_key = ensure_union_key(source)  # the receiver has confirmed the sender's fingerprint once
        trust_key(target, union_code=sender_key.union_code, public_key=bytes.fromhex(sender_key.public_key))
        target.dispose()
        # the import runs in a fresh process, so that its peak memory is its own (not the export's)
        t_import, peak, new_count = _import_in_child(pkg, target_path)
        target = Database(f"sqlite:///{target_path}")
        t_bare = _bare_insert(src, folder)
        _add(
            report,
            f"import package into an empty database ({new_count:,} new; peak memory {peak / 2**20:,.0f} MB)",
            t_import,
            "sqlite3 executemany of the same rows",
            t_bare,
            rows,
        )
        t0 = time.perf_counter()
        again = import_package(target, path=pkg, today=AS_OF, actor="bench")
        t_again = time.perf_counter() - t0
        _add(
            report,
            f"import the same package again ({again.unchanged:,} unchanged)",
            t_again,
            "sqlite3 executemany of the same rows",
            t_bare,
            rows,
        )
        target.dispose()
    source.dispose()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=100_000)
    parser.add_argument("--db", help="an existing demo database (built if absent)")
    args = parser.parse_args()
    from assist_desktop.services.demo import build_demo
    from assist_desktop.services.unions import init_union

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(args.db) if args.db else Path(tmp) / "bench-exchange.sqlite3"
        if not path.exists():
            db = Database(f"sqlite:///{path}")
            migrate.upgrade(db, backup=False)
            init_union(db, code="230102", name="南岗区总工会", level="county", parent_code="2301")
            build_demo(db, files=args.files, seed=1, as_of=AS_OF, evaluate=False, batch=10000)
            db.dispose()
        report: list[dict[str, Any]] = []
        run(str(path), report)
    print("| what | seconds | limit | limit seconds | ratio | rows |\n|---|---:|---|---:|---:|---:|")
    for r in report:
        print(
            f"| {r['name']} | {r['seconds']:.3f} | {r['limit_name']} | {r['limit_seconds']:.3f} | "
            f"{r['seconds'] / r['limit_seconds']:.1f}× | {r['rows']:,} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
