#!/usr/bin/env python3
"""Screenshots of the window for docs/user-guide.md (run under Xvfb):

    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python scripts/take_screenshots.py

Builds a fresh demo database in a temporary folder, opens the window and dialogs, and saves PNGs
to docs/img/ with QWidget.grab().
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "img"
TODAY = dt.date(2026, 11, 20)


def settle(n: int = 30) -> None:
    for _ in range(n):
        QCoreApplication.processEvents()


def save(widget: QWidget, name: str) -> None:
    settle()
    path = OUT / name
    widget.grab().save(str(path), "PNG")
    if shutil.which("convert"):  # imagemagick: a 256-colour palette keeps the PNGs small
        subprocess.run(["convert", str(path), "-colors", "256", f"PNG8:{path}"], check=True)
    print(path, path.stat().st_size // 1024, "KB")


def main() -> int:
    from assist_desktop.app import setup_application
    from assist_desktop.db import migrate
    from assist_desktop.db.engine import Database
    from assist_desktop.services.demo import build_demo
    from assist_desktop.services.standards import set_standard
    from assist_desktop.services.unions import init_union

    lang = sys.argv[1] if len(sys.argv) > 1 else "zh"
    OUT.mkdir(parents=True, exist_ok=True)
    _app = setup_application(lang)  # keep a reference for the whole run
    folder = Path(tempfile.mkdtemp())
    db = Database(f"sqlite:///{folder / 'shots.sqlite3'}")
    migrate.upgrade(db)

    from assist_desktop.ui.first_start_dialog import FirstStartDialog

    first = FirstStartDialog(db, today=TODAY, actor="clerk")
    first.code.setText("230102001")
    first.name.setText("哈尔滨锅炉厂工会")
    first.parent_code.setText("230102")
    first.show()
    save(first, "first-start.png")
    first.close()

    init_union(db, code="230102001", name="哈尔滨锅炉厂工会", level="grassroots", parent_code="230102")
    set_standard(db, lb="720", mw="2080", effective="2025-01-01", today=TODAY)
    build_demo(db, files=500, seed=1, as_of=TODAY, actor="demo")

    from assist_desktop.ui.main_window import MainWindow

    w = MainWindow(db, today=TODAY, actor="clerk")
    w.resize(1280, 800)
    w.show()
    save(w, "main-window.png")
    w.search.setText("刘")
    w.apply_search()
    w.select_row(0)
    save(w, "search.png")
    w.search.setText("")
    w.status_filter.set_value("found")
    w.detail.setCurrentIndex(1)
    save(w, "five-clears.png")
    w.status_filter.set_value(None)
    w.detail.setCurrentIndex(0)
    w.tabs.setCurrentWidget(w.dashboard)
    save(w, "dashboard.png")
    w.tabs.setCurrentIndex(2)
    save(w, "due.png")
    w.tabs.setCurrentIndex(0)

    dlg = w.new_file()
    dlg.w["name"].setText("张建国")
    dlg.w["id_number"].setText("230102197003151230")
    dlg.w["household_annual_income"].setText("18000")
    dlg.save()
    save(dlg, "file-dialog-errors.png")
    dlg.w["id_number"].setText("230102197003151238")
    dlg.tabs.setCurrentIndex(3)
    dlg.add_member_row({"name": "王芳", "relation": "spouse", "status": "unemployed", "health": "ill"})
    dlg.add_member_row(
        {
            "name": "张小明",
            "relation": "son",
            "status": "student",
            "school": "哈尔滨第三中学",
            "school_year": "高二",
        }
    )
    save(dlg, "file-dialog-members.png")
    dlg.done(0)

    from assist_desktop.ui.standards_dialog import StandardsDialog

    std = StandardsDialog(db, today=TODAY, actor="clerk", parent=w)
    std.lb.setText("780")
    std.show()
    save(std, "standards.png")
    std.close()
    w.close()
    db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
