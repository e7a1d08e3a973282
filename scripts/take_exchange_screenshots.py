#!/usr/bin/env python3
"""Screenshots of printing and exchange for docs/user-guide.md (run under Xvfb):

    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python scripts/take_exchange_screenshots.py

Builds a grassroots and a county demo database in a temporary folder, opens the print preview and the
exchange dialogs with real data, and saves PNGs to docs/img/.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication

sys.path.insert(0, str(Path(__file__).resolve().parent))
from take_screenshots import OUT, save, settle  # noqa: E402

TODAY = dt.date(2026, 11, 20)


def database(folder: Path, name: str, code: str, union: str, level: str, parent: str) -> object:
    from assist_desktop.db import migrate
    from assist_desktop.db.engine import Database
    from assist_desktop.services.standards import set_standard
    from assist_desktop.services.unions import init_union

    db = Database(f"sqlite:///{folder / name}")
    migrate.upgrade(db)
    init_union(db, code=code, name=union, level=level, parent_code=parent)
    set_standard(db, lb="720", mw="2080", effective="2025-01-01", today=TODAY)
    return db


def main() -> int:
    from assist_desktop.app import setup_application
    from assist_desktop.exchange.export import export_package
    from assist_desktop.exchange.merge import import_package, preview_import
    from assist_desktop.exchange.review import review_files
    from assist_desktop.services.demo import build_demo
    from assist_desktop.services.files import update_file
    from assist_desktop.services.prints import green_cards
    from assist_desktop.services.roster import preview_roster
    from assist_desktop.ui.exchange_dialogs import (
        ExportPackageDialog,
        ImportPreviewDialog,
        ReturnReasonDialog,
        RosterPreviewDialog,
    )
    from assist_desktop.ui.main_window import MainWindow
    from assist_desktop.ui.print_actions import SheetOptionsDialog
    from assist_desktop.ui.print_preview import PdfPreviewDialog

    _app = setup_application("zh")
    OUT.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp())
    grassroots = database(folder, "g.sqlite3", "230102001", "哈尔滨锅炉厂工会", "grassroots", "230102")
    build_demo(grassroots, files=120, seed=3, as_of=TODAY, actor="demo")

    preview = PdfPreviewDialog(green_cards(grassroots, on=TODAY), title="打印预览 — 全部在档帮扶对象的绿卡")
    preview.resize(960, 760)
    preview.show()
    settle(60)
    save(preview, "print-preview.png")
    preview.close()

    w = MainWindow(grassroots, today=TODAY, actor="clerk")
    w.resize(1280, 800)
    w.show()
    w.select_row(2)
    sheet = SheetOptionsDialog(
        w.current_file_no() or "", f"{w.current_file_no()}（{w.model.row_at(2).name}）", w
    )
    sheet.full_id.setChecked(True)
    sheet.show()
    save(sheet, "print-sheet-options.png")
    sheet.close()

    export = ExportPackageDialog(receiver="230102", default_name="数据包_230102001_20261120.zip", parent=w)
    export.path.edit.setText("D:/工会报送/数据包_230102001_20261120.zip")
    export.show()
    save(export, "export-package.png")
    export.close()

    roster = folder / "花名册.csv"
    head = "姓名,身份证号,工作状态,家庭年总收入,家庭人口,主要致困原因,家庭情况,技术特长,就业意愿,思想状况,走访日期"
    good = "夫妻二人，一子读高中,车工,希望做保安,情绪稳定,2026-10-15"
    from assist_desktop.domain.validation import id_check_digit

    def ident(first17: str) -> str:
        return first17 + id_check_digit(first17)

    rows = [
        f"王立新,{ident('23010219800101124')},下岗,18000,3,下岗失业,{good}",
        f"李春梅,230102197003151230,下岗,16000,3,本人患重病,{good}",  # a wrong check digit
        f"赵国庆,{ident('23010219690909123')},失业,很多,2,下岗失业,{good}",
        f"刘秀兰,{ident('23010219750505123')},下岗,15000,,子女上学,{good}",
        f"孙建华,{ident('23010319820606123')},退休,20000,4,无此原因,{good}",
        f"周玉芬,{ident('23010219720707124')},内退,17000,2,家属患重病,{good}",
    ]
    roster.write_text("\r\n".join([head, *rows]) + "\r\n", encoding="utf-8-sig")
    report = preview_roster(grassroots, path=roster, today=TODAY)
    check = RosterPreviewDialog(report, path=str(roster), parent=w)
    check.show()
    save(check, "roster-check.png")
    check.close()

    # the county receives the package, edits a file, and receives a second package
    county = database(folder, "c.sqlite3", "230102", "南岗区总工会", "county", "2301")
    first = folder / "first.zip"
    export_package(grassroots, out=first, to="230102", full=True)
    import_package(county, path=first, today=TODAY)
    from sqlalchemy import select

    from assist_desktop.db.models import HardshipFile

    with county.reader() as s:
        nos = list(s.scalars(select(HardshipFile.file_no).order_by(HardshipFile.file_no)))
    update_file(county, file_no=nos[0], changes={"phone": "13800000000"}, as_of=TODAY, actor="county")
    build_demo(grassroots, files=8, seed=9, as_of=TODAY, actor="demo")
    second = folder / "second.zip"
    export_package(grassroots, out=second, to="230102", full=True)
    preview_report = preview_import(county, path=second, today=TODAY)
    dlg = ImportPreviewDialog(preview_report, path=str(second))
    dlg.show()
    save(dlg, "import-preview.png")
    dlg.tabs.setCurrentIndex(1)
    save(dlg, "import-conflicts.png")
    dlg.close()

    review_files(county, file_nos=nos[1:4], decision="approve", actor="county")
    review_files(county, file_nos=nos[4:5], decision="return", reason="家庭收入缺少证明材料", actor="county")
    cw = MainWindow(county, today=TODAY, actor="county")
    cw.resize(1280, 800)
    cw.show()
    cw.select_file(nos[4])
    settle()
    cw.table.horizontalScrollBar().setValue(cw.table.horizontalScrollBar().maximum())
    cw.detail.overview.verticalScrollBar().setValue(cw.detail.overview.verticalScrollBar().maximum())
    save(cw, "review-state.png")
    ret = ReturnReasonDialog(nos[5:7], cw)
    ret.reason.setPlainText("第二户家庭成员收入未填写，请补充后重新上报。")
    ret.show()
    save(ret, "review-return.png")
    ret.close()
    QCoreApplication.processEvents()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
