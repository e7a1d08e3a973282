#!/usr/bin/env python3
"""Screenshots of the care dialogs (帮扶、走访、包保、责任书、退档、改定、登录) for docs/user-guide.md:

    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python scripts/take_care_screenshots.py

Builds a demo database in a temporary folder, opens the window and the dialogs, fills them as a clerk
would (some with a mistake, to show how errors appear) and saves PNGs to docs/img/ with QWidget.grab().
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
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
    if shutil.which("convert"):  # a 256-colour palette keeps the PNGs small
        subprocess.run(["convert", str(path), "-colors", "256", f"PNG8:{path}"], check=True)
    print(path, path.stat().st_size // 1024, "KB")


def main() -> int:
    from assist_desktop.app import setup_application
    from assist_desktop.db import migrate
    from assist_desktop.db.engine import Database
    from assist_desktop.services.demo import build_demo
    from assist_desktop.services.pairing import add_letter, sign_letter
    from assist_desktop.services.standards import set_standard
    from assist_desktop.services.unions import init_union, list_cadres
    from assist_desktop.services.users import SignedIn, add_user

    OUT.mkdir(parents=True, exist_ok=True)
    _app = setup_application("zh")
    folder = Path(tempfile.mkdtemp())
    db = Database(f"sqlite:///{folder / 'care.sqlite3'}")
    migrate.upgrade(db)
    init_union(db, code="230102001", name="哈尔滨锅炉厂工会", level="grassroots", parent_code="230102")
    set_standard(db, lb="720", mw="2080", effective="2025-01-01", today=TODAY)
    build_demo(db, files=300, seed=3, as_of=TODAY, actor="demo")

    from assist_desktop.ui.login_dialog import AddUserDialog, LoginDialog, UsersDialog
    from assist_desktop.ui.main_window import MainWindow

    add_user(db, username="admin", display_name="李主席", password="admin2026", role="admin")
    add_user(db, username="wangfang", display_name="王芳", password="wang2026x", role="clerk")
    add_user(db, username="zhaomin", display_name="赵敏", password="zhao2026x", role="reviewer")

    login = LoginDialog(db, union_name="哈尔滨锅炉厂工会")
    login.username.setText("wangfang")
    login.password.setText("wrong")
    login.show()
    login.try_sign_in()
    save(login, "login.png")
    login.close()

    w = MainWindow(db, today=TODAY, actor="wangfang")
    w.apply_sign_in(SignedIn("wangfang", "王芳", "clerk"))
    w.resize(1280, 800)
    w.show()
    w.select_row(2)
    w.detail.setCurrentIndex(3)

    dlg = w.care.record_assistance()
    dlg.kind.set_value("money")
    dlg.amount.setText("500.005")
    dlg.fund.set_value("union")
    dlg.items.setPlainText("冬季取暖补助")
    dlg.save()
    save(dlg, "assistance-errors.png")
    dlg.amount.setText("500.00")
    dlg.save()

    dlg = w.care.record_visit()
    dlg.visitor.setText("赵敏")
    dlg.living.setPlainText("住房为单位老旧公房，冬季取暖费负担重")
    dlg.needs.setPlainText("希望介绍一份保安或保洁工作")
    dlg.explained.setPlainText("再就业优惠证政策、困难职工子女助学")
    dlg.state_of_mind.setPlainText("情绪稳定，愿意参加技能培训")
    save(dlg, "visit.png")
    dlg.save()

    dlg = w.care.record_employment()
    dlg.kind.set_value("training")
    dlg.detail.setPlainText("市职工技能培训中心 电工培训班（两个月）")
    dlg.certificate.setText("低压电工作业证")
    dlg.outcome.setText("推荐到物业公司面试")
    dlg.found_work.set_value(True)
    save(dlg, "employment.png")
    dlg.save()
    save(w, "care-window.png")  # the three tables with what was just recorded

    cadres = list_cadres(db)
    dlg = w.care.assign()
    dlg.person.setCurrentIndex(2)
    save(dlg, "assign.png")
    dlg.close()

    dlg = w.care.handover()
    dlg.giver.set_value(cadres[0].id)
    dlg.taker.set_value(cadres[1].id)
    dlg.note.setText("调离本单位")
    save(dlg, "handover.png")
    dlg.close()

    from assist_desktop.services.unions import cadre_left

    cadre_left(db, person=cadres[0].id, on=TODAY)  # left without a handover: their files show as uncovered
    dlg = w.care.coverage()
    dlg.resize(640, 380)
    save(dlg, "coverage.png")
    dlg.close()

    from assist_desktop.services.unions import add_cadre

    own = add_cadre(db, name="周强", title="工会副主席", phone="13904510001")
    add_cadre(db, name="吴静", title="工会干事", phone="13904510002")
    letter = add_letter(
        db,
        lower_person=own.id,
        goals="在档户每半年入户走访一次；年内帮助1户实现再就业",
        measures="逐户建立帮扶台账；落实送温暖和助学帮扶",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 12, 31),
    )
    sign_letter(db, letter_no=letter["letter_no"], side="upper", signatory="李主席", on=dt.date(2026, 1, 8))
    dlg = w.care.letters()
    dlg.resize(860, 420)
    save(dlg, "letters.png")
    new = dlg.new_letter()
    new.person.setCurrentIndex(1)
    new.goals.setPlainText("在档户每季度走访一次")
    save(new, "letter-new.png")
    new.close()
    dlg.close()

    dlg = w.care.close_file()
    dlg.cancelled.setChecked(True)
    dlg.detail.set_value("transfer")
    dlg.save()
    save(dlg, "close-note.png")
    dlg.close()

    reviewer = MainWindow(db, today=TODAY, actor="zhaomin")
    reviewer.apply_sign_in(SignedIn("zhaomin", "赵敏", "reviewer"))
    reviewer.select_row(2)
    dlg = reviewer.care.override()
    dlg.category.set_value("relative")
    dlg.reason.setPlainText("子女大学学费已由社会助学金全额资助，按相对困难帮扶")
    dlg.until.set_value(dt.date(2027, 6, 30))
    save(dlg, "override.png")
    dlg.close()

    viewer = MainWindow(db, today=TODAY, actor="guest")
    viewer.apply_sign_in(SignedIn("guest", "访客", "viewer"))
    viewer.resize(1280, 800)
    viewer.show()
    settle()
    menu = next(a.menu() for a in viewer.menuBar().actions() if a.text() == "帮扶(&A)")
    menu.popup(
        viewer.mapToGlobal(viewer.menuBar().actionGeometry(viewer.menuBar().actions()[0]).bottomLeft())
    )
    settle()
    save(menu, "viewer-menu.png")
    menu.close()

    admin = MainWindow(db, today=TODAY, actor="admin")
    admin.apply_sign_in(SignedIn("admin", "李主席", "admin"))
    users = admin.care.manage_users()
    users.resize(520, 300)
    save(users, "users.png")
    add = users.add_user()
    assert isinstance(add, AddUserDialog)
    add.username.setText("sunli")
    add.display_name.setText("孙丽")
    add.password.setText("12345")
    add.password2.setText("12345")
    add.save()
    save(add, "user-add.png")
    add.close()
    users.close()
    assert isinstance(users, UsersDialog)
    for win in (w, reviewer, viewer, admin):
        win.close()
    db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
