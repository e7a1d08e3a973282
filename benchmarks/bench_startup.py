"""Time to the first page of the window, and resident memory with the list open, at several database sizes.

Each measurement runs in a fresh process (so imports, caches and memory start cold for both), offscreen:

- *window*: `MainWindow(db)` shown until its table holds the first page and the detail pane shows the first file;
  the time is from the start of building the window to that moment (Qt and the program's modules already
  imported, the database already opened, as at a clerk's start after the sign-in);
- *bare*: the limit — an empty PySide6 `QMainWindow` with a `QTableView` over a `QStandardItemModel` filled with
  the same first page read by one bare `sqlite3` query on the same file, shown.

Resident memory (VmRSS) is read after the first page, and again after the window has been idle for a second
(the background jobs — the due list, the counts — have run by then).

    .venv/bin/python benchmarks/bench_startup.py DB1 [DB2 ...] [--out F.md]

Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PAGE_SQL = (
    "SELECT f.file_no, f.name, f.id_number, f.sex, f.employer, f.status, f.category, f.per_capita_monthly_fen, "
    "c.name FROM hardship_file f LEFT JOIN cadre c ON c.id = f.responsible_person_id ORDER BY f.file_no LIMIT 200"
)


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _child(mode: str, path: str) -> dict[str, Any]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT))
    import datetime as dt

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    if mode == "bare":
        import sqlite3

        from PySide6.QtGui import QStandardItem, QStandardItemModel
        from PySide6.QtWidgets import QMainWindow, QTableView

        t0 = time.perf_counter()
        conn = sqlite3.connect(path)
        rows = conn.execute(PAGE_SQL).fetchall()
        win = QMainWindow()
        model = QStandardItemModel(0, 9)
        for r in rows:
            model.appendRow([QStandardItem("" if v is None else str(v)) for v in r])
        table = QTableView()
        table.setModel(model)
        win.setCentralWidget(table)
        win.resize(1360, 840)
        win.show()
        app.processEvents()
        first = time.perf_counter() - t0
        rss_first = _rss_mb()
        shown = model.rowCount()
    else:
        from assist_desktop.db.engine import Database
        from assist_desktop.ui.jobs import wait_for_jobs
        from assist_desktop.ui.main_window import MainWindow

        db = Database(f"sqlite:///{path}")
        t0 = time.perf_counter()
        win = MainWindow(db, today=dt.date.today(), actor="bench")
        win.show()
        app.processEvents()
        while win.model.rowCount() == 0 and time.perf_counter() - t0 < 60:
            app.processEvents()
        first = time.perf_counter() - t0
        rss_first = _rss_mb()
        shown = win.model.rowCount()
    end = time.perf_counter() + 1.0
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.01)
    if mode != "bare":
        wait_for_jobs(10_000)
        app.processEvents()
    return {"mode": mode, "first_page_s": first, "rss_first_mb": rss_first, "rss_idle_mb": _rss_mb(),
            "rows": shown}


def measure(mode: str, path: str, repeat: int = 3) -> dict[str, Any]:
    """Best of `repeat` fresh processes (memory: the first run's, which is the cold one)."""
    best: dict[str, Any] | None = None
    for _ in range(repeat):
        out = subprocess.run([sys.executable, __file__, "--child", mode, path], capture_output=True, text=True,
                             check=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
        got = json.loads(out.stdout.strip().splitlines()[-1])
        if best is None or got["first_page_s"] < best["first_page_s"]:
            rss = best["rss_idle_mb"] if best else got["rss_idle_mb"]
            best = {**got, "rss_idle_mb": max(rss, got["rss_idle_mb"])}
    assert best is not None
    return best


def files_in(path: str) -> int:
    import sqlite3

    with sqlite3.connect(path) as conn:
        return int(conn.execute("SELECT count(*) FROM hardship_file").fetchone()[0])


def markdown(rows: list[dict[str, Any]]) -> str:
    out = ["| files | window: first page (s) | bare Qt table: first page (s) | ratio | window RSS at first page / "
           "idle (MB) | bare RSS (MB) |", "|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        w, b = r["window"], r["bare"]
        out.append(f"| {r['files']:,} | {w['first_page_s']:.3f} | {b['first_page_s']:.3f} | "
                   f"{w['first_page_s'] / b['first_page_s']:.1f}× | {w['rss_first_mb']:.0f} / {w['rss_idle_mb']:.0f} | "
                   f"{b['rss_idle_mb']:.0f} |")
    return "\n".join(out)


def main() -> int:
    if len(sys.argv) >= 4 and sys.argv[1] == "--child":
        print(json.dumps(_child(sys.argv[2], sys.argv[3])))
        return 0
    parser = argparse.ArgumentParser()
    parser.add_argument("db", nargs="+", help="SQLite database files at the current schema")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out")
    a = parser.parse_args()
    rows = []
    for path in a.db:
        n = files_in(path)
        window, bare = measure("window", path, a.repeat), measure("bare", path, a.repeat)
        rows.append({"files": n, "window": window, "bare": bare})
        print(f"{n:>9,} files: window {window['first_page_s']:.3f} s (RSS {window['rss_idle_mb']:.0f} MB), "
              f"bare {bare['first_page_s']:.3f} s", flush=True)
    if len(rows) > 1:
        small, big = rows[0], rows[-1]
        print(f"first page at {big['files']:,} / at {small['files']:,}: "
              f"{big['window']['first_page_s'] / small['window']['first_page_s']:.2f}×")
    text = markdown(rows)
    print(text)
    if a.out:
        Path(a.out).write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
