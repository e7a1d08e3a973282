"""The editor's income section: the total computed as the components are typed, the components named in the
form, and the income warnings listed (each a jump to its field) before a save, which a second save confirms."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from assist_desktop.services.files import count_files, create_file, get_file
from assist_desktop.ui.file_dialog import FileDialog
from tests.conftest import TODAY, complete_file_data
from tests.ui.conftest import OFFSCREEN_NOISE, form_values

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)


def _dialog(qtbot, db, file_no=None) -> FileDialog:
    dlg = FileDialog(db, today=TODAY, actor="tester", file_no=file_no)
    qtbot.addWidget(dlg)
    return dlg


def _messages(dlg: FileDialog) -> list[tuple[str, str | None]]:
    return [(dlg.error_list.item(i).text(), dlg.error_list.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(dlg.error_list.count())]


def test_the_total_is_computed_live_from_the_components(qtbot, db) -> None:
    dlg = _dialog(qtbot, db)
    dlg.set_values(form_values(complete_file_data(household_annual_income="")))
    qtbot.keyClicks(dlg.w["income_wages"].edit, "12000")
    assert dlg.w["household_annual_income"].text() == "12000.00"
    qtbot.keyClicks(dlg.w["income_dibao"].edit, "3600.5")
    assert dlg.w["household_annual_income"].text() == "15600.50"
    assert "15,600.50" in dlg._total_hint["household_annual_income"].text()
    qtbot.keyClicks(dlg.w["spending_medical"].edit, "2400")
    assert dlg.w["unavoidable_spending"].text() == "2400.00"
    assert dlg.save() is True
    f = get_file(db, file_no=dlg.file_no).file
    assert (f.household_annual_income_fen, f.income_wages_fen, f.income_dibao_fen) == (1560050, 1200000, 360050)
    assert (f.unavoidable_spending_fen, f.spending_medical_fen, f.spending_schooling_fen) == (240000, 240000, None)


def test_an_older_record_loads_with_its_total_and_blank_components(qtbot, db) -> None:
    no = create_file(db, data=complete_file_data(), as_of=TODAY).file.file_no
    dlg = _dialog(qtbot, db, no)
    assert dlg.w["household_annual_income"].text() == "18000.00"
    assert all(dlg.w[k].text() == "" for k in ("income_wages", "income_dibao", "spending_medical"))
    assert not dlg.is_dirty()
    assert dlg.save() is True
    f = get_file(db, file_no=no).file
    assert f.household_annual_income_fen == 1800000 and f.income_wages_fen is None


def test_the_3000_worker_beside_6000_is_listed_and_a_second_save_saves(qtbot, db) -> None:
    dlg = _dialog(qtbot, db)
    dlg.set_values(form_values(complete_file_data(household_annual_income="6000", own_monthly_income="3000")))
    assert dlg.save() is False
    assert count_files(db) == 0
    messages = _messages(dlg)
    assert "收入数据互相矛盾" in messages[0][0]
    [(text, field)] = messages[1:]
    assert field == "own_monthly_income"
    assert text.startswith("⚠ 本人月收入：") and "家庭年总收入 6,000.00 元" in text
    assert not dlg.error_list.isHidden()
    # the item jumps to the field
    dlg.tabs.setCurrentIndex(0)
    dlg._focus_error(dlg.error_list.item(1))
    assert dlg.tabs.currentIndex() == dlg._page_of["own_monthly_income"]
    assert dlg.w["own_monthly_income"].property("invalid") is True
    # saving the same form again: the clerk knows better
    assert dlg.save() is True
    assert count_files(db) == 1
    assert get_file(db, file_no=dlg.file_no).file.own_monthly_income_fen == 300000


def test_a_changed_form_is_checked_again(qtbot, db) -> None:
    dlg = _dialog(qtbot, db)
    dlg.set_values(form_values(complete_file_data(household_annual_income="6000", own_monthly_income="3000")))
    assert dlg.save() is False
    dlg.w["own_monthly_income"].setText("400")
    dlg.w["dibao_monthly"].setText("800")
    assert dlg.save() is False
    assert [f for _t, f in _messages(dlg)[1:]] == ["dibao_monthly"]
    dlg.w["dibao_monthly"].setText("300")
    assert dlg.save() is True
