"""The 报表 window: the preview is the service's table, the chart its numbers, the files the same as the CLI's."""

from __future__ import annotations

import subprocess

import pytest
from sqlalchemy import func, select
from sqlmodel import col

from assist_desktop.db.models import AuditLog
from assist_desktop.services import reports as R
from assist_desktop.services.stats import stats
from tests.conftest import TODAY
from tests.ui.conftest import OFFSCREEN_NOISE

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)


@pytest.fixture
def dialog(qtbot, demo_db):
    from assist_desktop.ui.reports_dialog import ReportsDialog

    d = ReportsDialog(demo_db, today=TODAY, actor="李丽")
    qtbot.addWidget(d)
    return d


def choose(dialog, name):
    dialog.report.setCurrentIndex(dialog.report.findData(name))


def grid(dialog):
    g = dialog.grid
    return [[g.item(r, c).text() for c in range(g.columnCount())] for r in range(g.rowCount())]


def test_preview_and_chart_are_the_service_table(dialog, demo_db):
    choose(dialog, "counts")
    dialog.by.setCurrentIndex(dialog.by.findData("industry"))
    dialog.refresh()
    table = R.counts(demo_db, by="industry")
    rows = grid(dialog)
    assert [dialog.grid.horizontalHeaderItem(i).text() for i in range(dialog.grid.columnCount())][0] == "所属行业"
    assert rows[-1][0] == "合计" and rows[-1][-1] == str(stats(demo_db).active)
    assert [r[0] for r in rows[:-1]] == [r[1] for r in table.rows]
    assert dialog.chart_values(dialog.table) == [(r[1], float(r[-1])) for r in table.rows]
    series = dialog.chart_view.chart().series()
    assert len(series) == 1 and [series[0].barSets()[0].at(i) for i in range(len(table.rows))] == \
        [float(r[-1]) for r in table.rows]
    assert not dialog.date_from.isEnabled() and dialog.by.isEnabled()
    choose(dialog, "movements")
    assert dialog.date_from.isEnabled() and not dialog.by.isEnabled() and not dialog.status.isEnabled()
    assert grid(dialog)[0][0] == "新认定建档"


def test_roll_filters(dialog, demo_db):
    choose(dialog, "roll")
    dialog.category.set_value("deep")
    dialog.refresh()
    rows = grid(dialog)
    assert len(rows) - 1 == stats(demo_db).by_category["deep"]
    assert {r[4] for r in rows[:-1]} == {"深度困难"}
    assert all("**********" in r[2] for r in rows[:-1])


def test_save_pdf_and_xlsx(dialog, demo_db, tmp_path):
    from openpyxl import load_workbook

    choose(dialog, "assistance")
    dialog.date_from.setDate(dialog.date_from.date().addYears(-5))
    dialog.refresh()
    pdf = dialog.save(tmp_path / "a.pdf")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "帮扶资金物资发放统计表" in text and "填表人：李丽" in text
    total = dialog.table.to_json()["totals"]["amount_fen"]
    assert total == stats(demo_db).assistance_total_fen
    xlsx = dialog.save(tmp_path / "a.xlsx")
    rows = list(load_workbook(xlsx).active.iter_rows(values_only=True))
    assert round(next(r for r in rows if r[0] == "合计")[-1] * 100) == total


def test_saving_a_notice_records_it(dialog, demo_db, tmp_path):
    choose(dialog, "notice")
    dialog.refresh()
    listed = dialog.grid.rowCount() - 1
    assert listed > 0 and all("*" in r[1] for r in grid(dialog)[:-1])
    dialog.save(tmp_path / "n.xlsx")
    with demo_db.reader() as s:
        assert s.scalar(select(func.count()).select_from(AuditLog).where(col(AuditLog.action) == "notice")) == 0
    dialog.save(tmp_path / "n.pdf")
    with demo_db.reader() as s:
        assert s.scalar(select(func.count()).select_from(AuditLog)
                        .where(col(AuditLog.action) == "notice")) == listed


def test_the_window_opens_it_from_the_print_menu(window, qtbot):
    action = window.action("reports")
    assert action.isEnabled()
    action.trigger()
    from assist_desktop.ui.reports_dialog import ReportsDialog

    dialogs = window.findChildren(ReportsDialog)
    assert len(dialogs) == 1 and dialogs[0].isVisible() and dialogs[0].grid.rowCount() > 0
    dialogs[0].close()


def test_roll_over_a_period_is_the_services_dated_roll(dialog, demo_db):
    import datetime as dt

    from assist_desktop.ui.reports_dialog import _qdate

    choose(dialog, "roll")
    assert dialog.dated.isEnabled() and not dialog.dated.isChecked() and not dialog.date_from.isEnabled()
    dialog.dated.setChecked(True)
    assert dialog.date_from.isEnabled() and dialog.date_to.isEnabled()
    first = dt.date(2026, 1, 1)
    dialog.date_from.setDate(_qdate(first))
    dialog.date_to.setDate(_qdate(TODAY))
    dialog.refresh()
    table = R.roll(demo_db, date_from=first, date_to=TODAY)
    assert [r[0] for r in grid(dialog)[:-1]] == [r[0] for r in table.rows]
    assert dialog.table.to_json() == table.to_json()
    choose(dialog, "movements")
    assert not dialog.dated.isEnabled()
