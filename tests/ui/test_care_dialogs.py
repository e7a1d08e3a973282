"""记录帮扶 / 记录走访 / 记录再就业帮扶: each dialog saves a real row, or refuses and writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from assist_desktop.db.models import AssistanceRecord, EmploymentSupport, HomeVisit
from assist_desktop.services.assistance import list_assistance, list_visits
from assist_desktop.services.files import create_file, get_file
from assist_desktop.ui.assistance_dialogs import AssistanceDialog, EmploymentDialog, VisitDialog
from assist_desktop.ui.signals import app_signals
from tests.conftest import TODAY, complete_file_data
from tests.ui.conftest import OFFSCREEN_NOISE

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)

FILE_NO = "230102001-000001"


@pytest.fixture
def one_file(db):
    create_file(db, data=complete_file_data(), as_of=TODAY)
    return FILE_NO


def _count(db, table) -> int:
    with db.reader() as s:
        return int(s.scalar(select(func.count()).select_from(table)))


def _dialog(qtbot, cls, db, **kw):
    dlg = cls(db, file_no=FILE_NO, name="张建国", today=TODAY, actor="wangfang", **kw)
    qtbot.addWidget(dlg)
    return dlg


def test_assistance_saves_the_exact_amount_in_fen(qtbot, db, one_file) -> None:
    dlg = _dialog(qtbot, AssistanceDialog, db)
    assert dlg.kind.itemText(dlg.kind.findData("money")) == "资金帮扶"
    dlg.kind.set_value("money")
    dlg.amount.setText("1234.56")
    dlg.fund.set_value("donation")
    dlg.given_on.setDate(dt.date(2026, 11, 3))
    dlg.helper.setText("赵敏")
    dlg.items.setPlainText("春节慰问金")
    with qtbot.waitSignal(app_signals().changed) as signal:
        assert dlg.save() is True
    [changes] = signal.args
    assert changes.files and changes.care  # the file list and the detail pane's care tabs refresh
    [rec] = list_assistance(db, file_no=one_file)
    assert rec.amount_fen == 123456 and isinstance(rec.amount_fen, int)
    assert (rec.kind, rec.fund_source, rec.given_on) == ("money", "donation", dt.date(2026, 11, 3))
    assert (rec.helper, rec.items, rec.created_by) == ("赵敏", "春节慰问金", "wangfang")
    assert dlg.result() == dlg.DialogCode.Accepted


@pytest.mark.parametrize(
    ("kind", "amount", "reason"),
    [("money", "12.345", "最多保留两位小数"), ("money", "", "须填写金额"), ("material", "1.2.3", "不是金额")],
)
def test_assistance_refuses_bad_amounts_beside_the_field(qtbot, db, one_file, kind, amount, reason) -> None:
    dlg = _dialog(qtbot, AssistanceDialog, db)
    dlg.show()
    dlg.kind.set_value(kind)
    dlg.amount.setText(amount)
    assert dlg.save() is False
    assert [e.field for e in dlg.errors_shown] == ["amount"]
    label = dlg.error_labels["amount"]
    assert label.isVisible() and reason in label.text()
    assert dlg.amount.edit.property("invalid") is True
    assert dlg.isVisible()
    assert _count(db, AssistanceRecord) == 0
    dlg.amount.setText("300")
    assert dlg.save() is True
    assert [r.amount_fen for r in list_assistance(db, file_no=one_file)] == [30000]


def test_visit_updates_state_of_mind_and_last_visit(qtbot, db, one_file) -> None:
    dlg = _dialog(qtbot, VisitDialog, db)
    assert not dlg.follow_up.isChecked() and not dlg.follow_up.isEnabled()
    dlg.visited_on.setDate(dt.date(2026, 11, 18))
    dlg.visitor.setText("赵敏")
    dlg.living.setPlainText("住房拥挤，冬季取暖困难")
    dlg.needs.setPlainText("希望介绍保安工作")
    dlg.explained.setPlainText("再就业优惠证政策")
    dlg.state_of_mind.setPlainText("心情好转，愿意参加培训")
    assert dlg.save() is True
    f = get_file(db, file_no=one_file).file
    assert f.state_of_mind == "心情好转，愿意参加培训"
    assert f.last_visit_date == dt.date(2026, 11, 18)
    [visit] = list_visits(db, file_no=one_file)
    assert (visit.visitor, visit.needs, visit.created_by) == ("赵敏", "希望介绍保安工作", "wangfang")
    assert dlg.result_data.follow_up is False


def test_visit_without_visitor_or_with_future_date_writes_nothing(qtbot, db, one_file) -> None:
    before = get_file(db, file_no=one_file).file
    dlg = _dialog(qtbot, VisitDialog, db)
    dlg.show()
    dlg.state_of_mind.setPlainText("情绪低落")
    dlg.visited_on.setDate(TODAY + dt.timedelta(days=3))
    assert dlg.save() is False
    assert {e.field for e in dlg.errors_shown} == {"visitor", "visited_on"}
    assert dlg.error_labels["visitor"].isVisible()
    assert dlg.error_labels["visited_on"].isVisible()
    assert _count(db, HomeVisit) == 0
    after = get_file(db, file_no=one_file).file
    assert (after.state_of_mind, after.last_visit_date) == (before.state_of_mind, before.last_visit_date)


def test_employment_support_saves_training_with_its_outcome(qtbot, db, one_file) -> None:
    dlg = _dialog(qtbot, EmploymentDialog, db)
    labels = [dlg.kind.itemText(i) for i in range(dlg.kind.count())]
    assert labels == ["再就业优惠证", "职业介绍", "技能培训", "小额担保贷款", "社保补贴", "公益性岗位", "岗位安置", "自主创业"]
    dlg.kind.set_value("training")
    dlg.started_on.setDate(dt.date(2026, 9, 1))
    dlg.ended_on.set_value(dt.date(2026, 10, 31))
    dlg.detail.setPlainText("电工培训班")
    dlg.certificate.setText("低压电工作业证")
    dlg.outcome.setText("已推荐到物业公司")
    dlg.found_work.set_value(True)
    assert not dlg.lender.isEnabled()
    assert dlg.save() is True
    with db.reader() as s:
        [rec] = s.scalars(select(EmploymentSupport)).all()
        assert (rec.kind, rec.started_on, rec.ended_on) == (
            "training",
            dt.date(2026, 9, 1),
            dt.date(2026, 10, 31),
        )
        assert (rec.certificate, rec.found_work, rec.amount_fen) == ("低压电工作业证", True, 0)


def test_employment_loan_amount_exact_and_bad_dates_refused(qtbot, db, one_file) -> None:
    dlg = _dialog(qtbot, EmploymentDialog, db)
    dlg.show()
    dlg.kind.set_value("loan")
    assert dlg.lender.isEnabled()
    dlg.started_on.setDate(dt.date(2026, 6, 1))
    dlg.ended_on.set_value(dt.date(2026, 5, 1))
    dlg.amount.setText("50000.5")
    assert dlg.save() is False
    assert [e.field for e in dlg.errors_shown] == ["ended_on"]
    assert dlg.error_labels["ended_on"].isVisible()
    assert _count(db, EmploymentSupport) == 0
    dlg.ended_on.set_value(None)
    dlg.lender.setText("邮储银行")
    dlg.term.setValue(24)
    assert dlg.save() is True
    with db.reader() as s:
        [rec] = s.scalars(select(EmploymentSupport)).all()
        assert (rec.amount_fen, rec.lender, rec.term_months) == (5000050, "邮储银行", 24)
