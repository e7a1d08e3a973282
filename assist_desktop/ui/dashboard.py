"""The dashboard: files by category (pie) and by status (bar), from `services.stats.stats`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QPieSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from assist_desktop.db.engine import Database
from assist_desktop.domain.enums import Category, FileStatus
from assist_desktop.services.due import KIND_LABELS, review_task_counts
from assist_desktop.services.stats import stats
from assist_desktop.ui.i18n import enum_label, money

CATEGORY_COLORS = {"deep": "#c0504d", "relative": "#e3a33b", "accident": "#5b8fc7"}
STATUS_COLOR = "#4f81bd"


class Dashboard(QWidget):
    """Counts and two charts; `refresh()` asks the stats service again."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self.data: Mapping[str, Any] = {}
        self.review_tasks: dict[str, int] = {}
        self.summary = QLabel()
        self.summary.setObjectName("dashboardSummary")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.pie_view = QChartView()
        self.bar_view = QChartView()
        for view in (self.pie_view, self.bar_view):
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setMinimumHeight(280)
        grid = QGridLayout()
        grid.addWidget(self.pie_view, 0, 0)
        grid.addWidget(self.bar_view, 0, 1)
        lay = QVBoxLayout(self)
        lay.addWidget(self.summary)
        lay.addLayout(grid, 1)

    def _chart(self, title: str) -> QChart:
        chart = QChart()
        chart.setTitle(title)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.1)
        font.setBold(True)
        chart.setTitleFont(font)
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.setMargins(QMargins(6, 6, 6, 6))
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        chart.legend().setFont(self.font())
        return chart

    def refresh(self) -> None:
        self.data = data = stats(self._db)
        self.summary.setText(
            "<span style='font-size:15px'>"
            + self.tr("档案总数 <b>%1</b>　　在档帮扶对象 <b>%2</b>　　累计帮扶金额 <b>%3</b>")
            .replace("%1", str(data["files"]))
            .replace("%2", str(data["active"]))
            .replace("%3", money(data.get("assistance_total_fen", 0)))
            + "</span>"
        )
        # review tasks the rules left (可能返困、收入资料过期、拟注销、程序待办), counted beside the totals
        self.review_tasks = tasks = review_task_counts(self._db)
        if any(tasks.values()):
            self.summary.setText(
                self.summary.text()
                + "<br><span style='font-size:13px;color:#c0392b'>"
                + self.tr("复核待办 <b>%1</b>：").replace("%1", str(sum(tasks.values())))
                + "　".join(f"{KIND_LABELS[k][0]} {n}" for k, n in tasks.items() if n)
                + "</span>"
            )

        pie = QPieSeries()
        for cat in Category:
            n = data["by_category"].get(cat.value, 0)
            if n:
                sl = pie.append(f"{enum_label(Category, cat.value)} {n}", n)
                sl.setColor(QColor(CATEGORY_COLORS.get(cat.value, "#999999")))
                sl.setLabelVisible(True)
                sl.setLabelFont(self.font())
        if data.get("active_uncategorised"):
            sl = pie.append(
                self.tr("未定类别 %1").replace("%1", str(data["active_uncategorised"])),
                data["active_uncategorised"],
            )
            sl.setColor(QColor("#bbbbbb"))
            sl.setLabelVisible(True)
        pie.setPieSize(0.62)
        pie_chart = self._chart(self.tr("在档帮扶对象：按困难类别"))
        pie_chart.addSeries(pie)
        if not pie.count():
            pie_chart.setTitle(self.tr("在档帮扶对象：按困难类别（暂无）"))
        old = self.pie_view.chart()
        self.pie_view.setChart(pie_chart)
        if old is not None:
            old.deleteLater()

        bars = QBarSet(self.tr("档案数"))
        bars.setColor(QColor(STATUS_COLOR))
        labels = []
        for st in FileStatus:
            labels.append(enum_label(FileStatus, st.value))
            bars.append(data["by_status"].get(st.value, 0))
        series = QBarSeries()
        series.append(bars)
        series.setLabelsVisible(True)
        series.setLabelsPosition(QBarSeries.LabelsPosition.LabelsOutsideEnd)
        series.setLabelsVisible(True)
        bar_chart = self._chart(self.tr("全部档案：按状态"))
        bar_chart.addSeries(series)
        axis_x = QBarCategoryAxis()
        axis_x.append(labels)
        axis_x.setLabelsFont(self.font())
        axis_y = QValueAxis()
        top = max([data["by_status"].get(st.value, 0) for st in FileStatus] + [1])
        axis_y.setRange(0, top * 1.15)
        axis_y.applyNiceNumbers()  # round ticks (0, 100, 200…) rather than fractions of the maximum
        axis_y.setLabelFormat("%d")
        bar_chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        bar_chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_x)
        series.attachAxis(axis_y)
        bar_chart.legend().setVisible(False)
        old = self.bar_view.chart()
        self.bar_view.setChart(bar_chart)
        if old is not None:
            old.deleteLater()
