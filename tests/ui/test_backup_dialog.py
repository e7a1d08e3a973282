"""The 备份与恢复 dialog: back up now, the list of automatic backups, restore after a confirmation that names the
backup's date and how many files it holds."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import func, select

from assist_desktop.db.models import HardshipFile
from assist_desktop.services.backup import auto_backup
from assist_desktop.services.demo import remove_demo
from assist_desktop.ui.backup_dialog import BackupDialog
from tests.ui.conftest import OFFSCREEN_NOISE

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)


def _files(db) -> int:
    with db.reader() as s:
        return int(s.scalar(select(func.count()).select_from(HardshipFile)) or 0)


@pytest.fixture
def dialog(qtbot, demo_db, monkeypatch):
    if not demo_db.is_sqlite:
        pytest.skip("SQLite backups")
    monkeypatch.setattr("assist_desktop.ui.backup_dialog.QMessageBox.information", lambda *a: None)
    auto_backup(demo_db, label="daily")
    dlg = BackupDialog(demo_db, actor="test")
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


def test_the_list_shows_the_automatic_backups(dialog):
    assert dialog.table.rowCount() == 1
    assert [dialog.table.item(0, c).text() for c in (1, 2, 4)] == ["每日", "60", "完好"]
    assert not dialog.restore_selected_button.isEnabled()
    dialog.table.selectRow(0)
    assert dialog.restore_selected_button.isEnabled()
    shot = os.environ.get("ASSIST_SCREENSHOT_DIR")
    if shot:
        dialog.grab().save(os.path.join(shot, "backup_dialog.png"))


def test_back_up_now_then_restore_after_a_confirmation(dialog, demo_db, qtbot, tmp_path):
    out = tmp_path / "saved.sqlite3"
    job = dialog.back_up_to(out)
    qtbot.waitUntil(lambda: job.result is not None or job.error is not None, timeout=30000)
    assert job.error is None and out.exists()
    remove_demo(demo_db, actor="test")
    assert _files(demo_db) == 0
    asked: list[str] = []
    dialog.ask = lambda text: asked.append(text) or False  # "No": nothing happens
    assert dialog.restore(out) is None and _files(demo_db) == 0
    [question] = asked
    assert str(out) in question and "其中档案：60 份" in question and "备份时间：" in question
    dialog.ask = lambda text: True
    job = dialog.restore(out)
    assert job is not None
    qtbot.waitUntil(lambda: job.result is not None or job.error is not None, timeout=30000)
    assert job.error is None and _files(demo_db) == 60
    assert job.result.kept is not None and job.result.kept.exists()
    assert any(b.label == "pre-restore" for b in dialog.backups)  # the list was reloaded


def test_a_damaged_file_is_refused_before_any_question(dialog, tmp_path, monkeypatch):
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"\x00" * 8192)
    warned: list[str] = []
    monkeypatch.setattr("assist_desktop.ui.backup_dialog.QMessageBox.warning",
                        lambda _p, _t, text: warned.append(text))
    dialog.ask = lambda text: pytest.fail("asked about a damaged file")
    assert dialog.restore(bad) is None
    assert warned and str(bad) in warned[0]


def test_the_windows_daily_backup_runs_in_the_background(qtbot, db):
    """A full copy grows with the database: at the window's start it is made in a worker thread, never before the
    first paint, and it is there when the job is done."""
    import threading

    from assist_desktop import app
    from assist_desktop.services import backup
    from assist_desktop.services.demo import build_demo
    from tests.conftest import TODAY

    if not db.is_sqlite:
        pytest.skip("SQLite backups")
    build_demo(db, files=5, seed=1, as_of=TODAY)
    threads: list[bool] = []
    real = backup.daily_backup

    def recording(d, **kw):
        threads.append(threading.current_thread() is threading.main_thread())
        return real(d, **kw)

    import assist_desktop.services.backup as module

    module.daily_backup = recording
    try:
        job = app.start_daily_backup(db)
        qtbot.waitUntil(lambda: job.done, timeout=30000)
    finally:
        module.daily_backup = real
    assert threads == [False]
    assert [b for b in backup.list_backups(db) if b.label == "daily" and b.good]
