"""程序步骤: the dialog records the next step of the current file's procedure; the history shows each step."""

from __future__ import annotations

import pytest

from assist_desktop.services.common import set_option
from assist_desktop.services.files import create_file, get_file
from assist_desktop.services.procedure import list_steps
from assist_desktop.ui.detail_pane import DetailPane
from assist_desktop.ui.procedure_dialog import ProcedureStepDialog
from tests.conftest import TODAY, complete_file_data
from tests.ui.conftest import OFFSCREEN_NOISE

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)

FILE_NO = "230102001-000001"


def test_the_dialog_offers_the_next_step_and_records_it(qtbot, db, tmp_path) -> None:
    with db.transaction() as s:
        set_option(s, "step_application", 1)
        set_option(s, "step_home_visit", 1)
        set_option(s, "require_responsible", 0)
    create_file(db, data=complete_file_data(), as_of=TODAY)
    assert get_file(db, file_no=FILE_NO).file.status == "found"
    dlg = ProcedureStepDialog(db, file_no=FILE_NO, name="张建国", today=TODAY, actor="clerk")
    qtbot.addWidget(dlg)
    dlg.show()
    assert dlg.current_step() == "application"
    assert "规则认定：深度困难" in dlg.intro.text() and "下一步：申请或推荐" in dlg.intro.text()
    assert dlg.by.isEnabled() and not dlg.result_box.isEnabled() and not dlg.objection.isEnabled()
    dlg.grab().save(str(tmp_path / "procedure_dialog.png"))
    dlg.by.setCurrentIndex(dlg.by.findData("proposer"))
    dlg.by_name.setText("基层工会")
    assert dlg.save() is True, (dlg.errors_shown, dlg.message.text())
    dlg2 = ProcedureStepDialog(db, file_no=FILE_NO, today=TODAY, actor="clerk")
    qtbot.addWidget(dlg2)
    assert dlg2.current_step() == "home_visit"
    assert dlg2.save() is False  # the visitor is required
    assert [e.field for e in dlg2.errors_shown] == ["by"]
    dlg2.by_name.setText("赵敏")
    assert dlg2.save() is True, (dlg2.errors_shown, dlg2.message.text())
    assert get_file(db, file_no=FILE_NO).file.status == "registered"
    assert [s.step for s in list_steps(db, file_no=FILE_NO)] == ["application", "home_visit"]
    pane = DetailPane(db, today=TODAY)
    qtbot.addWidget(pane)
    pane.show_file(FILE_NO)
    kinds = [pane.history_table.item(r, 1).text() for r in range(pane.history_table.rowCount())]
    reasons = [pane.history_table.item(r, 4).text() for r in range(pane.history_table.rowCount())]
    assert kinds.count("程序步骤") == 2
    assert any("入户调查（赵敏）" in r for r in reasons) and any("申请或推荐（推荐或提议，基层工会）" in r for r in reasons)


def test_with_no_step_switched_on_the_dialog_says_so(qtbot, db) -> None:
    create_file(db, data=complete_file_data(), as_of=TODAY)
    dlg = ProcedureStepDialog(db, file_no=FILE_NO, today=TODAY, actor="clerk")
    qtbot.addWidget(dlg)
    assert "未启用任何程序步骤" in dlg.intro.text()
    assert not dlg.buttons.button(dlg.buttons.StandardButton.Ok).isEnabled()
