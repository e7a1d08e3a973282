"""The window: catch-up at start and at midnight, the 再就业 tab and its dialogs, the retention list."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select, update

from assist_desktop.db.models import FileStub, HardshipFile
from assist_desktop.services import lifecycle
from assist_desktop.services.assistance import add_employment_support, list_employment_support
from assist_desktop.services.catchup import last_catch_up
from assist_desktop.services.files import create_file, update_file
from assist_desktop.services.users import SignedIn
from assist_desktop.ui.assistance_dialogs import EmploymentDialog, EmploymentOutcomeDialog
from assist_desktop.ui.retention_dialog import RetentionDialog
from assist_desktop.ui.time_keeping import next_midnight_msecs
from tests.conftest import TODAY, complete_file_data
from tests.ui.conftest import CLOCK_NOW, OFFSCREEN_NOISE

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)
D = dt.date
FILE = "230102001-000001"


def in_exit_notice(db) -> dt.date:
    create_file(db, data=complete_file_data(last_visit_date="2026-01-02"), as_of=D(2026, 1, 5))
    update_file(db, file_no=FILE, changes={"household_annual_income": "60000"}, as_of=D(2026, 2, 2))
    lifecycle.reevaluate_all(db, as_of=D(2026, 8, 3))
    with db.reader() as s:
        f = s.scalars(select(HardshipFile)).one()
        assert f.status == "exit_notice"
        return f.notice_until


def status_of(db) -> str:
    with db.reader() as s:
        return s.scalars(select(HardshipFile.status)).one()


@pytest.fixture(autouse=True)
def _no_jobs_left():
    """Jobs of earlier tests' windows finish first (the pool is shared), and ours before the database goes."""
    from assist_desktop.ui.jobs import wait_for_jobs

    wait_for_jobs()
    yield
    wait_for_jobs()


def make_window(qtbot, db, today):
    from assist_desktop.ui.main_window import MainWindow

    w = MainWindow(db, today=today, actor="tester")
    qtbot.addWidget(w)
    return w


def test_next_midnight():
    assert next_midnight_msecs(dt.datetime(2026, 11, 20, 23, 59, 0)) == 65_000
    assert next_midnight_msecs(dt.datetime(2026, 11, 20, 0, 0, 0)) == 86_405_000
    assert next_midnight_msecs(dt.datetime(2026, 12, 31, 12, 0, 0, 500_000)) == 12 * 3_600_000 + 4_500
    assert next_midnight_msecs(dt.datetime(2026, 11, 20, 0, 0, 4, 999_900)) == 86_400_000  # not "now"


def test_the_window_closes_a_notice_that_ended_yesterday_at_start(qtbot, db):
    until = in_exit_notice(db)
    day = until + dt.timedelta(days=1)
    w = make_window(qtbot, db, day)
    assert status_of(db) == "exit_notice"  # nothing before the start-up job
    job = w.start_time_keeping()
    qtbot.waitUntil(lambda: job.done, timeout=30000)
    assert status_of(db) == "closed" and last_catch_up(db) == day
    keeper = w.time_keeper
    assert keeper.timer.isActive() and keeper.timer.isSingleShot()
    assert keeper.timer.interval() == next_midnight_msecs(CLOCK_NOW)  # armed at the start for the next midnight
    assert 0 < keeper.timer.remainingTime() <= keeper.timer.interval()
    notice = keeper.notice
    assert notice is not None and notice.isVisible() and notice.windowModality() == Qt.WindowModality.NonModal
    assert "退档：1 份" in notice.text()
    assert "退档：1 份" in w.statusBar().currentMessage()
    # the list and the pane follow the change signal
    qtbot.waitUntil(lambda: w.detail.detail is not None and w.detail.detail.file.status == "closed", timeout=30000)
    history = [w.detail.history_table.item(0, c).text() for c in range(6)]
    assert history[5] == "系统（到期自动）"
    notice.close()
    again = keeper.run()
    qtbot.waitUntil(lambda: again.done, timeout=30000)
    assert not again.result.ran and keeper.notice is None  # once a day, and nothing to say


def test_midnight_moves_today_on_and_catches_up(qtbot, db):
    until = in_exit_notice(db)
    w = make_window(qtbot, db, until)  # the notice's last day
    keeper = w.time_keeper
    job = w.start_time_keeping()
    qtbot.waitUntil(lambda: job.done, timeout=30000)
    assert status_of(db) == "exit_notice" and not job.result.moved and keeper.notice is None
    assert keeper.midnight() is None  # fired before the computer's day changed: only re-armed
    assert w.today == until and keeper.timer.isActive()
    keeper.clock_day -= dt.timedelta(days=1)  # the computer's clock has passed midnight since
    first = keeper.job
    keeper.timer.timeout.emit()  # the timer's slot, as at midnight
    job = keeper.job
    assert job is not first
    qtbot.waitUntil(lambda: job.done, timeout=30000)
    assert w.today == until + dt.timedelta(days=1) and w.detail._today == w.today
    assert status_of(db) == "closed" and last_catch_up(db) == w.today


def test_employment_dialogs_and_the_re_employment_tab(qtbot, db):
    create_file(db, data=complete_file_data(), as_of=TODAY)
    add_employment_support(db, file_no=FILE, kind="training", detail="电工培训", started_on="2026-03-01",
                           today=TODAY)
    w = make_window(qtbot, db, TODAY)
    w.select_file(FILE)
    table = w.detail.employment_table
    assert w.detail.indexOf(w.detail.employment_page) >= 0 and w.detail.isAncestorOf(table)
    assert "培训 1 次，其后就业 0 次；未记录结果 1 次" in w.detail.training_summary.text()
    assert w.detail.employment_buttons["employment_outcome"].isEnabled()
    # a placement: recorded as work, the file re-evaluated
    dlg = w.care.record_employment()
    assert isinstance(dlg, EmploymentDialog)
    dlg.kind.set_value("placement")
    assert dlg.intro.isVisibleTo(dlg) and "重新评定" in dlg.intro.text()
    dlg.detail.setPlainText("物业保安")
    assert dlg.save() is True
    rows = list_employment_support(db, file_no=FILE)
    assert [r.kind for r in rows] == ["training", "placement"] and rows[1].found_work is True
    assert table.rowCount() == 2
    assert table.item(1, 6).text() == "2026-11-20 岗位安置"  # the training, followed by the placement
    # the outcome of the training, recorded later on its row
    table.selectRow(1)
    assert w.detail.selected_employment_id() == rows[0].id
    out = w.care.record_employment_outcome()
    assert isinstance(out, EmploymentOutcomeDialog) and out.record.id == rows[0].id
    out.found_work.set_value(True)
    out.outcome.setText("结业后上岗")
    assert out.save() is True
    assert list_employment_support(db, file_no=FILE)[0].outcome == "结业后上岗"
    assert table.item(1, 4).text() == "是" and table.item(1, 5).text() == "结业后上岗"
    assert "其后就业 1 次" in w.detail.training_summary.text()


def _closed_long_ago(db) -> None:
    create_file(db, data=complete_file_data(), as_of=TODAY)
    with db.transaction() as s:
        s.execute(update(HardshipFile).values(status="closed", closed_on=D(2016, 3, 1), close_reason="relieved"))


def test_retention_dialog_deletes_only_for_a_reviewer(qtbot, db, monkeypatch):
    _closed_long_ago(db)
    clerk = RetentionDialog(db, today=TODAY, actor="clerk", may_delete=False)
    qtbot.addWidget(clerk)
    assert clerk.files_table.rowCount() == 1 and clerk.files_table.item(0, 0).text() == FILE
    clerk.files_table.selectRow(0)
    assert not clerk.delete_button.isEnabled() and clerk.delete_selected(reason="x") is None
    assert status_of(db) == "closed"

    dlg = RetentionDialog(db, today=TODAY, actor="李审核", may_delete=True)
    qtbot.addWidget(dlg)
    assert not dlg.delete_button.isEnabled()  # nothing chosen yet
    dlg.files_table.selectRow(0)
    assert dlg.delete_button.isEnabled()
    monkeypatch.setattr(dlg, "ask_reason", lambda item: None)  # cancelled at the question
    dlg.delete_button.click()
    assert dlg.last_deleted is None and status_of(db) == "closed"
    monkeypatch.setattr(dlg, "ask_reason", lambda item: "保存期满十年")
    dlg.delete_button.click()
    assert dlg.last_deleted is not None and dlg.files_table.rowCount() == 0 and dlg.stubs_table.rowCount() == 1
    assert [dlg.stubs_table.item(0, c).text() for c in (0, 1, 4, 5)] == [FILE, "张*国", "李审核", "保存期满十年"]
    with db.reader() as s:
        assert s.scalars(select(HardshipFile)).first() is None
        assert s.scalars(select(FileStub.approved_by)).one() == "李审核"


def test_the_window_offers_retention_with_the_role(qtbot, db):
    _closed_long_ago(db)
    w = make_window(qtbot, db, TODAY)
    w.apply_sign_in(SignedIn(username="clerk1", display_name="王芳", role="clerk"))
    dlg = w.care.retention()
    assert isinstance(dlg, RetentionDialog) and not dlg.may_delete and dlg.files_table.rowCount() == 1
    dlg.close()
    w2 = make_window(qtbot, db, TODAY)
    w2.apply_sign_in(SignedIn(username="rev1", display_name="李审核", role="reviewer"))
    dlg2 = w2.care.retention()
    assert dlg2.may_delete
    job = w2.refresh_due()
    qtbot.waitUntil(lambda: job.done, timeout=30000)
    assert "retention_due" in [i.kind for i in job.result]
    qtbot.waitUntil(lambda: w2.due_table.rowCount() > 0, timeout=30000)  # the newest due job's answer is shown
    labels = [w2.due_table.item(r, 1).text() for r in range(w2.due_table.rowCount())]
    assert "档案保存期满，待审核删除" in labels

