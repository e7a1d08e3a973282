"""The main window on a demo database: listing, searching, the detail pane, the dashboard, actions."""

from __future__ import annotations

import pytest

from assist_desktop.domain.pinyin import name_initials
from assist_desktop.services.files import count_files
from assist_desktop.services.search import search_files
from assist_desktop.ui import file_table as ft
from tests.ui.conftest import OFFSCREEN_NOISE

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)


def _rows(window) -> list:
    return [window.model.row_at(r) for r in range(window.model.rowCount())]


def test_opens_on_demo_database_and_lists_files(window, demo_db) -> None:
    assert window.model.rowCount() == 60
    assert window.model.total() == 60
    assert "60" in window.count_label.text()
    first = window.model.row_at(0)
    assert window.current_file_no() == first.file_no
    assert first.name in window.detail.overview.toPlainText()
    assert window.table.model().index(0, ft.COL_NAME).data() == first.name
    assert "哈尔滨锅炉厂工会" in window.windowTitle()


def test_typing_initials_filters_the_table(qtbot, window, demo_db) -> None:
    target = search_files(demo_db, limit=100)[5]
    initials = name_initials(target.name)
    qtbot.keyClicks(window.search, initials)
    qtbot.waitUntil(lambda: window.model.query == initials, timeout=3000)
    rows = _rows(window)
    assert target.file_no in [r.file_no for r in rows]
    assert 0 < len(rows) < 60
    assert all(name_initials(r.name).startswith(initials) for r in rows)


def test_typing_last_digits_of_an_id_number(qtbot, window, demo_db) -> None:
    target = search_files(demo_db, limit=100)[11]
    tail = target.id_number[-6:]
    qtbot.keyClicks(window.search, tail)
    qtbot.waitUntil(lambda: window.model.query == tail, timeout=3000)
    rows = _rows(window)
    assert target.file_no in [r.file_no for r in rows]
    assert all(r.id_number.endswith(tail) for r in rows)


def test_chinese_search_text_set_programmatically(qtbot, window, demo_db) -> None:
    target = search_files(demo_db, limit=100)[3]
    window.search.setText(target.name)  # keyClicks with non-ASCII text aborts the process
    qtbot.waitUntil(lambda: window.model.query == target.name, timeout=3000)
    rows = _rows(window)
    assert target.file_no in [r.file_no for r in rows]
    assert all(target.name in r.name or (r.employer and target.name in r.employer) for r in rows)


def test_status_filter_and_clearing_the_search(qtbot, window) -> None:
    window.status_filter.set_value("registered")
    assert window.model.rowCount() > 0
    assert {r.status for r in _rows(window)} == {"registered"}
    window.status_filter.set_value(None)
    assert window.model.rowCount() == 60


def test_ctrl_f_focuses_search_and_f5_refreshes(qtbot, window) -> None:
    window.show()
    qtbot.waitExposed(window)
    window.table.setFocus()
    shortcuts = {
        a.shortcut().toString(): a
        for a in (window.action("new"), window.action("edit"), window.action("find"), window.action("refresh"))
    }
    assert set(shortcuts) == {"Ctrl+N", "Ctrl+E", "Ctrl+F", "F5"}
    shortcuts["Ctrl+F"].trigger()  # offscreen windows are not reliably active for real key events
    assert window.focusWidget() is window.search
    window.action("refresh").trigger()
    assert window.model.rowCount() == 60


def test_detail_pane_tabs(window) -> None:
    d = window.detail.detail
    assert d is not None
    texts = [window.detail.tabText(i) for i in range(window.detail.count())]
    assert texts == ["概况", "五清", "家庭成员", "帮扶记录/走访", "历史"]
    assert window.detail.members_table.rowCount() == len(d.members)
    assert window.detail.history_table.rowCount() == len(d.events) >= 1
    assert window.detail.assistance_table.rowCount() == len(d.assistance)
    assert window.detail.visits_table.rowCount() == len(d.visits)
    assert "五清" in window.detail.five_clear_view.toPlainText()
    assert "人均月收入" in window.detail.overview.toPlainText()


def test_dashboard_counts(window, demo_db) -> None:
    window.tabs.setCurrentWidget(window.dashboard)
    data = window.dashboard.data
    assert data["files"] == 60
    assert window.dashboard.pie_view.chart().series()
    bars = window.dashboard.bar_view.chart().series()[0].barSets()[0]
    assert sum(bars.at(i) for i in range(bars.count())) == 60


def test_reevaluate_all_runs_as_a_job_with_a_summary(qtbot, window) -> None:
    job = window.reevaluate_all()
    qtbot.waitUntil(lambda: job.done, timeout=20000)
    assert job.error is None
    assert window.last_summary is not None
    assert window.last_summary.get("evaluated") == 60


def test_demo_data_job_adds_files(qtbot, window, demo_db) -> None:
    job = window.make_demo_data(files=25)
    qtbot.waitUntil(lambda: job.done, timeout=20000)
    assert job.error is None
    assert count_files(demo_db) == 85
    qtbot.waitUntil(lambda: window.model.total() == 85, timeout=3000)


def test_due_tab(qtbot, window) -> None:
    window.tabs.setCurrentIndex(2)
    if window.due_table is None:
        assert window.due_notice is not None
        return
    assert window.tabs.tabText(2).startswith("待办")
    assert window.due_table.columnCount() == 6
    if window.due_table.rowCount():
        file_no = window.due_table.item(0, 2).text()
        if file_no:
            window._due_activated(0, 2)
            assert window.current_file_no() == file_no
