"""The window's 打印 menu: green cards, the file sheet, responsibility letters, each through the print preview.

`install_print_actions(window)` adds the menu and toolbar buttons and returns the `PrintActions` it keeps
as `window.printing`. Each action asks what to print (a small window-modal dialog, never a blocking
exec()), makes the PDF as a job with the service, and opens the preview.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from assist_desktop.db.engine import Database
from assist_desktop.services import pairing, prints
from assist_desktop.ui.jobs import Job, show_error
from assist_desktop.ui.print_preview import PdfPreviewDialog, preview_pdf


def selected_file_nos(window: Any) -> list[str]:
    """File numbers of the rows selected in the window's file table, in table order."""
    from assist_desktop.ui.file_table import FILE_NO_ROLE

    table = getattr(window, "table", None)
    if table is None or table.selectionModel() is None:
        return []
    rows = sorted(table.selectionModel().selectedRows(), key=lambda i: i.row())
    return [str(i.data(FILE_NO_ROLE)) for i in rows if i.data(FILE_NO_ROLE)]


def add_menu_before_help(window: QMainWindow, title: str) -> Any:
    """A new top-level menu, placed before the last one (帮助) so 帮助 stays at the right."""
    bar = window.menuBar()
    actions = bar.actions()
    if actions:
        from PySide6.QtWidgets import QMenu

        menu = QMenu(title, bar)
        bar.insertMenu(actions[-1], menu)
        return menu
    return bar.addMenu(title)


class CardScopeDialog(QDialog):
    """Green cards of the selected files, or of every active file."""

    def __init__(self, selected: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.selected = selected
        self.setWindowTitle(self.tr("打印绿卡"))
        lay = QVBoxLayout(self)
        self.only_selected = QRadioButton(self.tr("选中的档案（%1 份）").replace("%1", str(len(selected))))
        self.every_active = QRadioButton(self.tr("全部在档帮扶对象"))
        self.only_selected.setChecked(True)
        lay.addWidget(self.only_selected)
        lay.addWidget(self.every_active)
        hint = QLabel(self.tr("每页4张，可裁切后塑封。身份证号隐去中间部分。"))
        hint.setObjectName("muted")
        lay.addWidget(hint)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("预览并打印…"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        lay.addWidget(buttons)

    def file_nos(self) -> list[str]:
        return list(self.selected) if self.only_selected.isChecked() else []


class SheetOptionsDialog(QDialog):
    """Which file, and whether the paper file gets the full ID number."""

    def __init__(self, file_no: str, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.file_no = file_no
        self.setWindowTitle(self.tr("打印档案表"))
        self.setMinimumWidth(420)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(self.tr("档案：%1").replace("%1", label)))
        self.full_id = QCheckBox(self.tr("打印完整身份证号（纸质档案）"))
        self.full_id.setObjectName("fullIdCheck")
        self.full_id.setToolTip(
            self.tr("只在装入纸质档案时打印完整号码；其他用途请保持隐去中间部分，保护个人信息。")
        )
        lay.addWidget(self.full_id)
        hint = QLabel(self.tr("不勾选时，身份证号隐去中间部分（银行账号总是隐去）。"))
        hint.setObjectName("muted")
        hint.setWordWrap(True)
        lay.addWidget(hint)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("预览并打印…"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        lay.addWidget(buttons)


class LetterChoiceDialog(QDialog):
    """Choose one responsibility letter from the list."""

    def __init__(self, letters: list[dict[str, Any]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.letters = letters
        self.setWindowTitle(self.tr("打印责任书"))
        self.resize(800, 360)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(self.tr("选择要打印的包保责任书：")))
        self.table = QTableWidget(len(letters), 6)
        self.table.setObjectName("letterTable")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("责任书编号"),
                self.tr("上级（甲方）"),
                self.tr("下级（乙方）"),
                self.tr("户数"),
                self.tr("期限"),
                self.tr("签署"),
            ]
        )
        for r, x in enumerate(letters):
            signed = self.tr("双方已签") if x["signed"] else self.tr("未签全")
            period = f"{x['period_start']:%Y-%m-%d} — {x['period_end']:%Y-%m-%d}"
            for c, v in enumerate(
                [
                    x["letter_no"],
                    x["upper"] or "",
                    x["lower"] or "",
                    str(x["household_count"]),
                    period,
                    signed,
                ]
            ):
                self.table.setItem(r, c, QTableWidgetItem(v))
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _i: self.accept())
        lay.addWidget(self.table)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("预览并打印…"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        lay.addWidget(buttons)
        if letters:
            self.table.selectRow(0)

    def letter_no(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.letters[rows[0].row()]["letter_no"] if rows else None


class PrintActions(QObject):
    """The print actions of one window; keeps the last job, dialog and preview for the window's tests."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.last_job: Job | None = None
        self.last_dialog: QDialog | None = None
        self.last_preview: PdfPreviewDialog | None = None

        def act(text: str, slot: Any, tip: str, name: str) -> QAction:
            a = QAction(text, window)
            a.setObjectName(name)
            a.setStatusTip(tip)
            a.setToolTip(tip)
            a.triggered.connect(lambda _checked=False: slot())
            return a

        self.act_cards = act(
            self.tr("打印绿卡…"),
            self.choose_cards,
            self.tr("打印选中档案的帮扶绿卡，或全部在档帮扶对象的绿卡"),
            "printCardsAction",
        )
        self.act_sheet = act(
            self.tr("打印档案表…"), self.print_sheet, self.tr("打印当前档案的档案表"), "printSheetAction"
        )
        self.act_letter = act(
            self.tr("打印责任书…"), self.print_letter, self.tr("选择一份包保责任书打印"), "printLetterAction"
        )
        self.menu = add_menu_before_help(window, self.tr("打印(&P)"))
        self.menu.addActions([self.act_cards, self.act_sheet, self.act_letter])
        bar = window.findChild(QToolBar, "mainToolBar")
        if bar is not None:
            bar.addSeparator()
            bar.addActions([self.act_cards, self.act_sheet])

    # --- context ---------------------------------------------------------------------------------
    @property
    def db(self) -> Database:
        return self.window.db  # type: ignore[attr-defined,no-any-return]

    @property
    def today(self) -> dt.date:
        return self.window.today  # type: ignore[attr-defined,no-any-return]

    def _keep(self, dlg: PdfPreviewDialog) -> None:
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.last_preview = dlg
        dlg.destroyed.connect(lambda _o=None: self._forget(dlg))

    def _forget(self, dlg: PdfPreviewDialog) -> None:
        if self.last_preview is dlg:
            self.last_preview = None

    def _modal(self, dlg: QDialog) -> QDialog:
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.setWindowModality(Qt.WindowModality.WindowModal)
        self.last_dialog = dlg
        dlg.open()
        return dlg

    # --- green cards -----------------------------------------------------------------------------
    def choose_cards(self) -> CardScopeDialog | Job:
        """With files selected, ask: those, or every active file; with none, print every active file."""
        nos = selected_file_nos(self.window)
        if not nos:
            return self.print_cards([])
        dlg = CardScopeDialog(nos, self.window)
        dlg.accepted.connect(lambda: self.print_cards(dlg.file_nos()))
        self._modal(dlg)
        return dlg

    def print_cards(self, file_nos: list[str] | None = None) -> Job:
        """Cards of the given (default: selected) files; with none selected, every active file."""
        nos = selected_file_nos(self.window) if file_nos is None else list(file_nos)
        db, today = self.db, self.today
        what = (
            self.tr("%1 份档案的绿卡").replace("%1", str(len(nos)))
            if nos
            else self.tr("全部在档帮扶对象的绿卡")
        )
        self.last_job = preview_pdf(
            self.window,
            lambda progress: prints.green_cards(db, file_nos=nos, on=today, progress=progress),
            title=self.tr("打印预览 — %1").replace("%1", what),
            busy=self.tr("正在生成%1……").replace("%1", what),
            suggested_name=f"绿卡_{today:%Y%m%d}.pdf",
            on_open=self._keep,
        )
        return self.last_job

    # --- file sheet ------------------------------------------------------------------------------
    def print_sheet(self, file_no: str | None = None) -> SheetOptionsDialog | None:
        """Ask about the full ID number for the current file; OK makes the sheet and opens the preview."""
        file_no = file_no or self.window.current_file_no()  # type: ignore[attr-defined]
        if not file_no:
            QMessageBox.information(self.window, self.tr("打印档案表"), self.tr("请先在列表中选择一份档案。"))
            return None
        label = file_no
        row = getattr(self.window, "model", None)
        if row is not None and hasattr(row, "row_of"):
            r = row.row_of(file_no)
            found = row.row_at(r) if r >= 0 else None
            if found is not None:
                label = f"{file_no}（{found.name}）"
        dlg = SheetOptionsDialog(file_no, label, self.window)
        dlg.accepted.connect(lambda: self.start_sheet(dlg.file_no, full_id=dlg.full_id.isChecked()))
        self._modal(dlg)
        return dlg

    def start_sheet(self, file_no: str, *, full_id: bool) -> Job:
        db, today = self.db, self.today
        self.last_job = preview_pdf(
            self.window,
            lambda _progress: prints.file_sheets(db, file_nos=[file_no], on=today, full_id=full_id),
            title=self.tr("打印预览 — 档案表 %1").replace("%1", file_no),
            busy=self.tr("正在生成档案表……"),
            suggested_name=f"档案表_{file_no}.pdf",
            on_open=self._keep,
        )
        return self.last_job

    # --- letters ---------------------------------------------------------------------------------
    def print_letter(self) -> LetterChoiceDialog | None:
        try:
            letters = pairing.list_letters(self.db)
        except Exception as exc:
            show_error(self.window, exc)
            return None
        if not letters:
            QMessageBox.information(
                self.window, self.tr("打印责任书"), self.tr("还没有包保责任书。请先在“包保”中起草责任书。")
            )
            return None
        dlg = LetterChoiceDialog(letters, self.window)
        dlg.accepted.connect(lambda: (no := dlg.letter_no()) and self.start_letter(no))
        self._modal(dlg)
        return dlg

    def start_letter(self, letter_no: str) -> Job:
        db = self.db
        self.last_job = preview_pdf(
            self.window,
            lambda _progress: prints.letter(db, letter_no=letter_no),
            title=self.tr("打印预览 — 责任书 %1").replace("%1", letter_no),
            busy=self.tr("正在生成责任书……"),
            suggested_name=f"责任书_{letter_no}.pdf",
            on_open=self._keep,
        )
        return self.last_job


def install_print_actions(window: QMainWindow) -> PrintActions:
    """Add the 打印 menu and toolbar buttons to the main window (once); returns `window.printing`."""
    existing = getattr(window, "printing", None)
    if isinstance(existing, PrintActions):
        return existing
    table = getattr(window, "table", None)
    if table is not None:  # several files at once: Ctrl/Shift-click in the list
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    actions = PrintActions(window)
    window.printing = actions  # type: ignore[attr-defined]
    return actions


__all__ = [
    "CardScopeDialog",
    "LetterChoiceDialog",
    "PrintActions",
    "SheetOptionsDialog",
    "install_print_actions",
    "selected_file_nos",
]
