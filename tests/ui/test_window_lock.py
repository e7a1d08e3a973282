"""A second window on the same database is refused with a message naming the file; a lock left by a dead
process is taken over; the command line is not blocked by a window."""

from __future__ import annotations

import subprocess
import sys
import time

from assist_desktop import app
from assist_desktop.cli import main

HOLD = """
import sys, time
from PySide6.QtCore import QLockFile
lock = QLockFile(sys.argv[1]); lock.setStaleLockTime(0)
print("locked" if lock.tryLock(0) else "refused", flush=True)
time.sleep(60)
"""


def test_a_second_window_is_refused_naming_the_file(db, qtbot, monkeypatch, capsys):
    url = db.url
    shown: list[str] = []
    monkeypatch.setattr(app.QMessageBox, "warning", lambda _parent, _title, text: shown.append(text))
    first = app.acquire_window_lock(url)
    assert first is not None and app.window_lock_path(url).exists()
    try:
        assert app.acquire_window_lock(url) is None
        [text] = shown
        where = str(db.sqlite_file) if db.sqlite_file is not None else url.split("@")[-1]
        assert "另一个窗口" in text and where in text
        if db.sqlite_file is not None:  # the command line still works beside the window
            assert main(["--db", str(db.sqlite_file), "stats"]) == 0
            capsys.readouterr()
        # run_gui refuses before opening anything
        assert app.run_gui(db_arg=url) == app.EXIT_ENV
    finally:
        first.unlock()
    again = app.acquire_window_lock(url)
    assert again is not None
    again.unlock()


def test_a_lock_held_by_another_process_refuses_and_a_dead_ones_is_taken_over(db, qtbot, monkeypatch):
    url = db.url
    path = app.window_lock_path(url)
    path.parent.mkdir(parents=True, exist_ok=True)
    monkeypatch.setattr(app.QMessageBox, "warning", lambda *_a: None)
    other = subprocess.Popen([sys.executable, "-c", HOLD, str(path)], stdout=subprocess.PIPE, text=True)
    try:
        assert other.stdout is not None and other.stdout.readline().strip() == "locked"
        assert app.acquire_window_lock(url) is None
    finally:
        other.kill()  # as a crash would: the lock file stays behind
        other.wait()
    assert path.exists()
    deadline = time.monotonic() + 30
    lock = app.acquire_window_lock(url)
    while lock is None and time.monotonic() < deadline:
        time.sleep(0.1)
        lock = app.acquire_window_lock(url)
    assert lock is not None
    lock.unlock()
