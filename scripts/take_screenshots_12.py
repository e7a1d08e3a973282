#!/usr/bin/env python3
"""Screenshots for docs/screenshots/ at each window's default size (run under Xvfb):

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python scripts/take_screenshots_12.py

First start, the main list, a file's detail, 设置 → 本工会 and the export dialog, saved with QWidget.grab().
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
TODAY = dt.date(2026, 11, 20)


def settle(n: int = 40) -> None:
    for _ in range(n):
        QCoreApplication.processEvents()


def save(widget: QWidget, name: str) -> None:
    settle()
    path = OUT / name
    image = widget.grab().toImage()
    # a 256-colour palette keeps the PNGs small (text stays sharp: the window has few colours)
    image.convertToFormat(
        QImage.Format.Format_Indexed8, Qt.ImageConversionFlag.ThresholdDither | Qt.ImageConversionFlag.AvoidDither
    ).save(str(path), "PNG")
    print(path, path.stat().st_size // 1024, "KB")


def main() -> int:
    from assist_desktop.app import setup_application
    from assist_desktop.db import migrate
    from assist_desktop.db.engine import Database
    from assist_desktop.services.demo import build_demo
    from assist_desktop.services.standards import set_standard
    from assist_desktop.services.unions import add_union, init_union, update_home_union

    lang = sys.argv[1] if len(sys.argv) > 1 else "zh"
    OUT.mkdir(parents=True, exist_ok=True)
    _app = setup_application(lang)
    folder = Path(tempfile.mkdtemp())
    db = Database(f"sqlite:///{folder / 'shots.sqlite3'}")
    migrate.upgrade(db)

    from assist_desktop.ui.first_start_dialog import FirstStartDialog

    first = FirstStartDialog(db, today=TODAY, actor="clerk")
    first.code.setText("230102001")
    first.level.set_value("grassroots")
    first.show()
    first.save()  # the name and parent code missing: every problem at once
    save(first, "first-start.png")
    first.close()

    init_union(db, code="230102001", name="哈尔滨锅炉厂工会", level="grassroots", parent_code="230102")
    update_home_union(db, contact_phone="0451-82345678", address="哈尔滨市香坊区三大动力路")
    add_union(db, code="230102", name="南岗区总工会", level="county", parent_code="2301")
    set_standard(db, lb="720", mw="2080", effective="2025-01-01", today=TODAY)
    build_demo(db, files=500, seed=1, as_of=TODAY, actor="demo")

    from assist_desktop.ui.main_window import MainWindow

    w = MainWindow(db, today=TODAY, actor="clerk")
    w.show()
    settle(200)
    save(w, "main-list.png")
    w.select_row(3)
    w.detail.setCurrentIndex(2)  # 家庭成员
    save(w, "file-detail-members.png")
    w.detail.setCurrentIndex(0)
    save(w, "file-detail.png")
    w.search.setText("没有这个人")
    w.apply_search()
    save(w, "search-empty.png")
    w.search.setText("")
    w.apply_search()

    union = w.edit_union()
    assert union is not None
    save(union, "settings-union.png")
    union.close()

    dlg = w.exchange.export_package()
    save(dlg, "export-dialog.png")
    dlg.reject()
    w.close()
    db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
