"""设置 → 规则设置与节假日: each setting changed in the window, dated, previewed, a same-date value replaced only
after asking; the holiday page lists a year and adds and removes days."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate
from sqlalchemy import select

from assist_desktop.db.models import DatedSetting, Holiday
from assist_desktop.services import settings as S
from assist_desktop.services.common import get_option
from assist_desktop.services.lifecycle import reevaluate_all
from assist_desktop.ui.settings_dialog import SettingsDialog, open_settings_dialog
from tests.cli.test_settings_cli import CHANGES
from tests.conftest import TODAY
from tests.ui.conftest import OFFSCREEN_NOISE

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)
TOMORROW = TODAY + dt.timedelta(days=1)


def _dialog(qtbot, db, answers=None):
    dlg = SettingsDialog(db, today=TODAY, actor="tester")
    qtbot.addWidget(dlg)
    asked: list[str] = []
    queue = list(answers or [])

    def confirm(title, text):
        asked.append(text)
        return queue.pop(0) if queue else True

    dlg.confirm = confirm  # type: ignore[method-assign]
    dlg.asked = asked  # type: ignore[attr-defined]
    return dlg


def _edit(dlg, key, value, day):
    dlg.select_key(key)
    assert dlg.current_key() == key
    dlg.set_value(value)
    dlg.effective.setDate(QDate(day.year, day.month, day.day))
    return dlg.save()


def test_every_setting_changes_in_the_window_from_its_date(qtbot, db):
    dlg = _dialog(qtbot, db)
    assert {dlg.table.item(r, 1).text() for r in range(dlg.table.rowCount())} >= set(CHANGES)
    for key, value in CHANGES.items():
        change = _edit(dlg, key, value, TOMORROW)
        assert change is not None and change.effective_on == TOMORROW, key
    today = {v.key: v.value for v in S.list_settings(db, on=TODAY)}
    tomorrow = {v.key: v.value for v in S.list_settings(db, on=TOMORROW)}
    for key, value in CHANGES.items():
        assert tomorrow[key] == {"lb": "760.00", "mw": "2200.00"}.get(key, value), key
        assert today[key] != tomorrow[key], key
    assert not dlg.needs_reevaluation  # nothing in force yet
    # the table shows the dated change beside the value in force
    dlg.select_key("watch_months")
    row = dlg.table.currentRow()
    assert dlg.table.item(row, 2).text() == "6" and f"{TOMORROW.isoformat()} 起 4" in dlg.table.item(row, 4).text()


def test_the_preview_is_shown_and_is_what_reevaluation_does(qtbot, demo_db):
    dlg = _dialog(qtbot, demo_db)
    dlg.select_key("category_scheme")
    dlg.set_value("legacy")
    dlg.effective.setDate(dlg.effective.date().addDays(1))
    preview = dlg.preview()
    assert preview is not None and preview.moves
    assert "户类别将由深度困难调整为特困" in dlg.preview_text.text()
    with demo_db.reader() as s:
        assert s.scalars(select(DatedSetting)).first() is None  # a preview writes nothing
    assert dlg.save() is not None
    assert "户类别将由深度困难调整为特困" in dlg.asked[0]  # the question shows the preview
    assert reevaluate_all(demo_db, as_of=TOMORROW).counts == preview.counts


def test_a_same_date_value_is_replaced_only_after_asking(qtbot, db):
    dlg = _dialog(qtbot, db, answers=[True, True, False, True, True])
    assert _edit(dlg, "watch_months", "5", TOMORROW) is not None
    assert _edit(dlg, "watch_months", "4", TOMORROW) is None  # asked to replace: no
    assert "已登记的值为 5。替换为 4？" in dlg.asked[-1]
    with db.reader() as s:
        assert get_option(s, "watch_months", TOMORROW) == 5
    change = _edit(dlg, "watch_months", "4", TOMORROW)
    assert change is not None and change.replaced
    with db.reader() as s:
        assert get_option(s, "watch_months", TOMORROW) == 4


def test_a_value_in_force_today_reevaluates_when_the_dialog_closes(qtbot, window):
    dlg = open_settings_dialog(window)
    dlg.confirm = lambda title, text: True  # type: ignore[method-assign]
    before = getattr(window, "last_job", None)
    assert _edit(dlg, "boundary_deep", "le", TODAY) is not None
    assert dlg.needs_reevaluation
    dlg.reject()
    qtbot.waitUntil(lambda: getattr(window, "last_job", None) is not before, timeout=30000)


def test_the_settings_menu_has_the_page(window):
    texts = [a.text() for a in window.menus["settings"].actions()]
    assert "规则设置与节假日…" in texts


def test_the_holiday_page_lists_adds_and_removes(qtbot, db, tmp_path):
    dlg = _dialog(qtbot, db)
    dlg.tabs.setCurrentIndex(1)
    dlg.year.setValue(2026)
    assert dlg.holidays.rowCount() > 30 and "已录入" in dlg.year_state.text()
    dlg.year.setValue(2027)
    assert dlg.holidays.rowCount() == 0
    assert "2027年节假日安排未录入，请按国务院通知录入（holidays set）" in dlg.year_state.text()
    dlg.holiday_day.setDate(QDate(2027, 2, 5))
    dlg.holiday_name.setText("春节")
    for _ in range(3):
        assert dlg.add_holiday() is not None  # 5, 6, 7 February: the date moves on by itself
    dlg.holiday_kind.setCurrentIndex(1)
    dlg.holiday_day.setDate(QDate(2027, 2, 14))
    dlg.holiday_name.setText("春节调休上班")
    assert dlg.add_holiday() is not None
    assert dlg.holidays.rowCount() == 4 and "已录入" in dlg.year_state.text()
    assert [dlg.holidays.item(r, 1).text() for r in range(4)] == ["放假", "放假", "放假", "调休上班"]
    dlg.show()
    dlg.resize(980, 680)
    dlg.grab().save(str(tmp_path / "holidays.png"))
    dlg.holidays.selectRow(3)
    assert dlg.remove_selected()
    with db.reader() as s:
        days = sorted(s.scalars(select(Holiday.day).where(Holiday.source == "union")))
    assert days == [dt.date(2027, 2, 5), dt.date(2027, 2, 6), dt.date(2027, 2, 7)]


def test_the_notice_list_warns_for_a_year_without_holidays(qtbot, db):
    from assist_desktop.ui.reports_dialog import ReportsDialog

    def notes(today):
        dlg = ReportsDialog(db, today=today, actor="tester")
        qtbot.addWidget(dlg)
        dlg.report.setCurrentIndex(dlg.report.findData("notice"))
        return dlg.notes.text()

    assert "节假日安排未录入" not in notes(dt.date(2026, 11, 20))
    assert "2027年节假日安排未录入，请按国务院通知录入（holidays set）" in notes(dt.date(2026, 12, 28))
    S.set_holiday(db, day=dt.date(2027, 1, 1), kind="holiday", name="元旦")
    assert "节假日安排未录入" not in notes(dt.date(2026, 12, 28))


def test_the_standards_dialog_sets_the_accident_lines_too(qtbot, db):
    from assist_desktop.services.standards import list_standards
    from assist_desktop.ui.standards_dialog import StandardsDialog

    dlg = StandardsDialog(db, today=TODAY, actor="t")
    qtbot.addWidget(dlg)
    assert (dlg.accident.text(), dlg.cost_ratio.text()) == ("3", "0.8")
    dlg.cost_ratio.setText("0.9")
    dlg.effective.setDate(QDate(2026, 7, 1))
    assert dlg.save() is False and dlg.cost_ratio.property("invalid") is True
    dlg.cost_ratio.setText("0.5")
    dlg.accident.setText("2.5")
    assert dlg.save() is True
    latest = list_standards(db)[-1]
    assert (latest.accident_multiple_pct, latest.accident_cost_pct) == (250, 50)
