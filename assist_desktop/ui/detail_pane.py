"""The detail pane beside the file list: 概况, 五清, 家庭成员, 帮扶记录/走访, 再就业, 历史.

The pane owns its tabs, including the re-employment table and the row of care buttons on 帮扶记录/走访
(the window hands it the actions those buttons trigger, `bind_care_actions`). `show_file` loads a file
through the services; `touched_by(changes)` says whether a change set calls for loading it again.

Selecting a file fills only the tab shown (概况 at first); each other tab is filled once per file, when it is
first shown — or when code reads its widgets (`rowCount()`, `item()`, `toPlainText()`, `text()` on the pane's
tables, views and labels fill their tab first), so a caller never sees a tab that is not filled yet.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from assist_desktop.db.engine import Database, StorageError
from assist_desktop.domain import enums as E
from assist_desktop.domain.errors import DomainError
from assist_desktop.domain.field_display import file_sections
from assist_desktop.domain.five_clear import check_five_clear
from assist_desktop.domain.history_text import event_text_json
from assist_desktop.domain.income import parts_words
from assist_desktop.services.assistance import list_employment_support, training_outcomes
from assist_desktop.services.catchup import actor_label
from assist_desktop.services.changes import Changes
from assist_desktop.services.files import FileDetail, get_file
from assist_desktop.services.standards import StandardView, list_standards
from assist_desktop.ui.i18n import current_lang, enum_label, money
from assist_desktop.ui.jobs import show_error

#: the care buttons above 帮扶记录/走访, in order (keys of `bind_care_actions`)
CARE_BUTTONS = ("assistance", "visit", "employment")
#: the buttons of the 再就业 tab, in order (keys of `bind_employment_actions`)
EMPLOYMENT_BUTTONS = ("employment", "employment_outcome")
#: the item data role of the 再就业 table's first column: the record's id
EMPLOYMENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value))


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


#: called before a pane widget's content is read from code: fills the widget's tab when it is not filled yet
Ensure = Callable[[], None]


class FitTable(QTableWidget):
    """A table whose columns fit the pane: each as wide as its content up to MAX_COLUMN_WIDTH, the widest
    narrowed further when the row would not fit, the text wrapping onto more lines (rows grow to show it all).
    Reading its rows from code (`rowCount`, `item`) fills its tab first (`ensure`)."""

    ensure: Ensure | None = None

    def rowCount(self) -> int:  # noqa: N802 - Qt naming
        if self.ensure is not None:
            self.ensure()
        return super().rowCount()

    def item(self, row: int, column: int) -> QTableWidgetItem | None:
        if self.ensure is not None:
            self.ensure()
        return super().item(row, column)

    def fit_columns(self) -> None:
        header = self.horizontalHeader()
        n = self.columnCount()
        natural = [min(max(self.sizeHintForColumn(c), header.sectionSizeHint(c)) + 8, MAX_COLUMN_WIDTH)
                   for c in range(n)]
        room = self.viewport().width()
        widths = list(natural)
        if room > 100 and sum(widths) > room:
            # water-filling: lower a common ceiling until the columns fit, never below a header's own width
            floors = [max(48, header.sectionSizeHint(c)) for c in range(n)]
            lo, hi = 0, max(widths)
            while lo < hi:
                mid = (lo + hi + 1) // 2
                if sum(max(f, min(w, mid)) for w, f in zip(natural, floors, strict=True)) <= room:
                    lo = mid
                else:
                    hi = mid - 1
            widths = [max(f, min(w, lo)) for w, f in zip(natural, floors, strict=True)]
        for c, width in enumerate(widths):
            self.setColumnWidth(c, width)
        self.resizeRowsToContents()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt naming
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.fit_columns()


class LazyBrowser(QTextBrowser):
    """A text view whose text, read from code, is that of its tab filled (`ensure`)."""

    ensure: Ensure | None = None

    def toPlainText(self) -> str:  # noqa: N802 - Qt naming
        if self.ensure is not None:
            self.ensure()
        return super().toPlainText()

    def toHtml(self) -> str:  # noqa: N802 - Qt naming
        if self.ensure is not None:
            self.ensure()
        return super().toHtml()


class LazyLabel(QLabel):
    """A label whose text, read from code, is that of its tab filled (`ensure`)."""

    ensure: Ensure | None = None

    def text(self) -> str:
        if self.ensure is not None:
            self.ensure()
        return super().text()


def _table(headers: list[str]) -> FitTable:
    t = FitTable(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setAlternatingRowColors(True)
    t.verticalHeader().setVisible(False)
    t.horizontalHeader().setStretchLastSection(False)
    # columns fit their content up to a width, longer text wraps onto more lines in a taller row
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    t.setWordWrap(True)
    t.setTextElideMode(Qt.TextElideMode.ElideNone)
    return t


#: 概况's label/value lines: the value at a tab stop past the widest label, wrapped lines under the value
_KV_INDENT = "\x00indent\x00"
_KV_STYLE = f"margin:2px 0 2px {_KV_INDENT}px; text-indent:-{_KV_INDENT}px; white-space:pre-wrap"

#: the widest a detail-table column grows to fit its content (longer text wraps)
MAX_COLUMN_WIDTH = 240


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            item = QTableWidgetItem(value)
            item.setToolTip(value)  # the whole text, whatever the column's width
            table.setItem(r, c, item)
    if isinstance(table, FitTable):
        table.fit_columns()
    else:
        table.resizeRowsToContents()


class DetailPane(QTabWidget):
    """Shows one file; `show_file(file_no)` loads it through the files service."""

    def __init__(self, db: Database, *, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._today = today
        self.detail: FileDetail | None = None
        #: the tabs (their page widgets) filled for the file shown; the others are filled when first shown
        self._filled: set[QWidget] = set()
        self._fillers: dict[QWidget, Callable[[FileDetail], None]] = {}
        self.setDocumentMode(True)

        self.overview = LazyBrowser()
        self.overview.setOpenLinks(False)
        self.five_clear_view = LazyBrowser()
        self.members_table = _table(
            [
                self.tr("姓名"),
                self.tr("关系"),
                self.tr("性别"),
                self.tr("出生日期"),
                self.tr("健康"),
                self.tr("身份"),
                self.tr("月收入"),
                self.tr("学校/年级"),
                self.tr("参保"),
            ]
        )
        self.assistance_table = _table(
            [
                self.tr("日期"),
                self.tr("帮扶类型"),
                self.tr("金额"),
                self.tr("资金来源"),
                self.tr("帮扶人"),
                self.tr("说明"),
            ]
        )
        self.visits_table = _table(
            [
                self.tr("走访日期"),
                self.tr("走访人"),
                self.tr("生活状况"),
                self.tr("需求"),
                self.tr("思想状况"),
            ]
        )
        self.history_table = _table(
            [
                self.tr("日期"),
                self.tr("事项"),
                self.tr("状态变化"),
                self.tr("类别变化"),
                self.tr("原因"),
                self.tr("操作人"),
            ]
        )

        self.employment_table = _table(
            [
                QCoreApplication.translate("CareActions", "开始日期"),
                QCoreApplication.translate("CareActions", "帮扶方式"),
                QCoreApplication.translate("CareActions", "内容"),
                QCoreApplication.translate("CareActions", "证书"),
                QCoreApplication.translate("CareActions", "是否就业"),
                QCoreApplication.translate("CareActions", "结果"),
                QCoreApplication.translate("CareActions", "其后就业"),
            ]
        )
        self.employment_table.setObjectName("employmentTable")
        self.care_buttons: dict[str, QPushButton] = {key: QPushButton() for key in CARE_BUTTONS}
        self.detail_buttons = QWidget()
        self.detail_buttons.setObjectName("careButtons")
        buttons_row = QHBoxLayout(self.detail_buttons)
        buttons_row.setContentsMargins(0, 0, 0, 0)
        for button in self.care_buttons.values():
            button.setEnabled(False)
            buttons_row.addWidget(button)
        buttons_row.addStretch(1)

        help_page = QWidget()
        split = QSplitter(Qt.Orientation.Vertical)
        for label, table in (
            (self.tr("帮扶记录"), self.assistance_table),
            (self.tr("入户走访"), self.visits_table),
        ):
            box = QWidget()
            lay = QVBoxLayout(box)
            lay.setContentsMargins(0, 4, 0, 0)
            heading = QLabel(f"<b>{_e(label)}</b>")
            lay.addWidget(heading)
            lay.addWidget(table)
            split.addWidget(box)
        lay = QVBoxLayout(help_page)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.detail_buttons)
        lay.addWidget(split)

        self.addTab(self.overview, self.tr("概况"))
        self.addTab(self.five_clear_view, self.tr("五清"))
        self.addTab(self.members_table, self.tr("家庭成员"))
        self.addTab(help_page, self.tr("帮扶记录/走访"))
        self.employment_page = self._build_employment_page()
        self.addTab(self.employment_page, QCoreApplication.translate("CareActions", "再就业"))
        self.addTab(self.history_table, self.tr("历史"))
        # each tab's filler, and the widgets whose content it makes
        tabs: list[tuple[QWidget, Callable[[FileDetail], None], tuple[Any, ...]]] = [
            (self.overview, self._show_overview, (self.overview,)),
            (self.five_clear_view, self._show_five_clear, (self.five_clear_view,)),
            (self.members_table, self._show_members, (self.members_table,)),
            (help_page, self._show_help, (self.assistance_table, self.visits_table)),
            (self.employment_page, lambda d: self._show_employment(d.file.file_no),
             (self.employment_table, self.training_summary)),
            (self.history_table, self._show_history, (self.history_table,)),
        ]
        for page, filler, widgets in tabs:
            self._fillers[page] = filler
            for widget in widgets:
                widget.ensure = lambda page=page: self._ensure(page)
        self.currentChanged.connect(self._tab_shown)
        self.clear()

    def _build_employment_page(self) -> QWidget:
        """再就业: the re-employment records, what each training led to, and the buttons to record more."""
        page = QWidget()
        page.setObjectName("employmentPage")
        lay = QVBoxLayout(page)
        lay.setContentsMargins(4, 4, 4, 4)
        self.employment_buttons: dict[str, QPushButton] = {key: QPushButton() for key in EMPLOYMENT_BUTTONS}
        row = QHBoxLayout()
        for button in self.employment_buttons.values():
            button.setEnabled(False)
            row.addWidget(button)
        row.addStretch(1)
        lay.addLayout(row)
        self.training_summary = LazyLabel()
        self.training_summary.setObjectName("trainingSummary")
        self.training_summary.setWordWrap(True)
        lay.addWidget(self.training_summary)
        lay.addWidget(self.employment_table, 1)
        return page

    def bind_employment_actions(self, actions: Mapping[str, QAction]) -> None:
        """The 再就业 tab's buttons trigger the window's actions and follow their text and enabled state."""
        for key, act in actions.items():
            button = self.employment_buttons[key]
            button.setText(act.text().rstrip("…"))
            button.setToolTip(act.toolTip())
            button.setEnabled(act.isEnabled())
            button.clicked.connect(act.trigger)
            act.enabledChanged.connect(button.setEnabled)

    def selected_employment_id(self) -> str | None:
        """The id of the re-employment record chosen in the 再就业 table (None: none chosen)."""
        row = self.employment_table.currentRow()
        item = self.employment_table.item(row, 0) if row >= 0 else None
        value = item.data(EMPLOYMENT_ID_ROLE) if item is not None else None
        return str(value) if value else None

    def set_today(self, day: dt.date) -> None:
        """A new day: the lines and the status report are judged on it from the next load."""
        self._today = day

    # --- loading -----------------------------------------------------------------------------------
    def clear(self) -> None:
        self.detail = None
        self._filled = set()
        hint = self.tr("在左侧列表中选择一份档案，这里显示它的详细情况。")
        self.overview.setHtml(f"<p style='color:#666'>{_e(hint)}</p>")
        self.five_clear_view.setHtml(f"<p style='color:#666'>{_e(hint)}</p>")
        for t in (
            self.members_table,
            self.assistance_table,
            self.visits_table,
            self.employment_table,
            self.history_table,
        ):
            t.setRowCount(0)
        if hasattr(self, "training_summary"):
            self.training_summary.clear()

    def bind_care_actions(self, actions: Mapping[str, QAction]) -> None:
        """The care buttons trigger the window's actions and follow their text and enabled state."""
        for key, act in actions.items():
            button = self.care_buttons[key]
            button.setText(act.text().rstrip("…"))
            button.setToolTip(act.toolTip())
            button.setEnabled(act.isEnabled())
            button.clicked.connect(act.trigger)
            act.enabledChanged.connect(button.setEnabled)

    def show_file(self, file_no: str | None) -> FileDetail | None:
        """Load and show a file; raises what the service raises (NotFound, StorageError)."""
        if not file_no:
            self.clear()
            return None
        detail = get_file(self._db, file_no=file_no, report_on=self._today)  # the overview's numbers, same reads
        self.detail = detail
        self._filled = set()
        self._ensure(self.currentWidget())  # the tab shown; the others when they are first shown (or read)
        return detail

    def _ensure(self, page: QWidget | None) -> None:
        """Fill a tab for the file shown, once."""
        detail = self.detail
        filler = self._fillers.get(page) if page is not None else None
        if detail is None or filler is None or page in self._filled:
            return
        assert page is not None
        self._filled.add(page)  # first: reading the tab's widgets while filling it must not fill it again
        try:
            filler(detail)
        except BaseException:
            self._filled.discard(page)
            raise

    def _tab_shown(self, _index: int) -> None:
        try:
            self._ensure(self.currentWidget())
        except (DomainError, StorageError) as exc:  # the file vanished, or the database is busy
            show_error(self, exc)

    def is_filled(self, page: QWidget) -> bool:
        """Whether a tab (its page widget) shows the current file already (False before it is first shown)."""
        return page in self._filled

    @property
    def file_no(self) -> str | None:
        return self.detail.file.file_no if self.detail is not None else None

    def reload(self) -> None:
        if self.detail is not None:
            self.show_file(self.detail.file.file_no)

    def touched_by(self, changes: Changes) -> bool:
        """Whether a change set may have changed what the pane shows of its file."""
        shown = self.file_no
        if shown is None:
            return False
        shown_id = self.detail.file.id if self.detail is not None else None
        if changes.files and (not changes.file_ids or shown in changes.file_ids or shown_id in changes.file_ids):
            return True
        # care: its assistance/visit tabs; pairing: its responsible person; standards: the lines; unions: its union
        return changes.care or changes.pairing or changes.standards or changes.unions

    def _standard(self) -> StandardView | None:
        current = [s for s in list_standards(self._db) if s.effective_on <= self._today]
        return current[-1] if current else None

    # --- tabs ---------------------------------------------------------------------------------------
    def _show_overview(self, d: FileDetail) -> None:
        f = d.file
        # label and value on one line, the values aligned at a tab stop past the widest label, a long value
        # wrapping under itself (a hanging indent): laid out several times faster than a table per section
        labels: list[str] = []

        def row(label: str, value: object) -> str:
            labels.append(label)
            text = _e(value).replace("\n", "<br>")
            return f"<p class='kv'><span class='k'>{_e(label)}</span>\t{text}</p>"

        def section(title: str, rows: list[str]) -> str:
            return f"<h3>{_e(title)}</h3>{''.join(rows)}"

        status = enum_label(E.FileStatus, f.status)
        category = enum_label(E.Category, f.category) or self.tr("（未定类别）")
        since = self.tr("自 %1").replace("%1", _date(f.status_since))
        head = (
            f"<h2>{_e(f.name)} <span class='muted'>{_e(f.file_no)}</span></h2>"
            f"<p><span class='badge'>{_e(status)}</span> <span class='badge cat'>{_e(category)}</span>"
            + (f" <span class='muted'>{_e(since)}</span>" if f.status_since else "")
            + "</p>"
        )
        # every field of the registry, by the editor's groups (the ID number and phone in full, as the clerk
        # needs them; the bank account masked)
        fields_html = "".join(
            section(title, [row(label, text) for _spec, label, text in rows])
            for _group, title, rows in file_sections(f, lang=current_lang(), full=("id_number", "phone"))
        )
        numbers = self._category_numbers(d, row)
        category_html = section(self.tr("困难类别及依据"), numbers)
        responsible = d.responsible.name if d.responsible else self.tr("（尚未指定）")
        if d.responsible and d.responsible.phone:
            responsible += f"  {d.responsible.phone}"
        resp = section(
            self.tr("帮扶责任"),
            [
                row(self.tr("帮扶联系责任人"), responsible),
                row(self.tr("所属工会"), f"{d.union.name}（{d.union.code}）" if d.union else ""),
                row(
                    self.tr("上报审核"),
                    enum_label(E.ReviewState, f.review_state)
                    + (f"：{f.review_note}" if f.review_note else ""),
                ),
            ],
        )
        style = (
            "<style>h2{margin:0 0 4px 0} h3{color:#1f5f99;margin:12px 0 4px 0;font-size:13px}"
            f"p.kv{{{_KV_STYLE}}}"
            ".k{color:#555} .muted{color:#888;font-weight:normal;font-size:12px}"
            ".badge{background:#e8f0fa;color:#1f5f99;padding:2px 6px} .cat{background:#fdf1e3;color:#8a4b00}"
            "</style>"
        )
        metrics = self.overview.fontMetrics()
        indent = max((metrics.horizontalAdvance(label) for label in labels), default=0) + 16
        room = self.overview.viewport().width()
        if room > 300:  # laid out: at most half the width for the labels (a longer one pushes its value on)
            indent = min(indent, room // 2)
        self.overview.setTabStopDistance(indent)
        self.overview.setHtml((style + head + category_html + fields_html + resp).replace(_KV_INDENT, str(indent)))

    def _category_numbers(self, d: FileDetail, row: Any) -> list[str]:
        f = d.file
        # the lifecycle's report (income numbers, lines, the rule's reason), read with the file on the pane's day
        report: Mapping[str, Any] = d.report or {}
        income = report.get("income") or {}
        rule = report.get("rule") or {}
        out: list[str] = []
        per_capita = income.get("per_capita_fen", f.per_capita_monthly_fen)
        out.append(
            row(
                self.tr("人均月收入"),
                money(per_capita) if per_capita is not None else self.tr("尚未评定"),
            )
        )
        if income:
            basis = (
                self.tr("（家庭年收入 %1 − 刚性支出 %2）÷ %3 人 ÷ 12 个月")
                .replace("%1", money(income.get("annual_income_fen"))
                         + parts_words(income.get("income_parts"), current_lang()))
                .replace("%2", money(income.get("spending_fen"))
                         + parts_words(income.get("spending_parts"), current_lang()))
                .replace("%3", str(income.get("members", f.household_size)))
            )
            if income.get("imputed_members"):
                basis += (
                    self.tr("；其中 %1 名有劳动能力未就业成员按最低工资 %2 计入")
                    .replace("%1", str(income["imputed_members"]))
                    .replace("%2", money(income.get("mw_fen")))
                )
            out.append(row(self.tr("计算方法"), basis))
            if income.get("fact_as_of"):
                out.append(row(self.tr("收入数据日期"), income["fact_as_of"]))
        if income.get("lb_fen") is not None:
            out += [
                row(self.tr("低保标准（深度困难线）"), money(income["lb_fen"])),
                row(self.tr("相对困难线"), money(income.get("relative_line_fen"))),
                row(self.tr("脱困线"), money(income.get("exit_line_fen"))),
                row(self.tr("标准生效日期"), income.get("standard_effective_on", "")),
            ]
        else:
            std = self._standard()
            if std is not None:
                out += [
                    row(self.tr("低保标准（深度困难线）"), money(std.lb_fen)),
                    row(self.tr("相对困难线"), money(std.lb_fen * std.relative_multiple_pct // 100)),
                    row(self.tr("脱困线"), money(std.lb_fen * std.exit_multiple_pct // 100)),
                    row(self.tr("标准生效日期"), _date(std.effective_on)),
                ]
        if rule.get("reason"):
            out.append(row(self.tr("认定依据"), rule.get("reason_en") or rule["reason"] if current_lang() == "en"
                           else rule["reason"]))
        if f.evaluated_on:
            out.append(row(self.tr("评定日期"), _date(f.evaluated_on)))
        if f.ineligible_reason:
            out.append(row(self.tr("待办/未达标准原因"), f.ineligible_reason))
        if f.watch_since:
            months = report.get("months_at_or_above")
            out.append(
                row(
                    self.tr("收入观察起始"),
                    _date(f.watch_since)
                    + (
                        self.tr("（已连续 %1 个月）").replace("%1", str(months)) if months is not None else ""
                    ),
                )
            )
        if f.notice_until:
            out.append(row(self.tr("脱困公示截止"), _date(f.notice_until)))
        if f.closed_on:
            out.append(
                row(
                    self.tr("退档"),
                    f"{_date(f.closed_on)} {enum_label(E.CloseReason, f.close_reason)} "
                    f"{enum_label(E.CancelDetail, f.close_detail)}",
                )
            )
        if f.hardship_costs_fen or f.accident_date:
            out.append(
                row(
                    self.tr("意外事件 / 年度致困支出"),
                    f"{_date(f.accident_date)} {f.accident_note or ''} {money(f.hardship_costs_fen)}",
                )
            )
        return out

    def _show_five_clear(self, d: FileDetail) -> None:
        result = check_five_clear(d.file, d.members)
        parts = ["<style>li{margin:2px 0} .ok{color:#2e7d32} .no{color:#c0392b} .miss{color:#555}</style>"]
        if result.all_clear:
            all_clear = self.tr("五清齐全，可以登记入档。")
            parts.append(f"<p class='ok'><b>✓ {_e(all_clear)}</b></p>")
        else:
            not_clear = self.tr("五清不全，补齐后才能登记入档：")
            # the missing phrases are Chinese (domain/five_clear.py); in English name the unclear items
            summary = (
                ", ".join(i.label_en for i in result.items if not i.clear)
                if current_lang() == "en"
                else result.missing_summary()
            )
            parts.append(f"<p class='no'><b>✗ {_e(not_clear)}</b> {_e(summary)}</p>")
        parts.append("<table cellpadding='4'>")

        def label(item: Any) -> str:
            return str(item.label_en if current_lang() == "en" else item.label)

        for item in result.items:
            mark = "<span class='ok'>✓</span>" if item.clear else "<span class='no'>✗</span>"
            missing = "" if item.clear else "；".join(item.missing)
            parts.append(
                f"<tr><td style='font-size:16px'>{mark}</td><td><b>{_e(label(item))}</b></td>"
                f"<td class='miss'>{_e(missing)}</td></tr>"
            )
        parts.append("</table>")
        self.five_clear_view.setHtml("".join(parts))

    def _show_members(self, d: FileDetail) -> None:
        rows = []
        for m in d.members:
            school = " ".join(x for x in (m.school, m.school_year) if x)
            rows.append(
                [
                    m.name,
                    enum_label(E.Relation, m.relation),
                    enum_label(E.Sex, m.sex),
                    _date(m.birth_date),
                    " ".join(x for x in (enum_label(E.Health, m.health), m.disability or "") if x),
                    enum_label(E.MemberStatus, m.status),
                    money(m.monthly_income_fen),
                    school,
                    m.insurance or "",
                ]
            )
        _fill(self.members_table, rows)

    def _show_help(self, d: FileDetail) -> None:
        _fill(
            self.assistance_table,
            [
                [
                    _date(a.given_on),
                    enum_label(E.AssistanceKind, a.kind),
                    money(a.amount_fen) if a.amount_fen else "",
                    enum_label(E.FundSource, a.fund_source),
                    a.helper or "",
                    " ".join(x for x in (a.items, a.note) if x),
                ]
                for a in d.assistance
            ],
        )
        _fill(
            self.visits_table,
            [
                [
                    _date(v.visited_on),
                    v.visitor,
                    v.living_situation or "",
                    v.needs or "",
                    v.state_of_mind or "",
                ]
                for v in d.visits
            ],
        )

    def _show_employment(self, file_no: str) -> None:
        """再就业: the records newest first (as the other tables), and whether work followed each training."""
        rows = list_employment_support(self._db, file_no=file_no)
        trainings = {t.training.id: t for t in training_outcomes(rows)}
        # the re-employment words keep the translation context they were first written in
        yes, no = (
            QCoreApplication.translate("CareActions", "是"),
            QCoreApplication.translate("CareActions", "否"),
        )

        def after(record_id: str) -> str:
            t = trainings.get(record_id)
            if t is None:
                return ""
            if t.job is not None and (t.training.found_work is None or t.training.found_work):
                return f"{_date(t.job.started_on)} {enum_label(E.EmploymentSupportKind, t.job.kind)}"
            if t.found_work is None:
                return QCoreApplication.translate("CareActions", "未记录")
            return yes if t.found_work else no

        newest_first = list(reversed(rows))
        _fill(
            self.employment_table,
            [
                [
                    x.started_on.isoformat() if x.started_on else "",
                    enum_label(E.EmploymentSupportKind, x.kind),
                    " ".join(
                        v for v in (x.detail, money(x.amount_fen) if x.amount_fen else "") if v
                    ),
                    x.certificate or "",
                    "" if x.found_work is None else (yes if x.found_work else no),
                    x.outcome or "",
                    after(x.id),
                ]
                for x in newest_first
            ],
        )
        for r, x in enumerate(newest_first):
            cell = self.employment_table.item(r, 0)
            if cell is not None:
                cell.setData(EMPLOYMENT_ID_ROLE, x.id)
        if trainings:
            worked = sum(1 for t in trainings.values() if t.found_work)
            self.training_summary.setText(
                QCoreApplication.translate("CareActions", "培训 %1 次，其后就业 %2 次；未记录结果 %3 次。")
                .replace("%1", str(len(trainings)))
                .replace("%2", str(worked))
                .replace("%3", str(sum(1 for t in trainings.values() if t.found_work is None)))
            )
        else:
            self.training_summary.setText(
                QCoreApplication.translate("CareActions", "尚无培训记录。") if rows else
                QCoreApplication.translate("CareActions", "尚无再就业帮扶记录。")
            )

    def _show_history(self, d: FileDetail) -> None:
        rows = []
        for ev in sorted(d.events, key=lambda e: (e.occurred_on, e.recorded_at), reverse=True):
            status = ""
            if ev.from_status or ev.to_status:
                status = f"{enum_label(E.FileStatus, ev.from_status) or '—'} → {enum_label(E.FileStatus, ev.to_status)}"
            category = ""
            if ev.from_category or ev.to_category:
                category = (
                    f"{enum_label(E.Category, ev.from_category) or '—'} → "
                    f"{enum_label(E.Category, ev.to_category) or '—'}"
                )
            rows.append(
                [
                    _date(ev.occurred_on),
                    enum_label(E.EventKind, ev.kind),
                    status,
                    category,
                    event_text_json(ev.reason, ev.facts_json, current_lang()),
                    actor_label(ev.actor, current_lang()),
                ]
            )
        # the intake and exit procedure's steps (issue 10), among the history by their date
        from assist_desktop.services.procedure import list_steps

        for step in list_steps(self._db, file_no=d.file.file_no):
            rows.append([_date(step.done_on), self.tr("程序步骤"), "", "", step.text(dated=False), step.recorded_by])
        rows.sort(key=lambda r: r[0], reverse=True)
        _fill(self.history_table, rows)
