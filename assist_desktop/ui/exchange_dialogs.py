"""Dialogs of the 数据交换 menu: export options, the import preview, the roster check, a return's reason.

The dialogs only show and ask; `ui/exchange_actions.py` runs the exchange functions as jobs. Each dialog is
opened window-modal with open(), so tests drive it with accept()/reject() or its buttons.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from assist_desktop.domain.errors import ValidationFailed
from assist_desktop.exchange.roster import MAIN_SHEET, MEMBER_SHEET
from assist_desktop.services.exchange import MergeReport
from assist_desktop.services.roster import RosterReport
from assist_desktop.ui.i18n import current_lang

LAST_DIR_KEY = "exchange/last_dir"


def last_dir() -> Path:
    value = QSettings().value(LAST_DIR_KEY)
    path = Path(str(value)) if value else Path.home()
    return path if path.is_dir() else Path.home()


def remember_dir(path: str | Path) -> None:
    QSettings().setValue(LAST_DIR_KEY, str(Path(path).parent))


def ask_open(parent: QWidget | None, title: str, filters: str) -> str | None:
    chosen, _ = QFileDialog.getOpenFileName(parent, title, str(last_dir()), filters)
    if chosen:
        remember_dir(chosen)
    return chosen or None


def ask_save(parent: QWidget | None, title: str, name: str, filters: str) -> str | None:
    chosen, _ = QFileDialog.getSaveFileName(parent, title, str(last_dir() / name), filters)
    if chosen:
        remember_dir(chosen)
    return chosen or None


def _table(headers: list[str], rows: list[list[str]], name: str) -> QTableWidget:
    t = QTableWidget(len(rows), len(headers))
    t.setObjectName(name)
    t.setHorizontalHeaderLabels(headers)
    t.verticalHeader().setVisible(False)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setWordWrap(False)
    for r, values in enumerate(rows):
        for c, v in enumerate(values):
            item = QTableWidgetItem(v)
            if len(v) > 24:
                item.setToolTip(v)
            t.setItem(r, c, item)
    header = t.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return t


def _buttons(dlg: QDialog, ok_text: str, cancel_text: str) -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    box.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    box.button(QDialogButtonBox.StandardButton.Cancel).setText(cancel_text)
    box.accepted.connect(dlg.accept)
    box.rejected.connect(dlg.reject)
    return box


class PathField(QWidget):
    """A file path with a 浏览… button that opens a save or open file chooser."""

    def __init__(
        self, *, save: bool, title: str, filters: str, default_name: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.save, self.title, self.filters = save, title, filters
        self.edit = QLineEdit()
        if default_name:
            self.edit.setText(str(last_dir() / default_name))
        browse = QPushButton(self.tr("浏览…"))
        browse.clicked.connect(self.browse)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.edit, 1)
        lay.addWidget(browse)

    def browse(self) -> None:
        current = self.edit.text().strip()
        if self.save:
            name = Path(current).name if current else ""
            chosen = ask_save(self, self.title, name, self.filters)
        else:
            chosen = ask_open(self, self.title, self.filters)
        if chosen:
            self.edit.setText(chosen)

    def path(self) -> str:
        return self.edit.text().strip()


class ExportPackageDialog(QDialog):
    """导出数据包: the receiver (a known union, or a typed union code, confirmed if unknown), full or incremental,
    where to write."""

    def __init__(
        self,
        *,
        receiver: str,
        default_name: str,
        choices: Sequence[tuple[str, str]] = (),
        check: Callable[[str], tuple[str, bool]] | None = None,
        demo_note: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("导出数据包"))
        self.setMinimumWidth(560)
        self._check = check
        form = QFormLayout()
        self.receiver = QComboBox()
        self.receiver.setEditable(True)
        self.receiver.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.receiver.setObjectName("receiverEdit")
        line = self.receiver.lineEdit()
        if line is not None:
            line.setPlaceholderText(self.tr("选择已知工会，或输入工会代码（数字）"))
        for code, name in choices:
            self.receiver.addItem(f"{code} {name}", code)
        at = self.receiver.findData(receiver) if receiver else -1
        if at >= 0:
            self.receiver.setCurrentIndex(at)
        else:
            self.receiver.setEditText(receiver)
        form.addRow(self.tr("接收工会"), self.receiver)
        self.incremental = QRadioButton(self.tr("增量：只导出上次报送以来有变化的档案"))
        self.full = QRadioButton(self.tr("全量：导出全部档案"))
        self.incremental.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.incremental)
        group.addButton(self.full)
        kind = QVBoxLayout()
        kind.addWidget(self.incremental)
        kind.addWidget(self.full)
        form.addRow(self.tr("范围"), kind)
        self.path = PathField(
            save=True,
            title=self.tr("保存数据包"),
            filters=self.tr("数据包 (*.zip)"),
            default_name=default_name,
        )
        form.addRow(self.tr("保存到"), self.path)
        note = QLabel(self.tr("数据包含档案、家庭成员、帮扶记录和历史，已加校验码。导出后档案标为“已上报”。"))
        note.setObjectName("muted")
        note.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(note)
        self.demo_note = QLabel(demo_note or "")
        self.demo_note.setObjectName("muted")
        self.demo_note.setWordWrap(True)
        self.demo_note.setVisible(bool(demo_note))
        lay.addWidget(self.demo_note)
        self.buttons = _buttons(self, self.tr("导出"), self.tr("取消"))
        lay.addWidget(self.buttons)
        self.error = QLabel()
        self.error.setObjectName("errorText")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color:#a93226")
        lay.insertWidget(2, self.error)

    def code(self) -> str:
        """The receiver's code: the chosen union's, or the typed text's first word."""
        text = self.receiver.currentText().strip()
        index = self.receiver.currentIndex()
        if index >= 0 and text == self.receiver.itemText(index):
            return str(self.receiver.itemData(index))
        return text.split(" ")[0] if text else ""

    def confirm_unknown(self, code: str) -> bool:
        """Asked when a typed code names no union known here (tests replace it)."""
        answer = QMessageBox.question(
            self,
            self.tr("接收工会"),
            self.tr("本库中没有代码为 %1 的工会。确定把数据包发给该工会吗？").replace("%1", code),
        )
        return answer == QMessageBox.StandardButton.Yes

    def accept(self) -> None:
        code = self.code()
        if not code:
            self.error.setText(self.tr("请选择或填写接收工会代码。"))
            return
        if self._check is not None:
            try:
                code, known = self._check(code)
            except ValidationFailed as exc:
                self.error.setText(exc.errors[0].message(current_lang()))
                return
            if not known and not self.confirm_unknown(code):
                return
        if not self.path.path():
            self.error.setText(self.tr("请选择保存数据包的位置。"))
            return
        self._code = code
        super().accept()

    def values(self) -> dict[str, Any]:
        out = self.path.path()
        if not out.lower().endswith(".zip"):
            out += ".zip"
        return {"to": getattr(self, "_code", None) or self.code(), "full": self.full.isChecked(), "out": out}


def _sender(report: MergeReport) -> str:
    s = report.sender
    return f"{s.get('code', '')} {s.get('name', '')}".strip()


class ImportPreviewDialog(QDialog):
    """What importing a package would do; 确认导入 applies it all, 取消 writes nothing."""

    def __init__(self, report: MergeReport, *, path: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report, self.path = report, path
        self.setWindowTitle(self.tr("导入数据包 — 预览"))
        self.resize(820, 560)
        lay = QVBoxLayout(self)
        head = self.tr("数据包 %1，来自 %2").replace("%1", report.package_id).replace("%2", _sender(report))
        counts = (
            self.tr("新增 %1 份，更新 %2 份，未变 %3 份，冲突 %4 份")
            .replace("%1", str(len(report.new)))
            .replace("%2", str(len(report.updated)))
            .replace("%3", str(report.unchanged))
            .replace("%4", str(len(report.conflicts)))
        )
        self.summary = QLabel(f"<b>{head}</b><br>{counts}")
        self.summary.setObjectName("previewSummary")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        lay.addWidget(self.summary)
        if report.already_imported:
            again = QLabel(self.tr("此数据包以前已导入过；再次导入只会写入本库还没有的变化。"))
            again.setStyleSheet("color:#8a6d00")
            lay.addWidget(again)
        rows = [[no, self.tr("新增")] for no in report.new] + [[no, self.tr("更新")] for no in report.updated]
        self.files_table = _table([self.tr("档案编号"), self.tr("处理")], rows, "importFiles")
        self.conflicts_table = _table(
            [self.tr("档案编号"), self.tr("姓名"), self.tr("建档工会"), self.tr("原因")],
            [[c.file_no, c.name, c.origin_union_code, c.zh] for c in report.conflicts],
            "importConflicts",
        )
        self.tabs = QTabWidget()
        self.tabs.addTab(
            self.files_table,
            self.tr("新增和更新（%1）").replace("%1", str(len(report.new) + len(report.updated))),
        )
        self.tabs.addTab(
            self.conflicts_table, self.tr("冲突（%1）").replace("%1", str(len(report.conflicts)))
        )
        if report.conflicts and not rows:
            self.tabs.setCurrentIndex(1)
        lay.addWidget(self.tabs, 1)
        note = QLabel(
            self.tr(
                "确认后全部写入（一次完成，出错则全部不写）；冲突的档案按所列原因处理，不会覆盖本库较新的版本。"
            )
        )
        note.setObjectName("muted")
        note.setWordWrap(True)
        lay.addWidget(note)
        self.buttons = _buttons(self, self.tr("确认导入"), self.tr("取消"))
        self.confirm_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        lay.addWidget(self.buttons)


class RosterPreviewDialog(QDialog):
    """The roster's check: valid rows, every bad row with its column and reason, the unknown words of the descriptive
    columns (each mappable in place to a value of its enumeration), the columns not recognised and the households
    reported twice or already on file in another role.

    The dialog only asks: `mappings()` are the words given a value in the drop-downs (the window saves them with
    `services.roster_map` and checks again), `keep_unknown_columns()` the tick, and `errors_out_requested` is
    emitted with a path when the clerk asks for the refused rows as .xlsx.
    """

    remap_requested = Signal()
    errors_out_requested = Signal(str)

    def __init__(self, report: RosterReport, *, path: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report, self.path = report, path
        self.setWindowTitle(self.tr("导入花名册 — 检查结果"))
        self.resize(820, 620)
        lay = QVBoxLayout(self)
        text = (
            self.tr("%1：共 %2 行，有效 %3 行（新建 %4，更新 %5），有误 %6 行")
            .replace("%1", report.source)
            .replace("%2", str(report.rows))
            .replace("%3", str(report.valid))
            .replace("%4", str(report.to_create))
            .replace("%5", str(report.to_update))
            .replace("%6", str(report.bad_rows))
        )
        self.summary = QLabel(f"<b>{text}</b>")
        self.summary.setObjectName("rosterSummary")
        self.summary.setWordWrap(True)
        lay.addWidget(self.summary)
        rows = []
        for i in report.issues:
            column = i.column if not i.sheet or i.sheet == MAIN_SHEET else f"{i.sheet}：{i.column}"
            rows.append([str(i.row), column, i.en if current_lang() == "en" else i.zh])
        self.issues_table = _table([self.tr("行号"), self.tr("列"), self.tr("原因")], rows, "rosterIssues")
        self.errors_out_button = QPushButton(self.tr("把有误的行导出为 Excel…"))
        self.errors_out_button.setObjectName("rosterErrorsOut")
        self.errors_out_button.clicked.connect(self._ask_errors_out)
        if rows:
            head = QHBoxLayout()
            head.addWidget(QLabel(self.tr("以下各行有误，不会导入；改正后可再次导入：")), 1)
            head.addWidget(self.errors_out_button)
            lay.addLayout(head)
            lay.addWidget(self.issues_table, 1)
        else:
            self.issues_table.hide()
            self.errors_out_button.hide()
            ok = QLabel(self.tr("全部行都通过了检查。"))
            ok.setStyleSheet("color:#2e7d32")
            lay.addWidget(ok)
        self._unknown_section(lay, report)
        self._columns_section(lay, report)
        if report.duplicates:
            dup = QLabel(self.tr("重复或已有档案（已报告，不会重复建档）：") + "<br>"
                         + "<br>".join(d.message() for d in report.duplicates[:20]))
            dup.setObjectName("rosterDuplicates")
            dup.setWordWrap(True)
            lay.addWidget(dup)
        if not rows:
            lay.addStretch(1)
        ok_text = self.tr("只导入有效行") if report.issues else self.tr("导入")
        self.buttons = _buttons(self, ok_text, self.tr("取消"))
        self.import_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setEnabled(report.valid > 0)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        lay.addWidget(self.buttons)

    def _unknown_section(self, lay: QVBoxLayout, report: RosterReport) -> None:
        """One row per unknown word: column, word, rows using it, and a drop-down of the column's values."""
        from assist_desktop.exchange.roster_values import spec_for

        self.unknown_table = QTableWidget(0, 4)
        self.unknown_table.setObjectName("rosterUnknown")
        self.unknown_table.setHorizontalHeaderLabels(
            [self.tr("列"), self.tr("未识别的取值"), self.tr("行数"), self.tr("映射为")]
        )
        self.unknown_table.verticalHeader().setVisible(False)
        self.unknown_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.unknown_table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Fixed)
        self.unknown_table.setColumnWidth(3, 220)
        self.map_choices: list[tuple[str, str, QComboBox]] = []  # (column key, word, drop-down)
        for u in report.unknown_values:
            spec = spec_for(u.field)
            if spec is None or spec.enum is None:
                continue
            r = self.unknown_table.rowCount()
            self.unknown_table.insertRow(r)
            self.unknown_table.setItem(r, 0, QTableWidgetItem(u.column))
            word = QTableWidgetItem(u.value)
            word.setToolTip(self.tr("第 %1 行").replace("%1", "、".join(map(str, u.rows[:30]))))
            self.unknown_table.setItem(r, 1, word)
            self.unknown_table.setItem(r, 2, QTableWidgetItem(str(u.count)))
            box = QComboBox()
            box.addItem(self.tr("（不映射，照原文保留）"), "")
            for m in spec.enum:
                box.addItem(m.label, m.value)
            box.currentIndexChanged.connect(self._mapping_changed)
            self.unknown_table.setCellWidget(r, 3, box)
            self.map_choices.append((u.field, u.value, box))
        self.remap_button = QPushButton(self.tr("保存映射并重新检查"))
        self.remap_button.setObjectName("rosterRemap")
        self.remap_button.setEnabled(False)
        self.remap_button.clicked.connect(self.remap_requested.emit)
        if not self.map_choices:
            self.unknown_table.hide()
            self.remap_button.hide()
            return
        lay.addWidget(QLabel(self.tr("以下取值本程序不认识：这些行照常导入，原文保留；可选择对应的值，"
                                     "映射会保存，下次导入自动使用：")))
        lay.addWidget(self.unknown_table, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.remap_button)
        lay.addLayout(row)

    def _columns_section(self, lay: QVBoxLayout, report: RosterReport) -> None:
        strange = list(report.columns.unrecognised)
        if report.member_columns is not None:
            strange += [f"{MEMBER_SHEET}·{h}" for h in report.member_columns.unrecognised]
        self.columns_label = QLabel(
            self.tr("已识别的列：%1").replace("%1", "、".join(report.columns.recognised))
            + ("<br>" + self.tr("未识别的列：%1").replace("%1", "、".join(strange)) if strange else "")
        )
        self.columns_label.setObjectName("rosterColumns")
        self.columns_label.setWordWrap(True)
        lay.addWidget(self.columns_label)
        self.keep_unknown = QCheckBox(self.tr("把未识别的列作为备注保留（“花名册其他列：列名：值”）"))
        self.keep_unknown.setObjectName("rosterKeepUnknown")
        self.keep_unknown.setChecked(report.kept_unknown_columns)
        self.keep_unknown.setVisible(report.has_unrecognised)
        lay.addWidget(self.keep_unknown)

    def _mapping_changed(self) -> None:
        self.remap_button.setEnabled(bool(self.mappings()))

    def mappings(self) -> list[tuple[str, str, str]]:
        """The words given a value: (column key, word, machine name)."""
        return [(key, word, str(box.currentData())) for key, word, box in self.map_choices if box.currentData()]

    def keep_unknown_columns(self) -> bool:
        return self.keep_unknown.isChecked() and self.report.has_unrecognised

    def _ask_errors_out(self) -> None:
        stem = Path(self.path).stem
        chosen = ask_save(self, self.tr("保存有误的行"), f"{stem}_有误的行.xlsx", self.tr("Excel 文件 (*.xlsx)"))
        if chosen:
            self.errors_out_requested.emit(chosen if chosen.lower().endswith(".xlsx") else chosen + ".xlsx")


class ReturnReasonDialog(QDialog):
    """退回 needs a reason, written for the union below."""

    def __init__(self, file_nos: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.file_nos = file_nos
        self.setWindowTitle(self.tr("退回档案"))
        self.setMinimumWidth(460)
        lay = QVBoxLayout(self)
        shown = "、".join(file_nos[:5]) + (self.tr(" 等") if len(file_nos) > 5 else "")
        lay.addWidget(
            QLabel(self.tr("退回 %1 份档案：%2").replace("%1", str(len(file_nos))).replace("%2", shown))
        )
        lay.addWidget(QLabel(self.tr("退回理由（必填，下级工会将看到）：")))
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("returnReason")
        self.reason.setTabChangesFocus(True)
        lay.addWidget(self.reason)
        self.buttons = _buttons(self, self.tr("退回"), self.tr("取消"))
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setEnabled(False)
        self.reason.textChanged.connect(lambda: self.ok_button.setEnabled(bool(self.text())))
        lay.addWidget(self.buttons)

    def text(self) -> str:
        return self.reason.toPlainText().strip()


class ReviewExportDialog(QDialog):
    """导出审核结果: the union below and where to write."""

    def __init__(
        self, *, unions: list[tuple[str, str]], default_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("导出审核结果"))
        self.setMinimumWidth(520)
        form = QFormLayout()
        self.receiver = QComboBox()
        self.receiver.setEditable(True)
        self.receiver.setObjectName("reviewReceiver")
        for code, name in unions:
            self.receiver.addItem(f"{code} {name}", code)
        form.addRow(self.tr("下级工会"), self.receiver)
        self.path = PathField(
            save=True,
            title=self.tr("保存审核结果"),
            filters=self.tr("数据包 (*.zip)"),
            default_name=default_name,
        )
        form.addRow(self.tr("保存到"), self.path)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        self.buttons = _buttons(self, self.tr("导出"), self.tr("取消"))
        lay.addWidget(self.buttons)

    def code(self) -> str:
        text = self.receiver.currentText().strip()
        data = self.receiver.currentData()
        if data and text == self.receiver.itemText(self.receiver.currentIndex()):
            return str(data)
        return text.split(" ")[0] if text else ""

    def accept(self) -> None:
        if self.code() and self.path.path():
            super().accept()


__all__ = [
    "ExportPackageDialog",
    "ImportPreviewDialog",
    "PathField",
    "ReturnReasonDialog",
    "ReviewExportDialog",
    "RosterPreviewDialog",
    "ask_open",
    "ask_save",
]
