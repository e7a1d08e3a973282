"""解困/注销 and 人工改定: a written reason is required; the file's status changes only when given."""

from __future__ import annotations

import datetime as dt

import pytest

from assist_desktop.services.files import create_file, get_file
from assist_desktop.services.lifecycle import history
from assist_desktop.ui.lifecycle_dialogs import CloseDialog, OverrideDialog
from tests.conftest import TODAY, complete_file_data
from tests.ui.conftest import OFFSCREEN_NOISE

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)

FILE_NO = "230102001-000001"


@pytest.fixture
def registered(db):
    f = create_file(db, data=complete_file_data(), as_of=TODAY).file
    assert (f.status, f.category) == ("registered", "deep")
    return FILE_NO


def _status(db) -> tuple[str, str | None]:
    f = get_file(db, file_no=FILE_NO).file
    return f.status, f.category


def test_close_needs_a_note_then_closes_the_file(qtbot, db, registered) -> None:
    dlg = CloseDialog(db, file_no=FILE_NO, name="张建国", today=TODAY, actor="reviewer1")
    qtbot.addWidget(dlg)
    dlg.show()
    assert dlg.relieved.isChecked() and not dlg.detail.isEnabled()
    assert dlg.save() is False
    assert [e.field for e in dlg.errors_shown] == ["note"]
    assert dlg.error_labels["note"].isVisible() and "理由" in dlg.error_labels["note"].text()
    assert _status(db) == ("registered", "deep")
    dlg.note.setPlainText("低保加单位补助已高于低保标准，经入户核实")
    dlg.on.setDate(dt.date(2026, 11, 19))
    # (issue 10) the household is deep (500 元 under LB 720): relief is refused without a reviewer's reason
    assert dlg.save() is False
    assert "不能解困" in dlg.message.text() and dlg.message.isVisible()
    assert _status(db) == ("registered", "deep")
    dlg.below_lb.setPlainText("重病长期治疗，医疗救助和单位补助持续兜底")
    assert dlg.save() is True
    f = get_file(db, file_no=FILE_NO).file
    assert (f.status, f.close_reason, f.closed_on) == ("closed", "relieved", dt.date(2026, 11, 19))
    [last] = [e for e in history(db, file_no=FILE_NO) if e["kind"] == "closed"]
    assert "经入户核实" in last["reason"] and last["actor"] == "reviewer1"


def test_cancellation_needs_its_detail(qtbot, db, registered) -> None:
    dlg = CloseDialog(db, file_no=FILE_NO, today=TODAY, actor="t")
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.cancelled.setChecked(True)
    assert dlg.detail.isEnabled()
    dlg.note.setPlainText("本人已于上月去世")
    assert dlg.save() is False
    assert [e.field for e in dlg.errors_shown] == ["detail"] and dlg.error_labels["detail"].isVisible()
    assert _status(db)[0] == "registered"
    dlg.detail.set_value("death")
    assert dlg.save() is True
    f = get_file(db, file_no=FILE_NO).file
    assert (f.status, f.close_reason, f.close_detail) == ("closed", "cancelled", "death")


def test_closing_a_closed_file_is_refused_in_the_dialog(qtbot, db, registered) -> None:
    from assist_desktop.services.lifecycle import close_file

    close_file(db, file_no=FILE_NO, reason="cancelled", detail="transfer", note="x", on=TODAY)  # (issue 10)
    dlg = CloseDialog(db, file_no=FILE_NO, today=TODAY, actor="t")
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.note.setPlainText("再次退档")
    assert dlg.save() is False
    assert dlg.message.isVisible() and "已于" in dlg.message.text()


def test_override_needs_a_reason_then_holds_until_the_date(qtbot, db, registered) -> None:
    dlg = OverrideDialog(
        db, file_no=FILE_NO, status="registered", category="deep", today=TODAY, actor="reviewer1"
    )
    qtbot.addWidget(dlg)
    dlg.show()
    statuses = [dlg.status.itemData(i) for i in range(dlg.status.count())]
    assert statuses == [None, "found", "ineligible", "registered"]
    assert "在档帮扶" in dlg.intro.text()
    dlg.category.set_value("relative")
    assert dlg.save() is False
    assert [e.field for e in dlg.errors_shown] == ["reason"] and dlg.error_labels["reason"].isVisible()
    assert _status(db) == ("registered", "deep")
    dlg.reason.setPlainText("子女大学学费另有资助，按相对困难帮扶")
    dlg.until.set_value(dt.date(2027, 6, 30))
    assert dlg.save() is True
    f = get_file(db, file_no=FILE_NO).file
    assert (f.status, f.category, f.override_until) == ("registered", "relative", dt.date(2027, 6, 30))
    last = history(db, file_no=FILE_NO)[-1]
    assert last["kind"] == "override" and "子女大学学费" in last["reason"]


def test_override_with_nothing_to_change_or_an_early_end_is_refused(qtbot, db, registered) -> None:
    dlg = OverrideDialog(db, file_no=FILE_NO, today=TODAY, actor="t")
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.reason.setPlainText("理由")
    dlg.until.set_value(TODAY - dt.timedelta(days=1))
    assert dlg.save() is False
    assert {e.field for e in dlg.errors_shown} == {"status", "until"}
    assert _status(db) == ("registered", "deep")
    assert get_file(db, file_no=FILE_NO).file.override_until is None
