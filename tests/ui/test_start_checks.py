"""The window at start: the history's hash chain checked in the background (a warning when broken, nothing
when intact); the file's context menu with the worker's own copy."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select, text

from assist_desktop.db.models import AuditLog
from tests.conftest import TODAY
from tests.ui.conftest import OFFSCREEN_NOISE

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)  # the warning dialog is shown


def _open(qtbot: Any, db: Any) -> Any:
    from assist_desktop.ui.main_window import MainWindow

    w = MainWindow(db, today=TODAY, actor="tester")
    qtbot.addWidget(w)
    qtbot.waitUntil(lambda: w.chain_job is not None and w.chain_job.done, timeout=30000)
    return w


def test_an_intact_history_shows_nothing(qtbot: Any, demo_db: Any) -> None:
    w = _open(qtbot, demo_db)
    assert w.chain_job.error is None
    assert w.chain_warning is None and w.chain_dialog is None
    assert w.findChild(type(w.statusBar()), "chainWarning") is None


def test_a_broken_chain_warns_in_the_status_bar_and_names_the_first_broken_entry(
    qtbot: Any, demo_db: Any, tmp_path: Any
) -> None:
    with demo_db.reader() as s:
        target = s.scalars(select(AuditLog.id).order_by(AuditLog.id).offset(5).limit(1)).one()
    with demo_db.engine.begin() as conn:  # behind the program's back
        conn.execute(text("UPDATE audit_log SET actor = 'mallory' WHERE id = :id"), {"id": target})
    w = _open(qtbot, demo_db)
    assert w.chain_warning is not None and w.chain_warning.isVisible() is w.isVisible()
    assert f"第 {target} 条" in w.chain_warning.text()
    assert w.chain_dialog is not None and f"第 {target} 条" in w.chain_dialog.text()
    w.grab().save(str(tmp_path / "chain.png"))
    w.chain_dialog.close()


def test_the_own_copy_is_in_the_files_context_menu_and_recorded(qtbot: Any, demo_db: Any, tmp_path: Any) -> None:
    w = _open(qtbot, demo_db)
    keys = {a.text() for a in w.table.actions()}
    assert "本人档案副本…" in keys
    w.select_row(0)
    no = w.current_file_no()
    out = tmp_path / "copy.json"
    from assist_desktop.ui.own_copy_action import open_own_copy

    job = open_own_copy(w, out=str(out))
    qtbot.waitUntil(lambda: job.done, timeout=30000)
    assert job.error is None
    body = json.loads(out.read_text(encoding="utf-8"))
    assert body["file_no"] == no
    with demo_db.reader() as s:
        reasons = s.scalars(select(AuditLog.reason).where(AuditLog.action == "disclose")).all()
    assert reasons == [f"本人档案副本（json）{no} 交给 本人 {body['person']}"]
