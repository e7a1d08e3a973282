"""The 报表 window: choose a report, its period and filters; see the table and a bar chart beside it; save it as
PDF or .xlsx. The table is `services.reports` (the same function as `report NAME --json`), the files are
`printing.reports` — what the window shows is what the paper says.

Saving a public-notice list as PDF records that its notice period started (services.reports.notice, record).
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis
from PySide6.QtCore import QDate, QMargins, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from assist_desktop.db.engine import Database
from assist_desktop.domain.enums import Category, FileStatus
from assist_desktop.domain.errors import DomainError, ValidationFailed
from assist_desktop.printing.reports import cell_text, report_pdf, report_xlsx
from assist_desktop.services import reports as R
from assist_desktop.ui.jobs import show_error
from assist_desktop.ui.signals import emit_changes
from assist_desktop.ui.widgets import EnumCombo

if TYPE_CHECKING:
    from assist_desktop.ui.main_window import MainWindow

# which options each report takes
USES_FILTERS = {"roll", "counts"}
USES_PERIOD = {"movements", "assistance", "employment", "duties", "notice"}
# the column the chart shows for each report
CHART_COLUMN = {"counts": "total", "movements": "households", "assistance": "amount_fen", "employment": "households",
                "duties": "overdue"}


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(q: QDate) -> dt.date:
    return dt.date(q.year(), q.month(), q.day())


class ReportsDialog(QDialog):
    """Report choice, period, filters; a table preview and a bar chart; save as PDF or .xlsx."""

    def __init__(self, db: Database, *, today: dt.date, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.today, self.actor = db, today, actor
        self.table: R.ReportTable | None = None
        self.setWindowTitle(self.tr("报表"))
        self.resize(1100, 680)

        self.report = QComboBox()
        for name, title in R.REPORTS.items():
            self.report.addItem(title, name)
        self.notice_kind = QComboBox()
        self.notice_kind.addItem(self.tr("建档公示"), "register")
        self.notice_kind.addItem(self.tr("退出公示"), "exit")
        self.date_from = QDateEdit(_qdate(dt.date(today.year, 1, 1)))
        self.date_to = QDateEdit(_qdate(today))
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.status = EnumCombo(FileStatus, blank=self.tr("在档帮扶对象"))
        self.category = EnumCombo(Category, blank=self.tr("全部类别"))
        self.dated = QCheckBox(self.tr("按统计期间（期间内曾在档的档案，状态、类别为期末的）"))
        self.dated.setObjectName("datedCheck")
        self.dated.setToolTip(self.tr("不勾选：今天的在档对象。勾选：起始至截止日期内任一天在档的档案，含期间内退档的。"))
        self.dated.toggled.connect(lambda _on: self._report_changed())
        self.by = QComboBox()
        for spec in R.dimensions():
            self.by.addItem(spec.zh, spec.name)
        self.by.setCurrentIndex(max(self.by.findData("main_cause"), 0))

        form = QFormLayout()
        form.addRow(self.tr("报表"), self.report)
        form.addRow(self.tr("公示名单"), self.notice_kind)
        form.addRow(self.tr("起始日期"), self.date_from)
        form.addRow(self.tr("截止日期"), self.date_to)
        form.addRow("", self.dated)
        form.addRow(self.tr("档案状态"), self.status)
        form.addRow(self.tr("困难类别"), self.category)
        form.addRow(self.tr("统计项目"), self.by)
        self.form = form

        self.grid = QTableWidget(0, 0)
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.grid.verticalHeader().setVisible(False)
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.chart_view = QChartView()
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setMinimumWidth(320)
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.notes.setObjectName("muted")

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.grid)
        split.addWidget(self.chart_view)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([680, 420])

        self.preview_button = QPushButton(self.tr("预览"))
        self.pdf_button = QPushButton(self.tr("另存为PDF…"))
        self.xlsx_button = QPushButton(self.tr("另存为Excel…"))
        close = QPushButton(self.tr("关闭"))
        self.preview_button.clicked.connect(self.refresh)
        self.pdf_button.clicked.connect(lambda: self.ask_and_save(".pdf"))
        self.xlsx_button.clicked.connect(lambda: self.ask_and_save(".xlsx"))
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.preview_button)
        buttons.addStretch(1)
        buttons.addWidget(self.pdf_button)
        buttons.addWidget(self.xlsx_button)
        buttons.addWidget(close)

        top = QHBoxLayout()
        top.addLayout(form)
        top.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(split, 1)
        lay.addWidget(self.notes)
        lay.addLayout(buttons)

        self.report.currentIndexChanged.connect(self._report_changed)
        self._report_changed()

    # --- choosing -------------------------------------------------------------------------------------

    def name(self) -> str:
        return str(self.report.currentData())

    def _report_changed(self) -> None:
        name = self.name()
        dated = name in USES_PERIOD or (name in USES_FILTERS and self.dated.isChecked())
        for widget, shown in ((self.notice_kind, name == "notice"), (self.date_from, dated),
                              (self.date_to, dated), (self.dated, name in USES_FILTERS),
                              (self.status, name in USES_FILTERS),
                              (self.category, name in USES_FILTERS), (self.by, name == "counts")):
            widget.setEnabled(shown)
            label = self.form.labelForField(widget)
            if label is not None:
                label.setEnabled(shown)
        self.refresh()

    def build(self, *, record: bool = False) -> R.ReportTable:
        """The chosen report with the chosen period and filters (the same call as `report NAME`)."""
        name = self.name()
        date_from, date_to = _pydate(self.date_from.date()), _pydate(self.date_to.date())
        first, last = (date_from, date_to) if self.dated.isChecked() else (None, None)
        if name == "roll":
            return R.roll(self.db, status=self.status.value(), category=self.category.value(), date_from=first,
                          date_to=last, today=self.today)
        if name == "counts":
            return R.counts(self.db, by=str(self.by.currentData()), status=self.status.value(),
                            category=self.category.value(), date_from=first, date_to=last, today=self.today)
        if name == "movements":
            return R.movements(self.db, date_from=date_from, date_to=date_to)
        if name == "assistance":
            return R.assistance(self.db, date_from=date_from, date_to=date_to)
        if name == "employment":
            return R.employment(self.db, date_from=date_from, date_to=date_to)
        if name == "duties":
            return R.duties(self.db, date_from=date_from, date_to=date_to)
        return R.notice(self.db, kind=str(self.notice_kind.currentData()), date_from=date_from, date_to=date_to,
                        start_on=self.today, record=record, actor=self.actor)

    # --- showing ----------------------------------------------------------------------------------------

    def refresh(self) -> None:
        try:
            table = self.build()
        except (ValidationFailed, DomainError) as exc:
            show_error(self, exc)
            return
        self.table = table
        self._fill(table)
        self._chart(table)
        if self.name() == "notice":  # a notice period in a year whose holidays are not entered: say so
            from assist_desktop.services.settings import notice_calendar_warnings
            from assist_desktop.ui.i18n import current_lang

            warnings = notice_calendar_warnings(self.db, start=self.today, lang=current_lang())
            if warnings:
                self.notes.setText(self.notes.text() + "\n" + "\n".join("⚠ " + w for w in warnings))

    def _fill(self, table: R.ReportTable) -> None:
        shown = [i for i, c in enumerate(table.columns) if c.kind != "key"]
        lines = [*table.rows, *([table.totals] if table.totals is not None else [])]
        self.grid.clear()
        self.grid.setColumnCount(len(shown))
        self.grid.setRowCount(len(lines))
        self.grid.setHorizontalHeaderLabels([table.columns[i].label for i in shown])
        for r, line in enumerate(lines):
            for c, i in enumerate(shown):
                column = table.columns[i]
                item = QTableWidgetItem(cell_text(column.kind, line[i]))
                if column.kind in ("int", "money"):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if table.totals is not None and r == len(lines) - 1:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.grid.setItem(r, c, item)
        self.notes.setText("\n".join(
            ["；".join(f"{k}：{v}" for k, v in table.filters), *table.notes]))

    def chart_values(self, table: R.ReportTable) -> list[tuple[str, float]]:
        """(row label, value) of the column the chart draws; money in 元."""
        key = CHART_COLUMN.get(table.name)
        if key is None:
            return []
        i = table.column(key)
        money = table.columns[i].kind == "money"
        return [(str(row[1]), (row[i] / 100 if money else float(row[i]))) for row in table.rows]

    def _chart(self, table: R.ReportTable) -> None:
        chart = QChart()
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.legend().setVisible(False)
        values = self.chart_values(table)
        key = CHART_COLUMN.get(table.name)
        if values and key is not None:
            chart.setTitle(table.columns[table.column(key)].label)
            bars = QBarSet(table.columns[table.column(key)].label)
            bars.setColor(QColor("#4f81bd"))
            for _, v in values:
                bars.append(v)
            series = QBarSeries()
            series.append(bars)
            chart.addSeries(series)
            axis_x = QBarCategoryAxis()
            axis_x.append([label[:6] for label, _ in values])
            axis_x.setLabelsAngle(-60)
            chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
            series.attachAxis(axis_x)
            axis_y = QValueAxis()
            top = max(1, math.ceil(max(v for _, v in values)))
            if top <= 10:  # small counts: one tick per whole number
                axis_y.setRange(0, top)
                axis_y.setTickCount(top + 1)
            else:
                axis_y.setRange(0, top * 1.05)
                axis_y.applyNiceNumbers()
            axis_y.setLabelFormat("%.0f")
            chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
            series.attachAxis(axis_y)
        else:
            chart.setTitle(self.tr("（此报表为名单，无图表）"))
        self.chart_view.setChart(chart)

    # --- saving -----------------------------------------------------------------------------------------

    def ask_and_save(self, suffix: str) -> None:
        title = self.table.title if self.table else self.tr("报表")
        filt = self.tr("PDF 文件 (*.pdf)") if suffix == ".pdf" else self.tr("Excel 文件 (*.xlsx)")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("保存报表"), f"{title}{suffix}", filt)
        if path:
            self.save(Path(path) if path.lower().endswith(suffix) else Path(path + suffix))

    def save(self, path: Path) -> Path | None:
        """Write the report (as now chosen) to `path` (.pdf or .xlsx); a notice list saved as PDF is recorded."""
        record = self.name() == "notice" and path.suffix.lower() == ".pdf"
        try:
            table = self.build(record=record)
        except (ValidationFailed, DomainError) as exc:
            show_error(self, exc)
            return None
        data: dict[str, Any] = table.to_json()
        from assist_desktop.services.prints import preparer_name

        preparer = preparer_name(self.db, actor=self.actor)  # the account's display name, never the OS user
        blob = (report_pdf if path.suffix.lower() == ".pdf" else report_xlsx)(
            data, preparer=preparer, printed_on=self.today)
        part = path.with_name(path.name + ".part")
        part.write_bytes(blob)
        part.replace(path)
        emit_changes(table.changes)
        self.table = table
        return path


def open_reports_dialog(window: MainWindow) -> ReportsDialog:
    """The 报表 action: the dialog, window-modal (never a blocking exec())."""
    dialog = ReportsDialog(window.db, today=window.today, actor=window.actor, parent=window)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
