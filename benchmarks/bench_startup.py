"""Time to the first page of the window, and resident memory with the list open, at several database sizes.

Each measurement runs in a fresh process (so imports, caches and memory start cold for both), offscreen:

- *window*: the window's start as `app.run_gui` makes it, from opening the database to the first paint of the
  list with its first page: `open_database_for_gui` (the checks before opening, the upgrade check, unfinished
  work), the first-start check, `MainWindow(db)` shown; the background work of the start (the file check, the
  day's backup, the catch-up, the due list, the counts, the history check) handed to the window as run_gui does,
  which starts it after that paint. Qt and the program's modules are imported first, as for the bare window;
  *of which window* is the part from building `MainWindow` on;
- *bare*: the limit — an empty PySide6 `QMainWindow` with a `QTableView` over a `QStandardItemModel` filled with
  the same first page read by one bare `sqlite3` query on the same file, shown and painted.

Resident memory (VmRSS) is read at the first paint, and its peak is sampled while the window stays open and
its background jobs run (until they are done, or `--idle` seconds).

The window writes to the database (the catch-up, the day's backup beside it): give it copies.

    .venv/bin/python benchmarks/bench_startup.py DB1 [DB2 ...] [--out F.md] [--repeat N] [--idle S]

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


class _Painted:
    """Notes the first paint of a widget that shows rows."""

    def __init__(self, widget: Any, has_rows: Any) -> None:
        from PySide6.QtCore import QEvent, QObject

        outer = self

        class Spy(QObject):
            def eventFilter(self, _w: Any, event: Any) -> bool:  # noqa: N802
                if outer.at is None and event.type() == QEvent.Type.Paint and has_rows():
                    outer.at = time.perf_counter()
                return False

        self.at: float | None = None
        self.spy = Spy()
        widget.installEventFilter(self.spy)


def _child(mode: str, path: str, idle: float) -> dict[str, Any]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT))
    import datetime as dt

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    window_only = None
    jobs_done = True
    if mode == "bare":
        import sqlite3

        from PySide6.QtGui import QStandardItem, QStandardItemModel
        from PySide6.QtWidgets import QMainWindow, QTableView

        t0, c0 = time.perf_counter(), time.process_time()
        conn = sqlite3.connect(path)
        rows = conn.execute(PAGE_SQL).fetchall()
        win = QMainWindow()
        model = QStandardItemModel(0, 9)
        for r in rows:
            model.appendRow([QStandardItem("" if v is None else str(v)) for v in r])
        table = QTableView()
        table.setModel(model)
        painted = _Painted(table.viewport(), lambda: model.rowCount() > 0)
        win.setCentralWidget(table)
        win.resize(1360, 840)
        win.show()
        while painted.at is None and time.perf_counter() - t0 < 60:
            app.processEvents()
        first = (painted.at or time.perf_counter()) - t0
        cpu = time.process_time() - c0
        rss_first = _rss_mb()
        shown = model.rowCount()
        peak = _idle(app, idle)
    else:
        from assist_desktop import app as program
        from assist_desktop.db import migrate, startup  # noqa: F401 - imported before the clock, as the rest
        from assist_desktop.ui.jobs import wait_for_jobs
        from assist_desktop.ui.main_window import MainWindow

        today = dt.date.today()
        t0, c0 = time.perf_counter(), time.process_time()
        later: list[Any] = []
        db = program.open_database_for_gui(path, later=later)
        assert db is not None
        go_on, _demo = program.first_start(db, today=today, actor="bench")
        assert go_on
        t_win = time.perf_counter()
        win = MainWindow(db, today=today, actor="bench")
        painted = _Painted(win.table.viewport(), lambda: win.model.rowCount() > 0)
        win.show()
        for start in later:
            win.after_first_paint(start)
        win.after_first_paint(win.start_time_keeping)
        while painted.at is None and time.perf_counter() - t0 < 120:
            app.processEvents()
        end = painted.at or time.perf_counter()
        first, window_only = end - t0, end - t_win
        cpu = time.process_time() - c0
        rss_first = _rss_mb()
        shown = win.model.rowCount()
        if idle <= 0:  # the time only: leave at once (the jobs just started die with the process)
            jobs_done = False
            peak = rss_first
        else:
            peak = _idle(app, idle)
            jobs_done = wait_for_jobs(1000)
            app.processEvents()
    return {"mode": mode, "first_page_s": first, "cpu_s": cpu, "window_s": window_only, "rss_first_mb": rss_first,
            "rss_peak_mb": max(peak, rss_first), "rows": shown, "jobs_done": bool(jobs_done)}


def _idle(app: Any, seconds: float) -> float:
    """Keep the window open for at least a second and until the background jobs are done (at most `seconds`),
    sampling resident memory; returns its peak."""
    from PySide6.QtCore import QThreadPool

    start = time.perf_counter()
    peak = _rss_mb()
    while True:
        app.processEvents()
        time.sleep(0.05)
        peak = max(peak, _rss_mb())
        elapsed = time.perf_counter() - start
        if elapsed >= seconds or (elapsed >= 1.0 and QThreadPool.globalInstance().activeThreadCount() == 0):
            return peak


def _run_child(mode: str, path: str, idle: float) -> dict[str, Any]:
    out = subprocess.run([sys.executable, __file__, "--child", mode, path, str(idle)], capture_output=True,
                         text=True, check=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    for part in (Path(path).parent / "backups").glob(f"{Path(path).stem}-*.part"):
        part.unlink()
    got: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return got


def _best(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The fastest run (memory: the highest peak of all the runs; CPU time: the least)."""
    best = min(runs, key=lambda r: r["first_page_s"])
    return {**best, "rss_peak_mb": max(r["rss_peak_mb"] for r in runs), "cpu_s": min(r["cpu_s"] for r in runs)}


def measure(mode: str, path: str, repeat: int = 3, idle: float = 60.0) -> dict[str, Any]:
    """Best of `repeat` fresh processes."""
    return _best([_run_child(mode, path, idle) for _ in range(repeat)])


def measure_all(paths: list[str], repeat: int, idle: float) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(window, bare) for each path, best of `repeat` rounds; each round starts every size in turn, so that a
    change in the machine's load falls on all sizes alike."""
    runs: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for _ in range(repeat):
        for path in paths:
            for mode in ("window", "bare"):
                runs.setdefault((mode, path), []).append(_run_child(mode, path, idle))
    return [(_best(runs[("window", p)]), _best(runs[("bare", p)])) for p in paths]


def files_in(path: str) -> int:
    import sqlite3

    with sqlite3.connect(path) as conn:
        return int(conn.execute("SELECT count(*) FROM hardship_file").fetchone()[0])


def markdown(rows: list[dict[str, Any]]) -> str:
    out = ["| files | window: first page (s) | of which the window (s) | CPU time to the first page (s) | "
           "bare Qt table: first page (s) | ratio | window RSS at first paint / peak while open (MB) | bare RSS (MB) |",
           "|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        w, b = r["window"], r["bare"]
        out.append(f"| {r['files']:,} | {w['first_page_s']:.3f} | {w['window_s']:.3f} | {w['cpu_s']:.3f} | "
                   f"{b['first_page_s']:.3f} | "
                   f"{w['first_page_s'] / b['first_page_s']:.1f}× | {w['rss_first_mb']:.0f} / {w['rss_peak_mb']:.0f}"
                   f"{'' if w['jobs_done'] else ' (jobs still running)'} | {b['rss_peak_mb']:.0f} |")
    return "\n".join(out)


def main() -> int:
    if len(sys.argv) >= 5 and sys.argv[1] == "--child":
        print(json.dumps(_child(sys.argv[2], sys.argv[3], float(sys.argv[4]))), flush=True)
        if float(sys.argv[4]) <= 0:
            os._exit(0)  # not waiting for the background jobs (a quick_check, a backup of gigabytes) to end
        return 0
    parser = argparse.ArgumentParser()
    parser.add_argument("db", nargs="+", help="SQLite database files at the current schema (copies: written to)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--idle", type=float, default=60.0,
                        help="seconds the window stays open at most (0: leave right after the first paint, for the "
                             "time only; a backup it started leaves its unfinished .part file, removed here)")
    parser.add_argument("--out")
    a = parser.parse_args()
    rows: list[dict[str, Any]] = []
    for path, (window, bare) in zip(a.db, measure_all(a.db, a.repeat, a.idle), strict=True):
        n = files_in(path)
        rows.append({"files": n, "window": window, "bare": bare})
        print(f"{n:>9,} files: window {window['first_page_s']:.3f} s (of which the window {window['window_s']:.3f} s; "
              f"RSS {window['rss_first_mb']:.0f} MB at first paint, peak {window['rss_peak_mb']:.0f} MB), "
              f"bare {bare['first_page_s']:.3f} s", flush=True)
    if len(rows) > 1:
        small, big = rows[0], rows[-1]
        print(f"first page at {big['files']:,} / at {small['files']:,}: "
              f"{big['window']['first_page_s'] / small['window']['first_page_s']:.2f}× "
              f"(CPU time {big['window']['cpu_s'] / small['window']['cpu_s']:.2f}×)")
    text = markdown(rows)
    print(text)
    if a.out:
        Path(a.out).write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
