"""Start-up: first-start dialog, opening the database, the standards dialog, translations."""

from __future__ import annotations

import datetime as dt

import pytest

from assist_desktop.services.standards import list_standards
from assist_desktop.services.unions import get_home_union
from assist_desktop.ui.first_start_dialog import FirstStartDialog
from assist_desktop.ui.standards_dialog import StandardsDialog
from tests.conftest import TODAY
from tests.ui.conftest import OFFSCREEN_NOISE

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)


def test_first_start_creates_the_union_and_standard(qtbot, empty_db) -> None:
    dlg = FirstStartDialog(empty_db, today=TODAY, actor="t")
    qtbot.addWidget(dlg)
    assert dlg.lb.text() == "720" and dlg.mw.text() == "2080"
    assert dlg.effective.date().toPython() == dt.date(TODAY.year, 1, 1)
    assert not dlg.wants_demo  # demo data is offered, never ticked by default
    qtbot.keyClicks(dlg.code, "230102001")
    dlg.name.setText("哈尔滨锅炉厂工会")
    dlg.level.set_value("grassroots")
    qtbot.keyClicks(dlg.parent_code, "230102")
    assert dlg.save() is True
    union = get_home_union(empty_db)
    assert union is not None and union.code == "230102001" and union.name == "哈尔滨锅炉厂工会"
    assert union.parent_code == "230102"
    [std] = list_standards(empty_db)
    assert (std.lb_fen, std.mw_fen, std.effective_on) == (72000, 208000, dt.date(TODAY.year, 1, 1))


def test_first_start_refuses_a_bad_code(qtbot, empty_db) -> None:
    dlg = FirstStartDialog(empty_db, today=TODAY, actor="t")
    qtbot.addWidget(dlg)
    qtbot.keyClicks(dlg.code, "x")
    dlg.name.setText("某工会")
    assert dlg.save() is False
    assert get_home_union(empty_db) is None
    assert dlg.code.property("invalid") is True
    assert "工会代码" in dlg.errors.text()


def test_first_start_shows_every_error_at_once_and_writes_nothing(qtbot, empty_db) -> None:
    dlg = FirstStartDialog(empty_db, today=TODAY, actor="t")
    qtbot.addWidget(dlg)
    qtbot.keyClicks(dlg.code, "x")
    dlg.level.set_value("grassroots")
    dlg.lb.setText("")
    assert dlg.save() is False
    text = dlg.errors.text()
    assert "工会代码" in text and "工会名称" in text and "上级工会代码" in text and "低保" in text
    for w in (dlg.code, dlg.name, dlg.parent_code, dlg.lb.edit):
        assert w.property("invalid") is True
    assert get_home_union(empty_db) is None and list_standards(empty_db) == []


def test_first_start_clears_the_red_border_once_a_field_is_fixed(qtbot, empty_db) -> None:
    dlg = FirstStartDialog(empty_db, today=TODAY, actor="t")
    qtbot.addWidget(dlg)
    dlg.level.set_value("grassroots")
    assert dlg.save() is False
    assert dlg.code.property("invalid") is True and dlg.parent_code.property("invalid") is True
    qtbot.keyClicks(dlg.code, "230102001")
    assert dlg.code.property("invalid") is False and dlg.code.toolTip() == ""
    assert dlg.parent_code.property("invalid") is True  # still wrong, still marked
    qtbot.keyClicks(dlg.parent_code, "230102")
    assert dlg.parent_code.property("invalid") is False


def test_first_start_requires_the_parent_code_below_the_province(qtbot, empty_db) -> None:
    dlg = FirstStartDialog(empty_db, today=TODAY, actor="t")
    qtbot.addWidget(dlg)
    qtbot.keyClicks(dlg.code, "230102001")
    dlg.name.setText("哈尔滨锅炉厂工会")
    dlg.level.set_value("grassroots")
    assert dlg.save() is False
    assert dlg.parent_code.property("invalid") is True and get_home_union(empty_db) is None
    dlg.level.set_value("province")
    dlg.code.setText("23")
    assert dlg.save() is True


def test_standards_dialog_records_a_new_standard(qtbot, db) -> None:
    dlg = StandardsDialog(db, today=TODAY, actor="t")
    qtbot.addWidget(dlg)
    assert dlg.table.rowCount() == 1
    assert dlg.lb.text() == "720.00"
    dlg.lb.setText("800")
    dlg.effective.setDate(dt.date(2026, 7, 1))
    assert dlg.save() is True
    assert [s.lb_fen for s in list_standards(db)] == [72000, 80000]


def test_standards_dialog_refuses_a_zero_standard(qtbot, db) -> None:
    dlg = StandardsDialog(db, today=TODAY, actor="t")
    qtbot.addWidget(dlg)
    dlg.lb.setText("0")
    assert dlg.save() is False
    assert dlg.lb.property("invalid") is True
    assert len(list_standards(db)) == 1


def test_run_gui_opens_and_quits(qtbot, db, monkeypatch) -> None:
    from assist_desktop import app

    monkeypatch.setenv(app.ENV_SMOKE_EXIT, "300")
    url = db.url
    db.dispose()
    assert app.run_gui(db_arg=url, as_of=TODAY) == 0


def test_run_gui_reports_an_unusable_database(qtbot, tmp_path, monkeypatch) -> None:
    from assist_desktop import app

    bad = tmp_path / "not-a-db.sqlite3"
    bad.write_bytes(b"this is not a database" * 100)
    shown: list[str] = []
    monkeypatch.setattr(app.QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    assert app.run_gui(db_arg=str(bad), as_of=TODAY) == app.EXIT_ENV
    assert shown and "无法打开或升级数据库" in shown[0]


def test_bundled_font_is_registered(qapp) -> None:
    from assist_desktop.app import install_font

    family = install_font(qapp)
    assert family and "WenQuanYi" in family
    assert family in qapp.font().families()


def test_english_translation_is_compiled_and_loads(qapp) -> None:
    from PySide6.QtCore import QCoreApplication

    from assist_desktop.domain.enums import FileStatus
    from assist_desktop.resources import resource
    from assist_desktop.ui import i18n

    assert resource("translations", "assist_desktop_en.qm").exists()
    try:
        assert i18n.install_translations(qapp, "en")
        assert i18n.current_lang() == "en"
        assert QCoreApplication.translate("MainWindow", "新建档案") == "New file"
        assert QCoreApplication.translate("jobs", "程序错误") == "Program error"
        assert i18n.enum_label(FileStatus, "registered") == "Registered"
    finally:
        i18n.install_translations(qapp, "zh")
    assert QCoreApplication.translate("MainWindow", "新建档案") == "新建档案"


def test_every_ui_string_is_translated() -> None:
    import xml.etree.ElementTree as ET

    from assist_desktop.resources import resource

    tree = ET.parse(resource("translations", "assist_desktop_en.ts"))
    unfinished = [
        m.findtext("source")
        for m in tree.getroot().iter("message")
        if m.find("translation").get("type") == "unfinished" or not m.findtext("translation")
    ]
    assert unfinished == []


def test_an_unhandled_error_in_the_window_is_shown_as_a_program_error(qtbot, monkeypatch) -> None:
    import sys

    from assist_desktop import app
    from assist_desktop.ui import jobs

    shown: list[tuple[BaseException, str | None]] = []
    printed: list[type[BaseException]] = []
    monkeypatch.setattr(jobs, "show_error", lambda parent, exc, details=None: shown.append((exc, details)))
    monkeypatch.setattr(sys, "excepthook", lambda kind, exc, tb: printed.append(kind))
    app.install_excepthook()
    try:
        raise ZeroDivisionError("a bug")
    except ZeroDivisionError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    assert printed == []  # no traceback on the terminal: it could quote record contents (issue 9)
    [(exc, details)] = shown
    assert isinstance(exc, ZeroDivisionError) and details and "ZeroDivisionError: a bug" in details
    title, message, more = jobs.describe_error(exc, details)
    assert title == "程序错误" and "已写入错误报告" in message and more and "ZeroDivisionError" in more


def test_an_unhandled_error_in_the_window_is_reported_redacted(qtbot, monkeypatch, capsys) -> None:
    import sys

    from assist_desktop import app, bugreport
    from assist_desktop.ui import jobs

    shown: list[str] = []
    monkeypatch.setattr(jobs.QMessageBox, "exec", lambda box: shown.append(box.text() + box.detailedText()))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # the hook is taken off again after the test
    app.install_excepthook()
    try:
        raise ValueError("张建国 230102197003151238 6222021001123456789")
    except ValueError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    err = capsys.readouterr().err
    assert "程序出错，已写入错误报告：" in err and "230102197003151238" not in err and "Traceback" not in err
    [text] = shown
    assert "230102197003151238" not in text and "6222021001123456789" not in text and "ValueError" in text
    [report] = list(bugreport.log_dir().glob("bug-*.txt"))
    body = report.read_text(encoding="utf-8")
    assert "ValueError" in body and "230102197003151238" not in body and "6222021001123456789" not in body
