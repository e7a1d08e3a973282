"""The detail pane fills only the tab shown when a file is selected; each other tab when first shown (or read)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QTableWidget

from assist_desktop.db.engine import Database
from assist_desktop.services import files as files_service
from assist_desktop.services.files import create_file, get_file
from assist_desktop.ui import detail_pane
from assist_desktop.ui.detail_pane import DetailPane
from tests.conftest import TODAY, complete_file_data


def _rows_as_drawn(table: QTableWidget) -> int:
    """The rows the table holds now, without filling its tab (what Qt draws)."""
    return QTableWidget.rowCount(table)


def _pane(qtbot: Any, db: Database) -> DetailPane:
    pane = DetailPane(db, today=TODAY)
    qtbot.addWidget(pane)
    pane.resize(520, 700)
    pane.show()
    return pane


def test_selecting_a_file_fills_the_tab_shown_only(qtbot: Any, db: Database, monkeypatch: Any) -> None:
    one = create_file(db, data=complete_file_data(), as_of=TODAY, actor="t").file.file_no
    steps: list[str] = []
    real = detail_pane.DetailPane._show_employment
    monkeypatch.setattr(detail_pane.DetailPane, "_show_employment",
                        lambda self, file_no: (steps.append(file_no), real(self, file_no))[1])
    pane = _pane(qtbot, db)
    pane.show_file(one)
    assert pane.currentWidget() is pane.overview and pane.is_filled(pane.overview)
    assert "人均月收入" in pane.overview.toPlainText()
    # the other tabs wait until shown: nothing read for them, nothing drawn
    for page in (pane.five_clear_view, pane.members_table, pane.employment_page, pane.history_table):
        assert not pane.is_filled(page)
    assert _rows_as_drawn(pane.history_table) == 0 and _rows_as_drawn(pane.members_table) == 0
    assert steps == []

    pane.setCurrentWidget(pane.history_table)  # the clerk opens 历史
    assert pane.is_filled(pane.history_table)
    assert _rows_as_drawn(pane.history_table) == len(get_file(db, file_no=one).events) >= 1
    pane.setCurrentWidget(pane.employment_page)
    assert steps == [one]
    pane.setCurrentWidget(pane.overview)
    pane.setCurrentWidget(pane.employment_page)
    assert steps == [one]  # filled once per file, not at every showing


def test_the_next_file_refills_the_tab_shown_and_resets_the_others(qtbot: Any, demo_db: Database) -> None:
    from assist_desktop.services.search import search_files

    with_members = [r.file_no for r in search_files(demo_db, limit=60)
                    if len(get_file(demo_db, file_no=r.file_no).members) >= 2]
    one, two = with_members[0], with_members[1]
    pane = _pane(qtbot, demo_db)
    pane.show_file(one)
    pane.setCurrentWidget(pane.members_table)
    names = [QTableWidget.item(pane.members_table, r, 0).text() for r in range(_rows_as_drawn(pane.members_table))]
    assert names == [m.name for m in get_file(demo_db, file_no=one).members]
    pane.show_file(two)  # the members tab is the one shown: filled for the new file at once
    assert pane.is_filled(pane.members_table) and not pane.is_filled(pane.overview)
    names = [QTableWidget.item(pane.members_table, r, 0).text() for r in range(_rows_as_drawn(pane.members_table))]
    assert names == [m.name for m in get_file(demo_db, file_no=two).members]
    pane.setCurrentWidget(pane.overview)
    assert get_file(demo_db, file_no=two).file.name in pane.overview.toPlainText()


def test_reading_a_tab_from_code_fills_it_first(qtbot: Any, db: Database) -> None:
    one = create_file(db, data=complete_file_data(), as_of=TODAY, actor="t").file.file_no
    pane = _pane(qtbot, db)
    pane.show_file(one)
    assert not pane.is_filled(pane.history_table)
    assert pane.history_table.rowCount() == len(get_file(db, file_no=one).events)  # read: filled
    assert pane.is_filled(pane.history_table)
    assert "五清" in pane.five_clear_view.toPlainText() and pane.is_filled(pane.five_clear_view)
    assert pane.training_summary.text() and pane.is_filled(pane.employment_page)


def test_one_file_read_per_selection(qtbot: Any, db: Database, monkeypatch: Any) -> None:
    one = create_file(db, data=complete_file_data(), as_of=TODAY, actor="t").file.file_no
    reads: list[str] = []
    real = files_service.get_file
    monkeypatch.setattr(detail_pane, "get_file", lambda db, *, file_no, **kw: (reads.append(file_no),
                                                                               real(db, file_no=file_no, **kw))[1])
    # the overview's category numbers come with the file (the same reads), not from a second read of it
    from assist_desktop.services import lifecycle

    real_report = lifecycle.status_report_in  # every report is made here, however `status_report` was imported
    monkeypatch.setattr(lifecycle, "status_report_in",
                        lambda s, f, **kw: (reads.append("report"), real_report(s, f, **kw))[1])
    pane = _pane(qtbot, db)
    pane.show_file(one)
    for i in range(pane.count()):  # every tab shown in turn: no tab reads the file again
        pane.setCurrentIndex(i)
    assert reads == [one, "report"]  # the file and its report, once
    assert "人均月收入" in pane.overview.toPlainText() and "尚未评定" not in pane.overview.toPlainText()


def test_overview_lines_label_then_value(qtbot: Any, db: Database) -> None:
    data = complete_file_data()
    one = create_file(db, data=data, as_of=TODAY, actor="t").file.file_no
    pane = _pane(qtbot, db)
    pane.show_file(one)
    lines = pane.overview.toPlainText().splitlines()
    name_line = next(line for line in lines if line.startswith("姓名"))
    assert name_line.split("\t") == ["姓名", data["name"]]
    assert any(line.startswith("身份证号\t" + data["id_number"]) for line in lines)
    assert pane.overview.tabStopDistance() > pane.overview.fontMetrics().horizontalAdvance("帮扶联系责任人")


def test_an_ineligible_files_reason_beside_the_days_rule_after_a_new_standard(qtbot: Any, db: Database) -> None:
    """The pane shows the rule's reason of the day with the lines' amounts (认定依据) and the file's own pending
    reason naming the lines only; a new standard that moves the lines, not the outcome, leaves the file as it was."""
    from assist_desktop.services.lifecycle import reevaluate_all
    from assist_desktop.services.standards import set_standard

    made = create_file(db, data=complete_file_data(household_annual_income="108000"), as_of=TODAY, actor="t")
    assert made.file.status == "ineligible"
    set_standard(db, lb="850", mw="2200", effective=TODAY.isoformat(), today=TODAY)
    assert reevaluate_all(db, as_of=TODAY)["changed"] == 0
    after = get_file(db, file_no=made.file.file_no).file
    assert (after.updated_at, after.change_seq, after.row_version) == (
        made.file.updated_at, made.file.change_seq, made.file.row_version)
    pane = _pane(qtbot, db)
    pane.show_file(made.file.file_no)
    lines = pane.overview.toPlainText().splitlines()
    basis = next(line for line in lines if line.startswith("认定依据"))
    pending = next(line for line in lines if line.startswith("待办/未达标准原因"))
    assert "不低于相对困难线 1,700.00 元" in basis  # 2 x the new LB of 850
    assert "人均月收入 3,000.00 元，不低于相对困难线，" in pending and "1,700.00" not in pending
