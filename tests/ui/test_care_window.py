"""The care actions in the main window: menus and buttons, selected files, register, sign-in roles."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel
from sqlalchemy import select

from assist_desktop.db.models import HardshipFile
from assist_desktop.services.assistance import list_assistance
from assist_desktop.services.files import create_file, get_file
from assist_desktop.services.users import SignedIn
from assist_desktop.ui import file_table as ft
from assist_desktop.ui.assistance_dialogs import AssistanceDialog, VisitDialog
from assist_desktop.ui.lifecycle_dialogs import CloseDialog
from assist_desktop.ui.pairing_dialogs import AssignDialog, CoverageDialog
from tests.conftest import TODAY, complete_file_data
from tests.ui.conftest import OFFSCREEN_NOISE

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)


def _menu_texts(window) -> list[str]:
    return [a.text() for a in window.menuBar().actions()]


def test_window_offers_the_care_menus_and_detail_buttons(window) -> None:
    menus = _menu_texts(window)
    assert "帮扶(&A)" in menus and "包保(&B)" in menus
    assert menus.index("包保(&B)") < menus.index("帮助(&H)")
    assert set(window.detail.care_buttons) == {"assistance", "visit", "employment"}
    assert window.detail.isAncestorOf(window.detail.detail_buttons)
    assert window.detail.care_buttons["assistance"].isEnabled() and window.action("close").isEnabled()
    assert window.action("users").isVisible()  # no accounts yet: the first one (an administrator) can be made here


def test_detail_button_records_assistance_for_the_current_file(qtbot, window, demo_db) -> None:
    file_no = window.current_file_no()
    before = len(list_assistance(demo_db, file_no=file_no))
    window.detail.care_buttons["assistance"].click()
    dlg = window.care.last_dialog
    assert isinstance(dlg, AssistanceDialog) and dlg.file_no == file_no
    dlg.kind.set_value("money")
    dlg.amount.setText("800.05")
    with qtbot.waitSignal(dlg.finished):
        assert dlg.save() is True
    rows = list_assistance(demo_db, file_no=file_no)
    assert len(rows) == before + 1
    assert rows[-1].amount_fen == 80005 and rows[-1].created_by == "tester"
    assert window.current_file_no() == file_no
    table = window.detail.assistance_table
    assert table.rowCount() == before + 1
    amounts = [table.item(r, 2).text() for r in range(table.rowCount())]
    assert amounts.count("800.05 元") == 1


def test_visit_from_the_window_refreshes_the_detail_pane(window, demo_db) -> None:
    dlg = window.care.record_visit()
    assert isinstance(dlg, VisitDialog)
    dlg.visitor.setText("赵敏")
    dlg.state_of_mind.setPlainText("愿意接受技能培训")
    assert dlg.save() is True
    f = get_file(demo_db, file_no=dlg.file_no).file
    assert f.state_of_mind == "愿意接受技能培训" and f.last_visit_date == TODAY
    texts = [
        window.detail.visits_table.item(r, 4).text() for r in range(window.detail.visits_table.rowCount())
    ]
    assert "愿意接受技能培训" in texts


def test_assign_uses_every_selected_row(window, demo_db) -> None:
    sel = window.table.selectionModel()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for r in (1, 2, 3):
        sel.select(window.model.index(r, 0), flags)
    nos = window.care.selected_file_nos()
    assert len(nos) == 4 and nos[0] == window.model.index(0, 0).data(ft.FILE_NO_ROLE)
    dlg = window.care.assign()
    assert isinstance(dlg, AssignDialog) and dlg.file_nos == nos
    dlg.person.setCurrentIndex(1)
    person_id = dlg.person.value()
    assert dlg.save() is True
    with demo_db.reader() as s:
        persons = {f.file_no: f.responsible_person_id for f in s.scalars(select(HardshipFile))}
    assert {persons[n] for n in nos} == {person_id}


def test_coverage_double_click_opens_the_file_in_the_window(window, demo_db) -> None:
    from assist_desktop.services.unions import cadre_left

    with demo_db.reader() as s:
        target = s.scalar(
            select(HardshipFile.file_no)
            .where(HardshipFile.status == "registered", HardshipFile.responsible_person_id.is_not(None))
            .order_by(HardshipFile.file_no.desc())
            .limit(1)
        )
    assert target is not None
    f = get_file(demo_db, file_no=target)
    cadre_left(demo_db, person=f.responsible.id, on=TODAY)  # its responsible person left: now uncovered
    dlg = window.care.coverage()
    assert isinstance(dlg, CoverageDialog)
    rows = [dlg.table.item(r, 0).text() for r in range(dlg.table.rowCount())]
    assert target in rows
    window.select_row(0)
    assert window.current_file_no() != target
    dlg.table.cellDoubleClicked.emit(rows.index(target), 0)
    assert window.current_file_no() == target
    assert target in window.detail.overview.toPlainText()


def test_close_from_the_window_disables_close_and_override(window, demo_db) -> None:
    with demo_db.reader() as s:
        # (issue 10: relief needs the income at or above LB, so a relative-hardship household is relieved)
        file_no = s.scalar(select(HardshipFile.file_no).where(HardshipFile.status == "registered",
                                                              HardshipFile.category == "relative").limit(1))
    assert window.select_file(file_no)
    dlg = window.care.close_file()
    assert isinstance(dlg, CloseDialog)
    dlg.note.setPlainText("经核实已高于低保标准")
    assert dlg.save() is True
    assert get_file(demo_db, file_no=file_no).file.status == "closed"
    assert window.current_file_no() == file_no
    assert not window.action("close").isEnabled() and not window.action("override").isEnabled()
    assert window.action("visit").isEnabled()


def test_register_now_says_why_not_and_registers_once_complete(db, qtbot) -> None:
    from assist_desktop.ui.main_window import MainWindow

    create_file(db, data=complete_file_data(state_of_mind="", last_visit_date=""), as_of=TODAY)
    w = MainWindow(db, today=TODAY, actor="tester")
    qtbot.addWidget(w)
    assert w.current_file_no() == "230102001-000001"
    assert w.care.register() is None
    assert "不能登记" in w.care.last_message.windowTitle() or "不能登记" in w.care.last_message.text()
    assert "思想状况" in w.care.last_message.text()
    assert get_file(db, file_no="230102001-000001").file.status == "found"
    w.care.last_message.close()
    visit = w.care.record_visit()
    visit.visitor.setText("赵敏")
    visit.state_of_mind.setPlainText("积极配合")
    assert visit.save() is True
    report = w.care.register()
    assert report is not None and report["status"] == "registered" and report["category"] == "deep"
    assert "已登记在档" in w.statusBar().currentMessage()


def _window_as(qtbot, db, role: str):
    from assist_desktop.ui.main_window import MainWindow

    w = MainWindow(db, today=TODAY, actor="os-user")
    qtbot.addWidget(w)
    w.apply_sign_in(SignedIn(f"{role}1", "王芳", role))
    return w


def test_viewer_cannot_edit_or_record(qtbot, demo_db) -> None:
    w = _window_as(qtbot, demo_db, "viewer")
    care = w.care
    assert w.actor == "viewer1"
    assert "王芳" in w.user_label.text() and "查看员" in w.user_label.text()
    for act in (
        w.action("new"),
        w.action("edit"),
        w.action("standards"),
        w.action("reevaluate"),
        w.action("assistance"),
        w.action("visit"),
        w.action("assign"),
        w.action("handover"),
        w.action("close"),
        w.action("override"),
        w.action("register"),
    ):
        assert not act.isEnabled(), act.text()
    assert not w.detail.care_buttons["assistance"].isEnabled()
    assert not w.action("import").isEnabled() and not w.action("export").isEnabled()
    assert w.action("coverage").isEnabled() and w.action("letters").isEnabled()
    # printing is open to every role (domain/permissions.py "print"); the template only serves an import
    assert all(a.property("permission") == "print" for a in (w.action("print_cards"), w.action("print_letter")))
    assert w.action("print_cards").isEnabled() and w.action("print_letter").isEnabled()
    assert not w.action("roster_template").isEnabled() and not w.action("review_import").isEnabled()
    w.select_row(3)  # the window enables 修改 per row; the role keeps it off
    assert not w.action("edit").isEnabled()
    assert w.edit_file() is None and w.new_file() is None
    assert care.record_assistance() is None and care.close_file() is None
    assert not care.cadres().add_button.isEnabled()


def test_clerk_records_under_their_own_name_but_may_not_override(qtbot, demo_db) -> None:
    w = _window_as(qtbot, demo_db, "clerk")
    care = w.care
    assert w.action("assistance").isEnabled() and w.action("close").isEnabled()
    assert not w.action("override").isEnabled() and not w.action("users").isVisible()
    assert not w.action("standards").isEnabled()
    dlg = care.record_assistance()
    dlg.kind.set_value("material")
    assert dlg.save() is True
    assert list_assistance(demo_db, file_no=dlg.file_no)[-1].created_by == "clerk1"


def test_admin_sees_account_management(qtbot, demo_db) -> None:
    w = _window_as(qtbot, demo_db, "admin")
    assert w.action("users").isVisible() and w.action("users").isEnabled()
    assert w.action("override").isEnabled() and w.action("standards").isEnabled()


def test_handover_from_the_window_says_how_many_files_moved(window, demo_db) -> None:
    from sqlalchemy import func

    from assist_desktop.services.unions import list_cadres

    cadres = list_cadres(demo_db)
    with demo_db.reader() as s:
        held = s.scalar(
            select(func.count())
            .select_from(HardshipFile)
            .where(HardshipFile.responsible_person_id == cadres[0].id, HardshipFile.status != "closed")
        )
    dlg = window.care.handover()
    dlg.giver.set_value(cadres[0].id)
    dlg.taker.set_value(cadres[1].id)
    assert dlg.save() is True
    assert f"已将 {held} 份档案移交给 {cadres[1].name}" in window.care.last_message.text()
    with demo_db.reader() as s:
        left = s.scalar(
            select(func.count())
            .select_from(HardshipFile)
            .where(HardshipFile.responsible_person_id == cadres[0].id, HardshipFile.status != "closed")
        )
    assert left == 0


def test_re_employment_support_is_listed_in_the_detail_pane(window, demo_db) -> None:
    from assist_desktop.services.assistance import list_employment_support

    care = window.care
    file_no = window.current_file_no()
    assert window.detail.isAncestorOf(window.detail.employment_table)
    before = window.detail.employment_table.rowCount()
    dlg = care.record_employment()
    dlg.kind.set_value("public_post")
    dlg.detail.setPlainText("社区保洁公益性岗位")
    dlg.found_work.set_value(True)
    assert dlg.save() is True
    assert len(list_employment_support(demo_db, file_no=file_no)) == before + 1
    assert window.detail.employment_table.rowCount() == before + 1
    row = [window.detail.employment_table.item(0, c).text() for c in range(6)]
    assert row[1] == "公益性岗位" and row[2] == "社区保洁公益性岗位" and row[4] == "是"
    window.select_row(1)
    assert window.detail.file_no == window.current_file_no()
