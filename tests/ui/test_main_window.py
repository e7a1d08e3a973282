"""The main window on a demo database: listing, searching, the detail pane, the dashboard, actions."""

from __future__ import annotations

import pytest

from assist_desktop.domain.pinyin import name_initials
from assist_desktop.services.files import count_files
from assist_desktop.services.search import search_files
from assist_desktop.ui import file_table as ft
from assist_desktop.ui.main_window import DUE_TAB
from tests.conftest import TODAY
from tests.ui.conftest import OFFSCREEN_NOISE

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)


def _rows(window) -> list:
    return [window.model.row_at(r) for r in range(window.model.rowCount())]


def test_opens_on_demo_database_and_lists_files(qtbot, window, demo_db) -> None:
    assert window.model.rowCount() == 60
    assert window.model.total() == 60
    assert "找到 60 份" in window.count_label.text()
    # the database's total is counted in the background, never before the first paint
    qtbot.waitUntil(lambda: "数据库共 60 份" in window.count_label.text(), timeout=30000)
    first = window.model.row_at(0)
    assert window.current_file_no() == first.file_no
    assert first.name in window.detail.overview.toPlainText()
    assert window.table.model().index(0, ft.COL_NAME).data() == first.name
    assert "哈尔滨锅炉厂工会" in window.windowTitle()


def test_typing_initials_filters_the_table(qtbot, window, demo_db) -> None:
    target = search_files(demo_db, limit=100)[5]
    initials = name_initials(target.name)
    qtbot.keyClicks(window.search, initials)
    qtbot.waitUntil(lambda: window.model.query == initials, timeout=30000)
    rows = _rows(window)
    assert target.file_no in [r.file_no for r in rows]
    assert 0 < len(rows) < 60
    assert all(name_initials(r.name).startswith(initials) for r in rows)


def test_typing_last_digits_of_an_id_number(qtbot, window, demo_db) -> None:
    target = search_files(demo_db, limit=100)[11]
    tail = target.id_number[-6:]
    qtbot.keyClicks(window.search, tail)
    qtbot.waitUntil(lambda: window.model.query == tail, timeout=30000)
    rows = _rows(window)
    assert target.file_no in [r.file_no for r in rows]
    assert all(r.id_number.endswith(tail) for r in rows)


def test_chinese_search_text_set_programmatically(qtbot, window, demo_db) -> None:
    target = search_files(demo_db, limit=100)[3]
    window.search.setText(target.name)  # keyClicks with non-ASCII text aborts the process
    qtbot.waitUntil(lambda: window.model.query == target.name, timeout=30000)
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
    qtbot.waitExposed(window, timeout=30000)
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
    assert texts == ["概况", "五清", "家庭成员", "帮扶记录/走访", "再就业", "历史"]
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
    qtbot.waitUntil(lambda: job.done, timeout=30000)
    assert job.error is None
    assert window.last_summary is not None
    assert window.last_summary.get("evaluated") == 60


def test_demo_data_job_adds_files(qtbot, window, demo_db) -> None:
    job = window.make_demo_data(files=25)
    qtbot.waitUntil(lambda: job.done, timeout=30000)
    assert job.error is None
    assert count_files(demo_db) == 85
    qtbot.waitUntil(lambda: window.model.total() == 85, timeout=30000)


def _due_rows(window) -> list[tuple[str, str, str]]:
    t = window.due_table
    return [(t.item(r, 0).text(), t.item(r, 1).text(), t.item(r, 2).text()) for r in range(t.rowCount())]


def test_due_tab_lists_every_duty_and_follows_a_change_without_being_opened(qtbot, window, demo_db) -> None:
    from assist_desktop.services.assistance import add_visit
    from assist_desktop.services.changes import Changes
    from assist_desktop.services.due import due_items
    from assist_desktop.ui.signals import app_signals

    expected = due_items(demo_db, as_of=TODAY, limit_per_kind=500)
    assert len(expected) >= 2  # the demo has overdue home visits
    qtbot.waitUntil(lambda: window.tabs.tabText(DUE_TAB) == f"待办（{len(expected)}）", timeout=30000)
    assert window.tabs.currentIndex() == 0  # counted without opening the tab
    assert window.due_table.columnCount() == 6
    assert _due_rows(window) == [(i.due_on.isoformat(), i.label, i.file_no or "") for i in expected]
    overdue = [i for i in expected if i.kind == "visit_overdue"]
    visited = overdue[0].file_no
    assert visited is not None

    add_visit(demo_db, file_no=visited, visitor="赵敏", state_of_mind="积极配合", today=TODAY, actor="test")
    app_signals().changed.emit(Changes.of_files(visited, care=True))
    # read again in the background: the window never waits for the due list
    qtbot.waitUntil(lambda: window.tabs.tabText(DUE_TAB) == f"待办（{len(expected) - 1}）", timeout=30000)
    assert window.due_table.rowCount() == len(expected) - 1
    assert visited not in [file_no for _d, _k, file_no in _due_rows(window)]
    assert window.tabs.currentIndex() == 0

    window.tabs.setCurrentIndex(DUE_TAB)
    other = window.due_table.item(0, 2).text()
    window._due_activated(0, 2)
    assert window.current_file_no() == other and window.tabs.currentIndex() == 0


def test_a_change_set_with_files_refreshes_the_file_table_and_the_due_tab(qtbot, window, demo_db) -> None:
    from assist_desktop.services.assistance import add_visit
    from assist_desktop.services.changes import Changes
    from assist_desktop.services.due import due_items
    from assist_desktop.services.files import create_file
    from assist_desktop.ui.signals import app_signals
    from tests.conftest import complete_file_data

    qtbot.waitUntil(lambda: window.tabs.tabText(DUE_TAB).startswith("待办（"), timeout=30000)
    due = due_items(demo_db, as_of=TODAY, limit_per_kind=500)
    before = len(due)
    known = {r.file_no for r in search_files(demo_db, limit=100)}
    create_file(demo_db, data=complete_file_data(), as_of=TODAY)
    [new_no] = {r.file_no for r in search_files(demo_db, limit=100)} - known
    visited = next(i.file_no for i in due if i.kind == "visit_overdue")
    add_visit(demo_db, file_no=visited, visitor="赵敏", state_of_mind="积极配合", today=TODAY, actor="test")
    # a change set that does not name files leaves the list alone: the views decide from its fields
    app_signals().changed.emit(Changes(users=True))
    assert window.due_job.done  # nothing was asked again
    assert window.model.total() == 60 and window.tabs.tabText(DUE_TAB) == f"待办（{before}）"

    app_signals().changed.emit(Changes.of_files())
    assert window.model.total() == 61 and window.model.row_of(new_no) >= 0
    assert "找到 61 份" in window.count_label.text()
    qtbot.waitUntil(lambda: "数据库共 61 份" in window.count_label.text(), timeout=30000)
    # the visit just recorded is no longer due (the due list is read again in the background)
    qtbot.waitUntil(lambda: window.tabs.tabText(DUE_TAB) == f"待办（{before - 1}）", timeout=30000)
    assert visited not in [file_no for _d, _k, file_no in _due_rows(window)]


def test_the_detail_pane_reloads_only_when_a_change_touches_its_file(window, demo_db) -> None:
    from assist_desktop.services.changes import Changes
    from assist_desktop.services.files import update_file
    from assist_desktop.ui.signals import app_signals

    shown = window.current_file_no()
    other = window.model.row_at(5).file_no
    loaded = window.detail.detail
    update_file(demo_db, file_no=shown, changes={"phone": "13900001111"}, as_of=TODAY, actor="test")

    app_signals().changed.emit(Changes.of_files(other))  # another file: the list reloads, the pane stays
    assert window.current_file_no() == shown and window.detail.detail is loaded
    assert "13900001111" not in window.detail.overview.toPlainText()
    app_signals().changed.emit(Changes(users=True))
    assert window.detail.detail is loaded

    app_signals().changed.emit(Changes.of_files(shown))
    assert window.detail.detail is not loaded and window.current_file_no() == shown
    assert "13900001111" in window.detail.overview.toPlainText()
    reloaded = window.detail.detail
    app_signals().changed.emit(Changes(care=True))  # its assistance and visit tabs
    assert window.detail.detail is not reloaded


def test_reevaluation_summary_in_words_and_adding_up(window) -> None:
    summary = {"evaluated": 144, "changed": 144, "unchanged": 0, "registered": 40, "adjusted": 13,
               "ineligible": 10, "watch": 0, "closed": 0, "raced": 2}
    text = window.summary_text(summary)
    for raw in ("evaluated", "changed", "raced", "unchanged"):
        assert raw not in text
    assert "评定档案：144" in text and "有变化：144" in text and "被他人修改" in text
    lines = window.summary_lines(summary)
    changed_at = [name for name, _ in lines].index("有变化")
    parts = [v for name, v in lines[changed_at + 1 :] if name.startswith("    ")]
    assert sum(parts) == 144  # registered + adjusted + ineligible + other
    assert any("其他变化" in name and v == 81 for name, v in lines)


def test_reevaluation_summary_in_english(qapp, window) -> None:
    from assist_desktop.ui import i18n

    try:
        assert i18n.install_translations(qapp, "en")
        text = window.summary_text({"evaluated": 5, "changed": 2, "unchanged": 3, "registered": 1, "raced": 1})
    finally:
        i18n.install_translations(qapp, "zh")
    assert "Files evaluated: 5" in text and "Changed: 2" in text and "Unchanged: 3" in text
    assert "Registered: 1" in text and "Other changes" in text and "again" in text
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in text)  # no Chinese left


def test_detail_tables_are_not_clipped_and_every_cell_has_its_full_text_as_tooltip(qtbot, window, demo_db) -> None:
    from assist_desktop.services.assistance import add_visit
    from assist_desktop.services.changes import Changes
    from assist_desktop.ui import detail_pane as dp
    from assist_desktop.ui.signals import app_signals

    file_no = window.current_file_no()
    long_text = "家中老人长期卧床需要照护，配偶体弱多病，孩子在读高中学费负担较重，希望工会帮助联系公益性岗位并申请助学金"
    add_visit(demo_db, file_no=file_no, visitor="赵敏", living_situation=long_text, needs=long_text,
              state_of_mind="积极配合", today=TODAY, actor="test")
    app_signals().changed.emit(Changes.of_files(file_no, care=True))
    window.resize(1280, 800)
    detail = window.detail
    for table in (detail.members_table, detail.visits_table, detail.history_table):
        assert table.rowCount() > 0
        assert table.wordWrap()
        for c in range(table.columnCount()):
            assert table.columnWidth(c) <= dp.MAX_COLUMN_WIDTH
        for r in range(table.rowCount()):
            for c in range(table.columnCount()):
                item = table.item(r, c)
                if item is not None and item.text():
                    assert item.toolTip() == item.text()
    visits = detail.visits_table
    row = next(r for r in range(visits.rowCount()) if visits.item(r, 2).text() == long_text)
    assert visits.rowHeight(row) >= 2 * visits.fontMetrics().height()  # wrapped onto more lines, all shown


def test_money_is_in_yuan_in_english(qapp, window) -> None:
    from assist_desktop.ui import i18n

    file_no = window.current_file_no()
    try:
        assert i18n.install_translations(qapp, "en")
        assert i18n.money(123456) == "1,234.56 yuan"
        window.detail.show_file(file_no)
        incomes = [window.detail.members_table.item(r, 6).text() for r in range(window.detail.members_table.rowCount())]
        overview = window.detail.overview.toPlainText()
    finally:
        i18n.install_translations(qapp, "zh")
    assert incomes and all(t.endswith("yuan") for t in incomes if t)
    assert "元" not in "".join(incomes) and "yuan" in overview  # (the rule's own reason text is still Chinese)
    assert i18n.money(123456) == "1,234.56 元"


def test_the_window_shows_its_first_page_before_the_due_list_is_read(qtbot, demo_db, monkeypatch) -> None:
    import threading

    from assist_desktop.ui import main_window as mw

    asked, release = threading.Event(), threading.Event()
    real = mw.due_items

    def held(*a, **k):
        asked.set()
        assert release.wait(60)  # the test lets the answer through (a fixed wait raced a loaded machine)
        return real(*a, **k)

    monkeypatch.setattr(mw, "due_items", held)
    w = mw.MainWindow(demo_db, today=TODAY, actor="tester")
    qtbot.addWidget(w)
    try:
        qtbot.waitUntil(asked.is_set, timeout=30000)  # the deferred start of the due list has run
        assert w.model.rowCount() == 60 and w.tabs.tabText(DUE_TAB) == "待办"  # the list is up, the due list comes
    finally:
        release.set()
    qtbot.waitUntil(lambda: w.tabs.tabText(DUE_TAB).startswith("待办（"), timeout=30000)
    assert w.due_table.rowCount() > 0


def test_database_total_is_not_counted_on_the_ui_thread(qtbot, demo_db, monkeypatch) -> None:
    """The full count grows with the database: the window paints first and counts in a worker thread."""
    import threading

    from assist_desktop.ui import main_window as mw
    from assist_desktop.ui.jobs import wait_for_jobs

    threads: list[bool] = []
    real = mw.count_files

    def counting(db):
        threads.append(threading.current_thread() is threading.main_thread())
        return real(db)

    monkeypatch.setattr(mw, "count_files", counting)
    w = mw.MainWindow(demo_db, today=TODAY, actor="tester")
    qtbot.addWidget(w)
    assert "数据库共 … 份" in w.count_label.text()  # shown before any count has come back
    qtbot.waitUntil(lambda: "数据库共 60 份" in w.count_label.text(), timeout=30000)
    assert threads and not any(threads)
    wait_for_jobs()
