"""The entry form: the domain's refusals shown next to the fields, nothing written; a valid save adds a row."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QShortcut
from sqlalchemy import func, select

from assist_desktop.db.models import HouseholdMember
from assist_desktop.services.files import count_files, get_file
from assist_desktop.ui.file_dialog import FileDialog
from tests.conftest import TODAY, complete_file_data, valid_id
from tests.ui.conftest import OFFSCREEN_NOISE, form_values

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)


def _dialog(qtbot, db, file_no=None) -> FileDialog:
    dlg = FileDialog(db, today=TODAY, actor="tester", file_no=file_no)
    qtbot.addWidget(dlg)
    return dlg


def test_bad_id_number_is_refused_and_nothing_written(qtbot, db) -> None:
    dlg = _dialog(qtbot, db)
    good = complete_file_data()["id_number"]
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    dlg.set_values(form_values(complete_file_data(id_number=bad)))
    assert dlg.save() is False
    assert count_files(db) == 0
    assert dlg.result() != FileDialog.DialogCode.Accepted
    messages = [dlg.error_list.item(i).text() for i in range(dlg.error_list.count())]
    assert any("身份证号" in m and "校验位" in m for m in messages)
    assert dlg.w["id_number"].property("invalid") is True
    assert "校验位" in dlg.w["id_number"].toolTip()
    assert not dlg.error_list.isHidden()


def test_every_bad_field_is_named(qtbot, db) -> None:
    dlg = _dialog(qtbot, db)
    dlg.set_values(form_values(complete_file_data(phone="12345", household_annual_income="abc")))
    dlg.w["name"].setText("")
    assert dlg.save() is False
    fields = {dlg.error_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(1, dlg.error_list.count())}
    assert {"name", "phone", "household_annual_income"} <= fields
    for key in ("name", "phone", "household_annual_income"):
        assert dlg.w[key].property("invalid") is True
    assert count_files(db) == 0


def test_id_hint_as_you_type(qtbot, db) -> None:
    dlg = _dialog(qtbot, db)
    number = complete_file_data()["id_number"]
    qtbot.keyClicks(dlg.w["id_number"], number[:10])
    assert "10" in dlg.id_hint.text()
    qtbot.keyClicks(dlg.w["id_number"], number[10:])
    assert "1970-03-15" in dlg.id_hint.text() and "男" in dlg.id_hint.text()
    assert dlg.id_hint.property("kind") == "good"
    dlg.w["id_number"].setText(number[:17] + ("0" if number[17] != "0" else "1"))
    assert dlg.id_hint.property("kind") == "bad"
    assert "校验位" in dlg.id_hint.text()


def test_valid_new_file_is_saved_and_listed(qtbot, window, demo_db) -> None:
    before = count_files(demo_db)
    window.show()
    qtbot.waitExposed(window, timeout=30000)
    dlg = window.new_file()
    qtbot.addWidget(dlg)
    number = valid_id("23010219800101123")
    dlg.set_values(form_values(complete_file_data(id_number=number)))
    dlg.w["name"].setText("")
    qtbot.keyClicks(dlg.w["name"], "Zhang San")
    row = dlg.add_member_row(
        {"name": "Li Si", "relation": "spouse", "status": "working", "monthly_income": "1500"}
    )
    assert row == 0
    dlg.add_member_row(
        {"name": "Zhang Xiao", "relation": "son", "status": "student", "school": "No. 3 School"}
    )
    [shortcut] = [sc for sc in dlg.findChildren(QShortcut) if sc.key().toString() == "Ctrl+S"]
    with qtbot.waitSignal(dlg.accepted, timeout=3000):
        shortcut.activated.emit()  # Ctrl+S (offscreen windows are not reliably active for real key events)
    assert count_files(demo_db) == before + 1
    detail = get_file(demo_db, file_no=dlg.file_no)
    assert detail.file.name == "Zhang San"
    assert [m.name for m in detail.members] == ["Li Si", "Zhang Xiao"]
    assert detail.members[0].monthly_income_fen == 150000
    assert window.model.row_of(dlg.file_no) >= 0
    assert window.current_file_no() == dlg.file_no


def test_edit_changes_fields_and_members_in_one_go(qtbot, db) -> None:
    from assist_desktop.services.files import create_file

    created = create_file(
        db, data=complete_file_data(), members=[{"name": "王芳", "relation": "配偶"}], as_of=TODAY, actor="t"
    )
    dlg = _dialog(qtbot, db, created.file.file_no)
    assert dlg.w["name"].text() == "张建国"
    assert dlg.w["work_status"].value() == "laid_off"
    assert dlg.w["household_annual_income"].text() == "18000.00"
    assert dlg.members.rowCount() == 1
    assert not dlg.is_dirty()
    dlg.w["phone"].setText("13800000000")
    dlg.members.removeRow(0)
    assert dlg.is_dirty()
    assert dlg.save() is True
    detail = get_file(db, file_no=created.file.file_no)
    assert detail.file.phone == "13800000000"
    assert detail.members == []


def test_bad_member_is_refused_with_the_row(qtbot, db) -> None:
    dlg = _dialog(qtbot, db)
    dlg.set_values(form_values(complete_file_data()))
    dlg.add_member_row({"name": "", "relation": "spouse"})
    dlg.add_member_row({"name": "Wang", "relation": None, "id_number": "123"})
    assert dlg.save() is False
    assert count_files(db) == 0
    text = " ".join(dlg.error_list.item(i).text() for i in range(dlg.error_list.count()))
    assert "家庭成员第1人" in text and "家庭成员第2人" in text
    assert dlg.members.property("invalid") is True
    with db.reader() as s:
        assert s.scalar(select(func.count()).select_from(HouseholdMember)) == 0


def test_escape_asks_before_discarding(qtbot, db, monkeypatch) -> None:
    dlg = _dialog(qtbot, db)
    dlg.show()
    qtbot.waitExposed(dlg, timeout=30000)
    asked: list[bool] = []
    monkeypatch.setattr(dlg, "confirm_discard", lambda: asked.append(True) or False)
    dlg.w["name"].setText("Someone")
    dlg.reject()
    assert asked == [True]
    assert dlg.isVisible()
    monkeypatch.setattr(dlg, "confirm_discard", lambda: True)
    with qtbot.waitSignal(dlg.rejected, timeout=1000):
        dlg.reject()


def test_older_id_gets_no_false_region_warning(qtbot, db) -> None:
    dlg = _dialog(qtbot, db)
    qtbot.keyClicks(dlg.w["id_number"], "230102197503152421")
    assert dlg.id_hint.property("kind") == "good"
    assert "1975-03-15" in dlg.id_hint.text()
    assert "未能识别" not in dlg.id_hint.text()
